"""The fast word n-gram transform and the fused heads give exactly scikit-learn's features and scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC
from spacy.lang.id.stop_words import STOP_WORDS

from nlp.classifier import wordcache
from nlp.classifier.estimator import ConflictThemeClassifier
from nlp.classifier.features import WORD_PATTERN
from nlp.classifier.heads import FusedHeads, fusable
from nlp.classifier.persistence import current_version, load_model
from nlp.classifier.wordcache import WordNgramCache, supported
from store.errors import InputError

pytestmark = pytest.mark.filterwarnings("ignore:Your stop_words may be inconsistent:UserWarning")
REPO_MODELS = Path(__file__).resolve().parent.parent / "models"
shipped_only = pytest.mark.skipif(current_version(REPO_MODELS) is None, reason="no shipped model")

ARTICLES = [
    {
        "title": "Bentrok Antarwarga di Mimika, Dua Orang Tewas",
        "text": "TIMIKA – Dua warga tewas dan lima orang luka-luka dalam bentrokan antarwarga di Kabupaten "
        "Mimika, Senin (3/11/2026). Kapolres Mimika AKBP R. Simanjuntak mengatakan bahwa situasi "
        "kini sudah kondusif; 120 personel gabungan TNI-Polri masih berjaga di lokasi.",
    },
    {
        "title": "Sengketa Lahan Memanas, Rumah Warga Dibakar",
        "text": "Belasan rumah dibakar massa setelah sengketa lahan sawit antara warga dan PT Agro Lestari "
        'di Desa Air Bangis memanas. "Kami hanya menuntut hak atas tanah adat," kata seorang '
        "tokoh adat. Polisi mengamankan 7 orang yang diduga sebagai provokator.",
    },
    {
        "title": "Pemkot Banjarmasin Salurkan Bantuan Beras",
        "text": "Pemerintah Kota Banjarmasin menyalurkan bantuan beras kepada ratusan keluarga penerima "
        "manfaat di Kecamatan Banjarmasin Utara, Rabu pagi. Bantuan itu diberikan untuk meringankan "
        "beban warga yang terdampak banjir pekan lalu.",
    },
    {
        "title": "DEMO TOLAK TAMBANG BERUJUNG RICUH",
        "text": "Ratusan mahasiswa dan warga menggelar unjuk rasa menolak tambang emas di depan kantor "
        "DPRD. Aksi yang semula damai berujung ricuh: batu-batu dilempar, gas air mata ditembakkan, "
        "dan 3 orang diamankan. Ia berharap pemerintah mau berdialog dengan masyarakat.",
    },
    {
        "title": "Kerukunan Umat di Sigi Terjaga",
        "text": "Tokoh agama Islam, Kristen dan Hindu di Sigi, Sulteng, menggelar doa bersama. Mereka "
        "sepakat menjaga kerukunan menjelang Pilkada 2026 dan menolak ujaran kebencian di media sosial.",
    },
    {
        "title": "Harga Cabai Naik",
        "text": "Harga cabai rawit di Pasar Kalindo naik menjadi Rp80.000/kg. a b c x y z — sedang itu "
        "juga dan atau; e-KTP, co-working, ke-2, --- luka--luka- _garis_bawah_ Ünïcödé ÉCOLE.",
    },
    {"title": "", "text": ""},
    {"title": "Kata-kata yang tidak pernah dilihat model: zorblatt kwixotik plumbusan", "text": "Tidak ada."},
]
TRAIN = [
    "Dua warga tewas dan lima orang luka-luka dalam bentrokan di Kabupaten Mimika, Senin (3/11/2026).",
    "Pemerintah Kota Banjarmasin menyalurkan bantuan beras kepada ratusan keluarga.",
    "Belasan rumah dibakar massa setelah sengketa lahan di Desa Air Bangis memanas.",
    "Rapat koordinasi Bakesbangpol Kalsel membahas kerawanan Pilkada di Martapura.",
    "Warga tewas, rumah dibakar: bentrokan antarwarga pecah lagi di Mimika dan 2 orang luka-luka.",
    "Bantuan beras dan bantuan air bersih untuk warga Banjarmasin yang terdampak banjir.",
    "a b c — x y z, e-KTP dan ke-2 kali warga luka-luka di Desa Air Bangis.",
]


def texts(title_weight: int = 3) -> list[str]:
    """The test articles as the classifier's vectorizer sees them, plus bare and odd strings."""
    composed = ConflictThemeClassifier(title_weight=title_weight).documents(ARTICLES)
    return [*composed, *TRAIN, "", "dan yang di", "tewas tewas TEWAS Tewas", "  \t\n "]


