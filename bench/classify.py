"""Benchmark: full tagging (regions + classifier + impact) vs bare spaCy tokenization; size, RSS, training."""

from __future__ import annotations

import argparse
import json
import resource
import time

import spacy

from nlp.classify import classify
from nlp.pipeline import build_nlp
from nlp.themes import MODEL_FILE, current_version, load_model, models_dir
from nlp.training import label_matrix, load_labeled, shipped_model, training_set

WORDS = 500


def articles(n: int) -> list[dict[str, str]]:
    """n articles of about 500 words, stitched from the shared labeled excerpts (read, never copied)."""
    texts = [ex.text for ex in load_labeled()]
    out, index = [], 0
    while len(out) < n:
        words: list[str] = []
        while len(words) < WORDS:
            words += texts[index % len(texts)].split()
            index += 1
        out.append({"title": f"Artikel {len(out)}", "text": " ".join(words[:WORDS])})
    return out


def bare_tokenize(docs: list[dict[str, str]]) -> float:
    """Articles per second through spaCy's blank Indonesian tokenizer alone."""
    nlp = spacy.blank("id")
    started = time.perf_counter()
    for _ in nlp.pipe(f"{d['title']}\n{d['text']}" for d in docs):
        pass
    return len(docs) / (time.perf_counter() - started)


def full_tagging(docs: list[dict[str, str]]) -> float:
    """Articles per second: one spaCy pass (tokens, regions, impact) + the classifier on the same batch."""
    nlp, model = build_nlp(), load_model()
    model.tag(docs[:8])  # warm caches
    started = time.perf_counter()
    for start in range(0, len(docs), 256):
        batch = docs[start : start + 256]
        spacy_docs = list(nlp.pipe(f"{d['title']}\n{d['text']}" for d in batch))
        classify(model, batch, spacy_docs)
    return len(docs) / (time.perf_counter() - started)


def training_seconds() -> float:
    """One fit of the shipped configuration on the base data (shared labeled + IndoSum negatives)."""
    examples = training_set()
    started = time.perf_counter()
    shipped_model().fit([ex.document for ex in examples], label_matrix(examples))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="articles to tag")
    parser.add_argument("--train", action="store_true", help="also time one training run")
    args = parser.parse_args()
    docs = articles(args.n)
    bare = bare_tokenize(docs)
    full = full_tagging(docs)
    version = current_version()
    figures = {
        "articles": args.n,
        "words_per_article": WORDS,
        "model_version": version,
        "bare_tokenize_per_s": round(bare, 1),
        "full_tagging_per_s": round(full, 1),
        "ratio_full_to_bare": round(full / bare, 3),
        "model_file_mb": round((models_dir() / str(version) / MODEL_FILE).stat().st_size / 1e6, 2),
    }
    if args.train:
        figures["training_seconds"] = round(training_seconds(), 1)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
