"""The bounded near-duplicate index: MinHash LSH over the days around each article, loaded day by day."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from datasketch import MinHash

from crawler.dedup import NearDuplicates

DEFAULT_DAYS = 14  # republished releases cluster within days of the original

DayLoader = Callable[[str], Iterable[tuple[int, bytes]]]


def day_of(published_at: str | None, fetched_at: str | None) -> str:
    """The index day (YYYY-MM-DD) of an article: its publication date, else its fetch date."""
    return str(published_at or fetched_at or "")[:10]


def window(day: str, days: int) -> list[str]:
    """The days within `days` of `day`, both sides (a republished copy may be dated before its source)."""
    try:
        centre = date.fromisoformat(day)
    except ValueError:
        return [day]
    return [(centre + timedelta(days=offset)).isoformat() for offset in range(-days, days + 1)]


class WindowedNearDuplicates:
    """Per-day LSH buckets loaded on demand; at most `max_days` buckets stay in memory (LRU).

    Memory and loading time depend on how many articles fall in the days around the ones being stored,
    not on the size of the archive.
    """

    def __init__(self, load_day: DayLoader, days: int = DEFAULT_DAYS, max_days: int | None = None) -> None:
        self.load_day = load_day
        self.days = days
        self.max_days = max_days or 2 * (2 * days + 1)
        self.buckets: OrderedDict[str, NearDuplicates] = OrderedDict()
        self.loaded = 0

    def _bucket(self, day: str) -> NearDuplicates:
        bucket = self.buckets.get(day)
        if bucket is None:
            bucket = NearDuplicates()
            self.loaded += bucket.load(self.load_day(day))
            self.buckets[day] = bucket
        self.buckets.move_to_end(day)
        return bucket

    def _evict(self, keep: set[str]) -> None:
        while len(self.buckets) > max(self.max_days, len(keep)):
            oldest = next(day for day in self.buckets if day not in keep)
            del self.buckets[oldest]

    def match(self, minhash: MinHash, day: str) -> tuple[int, float] | None:
        """(earliest id, estimated Jaccard) of the closest article stored within the window of `day`."""
        days = window(day, self.days)
        found = [hit for hit in (self._bucket(each).match(minhash) for each in days) if hit]
        self._evict(set(days))
        if not found:
            return None
        return min(found, key=lambda hit: (-hit[1], hit[0]))

    def add(self, article_id: int, minhash: MinHash, day: str) -> None:
        """Index one stored article under its day."""
        self._bucket(day).add(article_id, minhash)
        self._evict({day})

    def size(self) -> int:
        """Signatures held in memory."""
        return sum(len(bucket.signatures) for bucket in self.buckets.values())
