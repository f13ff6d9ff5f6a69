"""Reference extraction: one behaviour per test, on small inline HTML."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.citations import clean_doi, find_ids, parse_citation
from archive.extract.context import Context
from archive.extract.references import extract_references

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

VANCOUVER = ("Shear NH, Spielberg SP. Anticonvulsant hypersensitivity syndrome. In vitro "
             "assessment of risk. J Clin Invest. 1988;82(6):1826-32.")
APA = ("Li, J.-Y., Smith, A. B., & Doe, C. (2016). Sex steroid deficiency-associated bone "
       "loss is microbiota dependent. Journal of Clinical Investigation, 126(6), 2049-2063.")
MLA = ('Li, Jau-Yi, et al. "Sex steroid deficiency-associated bone loss is microbiota '
       'dependent and prevented by probiotics." J Clin Invest 126.6 (2016): 2049-63.')


def run(html: str, url: str | None = "https://blog.example/post"):
    root = lxml.html.document_fromstring(html)
    ctx = Context(url=url)
    refs = extract_references(root, ctx)
    return refs, root, ctx


def body_text(root) -> str:
    return " ".join(root.text_content().split())


# --- the citation parser -------------------------------------------------------

def test_parse_vancouver():
    got = parse_citation(VANCOUVER)
    assert got["authors"] == ["Shear NH", "Spielberg SP"]
    assert got["title"] == "Anticonvulsant hypersensitivity syndrome. In vitro assessment of risk"
    assert got["journal"] == "J Clin Invest"
    assert got["year"] == 1988


def test_parse_apa():
    got = parse_citation(APA)
    assert got["authors"] == ["Li, J.-Y.", "Smith, A. B.", "Doe, C."]
    assert got["title"] == "Sex steroid deficiency-associated bone loss is microbiota dependent"
    assert got["journal"] == "Journal of Clinical Investigation"
    assert got["year"] == 2016


def test_parse_mla():
    got = parse_citation(MLA)
    assert got["authors"] == ["Li, Jau-Yi"]
    assert got["title"].startswith("Sex steroid deficiency-associated bone loss")
    assert got["journal"] == "J Clin Invest"
    assert got["year"] == 2016


def test_parse_bmc_colon_style_and_et_al():
    got = parse_citation("Brugada P, Brugada J: Right bundle branch block and sudden death. "
                         "J Am Coll Cardiol 1992, 20:1391-6.")
    assert got["authors"] == ["Brugada P", "Brugada J"]
    assert got["journal"] == "J Am Coll Cardiol" and got["year"] == 1992
    got = parse_citation("Peyriere H et al. Variability of drug reactions. Br J Dermatol. 2006;155:422-8.")
    assert got["authors"] == ["Peyriere H"] and got["title"] == "Variability of drug reactions"


def test_parse_never_raises_on_junk():
    for text in ("", "(((", "2016", "x" * 5000, '"unterminated'):
        got = parse_citation(text)
        assert set(got) == {"authors", "title", "journal", "year"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.lists(st.text(max_size=80), max_size=3))
def test_parser_and_ids_never_raise(text, hrefs):
    got = parse_citation(text)
    assert set(got) == {"authors", "title", "journal", "year"}
    assert set(find_ids(text, hrefs)) == {"doi", "pmid", "pmcid"}


def test_find_ids_from_links_and_text():
    ids = find_ids("Some entry.", [
        "https://doi.org/10.1111%2Fj.1365-2133.2006.07284.x",
        "http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=3198757",
        "http://www.ncbi.nlm.nih.gov/pmc/articles/PMC442760"])
    assert ids == {"doi": "10.1111/j.1365-2133.2006.07284.x", "pmid": "3198757",
                   "pmcid": "PMC442760"}
    ids = find_ids("Am J Cardiol 1994. doi:10.1016/0002-9149(94)90310-7. PMID: 7942526; PMCID: PMC12345.")
    assert ids == {"doi": "10.1016/0002-9149(94)90310-7", "pmid": "7942526", "pmcid": "PMC12345"}
    assert find_ids("x", ["https://pubmed.ncbi.nlm.nih.gov/28825351/"])["pmid"] == "28825351"


def test_clean_doi_strips_trailing_punctuation_but_keeps_balanced_parens():
    assert clean_doi("10.1000/abc.123).") == "10.1000/abc.123"
    assert clean_doi("10.1016/0002-9149(90)91040-D,") == "10.1016/0002-9149(90)91040-D"
    assert clean_doi("not-a-doi") is None


# --- reference lists -----------------------------------------------------------

NUMBERED = f"""<html><body><article>
<p>Bone loss depends on the microbiota [1]. Probiotics help [2].</p>
<h2>References</h2>
<ol><li>{VANCOUVER} <a href="https://doi.org/10.1172/JCI113798">doi</a>
 <a href="https://scholar.google.com/x">Google Scholar</a></li>
