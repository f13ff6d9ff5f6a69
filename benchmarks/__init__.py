"""Benchmarks: `python -m benchmarks [NAME ...]` (make bench). Each prints a table."""
