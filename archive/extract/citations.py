"""One reference entry: its element's text, identifiers and printed fields.

- `element_text(el, ...)`: the entry's clean text and links (no backlinks, no
  "PubMed"/"Google Scholar" link labels, whose hrefs are kept for the ids);
- `citation_score(text, hrefs, host)`: how much it looks like a citation;
- `find_ids(text, hrefs)`: DOI, PMID, PMCID from links first, then the text;
- `parse_citation(text)`: authors / title / journal / year in the common
  printed styles (Vancouver, APA, MLA, BMC "Authors: Title. Journal year,
  vol:pages");
- `make_reference(...)`: all of it as one `Reference`.

Best effort, never raises: a field that cannot be read is None (or []).
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from ..model import Reference

_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_PMID_URL = re.compile(
    r"(?:/pubmed/|pubmed\.ncbi\.nlm\.nih\.gov/|[?&](?:list_uids|term)=)(\d{4,9})\b"
    r"|[?&]id=(\d{4,9})\b(?=.*pubmed)|(?<=pubmed)[^#]*?[?&]id=(\d{4,9})\b", re.I)
_PMID_TEXT = re.compile(r"\bPMID:?\s*(\d{4,9})\b")
_PMCID = re.compile(r"\b(PMC\d{4,9})\b")
_YEAR = re.compile(r"(?<![\d/.-])(1[89]\d\d|20[0-3]\d)[a-z]?(?![\d/-])")
_TRAIL = ".,;:'\"]>}"

# author names as printed: "Shear NH", "Li J-Y", "Li, J.-Y.", "Li, Jau-Yi"
_NAME = (r"(?:(?:de|da|di|du|van|von|der|den|del|la|le|dos|ten|ter) )*"
         r"[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)*")
_VANCOUVER_AUTHORS = re.compile(
    rf"^((?:{_NAME} [A-Z]{{1,3}}(?:,\s*| and |(?=[.:\s])))+(?:\s*et al\.?)?)[.:]?\s+")
_APA_YEAR = re.compile(
    r"^(.{3,400}?)\s*\((?:[^()]{0,20}?\s)?(\d{4})[a-z]?(?:, [^)]*)?\)\.?\s+")
_INITIALS = re.compile(r"^[A-Z][A-Z.\-\s]{0,8}$")
_GIVEN = re.compile(r"^[A-Z][\w\-'’]+(?: [A-Z]\.?)?$")
_MLA_TITLE = re.compile(r"^(.{3,300}?)[.,]?\s+[\"“]([^\"”]{5,400}?)[.,]?[\"”]\s*(.*)$")
_VOL_YEAR = re.compile(r"^(.{2,120}?)[.,]?\s+(\d{4})[a-z]?\s*[;,:(]")
_JOURNAL_VOL = re.compile(r"^([A-Z][^.;:]{1,120}?)[,.]?\s+(?:\d|\(\d{4})")


def clean_doi(raw: str) -> str | None:
    """URL-decode a DOI and strip trailing punctuation (keeping balanced parens)."""
    doi = unquote(raw).strip()
    while doi and (doi[-1] in _TRAIL or (doi[-1] == ")" and doi.count("(") < doi.count(")"))):
        doi = doi[:-1]
    doi = re.sub(r"/(?:full|abstract|pdf|epdf)$", "", doi)
    return doi if re.match(r"10\.\d{4,9}/\S+", doi) else None


def find_ids(text: str, hrefs: list[str] = ()) -> dict:
    """DOI, PMID and PMCID from the entry's links first, then from its text."""
    ids = {"doi": None, "pmid": None, "pmcid": None}
    for href in hrefs:
        decoded = unquote(href)
        if not ids["doi"]:
            m = _DOI.search(decoded)
            if m and ("doi" in decoded.lower() or decoded.lower().startswith("10.")):
                ids["doi"] = clean_doi(m.group(1))
        if not ids["pmid"] and ("pubmed" in decoded.lower() or "ncbi" in decoded.lower()):
            m = _PMID_URL.search(decoded)
            if m:
                ids["pmid"] = next(g for g in m.groups() if g)
        if not ids["pmcid"]:
            m = _PMCID.search(decoded)
            ids["pmcid"] = m.group(1) if m else None
    if not ids["doi"]:
        m = _DOI.search(text)
        ids["doi"] = clean_doi(m.group(1)) if m else None
    if not ids["pmid"]:
        m = _PMID_TEXT.search(text)
        ids["pmid"] = m.group(1) if m else None
    if not ids["pmcid"]:
        m = _PMCID.search(text)
        ids["pmcid"] = m.group(1) if m else None
    return ids


