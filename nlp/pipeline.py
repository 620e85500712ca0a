"""build_nlp(): spacy.blank("id") with the region matcher (and the impact extractor when present)."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.lang.id import Indonesian
from spacy.language import Language

from nlp.regions.matcher import COMPONENT as REGIONS

IMPACT = "waspada_impact"
MAX_LENGTH = 5_000_000
# spaCy caches how each space-separated chunk splits, but only its first 10,000 chunks: real news passes
# that after a few hundred articles and every later new chunk is split again by the affix regexes.
TOKENIZER_CACHE = 200_000


def fast_tokenizer(nlp: Language) -> Language:
    """Tune nlp's tokenizer for speed without changing a single token.

    spaCy stops caching the chunks of a text once a special case has matched in it (spaCy #1250), and
    spacy.blank("id") lists "\\n", "\\t" and " " as special cases that map to themselves: one line break
    early in a text left the rest of it uncached (about 3 times slower on real news). Dropping those
    whitespace entries yields the same tokens; a larger cache keeps a long run of new articles fast.
    """
    tokenizer = nlp.tokenizer
    tokenizer.rules = {key: value for key, value in tokenizer.rules.items() if not key.isspace()}
    tokenizer.max_cache_size = TOKENIZER_CACHE
    return nlp


class FastIndonesian(Indonesian):
    """spacy.blank("id") without the whitespace special cases (see fast_tokenizer), built in one pass.

    Setting `tokenizer.rules` afterwards reloads all ~16,000 special cases (about 1.2 s per process,
    paid again by every tagging worker); leaving them out of the defaults costs nothing.
    """

    class Defaults(Indonesian.Defaults):
        tokenizer_exceptions = {
            key: value for key, value in Indonesian.Defaults.tokenizer_exceptions.items() if not key.isspace()
        }


def blank_indonesian() -> Language:
    """A blank Indonesian pipeline with the same tokens as fast_tokenizer(spacy.blank("id"))."""
    nlp = FastIndonesian()
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    return nlp


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """One pipeline per process: tokenizer, region mentions, then impact figures if nlp.impact imports."""
    nlp = blank_indonesian()
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
