"""The bundled offline sample news site: three outlets and broken pages served on 127.0.0.1."""

from crawler.samplesite.server import SampleSite

__all__ = ["SampleSite"]