_PAREN_YEAR = re.compile(r"\((?:[^()]{0,20}?\s)?(1[89]\d\d|20[0-3]\d)[a-z]?\)")


def _year(text: str) -> int | None:
    """The publication year: a parenthesised one first ("(2016)"), else the first."""
    m = _PAREN_YEAR.search(text) or _YEAR.search(text)
    return int(m.group(1)) if m else None


def _split_authors(part: str) -> list[str]:
    """Split an author list printed in Vancouver, APA or MLA form."""
    part = re.sub(r"\bet al\.?|\band others\b", "", part).strip(" ,;:&")
    part = part if re.search(r"\b[A-Z]\.$", part) else part.rstrip(".")
    part = re.sub(r",?\s*(?:&|\band\b)\s+", ", ", part)
    pieces = [p.strip() for p in re.split(r";\s*|,\s+", part) if p.strip()]
    # APA/MLA "Surname, Initials" pairs: join a surname with the initials after it
    authors, i = [], 0
    while i < len(pieces):
        cur = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
        if " " not in cur and nxt and (_INITIALS.match(nxt) or (i == 0 and _GIVEN.match(nxt))):
            authors.append(f"{cur}, {nxt}")
            i += 2
            continue
        authors.append(cur)
        i += 1
    return [a for a in authors if 1 < len(a) < 80 and re.search(r"[A-Za-z]", a)][:50]


def _title_journal(rest: str) -> tuple[str | None, str | None]:
    """Title (first sentence(s)) and journal (the segment before the volume/year)."""
    rest = rest.strip()
    m = re.match(r"^(.{8,400}?[.?!])\s+(.*)$", rest)
    if not m:
        return (rest[:400] or None), None
    title, tail = m.group(1), m.group(2)
    # Vancouver: "Title. More title. J Clin Invest. 1988;82:1826" -> journal = last segment
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z])", rest)
    for i in range(1, len(sentences)):
        jm = _VOL_YEAR.match(sentences[i])
        if jm or re.match(r"^\d{4}[a-z]?\s*[;,:(]", sentences[i]):
            if jm:
                journal = jm.group(1)
            else:
                journal = sentences[i - 1].rstrip(".")
                i -= 1
            title = " ".join(sentences[:i]).strip() or title
            return title.rstrip(".") or None, journal.strip(" .,") or None
    jm = _JOURNAL_VOL.match(tail)
    return title.rstrip("."), (jm.group(1).strip(" .,") if jm else None)


def parse_citation(text: str) -> dict:
    """authors / title / journal / year from one entry's text (never raises)."""
    out = {"authors": [], "title": None, "journal": None, "year": None}
    try:
        _parse(text.strip(), out)
    except Exception:  # best effort: a strange entry keeps what was read so far
        pass
    if out["year"] is None:
        out["year"] = _year(text)
    return out


