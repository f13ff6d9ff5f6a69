"""Datasette publishing: metadata, canned queries, the article page, cell rendering.

A small archive is built through the real storage API (`Archive.store_page`)
and served by Datasette's in-process client with the project's options.
"""
from __future__ import annotations

import json
import sqlite3

import pytest
from datasette.app import Datasette

from archive.capture import Capture
from archive.datasette import datasette_options
from archive.db import Archive
from archive.model import Body, Comment, Page, Promotion, Reference

SHARED_DOI = "10.1000/jbmr.2016.123"
BLOG = "https://blog.example.org"


def _capture(url: str) -> Capture:
    return Capture(url=url, final_url=url, fetched_at="2024-05-01T10:00:00+00:00",
                   http_status=200, content_type="text/html", content_hash="0" * 64)


def _comment(key, parent, depth, position, author, text, site=False, url=None):
    return Comment(id=key, parent_id=parent, depth=depth, position=position, author=author,
                   text=text, author_url=url, published=f"2024-01-{position:02d}T08:00:00",
                   is_site_author=site)


def vitamin_page() -> Page:
    """Comments 3 levels deep; `late` replies to the first comment but comes
    last in page order (it was on comment page 2), so thread order != position order."""
    comments = [
        _comment("comment-1", None, 0, 1, "Alice", "Does vitamin D help my knees?"),
        _comment("comment-2", "comment-1", 1, 2, "Dr. Jane Doe", "It may, see reference 1.", True),
        _comment("comment-3", "comment-2", 2, 3, "Alice", "Thanks, I also take magnesium."),
        _comment("comment-4", "comment-3", 3, 4, "Bob", "Same here.", url="https://bob.example"),
        _comment("comment-5", None, 0, 5, "Carol", "Great article."),
        _comment("comment-6", "comment-5", 1, 6, "Dr. Jane Doe", "Thank you Carol!", True),
        _comment("comment-7", "comment-1", 1, 7, "Dan", "Late reply to Alice."),
    ]
    refs = [
        Reference(1, "Li J. Sex steroid deficiency and bone loss. J Bone Miner Res 2016.",
                  doi=SHARED_DOI, title="Sex steroid deficiency and bone loss",
                  journal="J Bone Miner Res", year=2016, anchor="ref-1", markers=["cite-1"]),
        Reference(2, "Holick MF. Vitamin D deficiency. N Engl J Med 2007.", pmid="17634462",
                  pmcid="PMC1234567", title="Vitamin D deficiency", journal="N Engl J Med",
                  year=2007),
        Reference(3, "A web page about sunlight.", url="https://example.com/sun"),
    ]
    promos = [
        Promotion("coupon", "Save 10% on D3 drops", url="https://shop.example/d3",
                  code="SAVE10", merchant="Shop"),
        Promotion("affiliate", "these drops", url="https://amzn.example/x", inline=True),
        Promotion("newsletter", "Join our newsletter"),
        Promotion("disclosure", "We earn from qualifying purchases."),
    ]
    return Page(url=f"{BLOG}/vitamin-d/", title="Vitamin D and your bones",
                authors=["Dr. Jane Doe"], published="2024-01-01T00:00:00+00:00",
                site_name="Example Health", language="en",
                body=Body("Vitamin D helps calcium absorption. Sunlight makes vitamin D.",
                          "<p>Vitamin D helps calcium absorption.</p><p>Sunlight makes vitamin D."
                          '<a href="#ref-1">[1]</a></p>'),
                references=refs, promotions=promos, comments=comments,
                comments_state="open", is_article=True)


def magnesium_page() -> Page:
    refs = [Reference(1, "Abbasi B. Magnesium and insomnia. J Res Med Sci 2012.",
                      doi=SHARED_DOI.upper(), pmid="23853635",
                      title="Magnesium supplementation and insomnia", journal="J Res Med Sci",
                      year=2012)]
    promos = [Promotion("product", "Our magnesium glycinate", url="https://shop.example/mg"),
              Promotion("ad", "Sponsored banner")]
    return Page(url=f"{BLOG}/magnesium-sleep/", title="Magnesium for sleep: magnesium explained",
                authors=["Sam Writer"], published="2024-02-01T00:00:00+00:00",
                site_name="Example Health", language="en",
                body=Body("Magnesium may improve sleep. Magnesium glycinate is gentle.",
                          "<p>Magnesium may improve sleep.</p>"),
                references=refs, promotions=promos,
                comments=[_comment("c-9", None, 0, 1, "Eve", "Worked for me.")],
                comments_state="open", is_article=True)


