"""Reference lists and citations."""
from __future__ import annotations


def extract_references(root, ctx):
    return []
