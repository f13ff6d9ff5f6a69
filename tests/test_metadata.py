"""Metadata rules, one small page each: JSON-LD, OpenGraph, meta, markup, title."""
from __future__ import annotations

import json

import pytest

from archive.extract.dates import to_iso
from archive.extract.metadata import extract_metadata
from archive.extract.parse import parse_html

KEYS = {"title", "authors", "published", "modified", "language", "site_name",
        "canonical_url", "is_article"}


def meta(head: str = "", body: str = "", url: str | None = "https://blog.example/post/",
         html_attrs: str = 'lang="en"', body_attrs: str = "") -> dict:
    html = f"<html {html_attrs}><head>{head}</head><body {body_attrs}>{body}</body></html>"
    return extract_metadata(parse_html(html), url)


def ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_keys_are_exactly_the_contract():
    assert set(meta()) == KEYS


def test_jsonld_graph_resolves_author_reference_to_person():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://blog.example/#website", "name": "Green Kitchen"},
        {"@type": "Article", "@id": "https://blog.example/post/#article",
         "headline": "Lentil Soup", "author": {"@id": "https://blog.example/#/person/1"},
         "datePublished": "2021-03-04T05:06:07+00:00", "dateModified": "2022-01-02T00:00:00+00:00"},
        {"@type": "Person", "@id": "https://blog.example/#/person/1", "name": "Ana Lima"},
    ]}
    m = meta(head=ld(graph))
    assert m["authors"] == ["Ana Lima"]
    assert m["published"] == "2021-03-04T05:06:07+00:00"
    assert m["modified"] == "2022-01-02T00:00:00+00:00"
    assert m["site_name"] == "Green Kitchen"
    assert m["title"] == "Lentil Soup"
    assert m["is_article"] is True


@pytest.mark.parametrize("author, expected", [
    ({"@type": "Person", "name": "Bo Chen"}, ["Bo Chen"]),
    ([{"@type": "Person", "name": "Bo Chen"}, {"@type": "Person", "name": "Di Park"}],
     ["Bo Chen", "Di Park"]),
    ("Bo Chen", ["Bo Chen"]),
])
def test_jsonld_author_as_object_list_or_string(author, expected):
    m = meta(head=ld({"@type": "BlogPosting", "headline": "X", "author": author}))
    assert m["authors"] == expected


def test_jsonld_in_cdata_is_read():
    script = ('<script type="application/ld+json">//<![CDATA[\n'
              '{"@type": "NewsArticle", "author": {"name": "Eve Ross"}}\n//]]></script>')
    assert meta(head=script)["authors"] == ["Eve Ross"]


def test_opengraph_fallback_when_no_jsonld():
    head = ('<meta property="og:title" content="Kale Chips">'
            '<meta property="og:site_name" content="Snack Lab">'
            '<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2019-04-28 06:01:07">'
            '<meta name="author" content="Fay Gold">')
    m = meta(head=head)
    assert (m["title"], m["site_name"], m["authors"]) == ("Kale Chips", "Snack Lab", ["Fay Gold"])
    assert m["published"] == "2019-04-28T06:01:07"
    assert m["is_article"] is True


def test_citation_meta_for_scholarly_pages():
    head = ('<meta name="citation_author" content="Marwan H. Adwan">'
            '<meta name="citation_publication_date" content="2017/01">'
            '<meta name="citation_online_date" content="2017/01/30">')
    m = meta(head=head)
    assert m["authors"] == ["Marwan H. Adwan"]
    assert m["published"].startswith("2017-01-30")  # "2017/01" has no day: skipped


def test_title_site_suffix_is_stripped_using_the_headline():
    head = '<title>Peanut Butter Truffles - Elavegan</title>'
    m = meta(head=head, body='<h1 class="entry-title">Peanut Butter Truffles</h1>')
    assert m["title"] == "Peanut Butter Truffles"


def test_title_suffix_naming_the_site_is_stripped_without_headline():
    head = ('<title>Babies Who Eat Peanuts Early May Avoid Allergy | Kids Health</title>'
            '<meta property="og:site_name" content="Kids Health">')
    assert meta(head=head)["title"] == "Babies Who Eat Peanuts Early May Avoid Allergy"


def test_site_logo_heading_is_not_the_title():
    head = "<title>Beef Liver with Apples |  Love Goes Through the Stomach</title>"
    body = ('<div id="header"><h1><a href="http://x.example">Love Goes Through the Stomach</a>'
            '</h1></div><div class="entry"><p>text</p></div>')
    assert meta(head=head, body=body)["title"] == "Beef Liver with Apples"


def test_headline_kicker_is_left_out_of_the_title():
    body = ('<h1 itemprop="headline"><span class="teaser__kicker">Pandemic</span>'
            '<span class="visually-hidden"> - </span><span>How people die matters</span></h1>')
    head = "<title>Pandemic - How people die matters | Cicero</title>"
    assert meta(head=head, body=body)["title"] == "How people die matters"