def same_matrix(left: sparse.spmatrix, right: sparse.spmatrix) -> bool:
    """Equal shape, dtype, sparsity pattern and values (bit for bit)."""
    left, right = sparse.csr_matrix(left), sparse.csr_matrix(right)
    return (
        left.shape == right.shape
        and left.dtype == right.dtype
        and np.array_equal(left.indptr, right.indptr)
        and np.array_equal(left.indices, right.indices)
        and np.array_equal(left.data, right.data)
    )


@pytest.fixture(scope="module")
def shipped() -> ConflictThemeClassifier:
    return load_model(directory=REPO_MODELS)


def words_part(model: ConflictThemeClassifier) -> TfidfVectorizer:
    return dict(model.vectorizer_.transformer_list)["words"]


@shipped_only
def test_shipped_word_features_are_unchanged(shipped: ConflictThemeClassifier) -> None:
    vectorizer = words_part(shipped)
    assert supported(vectorizer)
    cache = WordNgramCache(vectorizer)
    for docs in (texts(), texts()[::-1], texts()):  # later passes reuse cached chunks
        assert same_matrix(cache.transform(docs), vectorizer.transform(docs))


def fitted_vectorizer(**params: Any) -> TfidfVectorizer:
    settings = {
        "token_pattern": WORD_PATTERN,
        "stop_words": sorted(STOP_WORDS),
        "sublinear_tf": True,
        "dtype": np.float32,
        **params,
    }
    return TfidfVectorizer(**settings).fit(TRAIN + texts()[:6])


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2)])
@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("max_features", [None, 40])
def test_same_matrix_as_scikit_learn(
    ngram_range: tuple[int, int], binary: bool, max_features: int | None
) -> None:
    vectorizer = fitted_vectorizer(ngram_range=ngram_range, binary=binary, max_features=max_features)
    cache = WordNgramCache(vectorizer)
    for docs in (texts(), texts(2)):
        assert same_matrix(cache.transform(docs), vectorizer.transform(docs))


@pytest.mark.parametrize(
    "params",
    [
        {"token_pattern": r"(?u)\b\w\w+\b", "stop_words": None, "dtype": np.float64},  # sklearn's default
        {"lowercase": False},
        {"token_pattern": r"(?u)\b\w+(?:-\w+)*\b", "sublinear_tf": False, "norm": None},  # no chunking
        {"token_pattern": r"(?u)\w+ \w+|\w+"},  # tokens with spaces: a bigram term has two splits
        {"token_pattern": r"(?u)(\w+)-?", "use_idf": False},  # one capturing group
    ],
)
def test_other_settings_give_scikit_learn_matrix(params: dict[str, Any]) -> None:
    vectorizer = fitted_vectorizer(ngram_range=(1, 2), **params)
    cache = WordNgramCache(vectorizer)
    for docs in (texts(), texts()):
        assert same_matrix(cache.transform(docs), vectorizer.transform(docs))


def test_chunk_cache_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wordcache, "MAX_CHUNKS", 50)
    vectorizer = fitted_vectorizer(ngram_range=(1, 2))
    cache = WordNgramCache(vectorizer)
    for docs in (texts()[:2], texts()[2:5], texts()[:2], texts()):
        assert same_matrix(cache.transform(docs), vectorizer.transform(docs))
        assert len(cache.chunks) <= max(50, len({c for doc in docs for c in doc.lower().split()}))


