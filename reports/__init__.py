"""The daily digest: stories, summaries, trends, charts, maps and their rendering and delivery."""
