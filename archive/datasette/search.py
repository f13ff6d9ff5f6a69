"""Faceted full-text search over articles, comments and references (`/-/search`).

One box, three FTS5 indexes. Step 1 collects the matches of each source (the
newest `MAX_HITS` per source, so a very common word stays cheap) with what the
facets need; the filters and facet counts are applied to those rows in
Python. Step 2 ranks the filtered matches with bm25 and cuts snippets, for at
most `PER_SOURCE` rows per source. Facets: site, author, year, promotion kind
(articles carrying one), journal (of matching references), and result kind.

Every user value reaches SQL as a bound parameter; the SQL text is constant.
"""
from __future__ import annotations

import json
from collections import Counter

MAX_HITS = 10_000
PER_SOURCE = 20
FILTERS = ("kind", "site", "author", "year", "promotion", "journal")

HITS_SQL = f"""
with hits(kind, article_id, item_id, journal) as materialized (
  select 'article', rowid, rowid, null from (
    select rowid from articles_fts where articles_fts match fts_query(:q)
    order by rowid desc limit {MAX_HITS})
  union all
  select 'comment', c.article_id, c.id, null from (
    select rowid from comments_fts where comments_fts match fts_query(:q)
    order by rowid desc limit {MAX_HITS}) h
    join comments c on c.id = h.rowid
  union all
  select 'reference', r.article_id, r.id, r.journal from (
    select rowid from article_references_fts where article_references_fts match fts_query(:q)
    order by rowid desc limit {MAX_HITS}) h
    join article_references r on r.id = h.rowid
),
promos(article_id, kinds) as (
  select article_id, json_group_array(distinct kind) from promotions
  where article_id in (select article_id from hits) group by article_id
)
select h.kind, h.article_id, h.item_id, h.journal, s.host as site,
  substr(a.published, 1, 4) as year, a.authors, p.kinds as promotion_kinds
from hits h join articles a on a.id = h.article_id left join sites s on s.id = a.site_id
  left join promos p on p.article_id = h.article_id
"""

# (kind, fts table, joins, item alias, anchor, bm25 weights)
SOURCES = {
    "article": ("articles_fts", "join articles a on a.id = f.rowid", "a", "", "10.0, 1.0"),
    "comment": ("comments_fts", "join comments c on c.id = f.rowid "
                "join articles a on a.id = c.article_id", "c", "#c", "2.0, 1.0"),
    "reference": ("article_references_fts", "join article_references r on r.id = f.rowid "
                  "join articles a on a.id = r.article_id", "r", "#r", "1.0, 2.0"),
}


def ranked_sql(kind: str, ranked: bool) -> str:
    """Top matches of one source among the item ids in :ids (a JSON array).

    Rank first, then join and cut snippets for the `PER_SOURCE` rows kept (joining
    every match before the ORDER BY costs more than the ranking). `+f.rowid` keeps
    the id list away from FTS5's rowid lookup (which would re-run the full-text
    query once per id): the matches are scanned once and checked against the list.
    """
    fts, joins, alias, anchor, weights = SOURCES[kind]
    page = "'/-/article/' || a.id" + (f" || '{anchor}' || {alias}.id" if anchor else "")
    order = "2" if ranked else "1 desc"
    return f"""
with top(id, rank) as materialized (
  select f.rowid, bm25({fts}, {weights}) from {fts} f
  where {fts} match fts_query(:q) and +f.rowid in (select value from json_each(:ids))
  order by {order} limit {PER_SOURCE}
)
select '{kind}' as kind, a.id as article_id, a.title as article_title, a.url as article_url,
  {page} as article_page, snippet({fts}, -1, '<mark>', '</mark>', '…', 16) as snippet,
  top.rank as rank, {int(ranked)} as ranked
from top cross join {fts} f {joins}
where {fts} match fts_query(:q) and f.rowid = top.id
"""


def _authors(value) -> list[str]:
    try:
        data = json.loads(value or "[]")
    except ValueError:
        return []
    return [str(a) for a in data if a] if isinstance(data, list) else []


ARTICLE_FACETS = ("site", "year", "author", "promotion")


def _article_values(hit: dict) -> dict:
    """The article-level facet values of a match (lists: an article has several authors)."""
    return {"site": [hit["site"]], "year": [hit["year"]], "author": _authors(hit["authors"]),
            "promotion": _authors(hit["promotion_kinds"])}


def _keep(hit: dict, values: dict, filters: dict) -> bool:
    if filters["kind"] and hit["kind"] != filters["kind"]:
        return False
    if filters["journal"] and (hit["kind"] != "reference" or hit["journal"] != filters["journal"]):
        return False
    return all(filters[name] in values[name] for name in ARTICLE_FACETS if filters[name])


def facet_counts(hits: list[dict], filters: dict) -> tuple[list[dict], dict]:
    """Apply the filters; count, per facet value, the matches that carry it.

    Article-level values are parsed once per article and counted once per
    article with the number of its matches, so 10,000 matches stay cheap.
    """
    articles: dict[int, dict] = {}
    for hit in hits:
        if hit["article_id"] not in articles:
            articles[hit["article_id"]] = _article_values(hit)
    kept = [h for h in hits if _keep(h, articles[h["article_id"]], filters)]
    counts = {"kind": Counter(h["kind"] for h in kept),
              "journal": Counter(h["journal"] for h in kept
                                 if h["kind"] == "reference" and h["journal"])}
    per_article = Counter(h["article_id"] for h in kept)
    for name in ARTICLE_FACETS:
        counter = counts[name] = Counter()
        for article_id, n in per_article.items():
            for value in set(articles[article_id][name]):
                if value:
                    counter[value] += n
    facets = {name: [{"value": v, "count": n} for v, n in counts[name].most_common(15)]
              for name in FILTERS}
    return kept, facets


async def search(db, q: str, filters: dict) -> dict:
    """Run a faceted search on Datasette database `db`."""
    q = (q or "").strip()
    filters = {k: (filters.get(k) or "").strip() for k in FILTERS}
    if not q:
        return {"q": q, "filters": filters, "total": 0, "capped": [], "facets": {}, "rows": []}
    hits = [dict(r) for r in (await db.execute(HITS_SQL, {"q": q})).rows]
    per_source = Counter(h["kind"] for h in hits)
    kept, facets = facet_counts(hits, filters)
    rows = []
    for kind in SOURCES:
        ids = [h["item_id"] for h in kept if h["kind"] == kind]
        if ids:
            ranked = per_source[kind] < MAX_HITS
            params = {"q": q, "ids": json.dumps(ids)}
            rows += [dict(r) for r in (await db.execute(ranked_sql(kind, ranked), params)).rows]
    rows.sort(key=lambda r: r["rank"])
    return {"q": q, "filters": filters, "total": len(kept),
            "capped": sorted(k for k, n in per_source.items() if n >= MAX_HITS),
            "facets": facets, "rows": rows}
