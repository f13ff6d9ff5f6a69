"""One article with all its parts, as one JSON-ready dict (the article page's data).

Used by the `/-/article/ID` route (HTML and `.json`). Field names are an API
(README: JSON API):

    {"id", "title", "url", "canonical_url", "site": {"id", "host", "name"},
     "authors": [...], "published", "modified", "language", "site_name",
     "comments_state", "first_seen", "last_seen", "body_text", "body_html",
     "counts": {"comments", "references", "promotions", "deleted_comments"},
     "references": [{"id", "position", "text", "url", "doi", "pmid", "pmcid",
                     "authors", "title", "journal", "year", "anchor", "links": {"doi", "pubmed", "pmc"}}],
     "promotions": [{"id", "position", "kind", "text", "url", "code", "merchant", "inline"}],
     "comments":   [{"id", "comment_key", "parent_id", "depth", "position", "author",
                     "author_url", "published", "text", "is_site_author", "deleted_at",
                     "replies": [...]}]}

Every URL handed to a template has passed `safe_url` (http/https only).
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

PMID_RE = re.compile(r"^\d{1,9}$")
PMC_RE = re.compile(r"^(?:PMC)?(\d{1,9})$", re.I)
# A reference's id on the original page, kept so that the body's citation links
# (href="#ref-1") still land on it; only plain, prefixed-looking ids are used.
ANCHOR_RE = re.compile(r"^[A-Za-z][\w.:-]{0,63}[-_:.]\w{0,16}$|^[A-Za-z]{1,16}\d{1,6}$")


def safe_url(url) -> str | None:
    """`url` if it is an absolute http(s) URL, else None (no javascript:, data:, ...)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in "\x00\r\n\t <>\"'`"):
        return None
    return url


def reference_links(doi, pmid, pmcid) -> dict:
    """Resolver links for a reference's identifiers (doi.org, PubMed, PMC)."""
    links = {"doi": None, "pubmed": None, "pmc": None}
    if isinstance(doi, str) and doi.strip().startswith("10."):
        links["doi"] = "https://doi.org/" + quote(doi.strip(), safe="/:;()._-")
    if pmid is not None and PMID_RE.match(str(pmid).strip()):
        links["pubmed"] = f"https://pubmed.ncbi.nlm.nih.gov/{str(pmid).strip()}/"
    match = PMC_RE.match(str(pmcid or "").strip())
    if match:
        links["pmc"] = f"https://pmc.ncbi.nlm.nih.gov/articles/PMC{match.group(1)}/"
    return links


def _json_list(value) -> list:
    try:
        data = json.loads(value) if value else []
    except (TypeError, ValueError):
        return [value]
    return data if isinstance(data, list) else [data]


def comment_tree(rows: list[dict]) -> list[dict]:
    """Nest comments (given in page order) under their parents as `replies`.

    A comment whose parent is unknown becomes a root; so does the first
    comment of a parent cycle, so that no comment is ever hidden. `depth` is
    recomputed from the tree.
    """
    nodes = {row["id"]: {**row, "replies": []} for row in rows}
    children: dict[int, list[int]] = {}
    roots = []
    for row in rows:
        parent = row["parent_id"]
        if parent in nodes and parent != row["id"]:
            children.setdefault(parent, []).append(row["id"])
        else:
            roots.append(row["id"])
    seen: set[int] = set()
    return [_grow(nodes, children, node_id, seen)
            for node_id in roots + list(nodes) if node_id not in seen]


def _grow(nodes: dict, children: dict, root_id: int, seen: set) -> dict:
    """Attach the replies below `root_id` (iterative depth-first walk)."""
    root = nodes[root_id]
    root["depth"] = 0
    seen.add(root_id)
    stack = [root]
    while stack:
        node = stack.pop()
        for child_id in children.get(node["id"], ()):
            if child_id not in seen:
                seen.add(child_id)
                child = nodes[child_id]
                child["depth"] = node["depth"] + 1
                node["replies"].append(child)
                stack.append(child)
    return root


ARTICLE_SQL = """
select a.*, s.host as site_host, s.name as site_label
from articles a left join sites s on s.id = a.site_id where a.id = :id
"""
REFERENCES_SQL = """
select id, position, text, url, doi, pmid, pmcid, authors, title, journal, year, anchor
from article_references where article_id = :id order by position
"""
PROMOTIONS_SQL = """
select id, position, kind, text, url, code, merchant, inline
from promotions where article_id = :id order by position
"""
COMMENTS_SQL = """
select id, comment_key, parent_id, depth, position, author, author_url, published,
       text, is_site_author, deleted_at
from comments where article_id = :id order by position, id
"""

ARTICLE_FIELDS = ("id", "title", "url", "canonical_url", "published", "modified", "language",
                  "site_name", "comments_state", "first_seen", "last_seen", "body_text",
                  "body_html")


async def load_article(db, article_id: int) -> dict | None:
    """The article `article_id` of Datasette database `db` with all its parts, or None."""
    params = {"id": article_id}
    rows = (await db.execute(ARTICLE_SQL, params)).rows
    if not rows:
        return None
    row = dict(rows[0])
    article = {key: row.get(key) for key in ARTICLE_FIELDS}
    article["url"] = safe_url(row.get("url"))
    article["site"] = {"id": row.get("site_id"), "host": row.get("site_host"),
                       "name": row.get("site_label")}
    article["authors"] = [str(a) for a in _json_list(row.get("authors")) if a]
    article["references"] = [_reference(dict(r)) for r in
                             (await db.execute(REFERENCES_SQL, params)).rows]
    article["promotions"] = [_promotion(dict(r)) for r in
                             (await db.execute(PROMOTIONS_SQL, params)).rows]
    comments = [_comment(dict(r)) for r in (await db.execute(COMMENTS_SQL, params)).rows]
    article["comments"] = comment_tree(comments)
    article["counts"] = {"comments": len(comments), "references": len(article["references"]),
                         "promotions": len(article["promotions"]),
                         "deleted_comments": sum(1 for c in comments if c["deleted_at"])}
    return article


def _reference(row: dict) -> dict:
    row["anchor"] = row.get("anchor") if ANCHOR_RE.match(row.get("anchor") or "") else None
    row["authors"] = _json_list(row.get("authors"))
    row["url"] = safe_url(row.get("url"))
    row["links"] = reference_links(row.get("doi"), row.get("pmid"), row.get("pmcid"))
    return row


def _promotion(row: dict) -> dict:
    row["url"] = safe_url(row.get("url"))
    row["inline"] = bool(row.get("inline"))
    return row


def _comment(row: dict) -> dict:
    row["author_url"] = safe_url(row.get("author_url"))
    row["is_site_author"] = bool(row.get("is_site_author"))
    return row
