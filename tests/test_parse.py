"""Bytes to tree: charsets, empty pages, NUL bytes."""
from archive.extract.parse import parse_html


def test_declared_utf8_with_one_stray_byte_stays_utf8():
    html = '<html><head><meta charset="utf-8"></head><body><p>Größe café</p><p>bad \xfc byte</p></body></html>'
    raw = html.replace("\xfc", "@@").encode("utf-8").replace(b"@@", b"\xfc")
    text = parse_html(raw).text_content()
    assert "Größe café" in text


def test_declared_latin1_is_honoured():
    raw = '<html><head><meta charset="iso-8859-1"></head><body><p>Größe</p></body></html>'.encode("latin-1")
    assert "Größe" in parse_html(raw).text_content()


def test_undeclared_cp1252_falls_back():
    raw = "<html><body><p>“quoted” – dash ä</p></body></html>".encode("cp1252")
    assert "“quoted” – dash ä" in parse_html(raw).text_content()


def test_empty_and_whitespace_pages_give_none():
    assert parse_html(b"") is None
    assert parse_html(b"  \n ") is None


def test_nul_bytes_are_dropped():
    assert "ab" in parse_html(b"<p>a\x00b</p>").text_content()
