"""The splitter's fast paths give the same answers as the slow forms they replaced.

(parser with C-level element classes, text_content via the text serialiser,
Aho-Corasick anchor search, tag walks instead of XPaths), plus the date and
body-HTML fixes made alongside.
"""
from __future__ import annotations

import random
from bisect import bisect_right

import lxml.html
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


def _anchor_nodes_by_find(low, ends):
    """The anchor search as a `str.find` loop per word (the oracle for the automaton)."""
    hits = set()
    for anchor in S.PROMO_TEXT_ANCHORS:
        pos = low.find(anchor)
        while pos != -1:
            i = bisect_right(ends, pos)
            hits.add(i)
            pos = low.find(anchor, ends[i]) if i < len(ends) else -1
    return sorted(hits)


def test_anchor_search_with_and_without_the_automaton_agree():
    rng = random.Random(7)
    for _ in range(200):
        nodes, low = _nodes_and_text(rng)
        ends, total = [], 0
        for node in nodes:
            total += len(node)
            ends.append(total)
        fast = promo_text.anchor_nodes(low, ends)
        slow = _anchor_nodes_by_find(low, ends)
        assert fast == slow


def test_anchor_search_finds_words_split_across_nodes():
    nodes = ["Use the coupon", " and click ", "he", "re to ", "order", " now"]
    low = "".join(nodes).lower()
    ends = [sum(map(len, nodes[:i + 1])) for i in range(len(nodes))]
    hits = _anchor_nodes_by_find(low, ends)
    assert 0 in hits  # "coupon"
    assert 1 in hits  # "click here" starts in node 1
    assert 4 in hits  # "order now" starts in node 4
    assert promo_text.anchor_nodes(low, ends) == hits


def test_headline_tag_walks_equal_their_xpaths():
    root = parse_html(PAGE.replace("<h2>Method</h2>", "<h2 class='title'>Method</h2><h3>x</h3>"))
    for path in S.META_HEADLINE_XPATHS:
        assert meta_title._first(root, path, 100) == etree.XPath(path)(root)[:100]
    assert set(meta_title._TAG_QUERIES) <= set(S.META_HEADLINE_XPATHS)  # no stale key


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
    # each key is a query the metadata step makes (an edited XPath would leave a stale key
    # and silently turn its fast answer off)
    from pathlib import Path

    from archive.extract import metadata

    asked = {v for v in vars(S).values() if isinstance(v, str)}
    asked |= {p for v in vars(S).values() if isinstance(v, tuple) for p in v if isinstance(p, str)}
    literal = Path(metadata.__file__).read_text(encoding="utf-8")
    assert [path for path in FAST if path not in asked and f'"{path}"' not in literal] == []


# --- fast paths of the speed pass (issue 6): each equals the slower form it replaced ---

LEAVES = """<html><head><title>T &amp; t</title><script>var a = "<b>";</script></head><body>
<p>plain</p><p></p><p>a &lt; b &#233; &nbsp;x</p><p><!-- c -->after comment</p>
<p>before<?pi x?>after pi</p><div><span>in</span> tail</div><a href="#">link<img src=x></a>
<pre>  keep
  lines </pre><textarea>raw &amp; text</textarea><p><![CDATA[cdata]]></p></body></html>"""


def test_leaf_text_content_equals_the_text_serialiser_and_xpath_string():
    string = etree.XPath("string()")
    root = parse_html(LEAVES)
    leaves = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        leaves += not len(el)
        serialised = etree.tostring(el, method="text", encoding="unicode", with_tail=False)
        assert el.text_content() == serialised == string(el), el.tag
    assert leaves >= 8  # the fast path ran on leaves with entities, empty text, CDATA ...


def test_parser_without_an_id_table_builds_the_same_tree():
    from archive.extract import parse

    page = PAGE.replace("<article>", '<article id="a"><p id="a">dup</p><p id="">e</p>')
    with_ids = etree.HTMLParser(encoding="utf-8")  # the parser as it was (collect_ids on)
    for data in (page.encode("utf-8"), LEAVES.encode("utf-8")):
        ours = parse.parse_html(data)
        theirs = etree.fromstring(data, with_ids)
        assert etree.tostring(ours) == etree.tostring(theirs)


def _boilerplate_kind_slow(el):
    """body._boilerplate_kind before its per-class-string cache (token by token)."""
    from archive.extract import body

    tag = el.tag
    if tag in S.BODY_DROP_TAGS:
        return "strong"
    kind = "weak" if tag in S.BODY_WEAK_DROP_TAGS else None
    if tag == "p" and el.text and body._TAGS_LABEL.match(el.text) and len(el):
        return "weak"
    names = (el.get("class") or "").split()
    if el.get("id"):
        names.append(el.get("id"))
    for name in names:
        found = body._token_kind(name)
        if body._RANK[found] > body._RANK[kind] and not (found == "label" and kind == "weak"):
            kind = found
    return kind


