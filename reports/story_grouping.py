"""Which story an article joins, over articles in memory: the rule `waspada stories` applies to the
database (reports/stories.py) and `waspada eval stories` measures on real events (reports/story_eval.py).

An article joins a story when (a) the crawler marked it a near-duplicate (`dup_of`) of one of the story's
articles, or (b) its TF-IDF cosine (title twice + the start of the text), plus a bonus for the figures both
state, to one of the story's articles published within `WINDOW_DAYS` reaches `THRESHOLD` (or within
`CLOSE_WINDOW_DAYS` reaches `CLOSE_THRESHOLD`: a follow-up told in the same words), their places agree (same
province when both are known; a stricter threshold when both name a different kabupaten/kota) and no
article of the story tells another happening (another year: a dated report's own, an undated text's the
latest it names; a dateline date too far off; another ordinal "ke-N": reports/story_evidence.py).
Otherwise it founds a new story.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from reports import word_prior
from reports.story_evidence import (
    YEAR_DAYS,
    contradicts,
    happening_year,
    stated,
    untimed,
    when_told,
    years_apart,
)
from reports.text import tokens
from reports.vectors import counts, tfidf

# Measured on events.jsonl (dates published or stated in the text): 34 of 41 dated same-event pairs lie
# within 3 days, and two Satpol PP operations in one city 4 days apart are two events.
WINDOW_DAYS = 3
CLOSE_WINDOW_DAYS = 14  # … or this far apart when worded as close as CLOSE_THRESHOLD (a follow-up)
CLOSE_THRESHOLD = 0.60
# With IndoSum filling the word weights (reports/word_prior.py): 0.28 groups the shared events'
# --distractors 24 at 0.892 against 0.877 at 0.30 and leaves --dated unchanged; 0.27 scores 0.899, at
# 0.26 a worded-apart report joins another happening in tests/test_stories.py
# (docs/stories-evaluation.md).
THRESHOLD = 0.28
# A lone match (nothing else in the window comes near) needs only this much. 0.14-0.16 score alike on the
# shared events (--dated 0.847 against 0.836 at 0.18, precision kept; before word_prior and THRESHOLD
# 0.28); from 0.13 precision falls.
LONE_THRESHOLD = 0.15
LONE_RATIO = 3.0  # … and must be this many times nearer than any other article of the window
REGENCY_MISMATCH_THRESHOLD = 0.45
PROVINCE_MISMATCH_THRESHOLD = (
    0.50  # reports of one event placed in two provinces by the tagger: close wording
)
# An undated text naming an earlier year than a dated report's (story_evidence.years_apart) may tell its
# happening but gives no time to support it: it needs wording as close as two kabupaten. Every article
# 0.634 and --distractors 24 0.915-0.926 from 0.40 to 0.45; 0.35: 0.623; 0.50: 0.631 and 0.908-0.919.
YEARS_APART_THRESHOLD = 0.45
# A pair one text of which has neither a date nor a named year (story_evidence.untimed) has no time
# evidence: a step closer wording. Every article 0.645 / 0.667 / 0.673 at 0.29 / 0.30 / 0.31 against
# 0.634 at THRESHOLD, --distractors 24 unchanged; from 0.32 (0.680) --distractors 24 falls to 0.919.
UNTIMED_THRESHOLD = 0.30
SALIENT_WEIGHT = 0.06  # TF-IDF weights below this (common words) are left out of the cross-province check
NATIONAL_PROVINCE = "31"  # DKI Jakarta: often the national desk's dateline, not the event's place
TEXT_CHARS = 1500
NUMBER_WEIGHT = 0.2  # added to the cosine per unit of Jaccard overlap of stated figures
SIM_ROWS = 512  # similarity rows computed at once (memory: SIM_ROWS × slice size floats)
IDF_DOCUMENTS = 2000  # word weights rest on at least this many texts (older articles, then word_prior)


@dataclass
class Member:
    """An article as the clustering sees it (seen = None: date unknown, only the evaluation has such)."""

    id: int
    seen: datetime | None
    province: str | None
    regency: str | None
    dup_of: int | None
    text: str
    story: int | None = None
    source: str | None = None


def member_text(title: str | None, text: str) -> str:
    """What the clustering compares: the title twice (it names the event), then the start of the body."""
    return f"{title or ''}. {title or ''}. {text}"


def codes(values: list[str | None]) -> np.ndarray:
    """Region codes as small integers (0 = unknown), for vectorised comparison."""
    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index) + 1) if v else 0 for v in values], dtype=np.int32)


@functools.lru_cache(maxsize=2 * IDF_DOCUMENTS)
def cached_tokens(text: str) -> tuple[str, ...]:
    """tokens(text), remembered: the background texts of one build recur in slice after slice."""
    return tuple(tokens(text))


def vectorize(members: list[Member], background: Sequence[str] = ()) -> Any:
    """L2-normalised TF-IDF rows for the members' texts (title twice, then the start of the text); the
    `background` texts count in the document frequencies only, and reference news (reports/word_prior.py)
    makes up what the two lack of IDF_DOCUMENTS."""
    texts = [m.text for m in members] + list(background)
    return tfidf(texts, cached_tokens, word_prior.fill(len(texts), IDF_DOCUMENTS))[: len(members)]


def told_or_seen(member: Member, years: list[int], ordinal: int) -> tuple[int, int, int, int]:
    """when_told of the member's text, its year and day filled from its time when the text names none,
    and whether it has a time (1) or its year is only the latest its text names (0)."""
    year, day, ordinal = when_told(member.text, happening_year(years, member.seen), ordinal)
    if member.seen:
        seen_day = (member.seen.month - 1) * 31 + member.seen.day
        year = year or member.seen.year
        if day and abs(day - seen_day) > YEAR_DAYS // 2:  # "(30/12)" published on 2 January: last year
            year += 1 if day < seen_day else -1
        day = day or seen_day
    return year, day, ordinal, int(member.seen is not None)


class Slice:
    """One day's articles plus the window before it, as arrays the assignment loop can mask quickly."""

    def __init__(self, members: list[Member], background: Sequence[str] = ()) -> None:
        self.members = members
        self.matrix = vectorize(members, background)
        self.salient = self.matrix.copy()
        self.salient.data[self.salient.data < SALIENT_WEIGHT] = 0
        self.salient.eliminate_zeros()
        facts = [stated(m.text) for m in members]
        self.numbers = counts((figures for figures, _, _ in facts), lambda figures: figures)
        self.numbers.data[:] = 1
        self.n_numbers = np.asarray(self.numbers.sum(axis=1)).ravel()
        self.seconds = np.array([m.seen.timestamp() if m.seen else np.nan for m in members])
        self.province = codes([m.province for m in members])
        self.regency = codes([m.regency for m in members])
        self.national = np.array([m.province == NATIONAL_PROVINCE for m in members], dtype=bool)
        self.story = np.array([m.story if m.story is not None else -1 for m in members], dtype=np.int64)
        told = [told_or_seen(m, years, n) for m, (_, years, n) in zip(members, facts, strict=True)]
        self.told = np.array(told, dtype=np.int32).reshape(-1, 4)

    def thresholds(self, i: int, cols: np.ndarray) -> np.ndarray:
        """Similarity the members `cols` need to share a story with member i: closer wording when their
        places or their years differ, or when one of the two tells no time at all (see place_thresholds,
        YEARS_APART_THRESHOLD, UNTIMED_THRESHOLD)."""
        told, own = self.told[cols], self.told[i]
        needed = self.place_thresholds(i, cols)
        needed = np.where(untimed(told, own), np.maximum(needed, UNTIMED_THRESHOLD), needed)
        return np.where(years_apart(told, own), np.maximum(needed, YEARS_APART_THRESHOLD), needed)

    def place_thresholds(self, i: int, cols: np.ndarray) -> np.ndarray:
        """Similarity the members `cols` need as placed: closer wording when both name another kabupaten
        or province; a Jakarta (national desk) place never asks for more."""
        needed = np.full(len(cols), THRESHOLD, dtype=np.float32)
        if self.national[i]:
            return needed
        placed = ~self.national[cols]
        regency, province = self.regency[cols], self.province[cols]
        if self.regency[i]:
            needed[placed & (regency != 0) & (regency != self.regency[i])] = REGENCY_MISMATCH_THRESHOLD
        if self.province[i]:
            needed[placed & (province != 0) & (province != self.province[i])] = PROVINCE_MISMATCH_THRESHOLD
        return needed

    def similarities(self, todo: list[int]) -> dict[int, tuple[np.ndarray, np.ndarray, float]]:
        """For each member to assign: the members worth comparing (same, unknown or Jakarta province, and
        those of another province worded close enough to matter), their similarity (cosine plus the
        figures bonus) and the highest cosine of the others in the window (see `across`)."""
        groups: dict[int, list[int]] = defaultdict(list)
        for i in todo:
            groups[0 if self.national[i] else int(self.province[i])].append(i)
        unplaced = (self.province == 0) | self.national
        everyone = np.arange(len(self.members))
        found = {}
        for province, rows in groups.items():
            near = np.flatnonzero((self.province == province) | unplaced) if province else everyone
            far = np.setdiff1d(everyone, near, assume_unique=True)
            candidates = self.matrix[near].T.tocsr()
            for offset in range(0, len(rows), SIM_ROWS):
                chunk = rows[offset : offset + SIM_ROWS]
                dense = (self.matrix[chunk] @ candidates).toarray()
                dense += NUMBER_WEIGHT * self.shared_figures(chunk, near)
                for i, row, (cols, sims, best) in zip(chunk, dense, self.across(chunk, far), strict=True):
                    found[i] = (np.concatenate([near, cols]), np.concatenate([row, sims]), best)
        return found

    def across(self, rows: list[int], far: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """Per row, over the members of another province, by cosine over salient terms only (a lower
        bound, sparse and fast): those within the window that clear PROVINCE_MISMATCH_THRESHOLD with that
        cosine, and the highest such cosine in the window (what a lone match must stand out from)."""
        if not len(far):
            return [(far, np.zeros(0, dtype=np.float32), 0.0) for _ in rows]
        close = (self.salient[rows] @ self.salient[far].T).tocsr()
        out = []
        for k, i in enumerate(rows):
            part = slice(close.indptr[k], close.indptr[k + 1])
            cols, sims = far[close.indices[part]], close.data[part]
            inside = self.in_window(i, cols, sims)
            cols, sims = cols[inside], sims[inside]
            keep = sims >= PROVINCE_MISMATCH_THRESHOLD
            out.append((cols[keep], sims[keep], float(sims.max(initial=0.0))))
        return out

    def in_window(self, i: int, cols: np.ndarray, sims: np.ndarray) -> np.ndarray:
        """Which of `cols` are near enough in time to member i: WINDOW_DAYS, or CLOSE_WINDOW_DAYS for
        close wording (an unknown date never vetoes)."""
        gap = np.abs(self.seconds[cols] - self.seconds[i]) / 86400
        near = gap <= np.where(sims >= CLOSE_THRESHOLD, CLOSE_WINDOW_DAYS, WINDOW_DAYS)
        return np.isnan(gap) | near

    def shared_figures(self, rows: list[int], cols: np.ndarray) -> np.ndarray:
        """Jaccard overlap of the figures (counts, sums) two texts state: rows × cols."""
        inter = (self.numbers[rows] @ self.numbers[cols].T).toarray()
        union = self.n_numbers[rows][:, None] + self.n_numbers[cols][None, :] - inter
        return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)

    def best_story(self, i: int, cols: np.ndarray, sims: np.ndarray, elsewhere: float) -> tuple[int, float]:
        """The story whose closest compatible article in the window clears its threshold by most, else the
        story of a lone match: an article of agreeing place far nearer than anything else in the window."""
        window = self.in_window(i, cols, sims) & (cols != i)
        stories = self.story[cols]
        needed = self.thresholds(i, cols)
        margin = np.where(window & (stories >= 0), sims - needed, -np.inf)
        if not len(margin) or margin.max() < LONE_THRESHOLD - THRESHOLD:
            return -1, 0.0
        told = contradicts(self.told[cols], self.told[i])
        margin[np.isin(stories, np.unique(stories[told & (stories >= 0) & window]))] = -np.inf
        j = int(np.argmax(margin))  # a story one member of which tells another happening is out
        if margin[j] >= 0:
            return int(stories[j]), float(sims[j])
        if (
            margin[j] == -np.inf
            or needed[j] > THRESHOLD
            or sims[j] < LONE_THRESHOLD
            or self.same_outlet(i, cols[j])
        ):
            return -1, 0.0
        rest = sims[window & (stories != stories[j])]
        return self.lone_match(sims[j], stories[j], max(rest.max(initial=0.0), elsewhere))

    def same_outlet(self, i: int, j: int) -> bool:
        """Whether two members come from one outlet: its page template and stock phrases make any two of
        its articles look alike, so a lone (weak) match must come from another outlet."""
        source = self.members[i].source
        return source is not None and source == self.members[j].source

    @staticmethod
    def lone_match(best: float, story: int, rest: float) -> tuple[int, float]:
        """`story` when its article (LONE_THRESHOLD or nearer, place agreeing) is LONE_RATIO times nearer
        than any article of the window outside it (`rest`; few look alike: a sparse window, a distinct
        event)."""
        if best < LONE_RATIO * rest:
            return -1, 0.0
        return int(story), float(best)


def assign(
    members: list[Member],
    todo: list[int],
    next_id: int,
    known: dict[int, int] | None = None,
    background: Sequence[str] = (),
) -> tuple[list[tuple[int, float]], list[int]]:
    """Story and similarity for each member in `todo` (in order), and the ids of the stories it founded.

    Members with `story` set are already assigned; `known` maps other article ids (dup_of targets outside
    `members`) to their story; `background` texts count in the word weights only. A member founds story
    next_id, next_id + 1, … when nothing clears.
    """
    data = Slice(members, background)
    local = {**(known or {}), **{m.id: m.story for m in members if m.story is not None}}
    sims = data.similarities(todo)
    out, new = [], []
    for i in todo:
        article = data.members[i]
        story, score = local.get(article.dup_of, -1) if article.dup_of else -1, 1.0
        if story < 0:
            story, score = data.best_story(i, *sims[i])
        if story < 0:
            story, score = next_id + len(new), 1.0
            new.append(story)
        data.story[i] = local[article.id] = story
        out.append((story, score))
    return out, new
