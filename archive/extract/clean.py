"""Drop what is never content: scripts, styles, hidden templates."""
from __future__ import annotations


def clean_tree(root, ctx):
    for el in root.xpath("//script|//style|//noscript|//template"):
        el.drop_tree()