FILLER_TOPICS = ("Walking after meals", "Drinking enough water", "Stretching at work",
                 "Reading food labels", "Better posture", "Seasonal allergies")


def filler_page(topic: str) -> Page:
    """An article sharing none of the searched words (so FTS5 idf is realistic)."""
    slug = topic.lower().replace(" ", "-")
    return Page(url=f"{BLOG}/{slug}/", title=topic, authors=["Sam Writer"],
                published="2023-06-01T00:00:00+00:00", site_name="Example Health",
                body=Body(f"{topic} is a small habit with large effects over years.",
                          f"<p>{topic} is a small habit.</p>"),
                comments_state="closed", is_article=True)


def build_archive(path) -> dict:
    """Store the two sample articles and six fillers; returns the two ids by slug."""
    with Archive(path) as archive:
        ids = {"vitamin": archive.store_page(_capture(f"{BLOG}/vitamin-d/"), vitamin_page()),
               "magnesium": archive.store_page(_capture(f"{BLOG}/magnesium-sleep/"),
                                               magnesium_page())}
        for topic in FILLER_TOPICS:
            page = filler_page(topic)
            archive.store_page(_capture(page.url), page)
    return ids


@pytest.fixture
def archive_db(tmp_path):
    path = tmp_path / "archive.db"
    ids = build_archive(path)
    return path, ids


@pytest.fixture
def ds(archive_db):
    path, _ = archive_db
    return Datasette([str(path)], **datasette_options())


async def get_json(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


@pytest.mark.asyncio
async def test_comment_thread_in_thread_order_with_depths(ds, archive_db):
    _, ids = archive_db
    rows = await get_json(ds, f"/archive/comment_thread.json?article_id={ids['vitamin']}&_shape=array")
    keys = [(r["comment_key"], r["depth"]) for r in rows]
    assert keys == [("comment-1", 0), ("comment-2", 1), ("comment-3", 2), ("comment-4", 3),
                    ("comment-7", 1), ("comment-5", 0), ("comment-6", 1)]
    by_key = {r["comment_key"]: r for r in rows}
    assert by_key["comment-4"]["parent_id"] == by_key["comment-3"]["id"]
    assert by_key["comment-2"]["is_site_author"] == 1
    assert "[site author]" in by_key["comment-2"]["thread"]
    indent = by_key["comment-4"]["thread"].split("Bob")[0]
    assert indent.count("\u00a0") == 3 * 4 and indent.endswith("↳ ")
    assert by_key["comment-1"]["thread"].startswith("Alice: Does vitamin D")


@pytest.mark.asyncio
async def test_comment_thread_of_another_article_is_separate(ds, archive_db):
    _, ids = archive_db
    rows = await get_json(ds, f"/archive/comment_thread.json?article_id={ids['magnesium']}&_shape=array")
    assert [(r["author"], r["depth"]) for r in rows] == [("Eve", 0)]


@pytest.mark.asyncio
async def test_articles_citing_by_doi_and_pmid(ds, archive_db):
    _, ids = archive_db
    by_doi = await get_json(ds, f"/archive/articles_citing.json?doi=https://doi.org/{SHARED_DOI}&pmid=&_shape=array")
    assert sorted(r["article_id"] for r in by_doi) == sorted(ids.values())
    by_pmid = await get_json(ds, "/archive/articles_citing.json?doi=&pmid=17634462&_shape=array")
    assert [(r["article_id"], r["reference_position"]) for r in by_pmid] == [(ids["vitamin"], 2)]
    assert by_pmid[0]["reference_title"] == "Vitamin D deficiency"
    neither = await get_json(ds, "/archive/articles_citing.json?doi=&pmid=&_shape=array")
    assert neither == []


@pytest.mark.asyncio
async def test_promotions_by_kind(ds, archive_db):
    _, ids = archive_db
    coupons = await get_json(ds, "/archive/promotions_by_kind.json?kind=coupon&_shape=array")
    assert [(r["code"], r["article_id"]) for r in coupons] == [("SAVE10", ids["vitamin"])]
    everything = await get_json(ds, "/archive/promotions_by_kind.json?kind=&_shape=array")
    assert sorted(r["kind"] for r in everything) == sorted(
        ["coupon", "affiliate", "newsletter", "disclosure", "product", "ad"])
    inline = [r for r in everything if r["inline"]]
    assert [r["kind"] for r in inline] == ["affiliate"]


@pytest.mark.asyncio
async def test_article_query_counts(ds, archive_db):
    _, ids = archive_db
    rows = await get_json(ds, f"/archive/article.json?id={ids['vitamin']}&_shape=array")
    assert len(rows) == 1
    row = rows[0]
    assert (row["comment_count"], row["reference_count"], row["promotion_count"]) == (7, 3, 4)
    assert row["site_author_comment_count"] == 2
    assert row["site"] == "blog.example.org"


def _tables_and_views(path) -> list[str]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute(
        "select name from sqlite_master where type in ('table', 'view') "
        "and name not like 'sqlite_%'")]
    shadow = [r[0] for r in conn.execute(
        "select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL%'")]
    conn.close()
    suffixes = ("_data", "_idx", "_docsize", "_config", "_content")
    return [n for n in names if not any(n == v + s for v in shadow for s in suffixes)]