<li>{APA}</li><li>{MLA} <a href="https://pubmed.ncbi.nlm.nih.gov/27111232/">PubMed</a></li></ol>
<p>Thanks for reading this post about bones!</p>
</article></body></html>"""


def test_numbered_list_after_heading():
    refs, root, ctx = run(NUMBERED)
    assert [r.position for r in refs] == [1, 2, 3]
    assert refs[0].doi == "10.1172/JCI113798" and refs[0].url == "https://doi.org/10.1172/JCI113798"
    assert "Google Scholar" not in refs[0].text and refs[0].text.startswith("Shear NH")
    assert refs[2].pmid == "27111232" and "PubMed" not in refs[2].text
    assert refs[1].year == 2016 and refs[1].journal == "Journal of Clinical Investigation"
    assert any(n["rule"] == "heading" for n in ctx.explain)


def test_list_and_heading_removed_from_tree_body_kept():
    refs, root, _ = run(NUMBERED)
    text = body_text(root)
    assert "Spielberg" not in text and "References" not in text and "Jau-Yi" not in text
    assert "Bone loss depends on the microbiota" in text
    assert "Thanks for reading this post" in text


def test_wordpress_footnotes_block_with_markers():
    html = """<html><body><div class="entry-content">
<p>Vitamin D matters.<sup data-fn="a1" class="fn"><a href="#a1" id="a1-link">1</a></sup>
So does calcium.<sup data-fn="b2" class="fn"><a href="#b2" id="b2-link">2</a></sup></p>
<ol class="wp-block-footnotes"><li id="a1">Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357:266-81.
<a href="#a1-link" aria-label="Jump to footnote reference 1">↩︎</a></li>
<li id="b2">My own note on calcium. <a href="#b2-link">↩︎</a></li></ol></div></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 2
    assert refs[0].anchor == "a1" and refs[0].markers == ["a1-link"]
    assert refs[0].text == "Holick MF. Vitamin D deficiency. N Engl J Med. 2007;357:266-81."
    assert refs[1].text == "My own note on calcium."
    assert "Holick" not in body_text(root) and "Vitamin D matters." in body_text(root)


def test_wikipedia_cite_notes_and_markers():
    html = """<html><body><div id="content"><p>Wellington is the capital.<sup id="cite_ref-1"
class="reference"><a href="#cite_note-1">[1]</a></sup> Auckland is larger.<sup id="cite_ref-2a"
class="reference"><a href="#cite_note-2">[2]</a></sup><sup id="cite_ref-2b" class="reference">
<a href="#cite_note-2">[2]</a></sup></p>
<h2><span class="mw-headline" id="Citations">Citations</span></h2>
<div class="reflist"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span>
<span class="reference-text"><cite>"Capital city". Government. Retrieved 1 May 2010.</cite></span></li>
<li id="cite_note-2"><span class="mw-cite-backlink">^ <a href="#cite_ref-2a">a</a>
<a href="#cite_ref-2b">b</a></span> <span class="reference-text">Smith, J. (2011). "Cities".
<i>Nature</i>. 470: 1. <a href="https://doi.org/10.1038/470001a">doi:10.1038/470001a</a>.</span></li>
</ol></div></div></body></html>"""
    refs, root, _ = run(html)
    assert [r.anchor for r in refs] == ["cite_note-1", "cite_note-2"]
    assert refs[0].markers == ["cite_ref-1"] and refs[1].markers == ["cite_ref-2a", "cite_ref-2b"]
    assert refs[0].text == '"Capital city". Government. Retrieved 1 May 2010.'
    assert refs[1].doi == "10.1038/470001a" and refs[1].year == 2011
    text = body_text(root)
    assert "Citations" not in text and "Retrieved" not in text and "Wellington" in text


