"""Fast answers to the metadata step's page-wide XPath queries.

On a page without JSON-LD the metadata step falls back on a cascade of
`//@class[...]/..` and `//@itemprop[...]/..` queries (authors, dates, bylines),
each a walk over every attribute of the page in libxml2 (~0.3 ms apiece, 2-6 ms
a page). `Selector` answers the usual class queries from one index (elements
by class string, one walk, built at the second such query) and remembers every
answer, since the cascade asks some queries twice. The tree is not modified
while the metadata step runs, so the answers stay valid.

Each fast query is keyed by its exact XPath text and returns the same list in
the same (document) order as the XPath; any other query, or a query whose text
changed in selectors.py, simply runs as XPath. tests/test_splitter_fastpaths.py
checks the equivalence on sample pages.
"""
from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from lxml import etree


@lru_cache(maxsize=None)
def compiled(path: str):
    return etree.XPath(path)


def _word(word):  # contains(concat(' ', ., ' '), ' word ')
    return lambda cls: f" {word} " in f" {cls} "


def _any(*parts):  # contains(., 'a') or contains(., 'b') ...
    return lambda cls: any(p in cls for p in parts)


# XPath text -> how to answer it:
# ("class", predicate on the class string): from the class index
# ("class-under", outer predicate, inner predicate): elements matching `inner`
#     strictly inside one matching `outer` (`//@class[outer]/..//*[inner]`)
# ("class-tag", predicate on the class string, predicate on (class, element)):
#     classed elements passing both
# ("tag", tag, predicate on the element): a C-level `iter(tag)` walk
FAST = {
    "//@class[contains(., 'date') or contains(., 'time') or contains(., 'meta')]/..":
        ("class", _any("date", "time", "meta")),
    "//@class[contains(., 'entry-date') or contains(., 'post-date')]/..":
        ("class", _any("entry-date", "post-date")),
    "//@class[contains(concat(' ', ., ' '), ' author-name ')]/..": ("class", _word("author-name")),
    "//@class[contains(concat(' ', ., ' '), ' entry-author-name ')]/..":
        ("class", _word("entry-author-name")),
    "//@class[. = 'author' or contains(., 'post-author')]/..":
        ("class", lambda cls: cls == "author" or "post-author" in cls),
    "//@class[contains(., 'byline')]/..": ("class", _any("byline")),
    "//@class[contains(concat(' ', ., ' '), ' byline ')]/..//*[contains(@class, 'author')]":
        ("class-under", _word("byline"), _any("author")),
    "//@class[contains(concat(' ', ., ' '), ' vcard ')]/..//*[contains(concat(' ', @class, ' '), ' fn ')]":
        ("class-under", _word("vcard"), _word("fn")),
    "//@class[contains(., 'meta') or contains(., 'byline') or contains(., 'post-info')"
    " or contains(., 'entry-info') or contains(., 'postinfo') or contains(., 'entry-footer')"
    " or contains(., 'post-footer')]/..":
        ("class", _any("meta", "byline", "post-info", "entry-info", "postinfo", "entry-footer",
                       "post-footer")),
    "//article[contains(@class, 'post')] | //@class[contains(., 'hentry')]/..":
        ("class-tag", lambda cls: "post" in cls or "hentry" in cls,
         lambda cls, el: "hentry" in cls or el.tag == "article"),
    "//a[@rel = 'author']": ("tag", "a", lambda el: el.get("rel") == "author"),
    "//article[contains(concat(' ', @class, ' '), ' type-page ')]":
        ("tag", "article", lambda el: " type-page " in f" {el.get('class') or ''} "),
}


class Selector:
    """Remembered answers to page-wide queries on one (unchanging) tree."""

    def __init__(self, root):
        self.root = root
        self.memo: dict = {}
        self._classes = None  # class string -> [(position, element)]
        self._class_queries = 0

    def __call__(self, path: str) -> list:
        hit = self.memo.get(path)
        if hit is None:
            fast = FAST.get(path)
            if fast and fast[0] != "tag":
                # the index (one walk, ~0.4 ms) pays from the second class query on
                self._class_queries += 1
                if self._classes is None and self._class_queries < 2:
                    fast = None
            hit = self.memo[path] = self._fast(*fast) if fast else compiled(path)(self.root)
        return list(hit)

    def _matching(self, test) -> list:
        """(position, element) of the elements whose class string passes `test`."""
        if self._classes is None:
            self._classes = {}
            for pos, el in enumerate(self.root.iter(etree.Element)):
                value = el.get("class")
                if value:
                    self._classes.setdefault(value, []).append((pos, el))
        return sorted(hit for value, hits in self._classes.items() if test(value) for hit in hits)

    def _fast(self, kind, test, inner=None) -> list:
        if kind == "tag":
            return [el for el in self.root.iter(test) if inner(el)]
        found = self._matching(test)
        if kind == "class-tag":
            found = [(pos, el) for pos, el in found if inner(el.get("class"), el)]
        elif kind == "class-under":
            outer = {el for _, el in found}
            found = [(pos, el) for pos, el in self._matching(inner)
                     if any(a in outer for a in el.iterancestors())]
        return [el for _, el in found]


CURRENT: ContextVar = ContextVar("metadata_selector", default=None)


class Query:
    """`compiled(path)` that answers from the running metadata step's Selector
    when it is asked about that step's root (see metadata.extract_metadata)."""

    __slots__ = ("path",)

    def __init__(self, path: str):
        self.path = path

    def __call__(self, node):
        sel = CURRENT.get()
        if sel is not None and node is sel.root:
            return sel(self.path)
        return compiled(self.path)(node)


@lru_cache(maxsize=None)
def query(path: str) -> Query:
    """One `Query` per XPath text (the metadata modules' `_xp`)."""
    return Query(path)