def _parse(text: str, out: dict) -> None:
    m = _MLA_TITLE.match(text)
    if m and len(m.group(1)) < 200:  # MLA / Wikipedia: Authors. "Title." Journal vol (year)
        head, out["title"], tail = m.group(1), m.group(2).strip(), m.group(3).lstrip(" .,")
        apa = _APA_YEAR.match(head + " ")
        out["authors"] = _split_authors(apa.group(1) if apa else head)
        jm = _JOURNAL_VOL.match(tail) or re.match(r"^([A-Z][^.;:\d]{1,100})", tail)
        out["journal"] = jm.group(1).strip(" .,") if jm else None
        out["year"] = _year(head) or _year(tail)
        return
    m = _APA_YEAR.match(text)
    if m and len(m.group(1)) < 300:  # APA: Authors (2016). Title. Journal, 12(3), 45-67.
        out["authors"] = _split_authors(m.group(1))
        out["year"] = int(m.group(2))
        out["title"], out["journal"] = _title_journal(text[m.end():])
        return
    m = _VANCOUVER_AUTHORS.match(text)
    if m:  # Vancouver / BMC: Shear NH, Spielberg SP. Title. J Clin Invest. 1988;82:1826.
        out["authors"] = _split_authors(m.group(1))
        rest = text[m.end():]
        out["title"], out["journal"] = _title_journal(rest)
        out["year"] = _year(rest)


# --- one entry's element: text and links --------------------------------------

_BACKLINK_HREF = re.compile(r"^#(?:cite_ref|fnref|ref-link|footnote-ref|easy-footnote-\d|_ftnref)|-link$", re.I)
_SKIP_TAGS = {"meta", "link", "img", "svg", "button", "input", "script", "style", "noscript"}
_SPACED_TAGS = {"br", "p", "div", "li", "td", "tr", "dd", "dt", "ul", "ol", "table", "h3", "h4"}
_COUNT = re.compile(r"\s*\(\d+\)$")
_SPACE = re.compile(r"\s+")
_LEAD_NUM = re.compile(r"^(?:(?:\[\d{1,3}\]|\d{1,3}[.)])\s*(?=[^\d\s])|\d{1,3}\s+(?=https?://|[A-Z]))")
_EMPTY_BRACKETS = re.compile(r"\[\s*[,;]?\s*\]|\(\s*\)")


def _is_backlink(el, text: str, backlinks, classes: str) -> bool:
    href = el.get("href") or ""
    return (text in backlinks or bool(_BACKLINK_HREF.search(href))
            or any(word in classes for word in ("backlink", "backref", "return", "reversefootnote")))