def test_sources_paragraph_split_on_br():
    html = """<html><body><article><p>Drink water.</p>
<p><strong>Sources:</strong><br>CDC. Water and health. 2021. <a href="https://www.cdc.gov/water">cdc.gov</a><br>
Popkin BM et al. Water, hydration and health. Nutr Rev. 2010;68(8):439-58.</p>
</article></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 2
    assert refs[0].url == "https://www.cdc.gov/water" and refs[1].year == 2010
    assert "Popkin" not in body_text(root) and "Drink water." in body_text(root)


def test_sources_heading_followed_by_paragraphs_stops_at_plain_text():
    html = """<html><body><article><p>Walk daily.</p><h3>Sources</h3>
<p>Smith A. Walking and health. Am J Med. 2015;128(3):1-9.</p>
<p>Jones B. Steps per day. <a href="https://example.org/steps">example.org</a> 2019.</p>
<p>Disclaimer: this post is not medical advice and you should ask your doctor.</p>
</article></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 2
    assert "Disclaimer: this post is not medical advice" in body_text(root)


def test_recipe_card_notes_are_not_references():
    html = """<html><body class="single category-recipes"><article class="recipe-post"><p>A lovely soup.</p>
<div class="wprm-recipe-container"><h3 class="wprm-recipe-notes-header">Notes</h3>
<div class="wprm-recipe-notes"><ul><li>Store leftovers in the fridge for up to 3 days.</li>
<li>Use vegetable broth to keep it vegan.</li><li>Freezes well for 2 months.</li></ul></div></div>
<h3>Notes</h3><ul><li>Soak the beans overnight, since 2019 I always do.</li>
<li>Add salt at the end.</li></ul></article></body></html>"""
    refs, root, _ = run(html)
    assert refs == []
    assert "Store leftovers in the fridge" in body_text(root)
    assert "Soak the beans overnight" in body_text(root)


def test_numbered_markers_to_table_cells():
    rows = "".join(
        f'<tr><td>{i}.</td><td><a name="B{i}"></a>Author{i} X, Other Y: Study number {i} of hearts. '
        f'Circulation 199{i}, {i}0:1{i}1-9.</td></tr>'
        f'<tr><td></td><td>Return to citation in text: [<a href="#M{i}">1</a>]</td></tr>'
        for i in range(1, 5))
    html = f"""<html><body><table><tr><td><p>Hearts fail
<a name="M1"></a>[<a href="#B1">1</a>] and fail again <a name="M2"></a>[<a href="#B2">2</a>],
<a name="M3"></a>[<a href="#B3">3-4</a>].</p></td></tr></table>
<table class="refs">{rows}</table></body></html>"""
    refs, root, ctx = run(html)
    assert len(refs) == 4 and refs[3].year == 1994
    assert refs[0].anchor == "B1" and refs[0].markers == ["M1"]
    assert "Study number" not in body_text(root) and "Hearts fail" in body_text(root)
    assert any(n["rule"] == "markers" for n in ctx.explain)


def test_ordered_list_of_clear_citations_without_heading():
    items = "".join(f"<li>Doe J{i}, Roe R. Trial {i}. Lancet. 201{i};3{i}(2):10-20. "
                    f"doi:10.1016/S0140-6736(1{i})60001-{i}</li>" for i in range(3))
    refs, root, _ = run(f"<html><body><p>Intro text.</p><ol>{items}</ol></body></html>")
    assert len(refs) == 3 and refs[2].doi == "10.1016/S0140-6736(12)60001-2"
    assert "Trial 1" not in body_text(root)


def test_ordered_list_of_steps_is_not_references():
    steps = "".join(f"<li>Step {i}: stir for {i} minutes at 180 degrees.</li>" for i in range(5))
    refs, root, _ = run(f"<html><body><ol>{steps}</ol></body></html>")
    assert refs == [] and "Step 3" in body_text(root)


# --- inline citations ----------------------------------------------------------

