"""Region mentions in Indonesian text: the gazetteer, the spaCy matcher, the resolver and its evaluation."""
