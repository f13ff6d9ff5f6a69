"""XSS corpus: hostile text in every archived field; no HTML page Datasette serves
for it may carry executable markup.

The payloads go into comment text, comment authors and author URLs, the
article title, authors, site name and body HTML (unsanitised on purpose, to
test the article page's own sanitising), reference text, titles, URLs,
identifiers and anchors, and promotion kinds, text, URLs and codes. Every page is parsed with lxml and checked for
script elements carrying a payload, event-handler attributes, script-capable
URLs and embedding elements.
"""
from __future__ import annotations

import re
from urllib.parse import quote

import lxml.html
import pytest
from datasette.app import Datasette

from archive.datasette import datasette_options
from archive.db import Archive
from archive.model import Body, Comment, Page, Promotion, Reference
from test_datasette import _capture

PAYLOADS = [
    "<script>alert('XSS1')</script>",
    "<img src=x onerror=alert('XSS2')>",
    "<svg onload=alert('XSS3')>",
    "\"><script>alert('XSS4')</script>",
    "' onmouseover='alert(\"XSS5\")' x='",
    "<a href=\"javascript:alert('XSS6')\">click</a>",
    "<iframe src=\"javascript:alert('XSS7')\"></iframe>",
    "</textarea></title><script>alert('XSS8')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS9')>",
    "<body onload=alert('XSS10')>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTMTEnKTwvc2NyaXB0Pg==\"></object>",
    "<details open ontoggle=alert('XSS12')>",
]
HOSTILE = " ".join(PAYLOADS)
BAD_URLS = ["javascript:alert('XSS13')", " JaVaScRiPt:alert('XSS14')",
            "data:text/html,<script>alert('XSS15')</script>", "vbscript:msgbox('XSS16')"]
SCRIPT_SCHEMES = re.compile(r"^(javascript|vbscript|data):", re.I)
URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset")
FORBIDDEN_TAGS = ("iframe", "object", "embed", "frame", "frameset", "base", "applet")


def hostile_page() -> Page:
    comments = [
        Comment(id="comment-1", parent_id=None, depth=0, position=1, author=PAYLOADS[0],
                text=HOSTILE, author_url=BAD_URLS[0]),
        Comment(id="comment-2", parent_id="comment-1", depth=1, position=2,
                author=PAYLOADS[3], text="xss reply " + PAYLOADS[1], author_url=BAD_URLS[1],
                is_site_author=True),
        Comment(id="comment-3", parent_id="comment-2", depth=2, position=3,
                author=PAYLOADS[4], text=PAYLOADS[8], author_url=BAD_URLS[2]),
    ]
    refs = [Reference(1, "xss " + HOSTILE, url=BAD_URLS[1], doi="10.1/" + PAYLOADS[0],
                      pmid=PAYLOADS[1], pmcid=PAYLOADS[2], title=HOSTILE, journal=PAYLOADS[3],
                      authors=[PAYLOADS[2]], anchor=PAYLOADS[4]),
            Reference(2, PAYLOADS[5], url=BAD_URLS[3], title=PAYLOADS[6], anchor=PAYLOADS[3])]
    promos = [Promotion("coupon", HOSTILE, url=BAD_URLS[0], code=PAYLOADS[0],
                        merchant=PAYLOADS[1]),
              Promotion(PAYLOADS[2], PAYLOADS[4], url=BAD_URLS[2], inline=True)]
    return Page(url="https://xss.example/post/", title="xss " + HOSTILE, authors=PAYLOADS[:3],
                published=PAYLOADS[4], site_name=PAYLOADS[1], language=PAYLOADS[3],
                body=Body("xss body " + HOSTILE, "<p>fine</p>" + HOSTILE),
                references=refs, promotions=promos, comments=comments,
                comments_state=PAYLOADS[2], is_article=True)


@pytest.fixture
def ds(tmp_path):
    path = tmp_path / "archive.db"
    with Archive(path) as archive:
        archive.store_page(_capture("https://xss.example/post/"), hostile_page())
    return Datasette([str(path)], **datasette_options())


