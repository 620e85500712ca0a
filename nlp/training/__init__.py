"""Training the classifier: labeled data, folds, cross-validation, evaluation, operating point, registry."""