def test_inline_pubmed_links_one_reference_per_source_links_stay():
    html = """<html><body><nav><a href="https://pubmed.ncbi.nlm.nih.gov/1/">menu</a></nav><article>
<p>Calipers estimate body fat (<a href="https://www.ncbi.nlm.nih.gov/pubmed/13321517">1</a>).
DXA is precise (<a href="https://www.ncbi.nlm.nih.gov/pubmed/24090645">2</a>).</p>
<p>Again calipers (<a href="https://www.ncbi.nlm.nih.gov/pubmed/13321517">1</a>), and
<a href="https://doi.org/10.1038/ijo.2012.95" title="BIA review">a review of impedance</a> agrees.</p>
<p>See <a href="/other-post">our other post</a>.</p></article></body></html>"""
    refs, root, ctx = run(html)
    assert [r.pmid for r in refs] == ["13321517", "24090645", None]
    assert refs[2].doi == "10.1038/ijo.2012.95"
    assert refs[0].text == "Calipers estimate body fat (1)."
    assert "a review of impedance" in refs[2].text
    assert len(root.xpath("//article//a[contains(@href, 'pubmed')]")) == 3  # links stay
    assert "Calipers estimate body fat" in body_text(root)
    assert any(n["rule"] == "inline" for n in ctx.explain)


def test_inline_links_ignored_when_a_list_exists():
    html = NUMBERED.replace("Probiotics help [2].",
                            'Probiotics help (<a href="https://doi.org/10.1/xyz">2</a>).')
    refs, _, _ = run(html)
    assert len(refs) == 3


# --- real pages (skipped when the shared corpus is absent) ---------------------

@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_reference_pages_recall_and_no_leak():
    from archive.extract import clean
    from archive.extract.parse import parse_html

    index = json.loads((CORPUS / "index.json").read_text())
    pages = [p["id"] for p in index["pages"] if "references" in p["gt"]]
    assert pages
    for pid in pages:
        gt = json.loads((CORPUS / f"{pid}.json").read_text())
        root = parse_html(gzip.open(CORPUS / f"{pid}.html.gz").read())
        ctx = Context(url=gt.get("url"))
        clean.clean_tree(root, ctx)
        refs = extract_references(root, ctx)
        want = gt["references"]
        assert len(refs) >= 0.95 * want["count"], pid
        found = " ".join(f"{r.doi} {r.pmid} {r.url} {r.text}" for r in refs)
        for ident in want.get("dois", []) + want.get("pmids", []):
            assert ident in found, (pid, ident)
        body = " ".join(root.text_content().split()).lower()
        for snippet in want.get("with", []):
            assert " ".join(snippet.split()).lower() not in body, (pid, snippet)


# --- more markup families and heading forms ------------------------------------

def test_inline_heading_paragraph_with_br_entries():
    html = """<html><body><article><p>Sleep well.</p>
<p><strong>References:</strong><br>1. Walker M. Why we sleep. Scribner; 2017.<br>
2. Hirshkowitz M et al. Sleep duration recommendations. Sleep Health. 2015;1(1):40-3.</p>
</article></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 2
    assert refs[0].text.startswith("Walker M.") and refs[1].year == 2015
    assert "Hirshkowitz" not in body_text(root) and "Sleep well." in body_text(root)


def test_details_summary_sources_with_compound_heading():
    html = """<html><body><article><p>Eat fibre.</p><details><summary>Sources &amp; further
reading (2)</summary><ul><li><a href="https://www.who.int/fibre">WHO fibre guidance</a> (2023)</li>
<li>Reynolds A et al. Carbohydrate quality. Lancet. 2019;393:434-45.</li></ul></details>
</article></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 2 and refs[0].url == "https://www.who.int/fibre"
    assert "Reynolds" not in body_text(root) and "Eat fibre." in body_text(root)


def test_class_word_family_needs_citation_like_items():
    cited = """<div class="article-sources"><ul><li>Smith J. Salt. BMJ. 2010;340:c1.</li>
<li><a href="https://www.cdc.gov/salt">CDC salt facts</a></li></ul></div>"""
    refs, root, _ = run(f"<html><body><p>Less salt.</p>{cited}</body></html>")
    assert len(refs) == 2 and "CDC salt facts" not in body_text(root)
    menu = """<div class="sources-menu"><ul><li>Home</li><li>Shop</li><li>About us</li></ul></div>"""
    refs, root, _ = run(f"<html><body><p>Less salt.</p>{menu}</body></html>")
    assert refs == [] and "About us" in body_text(root)


