"""Datasette plugins of the workbench (registered by waspada.serve.build)."""
