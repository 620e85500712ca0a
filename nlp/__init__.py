"""Language processing: taxonomy, regions, conflict/theme classifier, impact, tagging."""