def assert_no_executable_markup(html: str, where: str) -> None:
    """Fail if the page could run anything a payload brought in."""
    for payload in PAYLOADS:
        assert payload not in html, (where, "payload verbatim", payload)
    root = lxml.html.document_fromstring(html)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        assert tag not in FORBIDDEN_TAGS, (where, tag)
        if tag == "script":
            assert "XSS" not in (el.text or "") and not el.get("src", "").startswith("x"), where
        if tag == "style":
            assert "XSS" not in (el.text or ""), where
        for name, value in el.attrib.items():
            name = name.lower()
            assert not name.startswith("on"), (where, tag, name, value)
            if name in URL_ATTRS:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                assert not SCRIPT_SCHEMES.match(cleaned), (where, tag, name, value)
            if name == "style":
                assert "XSS" not in value and "expression" not in value.lower(), where


async def _ids(ds, table):
    rows = (await ds.client.get(f"/archive/{table}.json?_shape=array&_col=id")).json()
    return [r["id"] for r in rows]


async def pages_to_check(ds) -> list[str]:
    paths = ["/", "/archive", "/-/article/1", "/-/charts", "/-/search?q=xss",
             "/-/search?q=alert&kind=reference", "/archive/article?id=1",
             "/archive/comment_thread?article_id=1",
             "/archive/articles_citing?pmid=&doi=" + quote("10.1/" + PAYLOADS[0]),
             "/archive/articles_citing?doi=&pmid=" + quote(PAYLOADS[1]),
             "/archive/promotions_by_kind?kind=", "/archive/promotions_by_kind?kind=coupon",
             "/archive/search?q=xss", "/archive/search?q=alert", "/archive/search?q=script",
             "/archive/search?q=%3Cscript%3Ealert('XSS1')%3C/script%3E",
             "/archive/comment_thread?article_id=%22%3E%3Cscript%3Ealert('XSS4')%3C/script%3E",
             "/archive/comments?_facet=author&_facet=author_url",
             "/archive/articles?_facet=site_name&_facet=language&_facet=comments_state",
             "/archive/promotions?_facet=kind&_facet=merchant&_facet=code",
             "/archive/article_references?_facet=journal&_facet=pmid",
             "/archive/comments?_search=xss", "/archive/article_stats", "/archive/sites"]
    for table in ("articles", "comments", "article_references", "promotions", "pages"):
        paths.append(f"/archive/{table}")
        paths.extend(f"/archive/{table}/{i}" for i in await _ids(ds, table))
    return paths


@pytest.mark.asyncio
async def test_no_executable_markup_on_any_page(ds):
    paths = await pages_to_check(ds)
    assert len(paths) > 30
    for path in paths:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert_no_executable_markup(response.text, path)


@pytest.mark.asyncio
async def test_payloads_are_shown_as_text(ds):
    """The hostile text is still there for researchers - escaped, not dropped."""
    thread = (await ds.client.get("/archive/comment_thread?article_id=1")).text
    assert "&lt;script&gt;alert(&#39;XSS1&#39;)&lt;/script&gt;" in thread
    page = (await ds.client.get("/-/article/1")).text
    assert "&lt;img src=x onerror=alert(&#39;XSS2&#39;)&gt;" in page  # comment text
    assert "<p>fine</p>" in page  # the safe part of the body survives sanitising
    search = (await ds.client.get("/archive/search?q=xss")).text
    assert "<mark>xss</mark>" in search.lower() and "&lt;svg onload" in search


@pytest.mark.asyncio
async def test_checker_catches_executable_markup():
    """The checker itself must fail on each kind of executable markup."""
    bad_pages = ['<p><img src=x onerror="alert(1)"></p>',
                 '<a href=" javascript:alert(1)">x</a>',
                 "<script>alert('XSS1')</script>",
                 "<svg><g onload='x'></g></svg>",
                 '<iframe src="https://evil.example"></iframe>']
    for html in bad_pages:
        with pytest.raises(AssertionError):
            assert_no_executable_markup(f"<html><body>{html}</body></html>", "probe")
