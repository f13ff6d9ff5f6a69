"""`fts_query(q)`: a search box's words as a safe FTS5 query (the SQL function the
Datasette plugin `healtharchive_fts` registers; benchmarks register it the same way).

Each word becomes a quoted term (so `vitamin-d` or a stray `"` is never an
FTS5 syntax error), a trailing `*` keeps prefix search (`vitam*`), "quoted
phrases" stay phrases, and at most 16 terms are kept. An empty box gives `""`,
which matches nothing instead of raising an error.
"""
import re

MAX_TERMS = 16
_SPLIT = re.compile(r'\s+|("[^"]*")')


def fts_query(q) -> str:
    """Translate a search box's text into an FTS5 MATCH expression."""
    text = str(q or "")
    if text.count('"') % 2:
        text += '"'
    terms = []
    for bit in _SPLIT.split(text):
        if not bit or bit == '""':
            continue
        if bit.startswith('"'):
            terms.append(bit)
            continue
        prefix = bit.endswith("*")
        word = bit.rstrip("*").replace('"', "")
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms[:MAX_TERMS]) or '""'
