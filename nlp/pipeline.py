"""build_nlp(): spacy.blank("id") with the region matcher (and the impact extractor when present)."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from nlp.regions import COMPONENT as REGIONS

IMPACT = "waspada_impact"
MAX_LENGTH = 5_000_000


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """One pipeline per process: tokenizer, region mentions, then impact figures if nlp.impact imports."""
    nlp = spacy.blank("id")
    nlp.max_length = MAX_LENGTH
    nlp.add_pipe(REGIONS)
    try:
        importlib.import_module("nlp.impact")  # registers the "waspada_impact" factory
    except ImportError:
        return nlp
    if Language.has_factory(IMPACT):
        nlp.add_pipe(IMPACT, after=REGIONS)
    return nlp


def regions_only(nlp: Language):  # noqa: ANN201 - spaCy's DisabledPipes context manager
    """A context in which `nlp` runs only the tokenizer and the region matcher."""
    return nlp.select_pipes(enable=[REGIONS])
