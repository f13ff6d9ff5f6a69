"""Inline citations: links in the article text to scholarly sources.

Healthline-style pages cite PubMed / PMC / DOI / journal pages with links in the
sentences ("... measure body fat (1)") and print no reference list. Each
distinct source becomes one Reference (in order of first appearance) whose text
is the sentence around its first link; the links stay in the body.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from . import selectors as S
from .citations import find_ids, make_reference

_HOSTS = frozenset(h.lower() for h in S.REF_SCHOLARLY_HOSTS)
_OUTSIDE = {"nav", "footer", "header", "aside"}
_TEXT_BLOCKS = {"p", "li", "td", "dd", "blockquote", "figcaption"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_NUMERIC = re.compile(r"^[\[(]?\d{1,3}[\])]?$")


def _key(href: str) -> str:
    """One key per source: its PMID / DOI / PMCID, else the URL without noise."""
    ids = find_ids("", [href])
    for name in ("pmid", "doi", "pmcid"):
        if ids[name]:
            return f"{name}:{ids[name].lower()}"
    parts = urlsplit(href)
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")
            + ("?" + parts.query if parts.query else ""))


def _block(a):
    for anc in a.iterancestors():
        if anc.tag in _TEXT_BLOCKS:
            return anc
        if anc.tag in ("body", "html"):
            return None
    return None


def _around(block, link) -> tuple[str, str, str]:
    """Text of `block` before the link, of the link, and after it."""
    before, after, inside = [], [], []
    state = [before]

    def walk(node):
        if not isinstance(node.tag, str):
            state[0].append(node.tail or "")
            return
        if node is link:
            inside.append(node.text_content())
            state[0] = after
        else:
            state[0].append(node.text or "")
            for child in node:
                walk(child)
        if node is not block:
            state[0].append(node.tail or "")

    walk(block)
    return "".join(before), "".join(inside), "".join(after)


def _sentence(block, link) -> str:
    """The sentence fragment around the link (or its title), whitespace-collapsed."""
    before, inside, after = (" ".join(t.split()) for t in _around(block, link))
    head = _SENTENCE_END.split(before)[-1][-250:] if before else ""
    tail = _SENTENCE_END.split(after)[0][:150] if after else ""
    text = f"{head} {inside} {tail}" if not _NUMERIC.match(inside) else f"{head}{inside}{tail}"
    text = " ".join(text.split()).strip()
    return text or (link.get("title") or inside).strip()


def is_scholarly(href: str) -> bool:
    """An absolute link to PubMed / PMC / DOI / a journal's site (by host suffix)."""
    if not href.startswith(("http://", "https://", "//")):
        return False
    labels = href.split("/", 3)[2].lower().split(":")[0].split(".")
    return any(".".join(labels[i:]) in _HOSTS for i in range(len(labels) - 1))


def cites(parent) -> bool:
    """A custom element wrapping a link that names it a source (<hl-trusted-source>)."""
    tag = parent.tag if parent is not None and isinstance(parent.tag, str) else ""
    return "-" in tag and any(word in tag for word in S.REF_INLINE_PARENT_WORDS)


def extract_inline(root, ctx, links) -> list:
    """One Reference per distinct scholarly source linked from the text.
    `links`: the page's <a> elements whose href `is_scholarly` (in page order)."""
    refs, seen = [], set()
    for a in links:
        href = a.get("href") or ""
        if any(anc.tag in _OUTSIDE for anc in a.iterancestors()):
            continue
        key = _key(href)
        block = _block(a)
        if key in seen or block is None:
            continue
        seen.add(key)
        text = _sentence(block, a)
        ref = make_reference(len(refs) + 1, text, [href], ctx.url,
                             anchor=a.get("id"), markers=[])
        refs.append(ref)
    if refs:
        ctx.note("references", "inline", f"{len(refs)} linked sources")
    return refs