def element_text(el, backlinks, labels) -> tuple[str, list[str]]:
    """Visible text and link targets of one entry, without backlinks ("^", "↩")
    and without link labels ("PubMed", "Google Scholar"), whose hrefs are kept
    (they carry the PMID/DOI)."""
    parts: list[str] = []
    hrefs: list[str] = []

    def walk(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        classes = (node.get("class") or "").lower() if tag else ""
        keep = tag and tag not in _SKIP_TAGS and "cite-backlink" not in classes
        if keep and tag == "a":
            text = _COUNT.sub("", " ".join(node.text_content().split()).lower()).strip("[]() ")
            if _is_backlink(node, text, backlinks, classes):
                keep = False
            else:
                href = node.get("href")
                if href and not href.startswith("#"):
                    hrefs.append(href)
                keep = text not in labels
        if keep:
            spaced = tag in _SPACED_TAGS
            parts.append(" " if spaced else "")
            parts.append(node.text or "")
            for child in node:
                walk(child)
            parts.append(" " if spaced else "")
        if node is not el and node.tail:
            parts.append(node.tail)

    walk(el)
    return clean_text("".join(parts)), hrefs


def clean_text(text: str) -> str:
    """Collapse whitespace; drop a leading list number, backlink arrows left as
    plain text ("^", "↑", "↩") and brackets left empty."""
    text = _EMPTY_BRACKETS.sub("", _SPACE.sub(" ", text)).strip(" ^↑↩⤴\ufe0e\ufe0f")
    text = _LEAD_NUM.sub("", text)
    return _SPACE.sub(" ", text).strip(" ;,")


CLEAR_CITE = re.compile(  # unmistakable: identifiers, "et al", Vancouver volume/pages
    r"\bet al\b|\b10\.\d{4,9}/|\bPMID\b|\bPMC\d|\bdoi:|\b(?:19|20)\d\d[a-z]?\s*;\s*\d"
    r"|\b\d+\s*\(\d+\)\s*:\s*\d|\b(?:19|20)\d\d[a-z]?,\s*\d+\s*:\s*\d+\s*[-–]\s*\d", re.I)
JOURNAL_CITE = re.compile(  # journal-ish word then a year / volume (case-sensitive)
    r"\b(?:J|Journal|Proc|Ann|Am|Int|Eur|Clin|Med|Nutr|Rev|Res|Sci|Lancet|BMJ|JAMA|Nature)\b"
    r"[^.]{0,60}\b(?:19|20)\d\d\b[^.]{0,8}\d")
_SOURCE_CITE = re.compile(r"\bRetrieved\b|\bAccessed\b|\bISBN\b|\bvol\.\s*\d|\bpp?\.\s*\d"
                          r"|\(Abruf|\(Stand|\bAbgerufen\b|\bconsulté\b", re.I)
_SCHOLARLY_LINK = re.compile(r"doi\.org|ncbi\.nlm\.nih\.gov|pubmed|europepmc|/doi/", re.I)


def _external(href: str, host: str) -> bool:
    """An absolute link to another site than the page's own."""
    if not href.startswith(("http://", "https://", "//")):
        return False
    netloc = href.split("/", 3)[2].lower() if href.count("/") >= 2 else ""
    return not host or netloc.removeprefix("www.") != host.removeprefix("www.")


def citation_score(text: str, hrefs: list[str], host: str = "") -> int:
    """How much an entry looks like a citation: 3 = clearly (DOI, PMID, "et al",
    journal volume/pages, scholarly link), 2 = probably (Retrieved/ISBN, a link
    to another site with a year), 1 = weakly (a year, or a link to another
    site than `host`, the page's own), 0 = not at all."""
    if CLEAR_CITE.search(text) or JOURNAL_CITE.search(text) or any(
            _SCHOLARLY_LINK.search(h) for h in hrefs):
        return 3
    external = any(_external(h, host) for h in hrefs) or "http" in text
    year = _YEAR.search(text) is not None
    if _SOURCE_CITE.search(text) or (external and year):
        return 2
    return 1 if (external and len(text) > 15) or (year and len(text) > 30) else 0


# --- one Reference -------------------------------------------------------------

def page_host(url: str | None) -> str:
    """The lower-cased host of a URL ("" when unknown or malformed)."""
    try:
        return urlsplit(url).netloc.lower() if url else ""
    except ValueError:
        return ""


def first_external(hrefs, page_url) -> str | None:
    """The first absolute link that leaves the page's host (not a search engine)."""
    host = page_host(page_url)
    if page_url and not host:
        page_url = None
    for href in hrefs:
        try:
            url = urljoin(page_url, href) if page_url else href
            parts = urlsplit(url)
        except ValueError:  # a malformed link ("http://[::1") is no source
            continue
        if parts.scheme in ("http", "https") and parts.netloc and parts.netloc.lower() != host \
                and "scholar.google" not in parts.netloc:
            return url
    return None


def make_reference(position, text, hrefs, page_url, anchor=None, markers=(),
                   hints=None) -> Reference:
    """A Reference from one entry's clean text and links (ids, fields, url);
    `hints` (title / journal read from the markup) fill fields the text lacks."""
    ids = find_ids(text, hrefs)
    fields = parse_citation(text)
    for key, value in (hints or {}).items():
        if not fields[key] and value != fields["title"]:
            fields[key] = value
    return Reference(position=position, text=text, url=first_external(hrefs, page_url),
                     anchor=anchor, markers=[m for m in markers if m], **ids, **fields)
