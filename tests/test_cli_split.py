"""`healtharchive split FILE --url URL` prints the split contract as JSON."""
import gzip
import json

from click.testing import CliRunner

from archive.cli import cli

PAGE = """<html lang="en"><head><title>Knees and walking | Limber</title>
<meta property="og:type" content="article"></head><body>
<article class="post"><h1 class="entry-title">Knees and walking</h1>
<div class="entry-content"><p>Walking every day keeps the knees moving and the cartilage fed.</p>
<h2>References</h2><ol><li>Doe J, Roe R. Walking and cartilage. J Joint Res. 2019;12(3):45-50.
doi:10.5555/jjr.2019.045</li></ol></div></article>
<ol class="comment-list"><li id="comment-1" class="comment"><article class="comment-body">
<footer class="comment-meta"><div class="comment-author"><b class="fn">Ann</b></div></footer>
<div class="comment-content"><p>Does this help with arthritis as well?</p></div></article></li></ol>
</body></html>"""

CONTRACT_KEYS = {"url", "canonical_url", "title", "authors", "published", "modified", "language",
                 "site_name", "body", "references", "promotions", "comments"}


def run_split(tmp_path, *args, compress=False):
    path = tmp_path / ("page.html.gz" if compress else "page.html")
    data = PAGE.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    result = CliRunner().invoke(cli, ["split", str(path), *args])
    assert result.exit_code == 0, result.output
    return result


def test_split_prints_the_contract(tmp_path):
    out = json.loads(run_split(tmp_path, "--url", "https://limber.example/knees/").stdout)
    assert CONTRACT_KEYS <= set(out)
    assert "explain" not in out
    assert out["url"] == "https://limber.example/knees/"
    assert out["references"][0]["doi"] == "10.5555/jjr.2019.045"
    assert out["comments"][0]["author"] == "Ann"
    assert "arthritis" not in out["body"]["text"]


def test_split_reads_gzip(tmp_path):
    out = json.loads(run_split(tmp_path, compress=True).stdout)
    assert out["comments"][0]["text"].startswith("Does this help")


def test_explain_lists_the_rules(tmp_path):
    result = run_split(tmp_path, "--explain")
    out = json.loads(result.stdout)
    parts = {e["part"] for e in out["explain"]}
    assert {"comments", "references", "body"} <= parts
    assert "=> " in result.stderr and "1 comments" in result.stderr
