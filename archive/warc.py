"""WARC files: write request/response records, read a response back (warcio).

Writing (`WarcWriter`): every HTTP exchange becomes a `request` and a
`response` record, each its own gzip member, appended to
`<folder>/<prefix>-<UTC time>-<pid>-<serial>.warc.gz`; a new file starts when
the current one passes `max_size` bytes. A response whose payload is
byte-identical to one already written by this writer becomes a `revisit`
record (identical-payload-digest profile), and its location is that of the
original record, so that a page row always points at a record with a payload.
Every record is flushed before `write_exchange` returns: the database may
point at it as soon as it has a location.

The body given to the writer is stored as it came from the server (possibly
still gzip-encoded); `Transfer-Encoding` is renamed to
`X-Archive-Orig-Transfer-Encoding` because the body is no longer chunked, and a
`Content-Length` that does not match the stored body is renamed likewise and
replaced by the real length.

Reading (`read_response`, `iter_responses`): the HTTP status, headers and
the payload with transfer and content encodings undone, from our files and
from WARC files written by other tools (wget, Browsertrix, ...).
"""
from __future__ import annotations

import io
import os
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_MAX_SIZE = 1024 ** 3  # 1 GiB, the usual WARC file size
GZIP_LEVEL = 6  # warcio uses 9: twice the time for ~2% smaller files
_RENAMED = "X-Archive-Orig-"


@dataclass(frozen=True)
class WarcLocation:
    """Where a record is: a file (relative to the writer's base folder), offset, length."""

    file: str
    offset: int
    length: int


@dataclass
class WarcResponse:
    """A response record read back: payload decoded, headers as (name, value) pairs."""

    url: str
    date: str | None
    status: int | None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    record_type: str = "response"

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")


class WarcWriter:
    """Appends gzipped request/response records to rotating files in `folder`."""

    def __init__(self, folder, *, base=None, prefix: str = "healtharchive",
                 max_size: int = DEFAULT_MAX_SIZE, info: dict | None = None):
        self.folder = Path(folder)
        self.base = Path(base) if base is not None else self.folder
        self.prefix = prefix
        self.max_size = max_size
        self.info = {"software": "healtharchive/0.1 (warcio)", "format": "WARC File Format 1.0",
                     **(info or {})}
        self._builder = WARCWriter(None, gzip=False)
        self._file = None
        self._path: Path | None = None
        self._serial = 0
        self._seen: dict[str, tuple[str, str, WarcLocation]] = {}  # digest -> (uri, date, loc)

    # ------------------------------------------------------------------ files
    def _open_next(self) -> None:
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._serial += 1
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        self._path = self.folder / f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
        self._file = open(self._path, "ab")
        self._append(self._builder.create_warcinfo_record(self._path.name, self.info))

    def _ensure_file(self) -> None:
        if self._file is None or self._file.tell() >= self.max_size:
            self._open_next()

    def _append(self, record) -> WarcLocation:
        """Write one record as its own gzip member; return where it went."""
        buf = io.BytesIO()
        self._builder._write_warc_record(buf, record)
        comp = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        data = comp.compress(buf.getvalue()) + comp.flush()
        offset = self._file.tell()
        self._file.write(data)
        self._file.flush()
        return WarcLocation(self._relative(self._path), offset, len(data))

    def _relative(self, path: Path) -> str:
        try:
            return os.path.relpath(path, self.base)
        except ValueError:  # another drive (Windows)
            return str(path)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    # ---------------------------------------------------------------- records
    def write_exchange(self, url: str, *, method: str = "GET",
                       request_headers: list[tuple[str, str]] = (), status: int = 200,
                       response_headers: list[tuple[str, str]] = (), body: bytes = b"",
                       protocol: str | None = "HTTP/1.1", ip: str | None = None) -> WarcLocation:
        """Write a request and its response; return the location of the response
        record (or, for an identical payload already written, of that record)."""
        self._ensure_file()
        protocol = protocol or "HTTP/1.1"
        resp_headers = StatusAndHeaders(_status_line(status), _fix_headers(response_headers, body),
                                        protocol=protocol)
        warc_extra = {"WARC-IP-Address": ip} if ip else {}
        resp = self._builder.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                length=len(body), http_headers=resp_headers,
                                                warc_headers_dict=warc_extra)
        digest = resp.rec_headers.get_header("WARC-Payload-Digest")
        date = resp.rec_headers.get_header("WARC-Date")
        if body and digest in self._seen:
            first_uri, first_date, loc = self._seen[digest]
            resp = self._builder.create_revisit_record(url, digest, first_uri, first_date,
                                                       http_headers=resp_headers)
            resp.rec_headers.replace_header("WARC-Date", date)
            self._append(self._request(url, method, request_headers, protocol, resp))
            self._append(resp)
            return loc
        self._append(self._request(url, method, request_headers, protocol, resp))
        loc = self._append(resp)
        if body:
            self._seen[digest] = (url, date, loc)
        return loc

    def _request(self, url, method, headers, protocol, resp):
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        head = StatusAndHeaders(f"{method} {target}", list(headers), protocol=protocol,
                                is_http_request=True)
        req = self._builder.create_warc_record(url, "request", http_headers=head)
        req.rec_headers.replace_header("WARC-Date", resp.rec_headers.get_header("WARC-Date"))
        req.rec_headers.add_header("WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID"))
        return req


def _status_line(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase}"


def _fix_headers(headers, body: bytes) -> list[tuple[str, str]]:
    """Rename headers that no longer describe the stored body (see module docstring)."""
    out = []
    length_ok = False
    for name, value in headers:
        low = name.lower()
        if low == "transfer-encoding":
            name = _RENAMED + name
        elif low == "content-length":
            if value.strip() == str(len(body)):
                length_ok = True
            else:
                name = _RENAMED + name
        out.append((name, value))
    if not length_ok:
        out.append(("Content-Length", str(len(body))))
    return out


# -------------------------------------------------------------------- reading
def _target_uri(record) -> str | None:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return uri.strip().lstrip("<").rstrip(">") if uri else uri  # wget wrote <...> once


def _to_response(record, *, body: bool = True) -> WarcResponse:
    http = record.http_headers
    status = None
    if http is not None:
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
    headers = list(http.headers) if http is not None else []
    payload = b""
    if body and record.rec_type == "response":
        payload = record.content_stream().read()
    return WarcResponse(url=_target_uri(record),
                        date=record.rec_headers.get_header("WARC-Date"), status=status,
                        headers=headers, body=payload, record_type=record.rec_type)


def read_response(path, offset: int) -> WarcResponse:
    """The response (or revisit) record that starts at `offset` in the WARC file `path`."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            return _to_response(record)
    raise ValueError(f"no WARC record at {path}:{offset}")


def iter_responses(path, *, bodies: bool = True) -> Iterator[tuple[int, int, WarcResponse]]:
    """(offset, length, response) for every response record of a WARC file, in order.
    With `bodies=False` the payload is skipped (empty `body`): a fast scan for an index."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        for record in it:
            if record.rec_type != "response":
                continue
            response = _to_response(record, body=bodies)
            it.read_to_end()
            yield it.get_record_offset(), it.get_record_length(), response
