"""Extractive summaries: 2–3 sentences chosen across a story's articles (centroid + lead bias + MMR).

Each sentence gets `CENTROID_WEIGHT` × its TF-IDF cosine to the centroid of all sentences (what the
articles agree on) plus `LEAD_WEIGHT` / (1 + position) (news puts the gist first) plus `IMPACT_BONUS`
when it states casualties or damage; sentences are then picked greedily, each time the best score minus
the redundancy weight × its largest cosine to a picked one (sentences closer than `MAX_OVERLAP` are
skipped), until there are 3, or at least 2 with `WORD_BUDGET` words. The picks keep article order.
Weights were chosen on IndoSum's dev folds (bench/summarize.py), the same data the benchmark reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from reports.text import sentences, tokens
from reports.vectors import tfidf

CENTROID_WEIGHT = 1.0
LEAD_WEIGHT = 2.0
POSITION_DECAY = 1.0
REDUNDANCY = 0.5  # one article
MULTI_REDUNDANCY = 1.0  # several outlets repeat the same lead in other words
MULTI_LEAD_WEIGHT = 0.6  # ... so across articles, agreement (the centroid) counts for more than position
IMPACT_BONUS = 0.15  # casualties and damage are what an analyst needs first
IMPACT = re.compile(
    r"\b(tewas|meninggal|luka|luka-luka|terluka|dibakar|terbakar|rusak|korban)\b", re.IGNORECASE
)
MAX_OVERLAP = 0.6
MIN_TOKENS = 4
MAX_CHARS = 400
DEFAULT_SENTENCES = 3  # at most
MIN_SENTENCES = 2
WORD_BUDGET = 55  # stop adding sentences once the summary has this many words
WORD = re.compile(r"\w+")
# The dash that may end a dateline within the first characters of an article ("JAYAPURA –", "Kupang (Antara
# NTT) -", "SURYAMALANG.COM | CIREBON -", IndoSum's tokenised "Jakarta , CNN Indonesia - -").
DATELINE_DASH = re.compile(r"\s*(?:[–—-]\s*){1,2}")
DATELINE_CHARS = 72
OUTLET_DOMAIN = re.compile(r"\w\.(?:com|id|net|org|tv|news|co)\b", re.IGNORECASE)
NOT_A_DATELINE = re.compile(r"[!?\"“”]|\.\s")  # a sentence end or a quotation before the dash


@dataclass
class Sentence:
    """A candidate sentence with where it came from."""

    text: str
    doc: int
    position: int


def candidates(texts: list[str]) -> list[Sentence]:
    """Every usable sentence of every text, with the document index and position within it."""
    found = []
    for doc, text in enumerate(texts):
        for position, sentence in enumerate(sentences(text)):
            if position == 0:  # a dateline stands only there; later dashes are news ("TNI - Polri")
                sentence = strip_dateline(sentence)
            if len(tokens(sentence)) >= MIN_TOKENS and len(sentence) <= MAX_CHARS:
                found.append(Sentence(sentence, doc, position))
    return found


def scores(items: list[Sentence], matrix: Any, lead_weight: float = LEAD_WEIGHT) -> np.ndarray:
    """Centroid similarity plus lead bias for each sentence."""
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    centrality = matrix @ (centroid / norm) if norm else np.zeros(len(items))
    lead = np.array([1.0 / (1.0 + s.position) ** POSITION_DECAY for s in items])
    impact = np.array([IMPACT_BONUS if IMPACT.search(s.text) else 0.0 for s in items])
    return CENTROID_WEIGHT * np.asarray(centrality).ravel() + lead_weight * lead + impact


def select(
    items: list[Sentence], count: int, redundancy: float = REDUNDANCY, lead_weight: float = LEAD_WEIGHT
) -> list[Sentence]:
    """Greedy maximal-marginal-relevance choice of `count` sentences, returned in reading order."""
    if len(items) <= MIN_SENTENCES:
        return items
    matrix = tfidf((s.text for s in items), tokens)
    if not matrix.nnz:
        return items[:count]
    base = scores(items, matrix, lead_weight)
    sims = (matrix @ matrix.T).toarray()
    chosen: list[int] = []
    words = 0
    while len(chosen) < count and (len(chosen) < MIN_SENTENCES or words < WORD_BUDGET):
        penalty = sims[:, chosen].max(axis=1) if chosen else np.zeros(len(items))
        value = base - redundancy * penalty
        value[chosen] = -np.inf
        value[penalty > MAX_OVERLAP] = -np.inf
        best = int(np.argmax(value))
        if not np.isfinite(value[best]):
            break
        chosen.append(best)
        words += len(WORD.findall(items[best].text))
    return [items[i] for i in sorted(chosen, key=lambda i: (items[i].doc, items[i].position))]


def strip_dateline(sentence: str) -> str:
    """An article's first sentence without its dateline, which is not news: 'KOTABARU, KABARNUSANTARA –
    Sengketa …' → 'Sengketa …'; also 'TRIBUN-SULBAR.COM, MAMUJU - Dinas …' and 'BINJAI-Setelah …'."""
    for dash in DATELINE_DASH.finditer(sentence[:DATELINE_CHARS]):
        prefix, rest = sentence[: dash.start()].strip(), sentence[dash.end() :]
        if not prefix or NOT_A_DATELINE.search(prefix):
            break
        spaced = dash.group(0) != dash.group(0).strip()
        if is_dateline(prefix) and (spaced or glued_dateline(prefix, rest)):
            return rest
    return sentence


def is_dateline(prefix: str) -> bool:
    """A place and/or outlet: a word in capitals, a web domain, '(Antara NTT)', 'A | B', 'Kota, Outlet' or
    up to three capitalised words ('Kota Jantho')."""
    words = prefix.split()
    return (
        any(word.isupper() and len(re.sub(r"[^A-Za-z]", "", word)) >= 3 for word in words)
        or bool(OUTLET_DOMAIN.search(prefix))
        or "(" in prefix
        or "|" in prefix
        or ("," in prefix and prefix[0].isupper())
        or (len(words) <= 3 and all(word[0].isupper() for word in words))
    )


def glued_dateline(prefix: str, rest: str) -> bool:
    """'BINJAI-Setelah': a place in capitals (or a domain) glued to a capitalised word; not 'TNI-Polri' or
    'PBB-P2'."""
    last = prefix.split()[-1]
    capitals = last.isupper() and len(re.sub(r"[^A-Za-z]", "", last)) >= 4
    return (capitals or bool(OUTLET_DOMAIN.search(last))) and bool(re.match(r"[A-Z][a-z]", rest))


def summarize_texts(texts: list[str], count: int = DEFAULT_SENTENCES) -> list[str]:
    """The summary sentences for one or more texts about the same event."""
    several = len([t for t in texts if t.strip()]) > 1
    redundancy, lead_weight = (MULTI_REDUNDANCY, MULTI_LEAD_WEIGHT) if several else (REDUNDANCY, LEAD_WEIGHT)
    return [s.text for s in select(candidates(texts), count, redundancy, lead_weight)]


def summarize_story(members: list[dict[str, Any]], count: int = DEFAULT_SENTENCES) -> list[str]:
    """A story's summary from its original (non-copy) articles' texts, earliest first."""
    originals = [m for m in members if not m.get("dup_of")] or members
    texts = [m.get("text") or m.get("lead") or "" for m in originals]
    count = 2 if len(originals) == 1 and sum(len(t) for t in texts) < 600 else count
    return summarize_texts(texts, count)