def test_markdown_footnotes_strip_reverse_links():
    html = """<html><body><p>Claim<sup id="fnref:1"><a href="#fn:1" class="footnote">1</a></sup>.</p>
<div class="footnotes" role="doc-endnotes"><ol><li id="fn:1"><p>See the 2020 report.
<a href="#fnref:1" class="reversefootnote">&#8617;</a></p></li></ol></div></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 1 and refs[0].text == "See the 2020 report."
    assert refs[0].anchor == "fn:1" and refs[0].markers == ["fnref:1"]
    assert "2020 report" not in body_text(root)


def test_references_heading_on_a_recipe_blog_still_works():
    html = f"""<html><body class="single category-recipes"><article class="post recipe">
<p>Turmeric is good for you.</p><h3>References</h3><ol><li>{VANCOUVER}</li><li>{APA}</li></ol>
<h3>Related posts</h3><ul><li><a href="https://blog.example/soup">Soup</a></li></ul>
</article></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 2 and "Related posts" in body_text(root) and "Soup" in body_text(root)


def test_same_site_links_are_not_sources():
    html = """<html><body><article><p>Intro.</p><h3>Sources</h3>
<ul><li><a href="https://blog.example/a">Our soup post</a></li>
<li><a href="https://blog.example/b">Our stew post</a></li></ul></article></body></html>"""
    refs, root, _ = run(html)
    assert refs == [] and "Our stew post" in body_text(root)


def test_sources_word_opening_a_paragraph():
    html = """<html><body><article><p>Hydrate often.</p>
<p>Sources: <a href="https://www.cdc.gov/water">CDC, Water and Healthier Drinks (2022)</a><br>
<a href="https://www.who.int/water">WHO, Drinking-water fact sheet</a></p></article></body></html>"""
    refs, root, _ = run(html)
    assert [r.url for r in refs] == ["https://www.cdc.gov/water", "https://www.who.int/water"]
    assert refs[0].text == "CDC, Water and Healthier Drinks (2022)"
    assert "Drinking-water" not in body_text(root) and "Hydrate often." in body_text(root)


def test_wrapper_of_reference_paragraphs_and_definition_list():
    html = f"""<html><body><article><p>Intro text here.</p><h2>References</h2>
<div class="refs-body"><p>{VANCOUVER}</p><p>{APA}</p></div>
<h2>Literature cited</h2><dl><dt>[3]</dt><dd>{MLA}</dd></dl></article></body></html>"""
    refs, root, _ = run(html)
    assert len(refs) == 3 and refs[2].authors == ["Li, Jau-Yi"]
    assert "Spielberg" not in body_text(root) and "Intro text here." in body_text(root)


def test_link_labels_with_counts_are_dropped():
    html = f"""<html><body><p>x</p><ol class="references"><li>{VANCOUVER}
<a href="https://www.scopus.com/x">Scopus (120)</a> <a href="https://doi.org/10.1172/JCI113798">CrossRef</a></li></ol></body></html>"""
    refs, _, _ = run(html)
    assert refs[0].text == VANCOUVER and refs[0].doi == "10.1172/JCI113798"


@pytest.mark.parametrize("heading, rule", [("<h4>Footnotes</h4>", "heading"), ("<hr>", "markers")])
def test_footnote_paragraphs_at_the_end_of_the_text(heading, rule):
    long = "This is a long paragraph of the article body that goes on and on. " * 8
    html = f"""<html><body><div class="entry-content"><p>{long}Coffee helps<sup><a href="#fn1">1</a></sup>,
tea too<sup><a href="#fn2">2</a></sup> and so does cocoa<sup><a href="#fn3">3</a></sup>.</p><p>{long}</p>
{heading}
<p id="fn1">1. Poole R et al. Coffee consumption and health. BMJ. 2017;359:j5024.</p>
<p id="fn2">2. Yang CS et al. Tea and health. Annu Rev Nutr. 2019;39:1-20.</p>
<p id="fn3">3. Katz DL et al. Cocoa and chocolate in human health. Antioxid Redox Signal. 2011;15(10):2779-811.</p>
<p>4. Smith A. Uncited extra. J Nutr. 2012;142:1-2.</p>
</div></body></html>"""
    refs, root, ctx = run(html)
    assert [r.anchor for r in refs] == ["fn1", "fn2", "fn3", None]
    assert refs[0].text.startswith("Poole R et al.") and refs[2].year == 2011
    text = body_text(root)
    assert "Footnotes" not in text and "Poole" not in text and "Uncited extra" not in text
    assert "and so does cocoa" in text and text.count("goes on and on") == 16
    assert [n["rule"] for n in ctx.explain] == [rule]


