"""Model files: saving and loading a classifier with skops (trusted types only), and the current version."""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

import skops.io as sio

from nlp.classifier.estimator import ConflictThemeClassifier
from nlp.classifier.versions import MODEL_FILE, current_version, model_file, models_dir
from store.errors import ConfigError

# Types skops may rebuild when loading a model; anything else in a file is refused.
TRUSTED_TYPES = [
    "nlp.classifier.estimator.ConflictThemeClassifier",
    "nlp.classifier.features.SeedLexicon",
    "nlp.classifier.features.KeywordCounts",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "builtins.slice",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.dummy.DummyClassifier",
    "sklearn.naive_bayes.ComplementNB",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.preprocessing._label.LabelBinarizer",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.utils._bunch.Bunch",
    "sklearn.frozen._frozen.FrozenEstimator",
]
# Classes of model files saved before the nlp/ reshape: the name they were saved under -> where they are now.
LEGACY_NAMES = {
    "nlp.themes.ConflictThemeClassifier": "nlp.classifier.estimator.ConflictThemeClassifier",
    "nlp.themes.SeedLexicon": "nlp.classifier.features.SeedLexicon",
    "nlp.themes.KeywordCounts": "nlp.classifier.features.KeywordCounts",
}


def save_model(model: ConflictThemeClassifier, path: Path) -> Path:
    """Write the fitted model to `path`/model.skops (skops, never pickle); return the file."""
    path.mkdir(parents=True, exist_ok=True)
    target = path / MODEL_FILE
    sio.dump(model, target, compression=8)
    return target


def load_file(path: Path) -> ConflictThemeClassifier:
    """Load a model file, refusing any type outside TRUSTED_TYPES."""
    if not path.exists():
        raise ConfigError(f"{path}: no model file")
    trusted = TRUSTED_TYPES + legacy_types()
    untrusted = set(sio.get_untrusted_types(file=path)) - set(trusted)
    if untrusted:
        raise ConfigError(f"{path}: refusing untrusted types {sorted(untrusted)}")
    return sio.load(path, trusted=trusted)


def legacy_types() -> list[str]:
    """The old names of moved classes, trusted; each old module is registered as one holding them."""
    for old, new in LEGACY_NAMES.items():
        old_module, name = old.rsplit(".", 1)
        new_module, new_name = new.rsplit(".", 1)
        module = sys.modules.setdefault(old_module, types.ModuleType(old_module))
        setattr(module, name, getattr(importlib.import_module(new_module), new_name))
    return list(LEGACY_NAMES)


_CACHE: dict[Path, ConflictThemeClassifier] = {}


def load_model(version: str | None = None, directory: Path | None = None) -> ConflictThemeClassifier:
    """The model of `version` (default: models/CURRENT), cached per file."""
    directory = directory or models_dir()
    version = version or current_version(directory)
    if not version:
        raise ConfigError(f"{directory}: no current model (run `waspada train` and `waspada models promote`)")
    path = model_file(version, directory)
    if path not in _CACHE:
        model = load_file(path)
        model.version_ = version
        _CACHE[path] = model
    return _CACHE[path]
