"""The conflict and theme classifier: taxonomy, features, heads, estimator, keyword alert, classifying."""