def test_markup_byline_and_entry_date():
    body = ('<article class="post"><h1 class="entry-title">Oat Bars</h1>'
            '<div class="byline">By <span class="author vcard"><a href="/a">Gil Moss</a></span></div>'
            '<time class="entry-date published" datetime="2012-06-24T11:39:00">June 24</time>'
            '</article><div id="comments"><a rel="author">Commenter</a></div>')
    m = meta(body=body)
    assert m["authors"] == ["Gil Moss"]
    assert m["published"] == "2012-06-24T11:39:00"


def test_byline_with_date_gives_name_and_date():
    body = '<div class="author">Von MORITZ GATHMANN am 21. April 2020</div>'
    m = meta(body=body)
    assert m["authors"] == ["MORITZ GATHMANN"]
    assert m["published"].startswith("2020-04-21")


def test_language_canonical_and_wordpress_single_post():
    head = '<link rel="canonical" href="/post/">'
    m = meta(head=head, html_attrs='lang="de-DE"', body_attrs='class="post-template-default single single-post"')
    assert m["language"] == "de-DE"
    assert m["canonical_url"] == "https://blog.example/post/"
    assert m["is_article"] is True


def test_listing_page_is_not_an_article():
    body = "".join(f'<article class="post hentry"><h2>Post {i}</h2></article>' for i in range(3))
    assert meta(body=body, body_attrs='class="home blog"')["is_article"] is False


def test_metadata_leaves_the_tree_untouched():
    root = parse_html("<html><head>" + ld({"@type": "Article"}) + "</head><body><p>x</p></body></html>")
    before = len(list(root.iter()))
    extract_metadata(root, None)
    assert len(list(root.iter())) == before


@pytest.mark.parametrize("text, expected", [
    ("2015-03-27T13:07:55.096Z", "2015-03-27T13:07:55.096000+00:00"),
    ("March 9, 2017", "2017-03-09T00:00:00"),
    ("8. Dezember 2010", "2010-12-08T00:00:00"),
    ("2017/01", None),
    ("Posted in 2019", None),
    ("", None),
])
def test_to_iso(text, expected):
    assert to_iso(text) == expected


def test_printed_posted_by_line_gives_the_author():
    body = ('<div class="postmeta">Posted by Tom Naughton in Good Science, News</div>'
            '<div class="comment-meta">Posted by Someone Else</div>')
    assert meta(body=body)["authors"] == ["Tom Naughton"]


def test_written_by_stops_at_the_line_end():
    body = '<p class="meta">Written by  Tim Ferriss\n\t\tTopics: Diet</p>'
    assert meta(body=body)["authors"] == ["Tim Ferriss"]


def test_entry_title_used_when_the_declared_title_is_the_site_name():
    head = '<title>Joy the Baker</title><meta property="og:site_name" content="Joy the Baker">'
    body = ('<div id="header"><h1>Joy the Baker</h1></div>'
            '<div class="post"><h3 class="title">Papa Says</h3><p>text</p></div>')
    assert meta(head=head, body=body)["title"] == "Papa Says"


def test_printed_date_in_a_date_class_outside_comments():
    body = ('<div class="datestamp">Nov 03 2012</div>'
            '<div class="comment-meta commentmetadata">November 4, 2012 at 11:27 am</div>')
    assert meta(body=body)["published"].startswith("2012-11-03")


def test_metadata_notes_its_sources_for_explain():
    from archive.extract.context import Context
    ctx = Context()
    root = parse_html("<html><head>" + ld({"@type": "Article", "headline": "A", "author": "B"})
                      + "</head><body></body></html>")
    extract_metadata(root, None, ctx)
    rules = {n["rule"] for n in ctx.explain if n["part"] == "metadata"}
    assert "json-ld author" in rules


def test_short_title_part_that_is_not_a_site_name_is_kept():
    assert meta(head="<title>Vitamin D | Benefits and Risks</title>")["title"] == \
        "Vitamin D | Benefits and Risks"
    assert meta(head="<title>Oat Bars With Dates - Ela Cooks</title>")["title"] == "Oat Bars With Dates"


def test_wordpress_static_pages_are_not_articles():
    from archive.extract.metadata import extract_metadata
    from archive.extract.parse import parse_html

    page = ('<html><head><meta property="og:type" content="website"></head>'
            '<body class="page-template-default page page-id-2"><article id="post-2" '
            'class="post-2 page type-page status-publish hentry"><h1>About me</h1></article></body></html>')
    post = page.replace("page-template-default page page-id-2", "post-template-default single single-post")
    assert extract_metadata(parse_html(page), None)["is_article"] is False
    assert extract_metadata(parse_html(post), None)["is_article"] is True
