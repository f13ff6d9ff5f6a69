"""The article body: text and sanitised HTML of what is left."""
from __future__ import annotations

from ..model import Body


def extract_body(root, ctx):
    body = root.find("body")
    text = body.text_content().strip() if body is not None else ""
    return Body(text=text, html="")
