"""The cached char n-gram transform gives exactly scikit-learn's char_wb TF-IDF features."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.classifier.charcache import CharNgramCache
from store.errors import InputError

TRAIN = [
    "Dua warga tewas dan lima orang luka-luka dalam bentrokan di Kabupaten Mimika, Senin (3/11/2026).",
    "Pemerintah Kota Banjarmasin menyalurkan bantuan beras kepada ratusan keluarga.",
    "Belasan rumah dibakar massa setelah sengketa lahan di Desa Air Bangis memanas.",
    "Rapat koordinasi Bakesbangpol Kalsel membahas kerawanan Pilkada di Martapura.",
]
UNSEEN = [
    "Seorang polisi terluka; sebuah mobil   dan 3 motor hangus terbakar di Timika.",
    "a i u",  # words shorter than the n-gram size count once, whole
    "",
    "Ekspor kopi Gayo naik — kata Kepala Dinas, Rabu.",
    "tewas tewas TEWAS Tewas",
]


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("ngrams", [(2, 5), (1, 3), (3, 3)])
def test_same_matrix_as_scikit_learn(ngrams: tuple[int, int], binary: bool) -> None:
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=ngrams, sublinear_tf=True, binary=binary, dtype=np.float32
    ).fit(TRAIN)
    cache = CharNgramCache(vectorizer)
    for docs in (UNSEEN, TRAIN, UNSEEN):  # the second pass over UNSEEN comes from the cache
        expected = vectorizer.transform(docs).toarray()
        assert np.array_equal(cache.transform(docs).toarray(), expected)


def test_refuses_word_analyzers() -> None:
    with pytest.raises(InputError):
        CharNgramCache(TfidfVectorizer().fit(TRAIN))
