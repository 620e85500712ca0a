"""The face of Waspada: the command line, the Datasette server and its plugin."""

__version__ = "0.1.0"
