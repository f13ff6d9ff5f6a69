"""Bytes to one lxml tree, tolerant of bad markup and bad charsets."""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)
# A page that declares (or looks like) UTF-8 but holds a few stray bytes is still
# UTF-8: replace those bytes rather than re-reading the whole page as cp1252.
_MAX_BAD_UTF8_SHARE = 0.001


def _mostly_utf8(html: bytes) -> str | None:
    text = html.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    return text if bad <= max(2, len(html) * _MAX_BAD_UTF8_SHARE) else None


def _decode(html: bytes) -> str:
    """Decode by BOM, then <meta charset>, then UTF-8 (a few bad bytes allowed), then cp1252."""
    if html.startswith(b"\xef\xbb\xbf"):
        return html[3:].decode("utf-8", "replace")
    m = _META_CHARSET.search(html[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    if declared and declared.replace("-", "").replace("_", "") not in ("utf8",):
        try:
            return html.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(html) or html.decode("cp1252", "replace")


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
