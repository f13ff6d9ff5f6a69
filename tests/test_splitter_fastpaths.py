"""The splitter's fast paths give the same answers as the slow forms they replaced.

(parser with C-level element classes, text_content via the text serialiser,
Aho-Corasick anchor search, tag walks instead of XPaths), plus the date and
body-HTML fixes made alongside.
"""
from __future__ import annotations

import random

import lxml.html
import pytest
from lxml import etree

from archive import split_page
from archive.extract import meta_title, promo_text
from archive.extract import selectors as S
from archive.extract.dates import in_local_time, to_iso
from archive.extract.parse import Element, parse_html

PAGE = """<html><head><title>Oat bars | Site</title></head><body>
<header><h1 class="site-title"><a href="/">Site</a></h1></header>
<article><h1 class="entry-title">Oat bars</h1>
<div class="entry-content"><p>First <b>bold</b> paragraph with enough words to be the body
of this little article about oats, honey and a long afternoon.</p>
<!-- a markup comment --><?pi x?>
<h2>Method</h2><ul><li>Mix.</li><li>Bake.</li></ul>
<p>Second paragraph, still about oats and honey, long enough to count as real text.</p>
</div></article></body></html>"""


def test_xml_declared_xhtml_parses_from_str_and_bytes():
    page = '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Caf\u00e9 au lait</p></body></html>'
    for data in (page, page.encode("utf-8")):
        root = parse_html(data)
        assert root is not None and root.text_content() == "Caf\u00e9 au lait"


def test_declared_charset_nul_bytes_and_empty_pages():
    latin = '<meta charset="iso-8859-1"><p>\u00e9t\u00e9</p>'.encode("latin-1")
    assert parse_html(latin).text_content() == "\u00e9t\u00e9"
    assert parse_html(b"<p>a\x00b</p>").text_content() == "ab"
    assert parse_html(b"  \n ") is None and parse_html("") is None


def test_elements_use_the_fast_class_and_match_lxml_html_text_content():
    ours = parse_html(PAGE)
    theirs = lxml.html.document_fromstring(PAGE)
    pairs = list(zip(ours.iter(), theirs.iter()))
    assert len(pairs) > 15
    for a, b in pairs:
        if isinstance(a.tag, str):
            assert isinstance(a, Element)
            assert a.text_content() == b.text_content()


def _nodes_and_text(rng):
    words = list(S.PROMO_TEXT_ANCHORS) + ["plain", "text", "Ord", "er now", "Sign ", "up", " "]
    nodes = ["".join(rng.choice(words) for _ in range(rng.randint(0, 4))) for _ in range(40)]
    return nodes, "".join(nodes).lower()


@pytest.mark.skipif(promo_text._ANCHORS is None, reason="pyahocorasick not installed")
def test_anchor_search_with_and_without_the_automaton_agree():
    rng = random.Random(7)
    for _ in range(200):
        nodes, low = _nodes_and_text(rng)
        ends, total = [], 0
        for node in nodes:
            total += len(node)
            ends.append(total)
        fast = promo_text.anchor_nodes(low, ends)
        slow = promo_text.anchor_nodes(low, ends, automaton=None)
        assert fast == slow


def test_anchor_search_finds_words_split_across_nodes():
    nodes = ["Use the coupon", " and click ", "he", "re to ", "order", " now"]
    low = "".join(nodes).lower()
    ends = [sum(map(len, nodes[:i + 1])) for i in range(len(nodes))]
    hits = promo_text.anchor_nodes(low, ends, automaton=None)
    assert 0 in hits  # "coupon"
    assert 1 in hits  # "click here" starts in node 1
    assert 4 in hits  # "order now" starts in node 4
    assert promo_text.anchor_nodes(low, ends) == hits


def test_headline_tag_walks_equal_their_xpaths():
    root = parse_html(PAGE.replace("<h2>Method</h2>", "<h2 class='title'>Method</h2><h3>x</h3>"))
    for path in S.META_HEADLINE_XPATHS:
        assert meta_title._first(root, path, 100) == etree.XPath(path)(root)[:100]


def test_body_html_has_no_block_markers_and_text_keeps_its_lines():
    page = split_page(PAGE, "https://example.org/oat-bars/")
    assert "\ue000" not in page.body.html
    assert "<li>Mix.</li>" in page.body.html
    assert "Mix.\nBake." in page.body.text
    assert "\ue000" not in page.body.text


def test_printed_dates_with_a_dot_against_the_month():
    assert to_iso("8.Dezember 2010 um 09:43") == "2010-12-08T09:43:00"
    assert to_iso("8. Dezember 2010") == "2010-12-08T00:00:00"
    assert to_iso("Version 2.0, March 2017") is None  # still no day, no date


def test_utc_json_ld_date_is_restated_in_the_publishers_offset():
    assert in_local_time("2019-10-18T22:04:00+00:00",
                         [None, "2019-10-19T00:04:00+02:00"]) == "2019-10-19T00:04:00+02:00"
    # a different moment, or a date without an offset, changes nothing
    assert in_local_time("2019-10-18T22:04:00+00:00",
                         ["2019-10-19T09:00:00+02:00"]) == "2019-10-18T22:04:00+00:00"
    assert in_local_time("2019-10-18T22:04:00", ["2019-10-19T00:04:00+02:00"]) == \
        "2019-10-18T22:04:00"
    html = ('<html><head><meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",'
            ' "datePublished": "2019-10-18T22:04:00Z"}</script></head>'
            '<body><h1>H</h1><p>text</p></body></html>')
    assert split_page(html).published.startswith("2019-10-19")


NO_JSONLD = """<html><body class="single">
<div id="header" class="site-header"><h1 class="site-title">Site</h1></div>
<article class="post hentry type-post">
 <h1 itemprop="headline" class="entry-title">A post</h1>
 <div class="byline meta">By <span class="author vcard"><a class="fn" rel="author"
   href="/author/jane/">Jane Doe</a></span> on <time class="entry-date" datetime="2012-03-07">7 March 2012</time></div>
 <div itemprop="author" itemscope><span itemprop="name">Jane Doe</span></div>
 <p class="post-date">March 7, 2012</p><span class="author-name">Jane</span>
 <div class="entry-content"><p>Text.</p><div class="author">x</div></div>
 <footer class="entry-footer post-info"><span class="entry-author-name">J. Doe</span></footer>
</article>
<div class="comments"><div class="comment byline"><span class="author">Bob</span></div></div>
<article class="type-page"><p itemprop="datePublished">2012-03-08</p></article>
</body></html>"""


def test_metadata_selector_answers_equal_the_xpaths():
    from archive.extract.meta_select import FAST, Selector

    root = parse_html(NO_JSONLD)
    # the first class query runs as XPath, later ones from the index: both orders
    for paths in (list(FAST), list(reversed(FAST))):
        sel = Selector(root)
        for path in paths:
            expected = etree.XPath(path)(root)
            assert sel(path) == expected, path
            assert sel(path) == expected, path  # the remembered answer too
    assert all(etree.XPath(path)(root) for path in FAST)  # the sample exercises every one
