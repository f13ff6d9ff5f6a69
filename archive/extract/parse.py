"""Bytes to one lxml tree, tolerant of bad markup and bad charsets."""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)


def _decode(html: bytes) -> str:
    """Decode by BOM, then <meta charset>, then UTF-8, then cp1252 (never fails)."""
    if html.startswith(b"\xef\xbb\xbf"):
        return html[3:].decode("utf-8", "replace")
    m = _META_CHARSET.search(html[:4096])
    candidates = [m.group(1).decode("ascii").lower()] if m else []
    candidates += ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            return html.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return html.decode("utf-8", "replace")


def parse_html(html: bytes | str):
    """Return the document's root element, or None for an empty page."""
    text = _decode(html) if isinstance(html, bytes) else html
    text = text.replace("\x00", "")
    if not text.strip():
        return None
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None
    return root
