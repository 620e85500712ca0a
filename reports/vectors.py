"""TF-IDF rows (sublinear tf, smooth idf, L2-normalised) as scipy sparse, without scikit-learn's import."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from scipy.sparse import csr_matrix


def counts(texts: Iterable[str], analyzer: Callable[[str], list[str]]) -> csr_matrix:
    """Term counts per text (columns: the distinct terms, in no particular order)."""
    terms: list[str] = []
    lengths: list[int] = []
    for text in texts:
        found = analyzer(text)
        terms.extend(found)
        lengths.append(len(found))
    n = len(lengths)
    if not terms:
        return csr_matrix((n, 1), dtype=np.float32)
    vocabulary = {term: column for column, term in enumerate(dict.fromkeys(terms))}
    columns = np.fromiter(map(vocabulary.__getitem__, terms), np.int32, len(terms))
    rows = np.repeat(np.arange(n), lengths)
    matrix = csr_matrix((np.ones(len(terms), dtype=np.float32), (rows, columns)), shape=(n, len(vocabulary)))
    matrix.sum_duplicates()
    return matrix


def tfidf(texts: Iterable[str], analyzer: Callable[[str], list[str]]) -> csr_matrix:
    """One L2-normalised row per text; the vocabulary is the texts' own (idf = ln((1+n)/(1+df)) + 1)."""
    matrix = counts(texts, analyzer)
    if not matrix.nnz:
        return matrix
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
    matrix.data = (1 + np.log(matrix.data)) * idf[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr)).astype(np.float32)
    return matrix
