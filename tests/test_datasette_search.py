"""Search: the ranked `search` canned query (the JSON API) and the faceted `/-/search` page."""
from __future__ import annotations

import sqlite3

import pytest
from datasette.app import Datasette

from archive.datasette import datasette_options
from test_datasette import build_archive, get_json


@pytest.fixture
def archive_db(tmp_path):
    path = tmp_path / "archive.db"
    return path, build_archive(path)


@pytest.fixture
def ds(archive_db):
    return Datasette([str(archive_db[0])], **datasette_options())


@pytest.mark.asyncio
async def test_search_ranks_and_highlights(ds, archive_db):
    _, ids = archive_db
    rows = await get_json(ds, "/archive/search.json?q=magnesium&_shape=array")
    assert (rows[0]["kind"], rows[0]["article_id"]) == ("article", ids["magnesium"])
    kinds = {r["kind"] for r in rows}
    assert kinds == {"article", "comment", "reference"}
    ranks = [r["rank"] for r in rows]
    assert ranks == sorted(ranks)
    assert all("<mark>" in r["snippet"].lower() for r in rows)
    articles = [r for r in rows if r["kind"] == "article"]
    assert [r["article_id"] for r in articles] == [ids["magnesium"]]
    comment = next(r for r in rows if r["kind"] == "comment")
    assert comment["article_id"] == ids["vitamin"]
    assert comment["article_page"].startswith(f"/-/article/{ids['vitamin']}#c")


@pytest.mark.asyncio
async def test_search_ranks_more_relevant_article_first(ds, archive_db):
    _, ids = archive_db
    rows = await get_json(ds, "/archive/search.json?q=vitamin&_shape=array")
    assert (rows[0]["kind"], rows[0]["article_id"]) == ("article", ids["vitamin"])
    articles = [r["article_id"] for r in rows if r["kind"] == "article"]
    assert articles == [ids["vitamin"]]
    prefix = await get_json(ds, "/archive/search.json?q=magnes*&_shape=array")
    assert {r["kind"] for r in prefix} == {"article", "comment", "reference"}


@pytest.mark.asyncio
@pytest.mark.parametrize("q", ["", '"', "vitamin-d", "AND OR (", "*"])
async def test_search_odd_input_never_errors(ds, q):
    response = await ds.client.get("/archive/search.json", params={"q": q, "_shape": "array"})
    assert response.status_code == 200, response.text[:300]
    assert isinstance(response.json(), list)


@pytest.mark.asyncio
async def test_search_bounds_very_common_words(ds, archive_db):
    """More than 10,000 matches in a source: its 20 newest, unranked over the rest."""
    path, ids = archive_db
    conn = sqlite3.connect(path)
    conn.executemany(
        "insert into comments (article_id, comment_key, position, author, text) values (?, ?, ?, ?, ?)",
        [(ids["magnesium"], f"bulk-{i}", 100 + i, "Bulk", f"everyone says hello {i % 7}")
         for i in range(10_050)])
    conn.commit()
    newest = conn.execute("select max(id) from comments").fetchone()[0]
    conn.close()
    rows = await get_json(ds, "/archive/search.json?q=hello&_shape=array")
    assert len(rows) == 20 and {(r["kind"], r["ranked"]) for r in rows} == {("comment", 0)}
    assert f"/-/article/{ids['magnesium']}#c{newest}" in {r["article_page"] for r in rows}
    rare = await get_json(ds, "/archive/search.json?q=magnesium&_shape=array")
    assert {r["ranked"] for r in rare} == {1}


@pytest.mark.asyncio
async def test_faceted_search_page(ds, archive_db):
    _, ids = archive_db
    result = await get_json(ds, "/-/search.json?q=magnesium")
    assert result["total"] == 3 and result["capped"] == []
    facets = {name: {v["value"]: v["count"] for v in values}
              for name, values in result["facets"].items()}
    assert facets["kind"] == {"article": 1, "comment": 1, "reference": 1}
    assert facets["author"] == {"Sam Writer": 2, "Dr. Jane Doe": 1}  # the articles' authors
    assert facets["year"] == {"2024": 3}
    assert facets["journal"] == {"J Res Med Sci": 1}
    assert facets["promotion"]["coupon"] == 1 and facets["promotion"]["product"] == 2
    assert result["rows"][0]["article_id"] == ids["magnesium"]
    assert [r["rank"] for r in result["rows"]] == sorted(r["rank"] for r in result["rows"])
    by_author = await get_json(ds, "/-/search.json?q=magnesium&author=Dr.+Jane+Doe")
    assert [(r["kind"], r["article_page"].split("#")[0]) for r in by_author["rows"]] == [
        ("comment", f"/-/article/{ids['vitamin']}")]
    refs = await get_json(ds, "/-/search.json?q=magnesium&kind=reference&journal=J+Res+Med+Sci")
    assert [r["kind"] for r in refs["rows"]] == ["reference"]
    nothing = await get_json(ds, "/-/search.json?q=magnesium&year=1999")
    assert nothing["total"] == 0 and nothing["rows"] == []
    html = (await ds.client.get("/-/search?q=magnesium&kind=comment")).text
    assert '<li class="selected"><a href="/-/search?q=magnesium">comment</a> 1' in html
    assert f'<a class="article-link" href="/-/article/{ids["vitamin"]}#c' in html
    assert "<mark>magnesium</mark>" in html
    assert (await ds.client.get("/-/search?q=")).status_code == 200


@pytest.mark.asyncio
@pytest.mark.parametrize("q", ["magnesium", "vitamin", "magnes*", "bone"])
async def test_search_page_and_canned_query_agree(ds, q):
    """`/-/search` (archive/datasette/search.py) and the canned `search` query write the
    same ranking twice (the canned one must stay plain SQL): same rows, ranks, snippets."""
    canned = await get_json(ds, f"/archive/search.json?q={q}&_shape=array")
    page = (await get_json(ds, f"/-/search.json?q={q}"))["rows"]
    fields = ("kind", "article_id", "article_page", "snippet", "rank", "ranked")
    assert canned, q
    assert [[r[f] for f in fields] for r in page] == [[r[f] for f in fields] for r in canned]
