"""Turn the date strings pages print or declare into ISO 8601 strings."""
from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as _dateparser

_ISO_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DEFAULT = datetime(2000, 1, 1)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A day must be printed: "2017/01" or "March 2017" is not a publication date.
# ("8.Dezember 2010": a day's dot may touch the month, as text_content() joins
# `8.<a>Dezember 2010</a>`.)
_HAS_DAY = re.compile(
    rf"\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?(?:\.\s*|\s+){_MONTHS}\s*,?\s*\d{{4}}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*\d{{4}}", re.I)
# Month names of the languages the archive meets most, to English.
_FOREIGN_MONTHS = {
    "januar": "January", "jänner": "January", "februar": "February", "märz": "March",
    "mai": "May", "juni": "June", "juli": "July", "oktober": "October",
    "dezember": "December", "janvier": "January", "février": "February",
    "mars": "March", "avril": "April", "juin": "June", "juillet": "July",
    "août": "August", "septembre": "September", "octobre": "October",
    "novembre": "November", "décembre": "December", "enero": "January",
    "febrero": "February", "marzo": "March", "abril": "April", "mayo": "May",
    "junio": "June", "julio": "July", "agosto": "August",
    "septiembre": "September", "octubre": "October", "noviembre": "November",
    "diciembre": "December",
}
_FOREIGN_RE = re.compile(r"\b(" + "|".join(_FOREIGN_MONTHS) + r")\b", re.I)


def _english_months(text: str) -> str:
    return _FOREIGN_RE.sub(lambda m: _FOREIGN_MONTHS[m.group(1).lower()], text)


def to_iso(value: str | None) -> str | None:
    """Return `value` as an ISO 8601 string, or None when it is not a date.

    Machine dates (`2019-04-28 06:01:07`, `2015-03-27T13:07:55.096Z`) keep their
    time and offset; printed dates ("March 9, 2017", "9. März 2017" is not
    understood) are parsed by dateutil. A bare year or a string without a day
    gives None, so a stray number never becomes a date.
    """
    if not value:
        return None
    text = " ".join(str(value).split())[:80]
    if not text:
        return None
    try:
        if _ISO_SHAPE.match(text):
            return _dateparser.isoparse(text.replace(" ", "T", 1)).isoformat()
    except (ValueError, OverflowError):
        pass
    text = _english_months(text)
    found = _HAS_DAY.search(text)
    if not found:
        return None
    try:  # from the printed date on: words glued before it ("Post dateFebruary 9") confuse dateutil
        parsed = _dateparser.parse(text[found.start():], default=_DEFAULT, fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed.isoformat()


def _aware(iso: str | None):
    try:
        when = datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None
    return when if when is not None and when.utcoffset() is not None else None


def in_local_time(iso: str | None, others) -> str | None:
    """`iso`, a UTC time, as one of `others` states the same moment with the
    publisher's own offset ("2019-10-18T22:04:00Z" and "Sat, 19 Oct 2019
    00:04:00 +0200"): its day is the one the page prints. Else `iso` itself."""
    when = _aware(iso)
    if when is None or when.utcoffset():
        return iso
    for other in others:
        local = _aware(other)
        if local is not None and local.utcoffset() and local == when:
            return other
    return iso
