"""Word weights of a young database: IndoSum's word frequencies make up the texts it lacks."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reports import word_prior
from reports.text import tokens
from reports.vectors import Prior, counts_and_terms, tfidf

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WASPADA_SHARED", ROOT.parent / "shared"))
TEXTS = ["Bentrok warga di Hampang, dua luka", "Warga Hampang bentrok soal tapal batas"]
BACKGROUND = ["Harga cabai naik di pasar", "Warga antre bantuan beras", "Banjir rendam sawah warga"]


def shares_of(texts: list[str]) -> dict[str, float]:
    found, terms = counts_and_terms(texts, tokens)
    df = np.bincount(found.indices, minlength=found.shape[1])
    return {term: df[column] / len(texts) for column, term in enumerate(terms)}


def test_reference_frequencies_weigh_words_as_the_texts_they_stand_for_would() -> None:
    plain = tfidf(TEXTS + BACKGROUND, tokens)[: len(TEXTS)]
    with_prior = tfidf(TEXTS, tokens, Prior(len(BACKGROUND), shares_of(BACKGROUND)))
    assert np.allclose((plain @ plain.T).toarray(), (with_prior @ with_prior.T).toarray(), atol=1e-6)


def test_a_word_common_in_the_texts_themselves_stays_common() -> None:
    """ "rapat" and "desa" are in every text: a reference that never saw them must not make them rare."""
    texts = ["Rapat desa soal jalan rusak", "Rapat desa soal pupuk", "Rapat desa soal posyandu"]
    unseen = Prior(1000.0, {})
    kept = Prior(1000.0, {}, common=0.25)
    routine = tfidf(texts, tokens, unseen)
    guarded = tfidf(texts, tokens, kept)
    assert (guarded @ guarded.T)[0, 1] < (routine @ routine.T)[0, 1] - 0.2


def test_enough_texts_need_no_reference() -> None:
    assert word_prior.fill(2000, 2000) is None
    prior = word_prior.fill(150, 2000)
    assert prior is not None and prior.documents == 1850 and prior.common == word_prior.COMMON_SHARE
    assert 0 < prior.shares["desa"] < 1


@pytest.mark.shared
def test_the_shipped_table_is_what_the_script_derives_from_indosum(tmp_path: Path) -> None:
    data = SHARED / "data"
    if not (data / "corpora" / "indosum_dev_union.csv").exists():
        pytest.skip("../shared/data/corpora/indosum_dev_union.csv is not available")
    out = tmp_path / "prior.json.gz"
    script = ROOT / "scripts" / "build_word_prior.py"
    subprocess.run([sys.executable, str(script), "--shared", str(data), "--out", str(out)], check=True)
    with gzip.open(out, "rt", encoding="utf-8") as fresh, gzip.open(word_prior.PRIOR_FILE, "rt") as shipped:
        assert json.load(fresh) == json.load(shipped)
