"""WARC writing and reading: round trip, encodings, revisits, rotation, validity."""
from __future__ import annotations

import gzip
import io

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.warc import WarcWriter, iter_responses, read_response

HTML = "<html><body><p>Vitamin D – 10 µg</p></body></html>".encode()


def writer(tmp_path, **kw) -> WarcWriter:
    return WarcWriter(tmp_path / "warc", base=tmp_path, **kw)


def test_round_trip(tmp_path):
    w = writer(tmp_path)
    loc = w.write_exchange("https://e.com/a/", request_headers=[("User-Agent", "test")],
                           status=200, response_headers=[("Content-Type", "text/html")], body=HTML)
    w.close()
    assert loc.file.startswith("warc/") and loc.file.endswith(".warc.gz")
    resp = read_response(tmp_path / loc.file, loc.offset)
    assert (resp.url, resp.status, resp.body, resp.content_type) == \
        ("https://e.com/a/", 200, HTML, "text/html")
    raw = (tmp_path / loc.file).read_bytes()[loc.offset:loc.offset + loc.length]
    assert b"WARC-Type: response" in gzip.decompress(raw)  # exactly one gzip member


def test_request_and_response_records_are_valid(tmp_path):
    w = writer(tmp_path)
    w.write_exchange("https://e.com/a/", request_headers=[("Accept", "text/html")], body=HTML,
                     response_headers=[("Content-Type", "text/html")])
    w.close()
    path = next((tmp_path / "warc").glob("*.warc.gz"))
    with open(path, "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"))
                   for r in ArchiveIterator(fh, check_digests=True)]
    assert records == [("warcinfo", None), ("request", "https://e.com/a/"),
                       ("response", "https://e.com/a/")]


def test_gzip_body_stored_raw_and_read_decoded(tmp_path):
    w = writer(tmp_path)
    raw = gzip.compress(HTML)
    loc = w.write_exchange("https://e.com/z/", body=raw, response_headers=[
        ("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked")])
    resp = read_response(tmp_path / loc.file, loc.offset)
    assert resp.body == HTML
    assert resp.header("X-Archive-Orig-Transfer-Encoding") == "chunked"
    assert resp.header("Content-Length") == str(len(raw))


def test_identical_payload_becomes_revisit_pointing_at_original(tmp_path):
    w = writer(tmp_path)
    first = w.write_exchange("https://e.com/a/", body=HTML,
                             response_headers=[("Content-Type", "text/html")])
    second = w.write_exchange("https://e.com/a/?x", body=HTML,
                              response_headers=[("Content-Type", "text/html")])
    w.close()
    assert second == first
    path = tmp_path / first.file
    with open(path, "rb") as fh:
        types = [r.rec_type for r in ArchiveIterator(fh)]
    assert types.count("revisit") == 1 and types.count("response") == 1


def test_rotation_by_size(tmp_path):
    w = writer(tmp_path, max_size=1500)
    locs = [w.write_exchange(f"https://e.com/{i}/", body=HTML + str(i).encode() * 500,
                             response_headers=[("Content-Type", "text/html")]) for i in range(4)]
    w.close()
    files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(files) > 1 and len({loc.file for loc in locs}) == len(files)
    for i, loc in enumerate(locs):
        assert read_response(tmp_path / loc.file, loc.offset).url == f"https://e.com/{i}/"


def test_reads_a_warc_written_by_another_tool(tmp_path):
    """A plain warcio WARC (one gzip stream per record, chunked body) reads back."""
    path = tmp_path / "other.warc.gz"
    chunked = b"5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain"),
                                              ("Transfer-Encoding", "chunked")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://e.com/c", "response",
                                            payload=io.BytesIO(chunked), http_headers=headers))
    (offset, length, resp), = list(iter_responses(path))
    assert resp.body == b"Hello world" and resp.status == 200
    assert read_response(path, offset).body == b"Hello world"