@pytest.mark.asyncio
async def test_every_table_has_title_and_description(ds, archive_db):
    path, _ = archive_db
    meta = await get_json(ds, "/-/metadata.json")
    assert meta["title"] and (meta.get("description") or meta.get("description_html"))
    db_meta = meta["databases"]["archive"]
    assert db_meta["title"] and db_meta["description"]
    names = _tables_and_views(path)
    assert {"articles", "comments", "article_references", "promotions"} <= set(names)
    for name in names:
        table = db_meta["tables"].get(name)
        assert table and table.get("title") and table.get("description"), name
    columns = sqlite3.connect(path).execute("select name from pragma_table_info('comments')")
    assert {c for (c,) in columns} <= set(db_meta["tables"]["comments"]["columns"])
    assert set(db_meta["queries"]) >= {"article", "comment_thread", "articles_citing",
                                       "promotions_by_kind", "search"}


@pytest.mark.asyncio
async def test_every_column_of_every_table_is_described(ds, archive_db):
    path, _ = archive_db
    meta = await get_json(ds, "/-/metadata.json")
    tables = meta["databases"]["archive"]["tables"]
    conn = sqlite3.connect(path)
    for name in [n for n in _tables_and_views(path) if not n.endswith("_fts")]:
        columns = {r[0] for r in conn.execute(f"select name from pragma_table_info('{name}')")}
        missing = columns - set(tables[name].get("columns", {}))
        assert not missing, (name, missing)


@pytest.mark.asyncio
async def test_metadata_follows_the_database_file_name(tmp_path):
    path = tmp_path / "mycrawl.db"
    build_archive(path)
    ds = Datasette([str(path)], **datasette_options(db_name="mycrawl"))
    rows = await get_json(ds, "/mycrawl/promotions_by_kind.json?kind=coupon&_shape=array")
    assert [r["code"] for r in rows] == ["SAVE10"]
    html = (await ds.client.get("/mycrawl/articles")).text
    assert "Articles" in html and "/-/article/" in html


@pytest.mark.asyncio
async def test_article_json_has_nested_thread_and_parts(ds, archive_db):
    _, ids = archive_db
    article = await get_json(ds, f"/-/article/{ids['vitamin']}.json")
    assert article["title"] == "Vitamin D and your bones"
    assert article["site"]["host"] == "blog.example.org"
    assert article["authors"] == ["Dr. Jane Doe"]
    assert article["counts"] == {"comments": 7, "references": 3, "promotions": 4,
                                 "deleted_comments": 0}
    roots = article["comments"]
    assert [c["comment_key"] for c in roots] == ["comment-1", "comment-5"]
    first = roots[0]
    assert [c["comment_key"] for c in first["replies"]] == ["comment-2", "comment-7"]
    deepest = first["replies"][0]["replies"][0]["replies"][0]
    assert (deepest["comment_key"], deepest["depth"], deepest["author_url"]) == (
        "comment-4", 3, "https://bob.example")
    refs = article["references"]
    assert refs[0]["links"]["doi"] == f"https://doi.org/{SHARED_DOI}"
    assert refs[1]["links"]["pubmed"] == "https://pubmed.ncbi.nlm.nih.gov/17634462/"
    assert refs[1]["links"]["pmc"].endswith("/PMC1234567/")
    assert [p["kind"] for p in article["promotions"]] == [
        "coupon", "affiliate", "newsletter", "disclosure"]


