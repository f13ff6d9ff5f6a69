"""Fixture pages written by this project, one folder per markup family.

Each `tests/fixtures/<slug>/` holds `page.html` (markup as the platform or
plugin emits it, text written here) and `expected.json`. Every expectation is
checked through the public `archive.split_page`; a key left out of the file
is not checked. Keys of expected.json:

- `url`, `capture_time`: passed to split_page.
- `title` (exact), `authors` (each must be contained in some predicted author,
  case-insensitive), `published` (same YYYY-MM-DD).
- `body.with` / `body.without`: snippets that must / must not occur in the body text.
- `comments`: `count`, `max_depth`, `shape` ([depth, author] or [depth,
  author, published YYYY-MM-DD], in page order),
  `site_author` (authors whose comments are marked is_site_author, and only
  those), `text_with` (snippets found in some comment), `text_without`
  (pingback text and the like, in no comment).
- `comments_state`: exact value (null allowed).
- `references`: `count`, `dois`, `pmids`, `pmcids` (found in the rows),
  `text_with` (snippets found in some reference's text).
- `promotions`: `kinds` (each among the predicted kinds), `not_kinds`,
  `codes` (coupon codes), `snippets` (found in some promotion's text),
  `inline_urls` (hosts of links that must be inline affiliate rows),
  `count_max` (an upper bound: no runaway matching).
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from archive import split_page

FIXTURES = Path(__file__).parent / "fixtures"
SLUGS = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())
PARTS = ("metadata", "body", "comments", "references", "promotions")
_CACHE: dict = {}


def norm(text: str | None) -> str:
    """NFKC, lower case, straight quotes, single spaces (how the eval harness matches)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"[\u2018\u2019\u201b]", "'", re.sub(r"[\u201c\u201d\u201e]", '"', text))
    text = re.sub(r"[\u2013\u2014]", "-", text)
    return " ".join(text.split())


def load(slug: str):
    """(expected, page dict) for one fixture, split once per test session."""
    if slug not in _CACHE:
        folder = FIXTURES / slug
        exp = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        ct = exp.get("capture_time")
        page = split_page((folder / "page.html").read_bytes(), exp.get("url"),
                          capture_time=datetime.fromisoformat(ct) if ct else None)
        _CACHE[slug] = (exp, page.to_dict())
    return _CACHE[slug]


# The keys the checks read (the docstring above): any other key would be ignored.
KEYS = {"url": None, "capture_time": None, "title": None, "authors": None, "published": None,
        "body": {"with", "without"},
        "comments": {"count", "max_depth", "shape", "site_author", "text_with", "text_without"},
        "comments_state": None,
        "references": {"count", "dois", "pmids", "pmcids", "text_with"},
        "promotions": {"kinds", "not_kinds", "codes", "snippets", "inline_urls", "count_max"}}


def test_every_fixture_has_a_page_and_expectations():
    assert len(SLUGS) >= 12
    for slug in SLUGS:
        assert (FIXTURES / slug / "page.html").stat().st_size > 500, slug
        exp = json.loads((FIXTURES / slug / "expected.json").read_text(encoding="utf-8"))
        assert set(exp) <= set(KEYS), (slug, set(exp) - set(KEYS))  # a misspelt key checks nothing
        for key, subkeys in KEYS.items():
            if subkeys is not None and key in exp:
                assert set(exp[key]) <= subkeys, (slug, key, set(exp[key]) - subkeys)


def check_metadata(exp, page):
    if "title" in exp:
        assert page["title"] == exp["title"]
    for author in exp.get("authors", []):
        assert any(norm(author) in norm(a) for a in page["authors"]), page["authors"]
    if "published" in exp:
        assert (page["published"] or "")[:10] == exp["published"]


def check_body(exp, page):
    body = norm(page["body"]["text"])
    spec = exp.get("body", {})
    missing = [s for s in spec.get("with", []) if norm(s) not in body]
    leaked = [s for s in spec.get("without", []) if norm(s) in body]
    assert not missing, f"missing from body: {missing}"
    assert not leaked, f"leaked into body: {leaked}"


def check_comments(exp, page):
    if "comments_state" in exp:
        assert page["comments_state"] == exp["comments_state"]
    spec = exp.get("comments")
    if spec is None:
        return
    rows = page["comments"]
    if "shape" in spec:  # [depth, author] or [depth, author, "YYYY-MM-DD"]
        got = [[c["depth"], c["author"], (c["published"] or "")[:10]][:len(want)]
               for c, want in zip(rows, spec["shape"])]
        assert len(rows) == len(spec["shape"]) and got == spec["shape"], got
    if "count" in spec:
        assert len(rows) == spec["count"]
    if "max_depth" in spec:
        assert max((c["depth"] for c in rows), default=0) == spec["max_depth"]
    by_id = {c["id"]: c for c in rows}
    for c in rows:
        assert c["parent_id"] is None or c["parent_id"] in by_id
        assert (c["parent_id"] is None) == (c["depth"] == 0)
        parent = by_id.get(c["parent_id"])
        if parent is not None and len(c["text"]) >= 20:  # a reply is not repeated in its parent
            assert norm(c["text"]) not in norm(parent["text"]), (parent["author"], c["author"])
    if "site_author" in spec:
        marked = sorted({c["author"] for c in rows if c["is_site_author"]})
        assert marked == sorted(spec["site_author"])
    joined = norm(" ".join(c["text"] for c in rows))
    for s in spec.get("text_with", []):
        assert norm(s) in joined, s
    for s in spec.get("text_without", []):
        assert norm(s) not in joined, s


def check_references(exp, page):
    spec = exp.get("references")
    if spec is None:
        return
    refs = page["references"]
    if "count" in spec:
        assert len(refs) == spec["count"], [r["text"][:60] for r in refs]
    for key in ("dois", "pmids", "pmcids"):
        got = {(r[key[:-1]] or "").lower() for r in refs}
        for want in spec.get(key, []):
            assert want.lower() in got, (key, want, got)
    texts = norm(" ".join(r["text"] for r in refs))
    for s in spec.get("text_with", []):
        assert norm(s) in texts, s


def check_promotions(exp, page):
    spec = exp.get("promotions")
    if spec is None:
        return
    promos = page["promotions"]
    kinds = {p["kind"] for p in promos}
    for kind in spec.get("kinds", []):
        assert kind in kinds, (kind, kinds)
    for kind in spec.get("not_kinds", []):
        assert kind not in kinds, [p["text"][:80] for p in promos if p["kind"] == kind]
    codes = {(p["code"] or "").upper() for p in promos}
    for code in spec.get("codes", []):
        assert code.upper() in codes, (code, codes)
    texts = norm(" ".join(p["text"] for p in promos))
    for s in spec.get("snippets", []):
        assert norm(s) in texts, s
    for host in spec.get("inline_urls", []):
        assert any(p["inline"] and host in (p["url"] or "") for p in promos), host
    if "count_max" in spec:
        assert len(promos) <= spec["count_max"], [(p["kind"], p["text"][:60]) for p in promos]


CHECKS = {"metadata": check_metadata, "body": check_body, "comments": check_comments,
          "references": check_references, "promotions": check_promotions}


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("slug", SLUGS)
def test_fixture(slug, part):
    exp, page = load(slug)
    CHECKS[part](exp, page)