def test_inline_link_in_a_trusted_source_element_counts_whatever_its_host():
    html = """<html><body><article><p>Heart disease is common
(<x-trusted-source><a href="https://www.heart.org/stats">1</a></x-trusted-source>), and
<a href="https://www.example-shop.com/scale">this scale</a> is on sale.</p></article></body></html>"""
    refs, _, _ = run(html)
    assert [r.url for r in refs] == ["https://www.heart.org/stats"]


def test_markup_hints_fill_title_and_journal_the_text_parser_misses():
    html = """<html><body><h3>References</h3><ol><li>Consensus statement of the registry:
<b>Survivors of cardiac arrest with apparently normal heart.</b><br><i>Circulation</i> 1997,
<b>95</b>:265-72.</li></ol></body></html>"""
    refs, _, _ = run(html)
    assert refs[0].journal == "Circulation" and refs[0].year == 1997
    assert refs[0].title == "Survivors of cardiac arrest with apparently normal heart"


def test_table_of_contents_entry_is_not_a_heading():
    html = f"""<html><body><ul class="toc"><li><a href="#refs"><span>References</span></a></li>
<li><a href="#x"><span>Other</span></a></li></ul><p>Text [<a href="#r1">1</a>],
[<a href="#r2">2</a>], [<a href="#r3">3</a>].</p><h2 id="refs">References</h2>
<ol><li id="r1">{VANCOUVER}</li><li id="r2">{APA}</li><li id="r3">{MLA}</li></ol></body></html>"""
    refs, root, _ = run(html)
    assert [r.anchor for r in refs] == ["r1", "r2", "r3"]
    assert root.xpath("//ul[@class='toc']//span/text()") == ["References", "Other"]


def test_reference_items_as_divs_under_a_heading():
    items = "".join(f'<div class="ref-cit-blk" id="R{i}">{i}. Doe J{i}. Trial {i}. '
                    f'<span>Lancet. 201{i};3{i}:1-9.</span></div>' for i in range(1, 4))
    html = f"""<html><body><p>Body text.</p><h2>References</h2>
<div class="ref-list-sec">{items}</div></body></html>"""
    refs, root, _ = run(html)
    assert [r.anchor for r in refs] == ["R1", "R2", "R3"] and refs[0].text.startswith("Doe J1.")
    assert "Trial 2" not in body_text(root) and "Body text." in body_text(root)


def test_markers_never_take_the_article_text_with_them():
    body = "<p>" + "Short article text that must stay in the body. " * 3 + "</p>"
    notes = "".join(f'<div><span id="n{i}">Doe J{i} et al. Study {i}. BMJ. 201{i};3:1-2. '
                    f'Also more words here to make it long enough.</span></div>' for i in range(1, 5))
    marks = " ".join(f'<a href="#n{i}">{i}</a>' for i in range(1, 5))
    html = f"<html><body><main><div class='post'>{body}<p>Cited {marks}.</p>{notes}</div></main></body></html>"
    refs, root, _ = run(html)
    assert len(refs) == 4
    assert "Short article text that must stay" in body_text(root) and "Study 3" not in body_text(root)


def test_wrapper_starting_with_source_word_is_not_taken():
    html = """<html><body><div class="entry">Source: <a href="https://x.org/a">x.org</a> 2020
<p>The whole article text lives here and must not be removed with the credit line.</p>
<p>More article text, with a link to <a href="https://y.org">y.org</a>.</p></div></body></html>"""
    refs, root, _ = run(html)
    assert "The whole article text lives here" in body_text(root)
