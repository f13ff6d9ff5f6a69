"""Body rules, one small page each, plus every corpus page without exception."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from archive import split_page
from archive.extract.body import extract_body, render_text
from archive.extract.clean import clean_tree
from archive.extract.context import Context
from archive.extract.parse import parse_html

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PROSE = ("Lentils are a cheap source of protein, fibre and iron, and they cook "
         "quickly without soaking. ")


def para(n: int = 3, word: str = "") -> str:
    return "".join(f"<p>{word}{PROSE * 2}</p>" for _ in range(n))


def body_of(html: str):
    root = parse_html(html)
    ctx = Context()
    clean_tree(root, ctx)
    return extract_body(root, ctx), ctx


def test_wordpress_entry_content_chosen_over_sidebar():
    html = (f"<body class='single-post'><div id='sidebar'><div class='widget'>{para(6, 'Sidebar ')}"
            f"</div></div><article class='post'><h1>Soup</h1><div class='entry-content'>"
            f"{para(2, 'Article ')}</div></article></body>")
    body, ctx = body_of(html)
    assert "Article" in body.text and "Sidebar" not in body.text
    assert any(n["part"] == "body" and n["rule"] == "content-class" for n in ctx.explain)


def test_tightest_container_holding_the_text_wins():
    html = (f"<div class='entry'><div class='entry-content'>{para(3)}</div>"
            "<div class='meta-share'>Share this on Facebook</div></div>")
    body, _ = body_of(html)
    assert "Share this" not in body.text


def test_readability_fallback_on_page_without_content_classes():
    links = "".join(f"<li><a href='/p{i}'>Other story number {i}</a></li>" for i in range(30))
    html = (f"<body><div id='top'><ul>{links}</ul></div>"
            f"<div id='x1'><div id='x2'>{para(5, 'Story ')}</div></div>"
            "<div id='bottom'><p>Copyright 2012</p></div></body>")
    body, ctx = body_of(html)
    assert body.text.count("Story ") == 5
    assert "Other story" not in body.text and "Copyright" not in body.text
    assert any(n["rule"] == "paragraph-score" for n in ctx.explain)


def test_boilerplate_inside_content_removed():
    html = ("<div class='entry-content'>" + para(3) +
            "<div class='sharedaddy'>Share this: Twitter Facebook</div>"
            "<div id='jp-relatedposts' class='jp-relatedposts'><p>" + PROSE * 4 + "Related soup</p></div>"
            "<nav class='breadcrumbs'>Home &gt; Soups</nav>"
            "<a class='wprm-recipe-jump' href='#recipe'>Jump to Recipe</a>"
            "<button>Print</button><aside>Pull quote box</aside>"
            "<footer class='entry-footer'>Tags: soup, lentils</footer></div>")
    body, _ = body_of(html)
    for gone in ("Share this", "Related soup", "Home >", "Jump to Recipe", "Print",
                 "Pull quote", "Tags:"):
        assert gone not in body.text
    assert body.text.count("Lentils") == 6


def test_named_block_with_real_paragraphs_is_kept():
    html = f"<div class='entry-content'><div class='content_body' id='TOC_TITLE_2'>{para(2)}</div></div>"
    body, _ = body_of(html)
    assert body.text.count("Lentils") == 4


def test_header_lead_kept_byline_header_dropped():
    html = (f"<article><header><p class='by'>posted on April 21</p></header>"
            f"<header class='intro'><p>{PROSE * 2}</p></header>{para(3)}</article>")
    body, _ = body_of(html)
    assert "posted on" not in body.text
    assert body.text.count("Lentils") == 8


def test_recipe_card_is_body():
    html = ("<div class='entry-content'>" + para(2) + "<div class='wprm-recipe-container'>"
            "<div class='wprm-recipe'><h2>Red Lentil Dahl</h2><ul class='wprm-recipe-ingredients'>"
            "<li>1 cup red lentils</li></ul><div class='wprm-recipe-instructions'>"
            "<p>Simmer for 20 minutes.</p></div></div></div></div>")
    body, _ = body_of(html)
    assert "1 cup red lentils" in body.text and "Simmer for 20 minutes." in body.text


def test_text_has_blocks_on_lines_and_headings_kept():
    root = parse_html("<div><h2>Why  lentils</h2><p>One <b>two</b>\n three</p><ul><li>a</li>"
                      "<li>b</li></ul>tail</div>")
    assert render_text(root.find(".//div")) == ["Why lentils", "One two three", "a", "b", "tail"]


def test_body_html_is_sanitised():
    html = ("<div class='entry-content'>" + para(2) +
            "<p><img src='https://cdn.example/x.jpg' alt='soup' onerror='x()'>"
            "<a href='javascript:evil()'>bad</a></p></div>")
    body, _ = body_of(html)
    assert "<p>" in body.html and "soup" in body.html
    assert "src=" not in body.html and "javascript" not in body.html and "onerror" not in body.html


def test_clean_drops_hidden_and_scripts_but_keeps_forms():
    html = ("<body><script>var a=1</script><p hidden>secret one</p>"
            "<div style='display: none'>secret two</div><span aria-hidden='true'>icon</span>"
            "<form id='commentform'><textarea>x</textarea></form><!-- note --><p>seen</p></body>")
    root = parse_html(html)
    clean_tree(root, Context())
    text = root.text_content()
    assert "seen" in text and "secret" not in text and "icon" not in text and "var a" not in text
    assert root.find(".//form") is not None


def test_clean_keeps_tail_text_of_removed_elements():
    root = parse_html("<p>before<script>x</script> after<!-- c --> end</p>")
    clean_tree(root, Context())
    assert root.find(".//p").text_content() == "before after end"


def test_split_page_explain_names_the_body_rule():
    page = split_page(f"<html><body><article>{para(3)}</article></body></html>")
    notes = [n for n in page.explain if n["part"] == "body"]
    assert notes and notes[0]["rule"] == "article/main" and "chars" in notes[0]["detail"]


def _corpus_pages():
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.html.gz"))


@pytest.mark.skipif(not _corpus_pages(), reason="../shared/corpus not present")
def test_every_corpus_page_splits_without_exception():
    empty = []
    for path in _corpus_pages():
        gt_path = path.with_name(path.name.replace(".html.gz", ".json"))
        url = json.loads(gt_path.read_text()).get("url") if gt_path.exists() else None
        page = split_page(gzip.decompress(path.read_bytes()), url)
        if not page.body.text:
            empty.append(path.name)
    assert not empty, f"pages with an empty body: {empty}"


def test_article_cut_into_sections_is_taken_whole():
    sections = "".join(f"<div class='sec'><div class='inner'>{para(3, f'Part{i} ')}</div></div>"
                       for i in range(3))
    html = f"<body><div id='menu'><a href='/'>Home</a></div><div id='story'>{sections}</div></body>"
    body, _ = body_of(html)
    assert all(f"Part{i}" in body.text for i in range(3))


def test_faq_toggle_answers_stay_but_toggle_labels_go():
    html = ("<div class='entry-content'>" + para(2) +
            "<div class='faq-toggle'><h3>Can I freeze it?</h3><p>Yes, for three months in an "
            "airtight container, thawed overnight in the fridge.</p></div>"
            "<span class='citation-toggle'>Hide sources</span></div>")
    body, _ = body_of(html)
    assert "Yes, for three months" in body.text
    assert "Hide sources" not in body.text


def test_body_html_whitespace_collapsed_and_empty_blocks_dropped():
    html = ("<div class='entry-content'>\n\n   <div>  <p>  </p> </div>\n   " + para(2) + "</div>")
    body, _ = body_of(html)
    assert "<p> </p>" not in body.html and "<div></div>" not in body.html
    assert "\n\n" not in body.html and "   " not in body.html


def test_recipe_card_controls_removed_card_kept():
    html = ("<div class='entry-content'><a id='jump-to-recipe' class='more-link'>Jump to Recipe</a>"
            + para(2) + "<div class='wprm-recipe'><div class='wprm-recipe-rating'>4.9 from 20 votes</div>"
            "<div class='wprm-recipe-buttons'><a class='wprm-recipe-link'>Print Recipe</a></div>"
            "<ul><li>2 cups oats</li></ul></div>"
            "<div class='wp-block-buttons'><a>Shop my cookbook</a></div></div>")
    body, _ = body_of(html)
    assert "2 cups oats" in body.text
    for gone in ("Jump to Recipe", "votes", "Print Recipe", "Shop my cookbook"):
        assert gone not in body.text


def test_pre_keeps_its_lines_and_cells_are_spaced():
    root = parse_html("<div><pre>line one\nline two</pre><table><tr><td>a</td><td>b</td></tr>"
                      "</table></div>")
    assert render_text(root.find(".//div")) == ["line one", "line two", "a b"]
