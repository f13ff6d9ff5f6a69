"""`healtharchive crawl --refresh`: fetch every stored page again, conditionally.

Each stored page is requested with the validators of its last capture
(`If-None-Match` from its ETag, `If-Modified-Since` from its Last-Modified,
both read from its WARC record). A 304 marks the URL done with the reason
"not modified since the last capture"; a 200 is split and stored again
(`Archive.store_page` updates the rows; comments no longer on the page are
marked deleted, never dropped).
"""
from __future__ import annotations

from archive.warc import read_response


def validators(base, row) -> dict:
    """Conditional-GET headers from the WARC record of a page's last capture."""
    headers = {}
    try:
        old = read_response(base / row["warc_file"], row["warc_offset"])
    except (OSError, ValueError, TypeError):
        return headers
    if old.header("ETag"):
        headers["If-None-Match"] = old.header("ETag")
    if old.header("Last-Modified"):
        headers["If-Modified-Since"] = old.header("Last-Modified")
    return headers


def refresh_requests(spider):
    """A conditional request for every stored page of the spider's site."""
    base = spider.archive.path.resolve().parent
    for row in list(spider.archive.db.query("SELECT url, warc_file, warc_offset FROM pages")):
        if row["url"] in spider.seen or not spider.scope.contains(row["url"]):
            continue
        spider.seen.add(row["url"])
        request = spider.make(row["url"], "article", handle_httpstatus_list=[304])
        request.headers.update(validators(base, row))
        yield request
