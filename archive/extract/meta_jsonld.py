"""Schema.org JSON-LD: the article node's title, authors, dates and site name.

Reads every `script[type=application/ld+json]` (CDATA-wrapped too), flattens
lists and `@graph`s, picks the first Article-like node (else a WebPage) and
resolves author `@id` references to the Person nodes of the graph.
"""
from __future__ import annotations

import json
import re

from . import selectors as S

_CDATA = re.compile(r"<!\[CDATA\[|\]\]>|^\s*//.*$", re.M)


def first(*values):
    """The first non-blank string among `values`, stripped."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read_jsonld(root) -> dict:
    """The article node's fields from every JSON-LD block of the page."""
    nodes = []
    for script in root.iter("script"):  # faster than //script[contains(@type, 'ld+json')]
        if "ld+json" not in (script.get("type") or ""):
            continue
        text = _CDATA.sub("", script.text or "")
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            continue
        _collect(data, nodes)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article, page = None, None
    for node in nodes:
        types = _types(node)
        if article is None and types & set(S.META_ARTICLE_TYPES):
            article = node
        if page is None and types & set(S.META_PAGE_TYPES):
            page = node
    out = {"is_article": article is not None}
    main = article or page or {}
    out["title"] = first(_text(main.get("headline")), _text(main.get("name")) if article else None)
    out["authors"] = _people(main.get("author") or main.get("creator"), by_id)
    out["published"] = first(_text(main.get("datePublished")), _text((page or {}).get("datePublished")))
    out["modified"] = first(_text(main.get("dateModified")), _text((page or {}).get("dateModified")))
    site = next((n for n in nodes if "WebSite" in _types(n)), None)
    out["site_name"] = _text(site.get("name")) if site else None
    return out


def _collect(data, nodes: list) -> None:
    """Flatten lists and `@graph`s into `nodes`."""
    if isinstance(data, list):
        for item in data:
            _collect(item, nodes)
    elif isinstance(data, dict):
        nodes.append(data)
        if "@graph" in data:
            _collect(data["@graph"], nodes)


def _types(node) -> set:
    t = node.get("@type") if isinstance(node, dict) else None
    return {t} if isinstance(t, str) else {x for x in (t or []) if isinstance(x, str)}


def _text(value):
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) else None


def _people(value, by_id) -> list[str]:
    """Author names from an object, a list, a string or an `@id` reference."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict) and "name" not in item and item.get("@id") in by_id:
            item = by_id[item["@id"]]
        name = item.get("name") if isinstance(item, dict) else item
        name = _text(name)
        if name and not name.startswith("http") and name not in names:
            names.append(" ".join(name.split()))
    return names
