"""The workbench's Datasette configuration: metadata, templates, the labeling plugin."""