@pytest.mark.asyncio
async def test_article_page_html(ds, archive_db):
    _, ids = archive_db
    response = await ds.client.get(f"/-/article/{ids['vitamin']}")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert "<h1>Vitamin D and your bones</h1>" in html
    assert "<p>Vitamin D helps calcium absorption.</p>" in html  # body html rendered
    assert 'href="#ref-1"' in html and '<span id="ref-1"></span>' in html  # citations land
    assert 'href="https://doi.org/10.1000/jbmr.2016.123"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/17634462/"' in html
    assert '<code class="coupon">SAVE10</code>' in html
    assert html.count('class="replies"') == 4  # comment-1, -2, -3 and -5 have replies
    assert html.count("badge site-author") == 2
    assert (await ds.client.get("/-/article/999999")).status_code == 404


@pytest.mark.asyncio
async def test_tables_and_search_link_to_article_page(ds, archive_db):
    _, ids = archive_db
    table = (await ds.client.get("/archive/articles")).text
    assert f'<a href="/-/article/{ids["vitamin"]}">Vitamin D and your bones</a>' in table
    search = (await ds.client.get("/archive/search?q=magnesium")).text
    assert f'<a href="/-/article/{ids["magnesium"]}">' in search
    assert "<mark>" in search


@pytest.mark.asyncio
async def test_public_options_forbid_arbitrary_sql(archive_db):
    path, ids = archive_db
    ds = Datasette(immutables=[str(path)], **datasette_options(public=True))
    response = await ds.client.get("/archive.json?sql=select+1")
    assert response.status_code == 403
    assert (await ds.client.get("/archive/crawl_jobs.json")).status_code == 403
    assert (await ds.client.get("/archive/crawl_urls.json")).status_code == 200
    assert (await ds.client.get("/archive.db")).status_code == 403
    assert ds.setting("sql_time_limit_ms") <= 1000
    rows = await get_json(ds, f"/archive/comment_thread.json?article_id={ids['vitamin']}&_shape=array")
    assert len(rows) == 7


@pytest.mark.asyncio
async def test_article_id_cells_link_to_row_and_article_page(ds, archive_db):
    _, ids = archive_db
    html = (await ds.client.get("/archive/comments?article_id=" + str(ids["magnesium"]))).text
    comment_id = (await get_json(ds, f"/archive/comments.json?article_id={ids['magnesium']}&_shape=array"))[0]["id"]
    assert (f'<a href="/archive/articles/{ids["magnesium"]}">Magnesium for sleep: magnesium explained</a>'
            f' (<a href="/-/article/{ids["magnesium"]}#c{comment_id}">page</a>)') in html


@pytest.mark.asyncio
async def test_json_api_paging_ndjson_and_csv(ds, archive_db):
    since = await get_json(ds, "/archive/articles.json?published__gte=2024-01-01&_sort=published&_col=title&_shape=objects")
    assert [r["title"] for r in since["rows"]] == ["Vitamin D and your bones",
                                                   "Magnesium for sleep: magnesium explained"]
    seen, url = [], "/archive/articles.ndjson?_size=3&_col=title&_sort=id"
    while url:
        response = await ds.client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        lines = response.text.splitlines()
        assert 1 <= len(lines) <= 3
        seen.extend(json.loads(line)["id"] for line in lines)
        url = response.headers.get("x-next-url")
        if url:
            assert response.headers["link"] == f'<{url}>; rel="next"'
            url = url.split("localhost", 1)[-1]
    assert seen == list(range(1, 9))
    csv_text = (await ds.client.get("/archive/promotions_by_kind.csv?kind=coupon")).text
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("kind,code,merchant") and row.startswith("coupon,SAVE10,Shop")


@pytest.mark.asyncio
async def test_authors_facet(ds):
    data = await get_json(ds, "/archive/articles.json?_facet_array=authors")
    results = data["facet_results"]
    facet = results["authors"] if isinstance(results, dict) and "authors" in results else results
    values = {v["value"]: v["count"] for v in facet["results"]}
    assert values == {"Sam Writer": 7, "Dr. Jane Doe": 1}


