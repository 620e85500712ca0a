"""Benchmark: the classifier's model file size and one training run on the base data; peak RSS.

Tagging speed (regions + classifier + impact vs bare spaCy tokenization) is measured by `python -m bench.tag`.
Usage: python -m bench.classify [--train]
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from nlp.classifier.persistence import MODEL_FILE, current_version, models_dir
from nlp.training.crossval import shipped_model
from nlp.training.dataset import label_matrix, training_set


def training_seconds() -> float:
    """One fit of the shipped configuration on the base data (shared labeled + IndoSum negatives)."""
    examples = training_set()
    started = time.perf_counter()
    shipped_model().fit([ex.document for ex in examples], label_matrix(examples))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="store_true", help="also time one training run")
    args = parser.parse_args()
    version = current_version()
    figures: dict[str, object] = {"model_version": version}
    if version:
        size = (models_dir() / version / MODEL_FILE).stat().st_size
        figures["model_file_mb"] = round(size / 1e6, 2)
    if args.train:
        figures["training_seconds"] = round(training_seconds(), 1)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