def test_boilerplate_class_cache_equals_token_by_token():
    from archive.extract import body

    rng = random.Random(11)
    words = sorted(S.BODY_BOILERPLATE_TOKENS)[:8] + sorted(S.BODY_BOILERPLATE_WORDS)[:8] + \
        sorted(S.BODY_LABEL_WORDS) + sorted(S.BODY_KEEP_WORDS)[:4] + \
        ["jump-to-recipe", "share-buttons", "entry-content", "post", "x", "relatedPosts"]
    kinds = set()
    for _ in range(600):
        el = etree.Element(rng.choice(["div", "p", "footer", "header", "section", "nav", "span"]))
        if rng.random() < 0.8:
            el.set("class", " ".join(rng.choice(words) for _ in range(rng.randint(0, 4))))
        if rng.random() < 0.4:
            el.set("id", rng.choice(words))
        kinds.add(body._boilerplate_kind(el))
        assert body._boilerplate_kind(el) == _boilerplate_kind_slow(el), etree.tostring(el)
    assert kinds >= {None, "weak", "strong", "label"}


def test_comment_lines_cleaned_in_one_pass_equal_line_by_line():
    from archive.extract import comments_fields as F

    def slow(text):
        lines = (F._WS.sub(" ", ln).strip() for ln in text.split("\n"))
        return "\n".join(ln for ln in lines if ln and not (
            len(ln) < 120 and S.MODERATION_RE.search(ln)))

    rng = random.Random(5)
    pieces = ["a", "b c", " ", "\t", "\n", "\u00a0", "\r", "\x0b", "\x0c", "\u2003",
              "Your comment is awaiting moderation.", "word"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert F._clean_lines(text) == slow(text), repr(text)


def test_comment_scan_reads_repeated_class_strings_once_with_the_same_result():
    from archive.extract.comments_find import build_items, scan

    thread = "".join(
        f'<li id="comment-{i}" class="comment even depth-1"><article class="comment-body">'
        f'<p>Comment {i}</p></article></li>' for i in range(1, 6))
    root = parse_html(f'<html><body><div id="comments" class="comments-area"><ol class="comment-list">'
                      f'{thread}</ol><form id="commentform" action="/wp-comments-post.php"></form>'
                      f'</div></body></html>')
    sc = scan(root)
    assert [c.key for c in sc.cands] == ["1", "2", "3", "4", "5"]
    assert all(c.classes == {"comment", "even", "depth-1"} for c in sc.cands)
    sc.cands[0].classes.add("x")  # each item has its own set (the cache holds frozensets)
    assert sc.cands[1].classes == {"comment", "even", "depth-1"}
    assert len(sc.forms) == 1 and [a.tag for a in sc.areas] == ["div", "ol"]
    assert [it.key for it in build_items(sc)] == ["1", "2", "3", "4", "5"]


def test_comment_scan_skips_only_tags_that_cannot_be_comments():
    from archive.extract.comments_find import _candidate, scan

    root = parse_html(
        '<html><body><div id="comments"><ol class="comment-list">'
        '<li id="comment-1" class="comment"><p>One</p><span class="comment comment-author">A</span></li>'
        '<blockquote id="comment-2" itemscope itemtype="https://schema.org/Comment"><p>Two</p></blockquote>'
        '<p id="comment-3" class="comment">Three</p><dt id="comment-4" class="comment">Four</dt>'
        '</ol></div></body></html>')
    keys = [c.key for c in scan(root).cands]
    assert keys == ["1", "2", "4"]
    for el in root.iter():  # the skipped elements are exactly those _candidate refuses
        if isinstance(el.tag, str) and el.tag not in S.COMMENT_ITEM_TAGS and not el.get("itemtype"):
            cls = el.get("class") or ""
            assert _candidate(el, el.tag, el.get("id"), frozenset(cls.split()), {}) is None


def test_recipe_class_cache_equals_the_regex_walk():
    root = parse_html('<html><body><div class="wprm-recipe-container"><p><a href="/x">x</a></p></div>'
                      '<div class="Tasty-Recipes"><span>y</span></div><div class="entry"><b>z</b></div>'
                      '</body></html>')
    for el in root.iter("a", "span", "b", "p"):
        slow = any(a.get("class") and S.PROMO_RECIPE_RE.search(a.get("class").lower())
                   for a in el.iterancestors())
        assert promo_text.in_recipe(el) == slow
    assert promo_text.in_recipe(next(root.iter("a"))) and not promo_text.in_recipe(next(root.iter("b")))