@pytest.mark.asyncio
async def test_charts_svg_and_json(ds):
    charts = await get_json(ds, "/-/charts.json")
    site = charts["comments_per_month"][0]
    assert (site["site"], site["total"], site["months"]) == ("blog.example.org", 8,
                                                             {"2024-01": 8})
    journals = {r["journal"]: r["n"] for r in charts["journals"]["rows"]}
    assert journals == {"J Bone Miner Res": 1, "N Engl J Med": 1, "J Res Med Sci": 1}
    promos = {(r["site"], r["kind"]): r["n"] for r in charts["promotions"]["rows"]}
    assert len(promos) == 6 and promos[("blog.example.org", "coupon")] == 1
    html = (await ds.client.get("/-/charts")).text
    assert html.count('<rect class="journal"') == 3 and html.count('<rect class="promo"') == 6
    assert "<title>2024-01: 8</title>" in html


def test_fill_months_inserts_empty_months():
    from archive.datasette.charts import fill_months
    assert fill_months([("2023-11", 2), ("2024-02", 5)]) == [
        ("2023-11", 2), ("2023-12", 0), ("2024-01", 0), ("2024-02", 5)]


@pytest.mark.asyncio
async def test_comments_gone_from_the_page_are_kept_and_marked(ds, archive_db):
    path, ids = archive_db
    page = vitamin_page()
    page.comments = [c for c in page.comments if c.id != "comment-7"]
    with Archive(path) as archive:
        archive.store_page(_capture(f"{BLOG}/vitamin-d/"), page)
    row = (await get_json(ds, f"/archive/article.json?id={ids['vitamin']}&_shape=array"))[0]
    assert (row["comment_count"], row["deleted_comment_count"]) == (6, 1)
    thread = await get_json(ds, f"/archive/comment_thread.json?article_id={ids['vitamin']}&_shape=array")
    gone = [r["comment_key"] for r in thread if r["deleted_at"]]
    assert gone == ["comment-7"] and len(thread) == 7
    html = (await ds.client.get(f"/-/article/{ids['vitamin']}")).text
    assert html.count("gone from the page since") == 1


def test_comment_tree_survives_orphans_and_cycles():
    from archive.datasette.article import comment_tree

    def row(i, parent):
        return {"id": i, "parent_id": parent, "depth": 9}
    rows = [row(1, None), row(2, 1), row(3, 99), row(4, 5), row(5, 4), row(6, 6), row(7, 4)]
    tree = comment_tree(rows)
    assert [n["id"] for n in tree] == [1, 3, 6, 4]  # 3: parent unknown; 6: own parent; 4-5: cycle
    assert [(c["id"], c["depth"]) for c in tree[0]["replies"]] == [(2, 1)]
    assert [c["id"] for c in tree[3]["replies"]] == [5, 7]
    assert tree[3]["replies"][0]["replies"] == []  # the cycle is cut, nothing repeats


@pytest.mark.parametrize("url, safe", [
    ("https://example.org/a?b=1", True), ("http://example.org", True),
    ("javascript:alert(1)", False), (" JAVASCRIPT:alert(1)", False),
    ("data:text/html,<b>x</b>", False), ("//evil.example/x", False),
    ("https://x.example/\"onmouseover=alert(1)", False), (None, False)])
def test_safe_url(url, safe):
    from archive.datasette.article import safe_url
    assert (safe_url(url) is not None) is safe


@pytest.mark.asyncio
async def test_very_deep_thread(tmp_path):
    """A 150-deep reply chain: the query keeps every level, the page nests every level."""
    path = tmp_path / "archive.db"
    chain = [_comment(f"c{i}", f"c{i - 1}" if i else None, i, i + 1, "A", f"level {i}")
             for i in range(150)]
    page = Page(url=f"{BLOG}/deep/", title="Deep", is_article=True, body=Body("x", "<p>x</p>"),
                comments=chain)
    with Archive(path) as archive:
        article_id = archive.store_page(_capture(page.url), page)
    ds = Datasette([str(path)], **datasette_options())
    rows = await get_json(ds, f"/archive/comment_thread.json?article_id={article_id}&_shape=array")
    assert [r["depth"] for r in rows] == list(range(150))
    html = (await ds.client.get(f"/-/article/{article_id}")).text
    assert html.count('<ol class="replies">') == 149
