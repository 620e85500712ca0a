"""Benchmarks, run on purpose (`make bench`), printing figures and ratios."""
