"""Exact, faster yes/no answers from the big case-insensitive alternations.

Python's `re` cannot skip ahead on a long `re.I` alternation: at every position
of the text it tries every alternative (PROMO_DISCLOSURE_RE, ~30 of them, costs
~0.1 ms on a 1,500-character block). `Gated(rx)` splits the pattern into its
top-level alternatives, reads from the parsed pattern a literal that each one
cannot match without (a literal every match contains, or one of a set for
`(?:commission|affiliate fee)`), and groups the alternatives by that literal.
`search(text, low)` then runs only the groups whose literal is in the
lower-cased text. A match of the whole pattern is a match of one alternative,
and that alternative's literal is then in the text, so the answer is the same.

The literals are ASCII only: `str.lower()` folds ASCII as `re.I` does, except
for three characters that `re.I` also matches to ASCII letters (dotted and
dotless i, long s); a text holding one of them gets the plain pattern. Any
pattern this module cannot split exactly (checked against the parser) is
answered by the plain pattern too.
"""
from __future__ import annotations

import re
from re import _constants as C
from re import _parser as P

_ODD_FOLDS = ("\u0130", "\u0131", "\u017f")  # re.I matches them to i / s; str.lower() does not
_MIN_LITERAL = 3
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def alternatives(src: str) -> list[str]:
    """The pattern source cut at its top-level `|` (not inside groups or classes)."""
    out, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, ch in enumerate(src):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(src[start:i])
            start = i + 1
    out.append(src[start:])
    return out


def _ascii_runs(chars: list[str]) -> list[frozenset]:
    """Each ASCII stretch of a required literal run is itself required."""
    word = "".join(chars).lower()
    return [frozenset({part}) for part in re.split(r"[^\x00-\x7f]+", word) if part]


def needs(items) -> list[frozenset]:
    """Literal sets of which every match of the sequence `items` holds one member."""
    out, run = [], []
    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        out += _ascii_runs(run)
        run = []
        if op is C.SUBPATTERN:
            out += needs(av[-1].data)
        elif op is C.ATOMIC_GROUP:
            out += needs(av.data)
        elif op in _REPEATS and av[0] >= 1:
            out += needs(av[2].data)
        elif op is C.BRANCH:
            per = [best(needs(branch.data)) for branch in av[1]]
            if all(per):
                out.append(frozenset().union(*per))
        # anything else (classes, \b, lookarounds, optional parts) requires no literal
    return out + _ascii_runs(run)


def best(options: list[frozenset]) -> frozenset | None:
    """The gate whose shortest literal is longest (None: none of 3+ characters)."""
    options = [o for o in options if min(map(len, o)) >= _MIN_LITERAL]
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


class Gated:
    """`rx` answered group by group, each group run only when its literal is present."""

    def __init__(self, rx: re.Pattern):
        self.rx = rx
        try:  # (re._parser is private: a Python that changes it gets the plain pattern)
            self.parts = self._split(rx)
        except Exception:  # noqa: BLE001 - any surprise means "do not gate"
            self.parts = None

    @staticmethod
    def _split(rx):
        alts = alternatives(rx.pattern)
        tree = P.parse(rx.pattern, rx.flags).data
        if len(alts) < 2 or len(tree) != 1 or tree[0][0] is not C.BRANCH:
            return None
        branches = tree[0][1][1]
        if len(branches) != len(alts) or any(
                repr(P.parse(a, rx.flags).data) != repr(b.data) for a, b in zip(alts, branches)):
            return None  # the parser merged or reshaped alternatives: keep the plain pattern
        groups: dict = {}
        for src, branch in zip(alts, branches):
            groups.setdefault(best(needs(branch.data)) or frozenset(), []).append(src)
        return [(tuple(sorted(gate)), re.compile("|".join(srcs), rx.flags))
                for gate, srcs in groups.items()]

    def search(self, text: str, low: str | None = None) -> bool:
        """True when `rx.search(text)` matches; `low` is `text.lower()` if the caller has it."""
        if self.parts is None or (not text.isascii() and any(c in text for c in _ODD_FOLDS)):
            return self.rx.search(text) is not None
        low = text.lower() if low is None else low
        for gate, part in self.parts:
            if (not gate or any(word in low for word in gate)) and part.search(text):
                return True
        return False
