"""The splitter on the bundled demo blog: every article page, fetched from the
demo server on 127.0.0.1, splits into exactly its ground truth (`content.ARTICLES`):
the block promotions with their kind and whole text, the references, the comments
of the first comment page, and a body that holds none of them."""
from __future__ import annotations

import urllib.request

import pytest

from archive import split_page
from archive.demo.content import ARTICLES
from archive.demo.server import serve_blog


def norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pages():
    server, base = serve_blog("127.0.0.1", 0)
    try:
        out = {}
        for article in ARTICLES:
            url = f"{base}/{article.slug}/"
            with urllib.request.urlopen(url, timeout=10) as resp:
                out[article.slug] = split_page(resp.read(), url)
        yield out
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_block_promotions_whole_and_out_of_the_body(pages, article):
    page = pages[article.slug]
    expected = [(p.kind, norm(p.text)) for p in article.promotions if p.kind != "affiliate"]
    got = [(p.kind, norm(p.text)) for p in page.promotions if p.kind != "affiliate"]
    assert sorted(k for k, _ in got) == sorted(k for k, _ in expected)
    for kind, text in expected:  # the whole box (a button's words may follow)
        assert any(k == kind and t.startswith(text) for k, t in got), (kind, text, got)
    body = norm(page.body.text)
    for kind, text in expected:
        for sentence in text.split(". "):
            assert sentence not in body, (kind, sentence)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_references_and_comments_out_of_the_body(pages, article):
    page = pages[article.slug]
    assert [(r.doi, r.pmid) for r in page.references] == \
        [(r.doi, r.pmid) for r in article.references]
    body = norm(page.body.text)
    for ref in article.references:
        assert norm(ref.text) not in body
    first_page = [c for c in article.comments if c.page == 1 and not c.is_pingback]
    assert [c.id for c in page.comments] == [c.key for c in first_page]
    for comment in first_page:
        assert norm(comment.text) not in body
