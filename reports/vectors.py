"""TF-IDF rows (sublinear tf, smooth idf, L2-normalised) as scipy sparse, without scikit-learn's import."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix


@dataclass(frozen=True)
class Prior:
    """Reference texts counted in the document frequencies: `documents` more texts, a term in
    `shares[term]` of them. A term in at least `common` (a share) of the texts themselves weighs no more
    than they alone say: the reference must not make their own stock words rare (inf: no such rule)."""

    documents: float
    shares: Mapping[str, float]
    common: float = math.inf


def counts(texts: Iterable[str], analyzer: Callable[[str], list[str]]) -> csr_matrix:
    """Term counts per text (columns: the distinct terms, in no particular order)."""
    return counts_and_terms(texts, analyzer)[0]


def counts_and_terms(
    texts: Iterable[str], analyzer: Callable[[str], list[str]]
) -> tuple[csr_matrix, list[str]]:
    """Term counts per text and the term of each column."""
    terms: list[str] = []
    lengths: list[int] = []
    for text in texts:
        found = analyzer(text)
        terms.extend(found)
        lengths.append(len(found))
    n = len(lengths)
    if not terms:
        return csr_matrix((n, 1), dtype=np.float32), [""]
    vocabulary = {term: column for column, term in enumerate(dict.fromkeys(terms))}
    columns = np.fromiter(map(vocabulary.__getitem__, terms), np.int32, len(terms))
    rows = np.repeat(np.arange(n), lengths)
    matrix = csr_matrix((np.ones(len(terms), dtype=np.float32), (rows, columns)), shape=(n, len(vocabulary)))
    matrix.sum_duplicates()
    return matrix, list(vocabulary)


def tfidf(
    texts: Iterable[str], analyzer: Callable[[str], list[str]], prior: Prior | None = None
) -> csr_matrix:
    """One L2-normalised row per text; the vocabulary is the texts' own (idf = ln((1+n)/(1+df)) + 1).

    With a `prior`, its documents count in n and df as if they were among the texts (see Prior)."""
    matrix, terms = counts_and_terms(texts, analyzer)
    if not matrix.nnz:
        return matrix
    n = float(matrix.shape[0])
    df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
    idf = np.log((1 + n) / (1 + df)) + 1
    if prior is not None:
        shares = np.fromiter((prior.shares.get(term, 0.0) for term in terms), np.float64, len(terms))
        blended = np.log((1 + n + prior.documents) / (1 + df + prior.documents * shares)) + 1
        # the texts' own weight for a term they hold often, when lower
        idf = np.where(df >= prior.common * n, np.minimum(idf, blended), blended)
    idf = idf.astype(np.float32)
    matrix.data = (1 + np.log(matrix.data)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
    return matrix