def test_supported_only_where_exact() -> None:
    assert supported(fitted_vectorizer())
    assert WordNgramCache(fitted_vectorizer()).chunkable, "WORD_PATTERN takes the fast, chunk-cached path"
    assert not supported(TfidfVectorizer(token_pattern=WORD_PATTERN))  # not fitted
    assert not supported(fitted_vectorizer(ngram_range=(1, 3)))
    assert not supported(fitted_vectorizer(strip_accents="unicode"))
    assert not supported(fitted_vectorizer(tokenizer=str.split, token_pattern=None))
    assert not supported(fitted_vectorizer(preprocessor=str.upper, lowercase=False))
    assert not supported(TfidfVectorizer(analyzer="char_wb").fit(TRAIN))
    with pytest.raises(InputError):
        WordNgramCache(TfidfVectorizer(analyzer="char_wb").fit(TRAIN))
    with pytest.raises(InputError):
        WordNgramCache(fitted_vectorizer()).transform("satu dokumen, bukan daftar")


def reference(heads: list[Any], F: Any) -> np.ndarray:
    return ConflictThemeClassifier._proba(heads, F)


@shipped_only
def test_shipped_heads_give_the_same_probabilities(shipped: ConflictThemeClassifier) -> None:
    F = shipped.transform_documents(ARTICLES + TRAIN)
    fused = FusedHeads(shipped.heads_)
    assert all(fusable(head) for head in shipped.heads_)
    assert np.array_equal(fused.predict_proba(F), reference(shipped.heads_, F))
    assert np.array_equal(fused.predict_proba(F[:1]), reference(shipped.heads_, F[:1]))


def small_heads(F: sparse.csr_matrix, y: np.ndarray) -> list[Any]:
    """Every kind of head a model can hold: fusable linear ones and ones that must fall back."""
    return [
        CalibratedClassifierCV(LinearSVC(C=0.5, random_state=0), cv=2, ensemble=False).fit(F, y),
        CalibratedClassifierCV(LogisticRegression(C=30.0, max_iter=500), cv=2, ensemble=False).fit(F, y),
        CalibratedClassifierCV(LogisticRegression(), cv=2, ensemble=True).fit(F, y),
        CalibratedClassifierCV(LinearSVC(random_state=0), cv=2, method="isotonic").fit(F, y),
        CalibratedClassifierCV(ComplementNB(), cv=2).fit(F, y),
        DummyClassifier(strategy="prior").fit(F, y),
        DummyClassifier(strategy="prior").fit(F, np.zeros_like(y)),  # saw one class: P = 0
        LogisticRegression().fit(F, y),
    ]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_small_heads_give_the_same_probabilities(dtype: type) -> None:
    vectorizer = fitted_vectorizer(ngram_range=(1, 2), dtype=dtype)
    F = vectorizer.transform(TRAIN * 2)
    y = np.array([1, 0, 1, 0, 1, 0, 1] * 2)
    heads = small_heads(F, y)
    fused = FusedHeads(heads)
    assert [size > 0 for size in fused.sizes] == [True, True, True, False, False, False, False, False]
    unseen = vectorizer.transform(texts())
    assert np.array_equal(fused.predict_proba(unseen), reference(heads, unseen))
    assert np.array_equal(fused.predict_proba(unseen.tocsc()), reference(heads, unseen))
    with pytest.raises(InputError):
        fused.predict_proba(unseen[:, :-1])


def test_only_unfusable_heads() -> None:
    F = fitted_vectorizer().transform(TRAIN)
    heads = [DummyClassifier(strategy="prior").fit(F, np.array([1, 0, 1, 0, 1, 0, 1]))]
    assert np.array_equal(FusedHeads(heads).predict_proba(F), reference(heads, F))


@shipped_only
def test_shipped_predictions_are_unchanged(shipped: ConflictThemeClassifier) -> None:
    """predict_proba (word cache, fused heads) equals scikit-learn's own transform and predict_proba."""
    documents = ARTICLES + TRAIN
    expected = reference(shipped.heads_, shipped.vectorizer_.transform(shipped.documents(documents)))
    proba = shipped.predict_proba(documents)
    assert np.array_equal(proba, expected)
    assert np.array_equal(shipped.decide(proba), shipped.predict(documents))
    assert shipped.decide(proba)[0, 0] == 1, "the Mimika clash is a conflict article"
