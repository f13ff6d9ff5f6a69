"""Promotions: coupons, affiliate links, product plugs, sign-up boxes, disclosures, ads.

Four cheap passes over the page find the candidates; each candidate is judged
on its smallest enclosing block, grown only as far as the promotion goes (a
heading or a button next to it, never into the article container):

1. class / id words of container tags (ad slots, Mediavine/AdThrive/Ezoic,
   Mailchimp/ConvertKit/Jetpack sign-ups, AAWP/Lasso/WooCommerce product boxes,
   Taboola/Outbrain sponsored widgets);
2. e-mail inputs (newsletter / lead-magnet forms);
3. every `<a href>`, classified by `affiliates.LinkClassifier` (networks,
   affiliate parameters, cloaked `/go/` links, rel=sponsored, newsletter
   services); internal links take a fast path;
4. the page text, searched for anchor words in one Aho-Corasick pass
   (`promo_text.anchor_nodes`); only the blocks holding an anchor are judged
   by the text rules in `promo_rules` (disclosure, coupon code, newsletter,
   lead magnet, product pitch, price card, stand-alone "Join the app" buttons,
   "Advertisement" / "Anzeige" / "Sponsored" labels).

Block promotions are removed from the tree; inline affiliate links stay in the
body (inline=True). Rules and markup families live in `selectors.py`.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import accumulate

from lxml import etree

from ..model import Promotion
from . import selectors as S
from .affiliates import LinkClassifier, host_of, page_host, site_label
from .promo_rules import about_comments, class_kind, judge_block, news_kind, not_signup
from .promo_text import (MENU, absorb, affiliate_unit, anchor_nodes, block_of, first_link,
                         inline_link, is_root, link_text, prose, text_of, tlen)

_SELLING = frozenset({"affiliate", "product", "coupon", "ad", "sponsored"})  # have merchants
_TEXT_NODES = etree.XPath(".//text()")  # compiled once: ~40% faster than .xpath()
_CLASS_TAGS = ("div", "section", "aside", "ins", "form", "figure", "ul", "amp-ad",
               "amp-embed", "table", "center")


def extract_promotions(root, ctx):
    """Find the page's promotions, remove block ones from `root`, return them."""
    body = root.find("body")
    if body is None:
        return []
    finder = Finder(body, ctx)
    finder.class_pass()
    finder.form_pass()
    finder.link_pass()
    finder.text_pass()
    return finder.finish()


class Finder:
    """Collects candidates (element, Promotion | None, remove) for one page."""

    def __init__(self, body, ctx):
        self.body, self.ctx = body, ctx
        meta = getattr(ctx, "meta", None) or {}
        self.host = page_host(ctx.url) or page_host(meta.get("canonical_url"))
        self.found: list[tuple] = []  # (element, Promotion | None, remove)
        self.removed: set = set()
        self.kinds: dict = {}  # element -> set of kinds already found on it
        self.judged: set = set()
        self.links = LinkClassifier(self.host)

    # -- bookkeeping -------------------------------------------------------
    def inside_removed(self, el) -> bool:
        if not self.removed:  # the usual case early on: no walk up
            return False
        return el in self.removed or any(a in self.removed for a in el.iterancestors())

    def add(self, el, kind, rule, *, text=None, url=None, code=None, merchant=None,
            inline=False, remove=True, quiet=False):
        """Record one candidate; `quiet` removes it without a promotion row (empty slot)."""
        if kind in self.kinds.setdefault(el, set()):
            return
        self.kinds[el].add(kind)
        promo = None
        if not quiet:
            text = text_of(el) if text is None else text
            if url is None:
                url = first_link(el)
            url = url or None  # "" = deliberately no link
            if merchant is None and url and kind in _SELLING:
                hit = self.links.classify(url, None)
                merchant = hit[2] if hit and hit[0] == "affiliate" and hit[2] \
                    else _merchant(url, self.host)
            promo = Promotion(kind=kind, text=text[:S.PROMO_TEXT_MAX], url=url, code=code,
                              merchant=merchant, inline=inline)
        self.found.append((el, promo, remove))
        if remove:
            self.removed.add(el)
        self.ctx.note("promotions", rule, f"{kind}: {(promo.text if promo else '')[:80]}")

    # -- pass 1: class / id words ----------------------------------------------
    def class_pass(self):
        """Class / id words of container tags; each distinct value is judged once."""
        for el in self.body.iter(*_CLASS_TAGS):
            cls, ident = el.get("class"), el.get("id")
            if not cls and not ident:
                continue
            name = f"{cls or ''} {ident or ''}".lower() if ident else cls.lower()
            words = _class_words(name)
            if not words or self.inside_removed(el):
                continue
            kind = class_kind(words, name)
            if kind:
                self._class_candidate(el, kind)

    def _class_candidate(self, el, kind):
        if kind == "ad":
            n = tlen(el, 300)
            if n <= 300:
                self.add(el, "ad", "class:ad-slot", quiet=(n == 0))
            return
        limit = 3000 if kind == "product" else 1500
        if is_root(el) or tlen(el, limit) > limit or prose(el):
            return
        text = text_of(el)
        if kind == "sponsored":
            if S.PROMO_DISCLOSURE_RE.search(text) or S.PROMO_SHORT_DISCLOSURE_RE.search(text):
                kind = "disclosure"
            self.add(el, kind, f"class:{kind}", text=text, quiet=not text)
        elif kind == "product":
            self.add(el, kind, "class:product-box", text=text, quiet=not text)
        else:
            unit = absorb(el, 100, 1500)
            text = text_of(unit)
            if (text or el.find(".//input") is not None) and not about_comments(text):
                self.add(unit, news_kind(text), "class:newsletter", text=text,
                         url=_form_action(unit))

    # -- pass 2: e-mail inputs ------------------------------------------------
    def form_pass(self):
        for inp in self.body.iter("input"):
            kind = (inp.get("type") or "text").lower()
            if kind not in ("email", "text"):
                continue
            if kind == "text":
                attrs = " ".join(filter(None, (inp.get("name"), inp.get("id"),
                                               inp.get("placeholder"), inp.get("aria-label"))))
                if "mail" not in attrs.lower():
                    continue
            form = next(inp.iterancestors("form"), None)
            if form is not None and not_signup(form):
                continue
            box = form if form is not None else inp.getparent()
            if box is None or self.inside_removed(box):
                continue
            unit = absorb(box, 250, 1500)
            text = text_of(unit)
            if not about_comments(text):
                self.add(unit, news_kind(text), "form:email-input", text=text,
                         url=_form_action(unit))

    # -- pass 3: links ---------------------------------------------------------
    def link_pass(self):
        for a in self.body.iter("a"):
            href = a.get("href")
            if not href or href[0] == "#":
                continue
            hit = self.links.classify(href, a.get("rel"))
            if hit is None:
                continue
            if hit[0] == "affiliate":
                self._affiliate(a, href, hit[1], hit[2])
            else:
                self._newsletter_link(a)

    def _affiliate(self, a, href, network, merchant):
        """Inline link (stays), or the box of links it belongs to (removed)."""
        if self.inside_removed(a):
            return
        rule = f"affiliate:{network}"
        block = block_of(a)
        unit = None if inline_link(a, block) else affiliate_unit(block, self.links.classify)
        if unit is None or unit is MENU:  # stays where it is: in running text / a menu
            self.add(a, "affiliate", rule, text=link_text(a), url=href, merchant=merchant,
                     inline=unit is None, remove=False)
        elif not self.inside_removed(unit):
            self.add(unit, "affiliate", rule, url=href, merchant=merchant)

    def _newsletter_link(self, a):
        block = block_of(a)
        if self.inside_removed(block) or is_root(block) or tlen(block, 300) > 300:
            return
        unit = absorb(block, 80, 600)
        text = text_of(unit)
        self.add(unit, news_kind(text), "link:newsletter-service", text=text)

    def button(self, a) -> bool:
        """A stand-alone call-to-action link selling an app, a course, a book."""
        raw = a.text_content()
        if len(raw) > 120:
            return False
        text = " ".join(raw.split())
        if not text or not S.PROMO_BUTTON_RE.match(text) or self.inside_removed(a):
            return False
        block = block_of(a)
        if tlen(block, 200) > len(text) + 5 and block is not a:
            return False
        cls = a.get("class") or ""
        if block.tag == "li" and "btn" not in cls and "button" not in cls:
            return False  # a menu entry, not a button
        unit = absorb(a if is_root(block) else block, 60, 600)
        self.add(unit, "lead_magnet" if S.PROMO_LEAD_RE.search(text) else "product",
                 "link:cta-button")
        return True

    # -- pass 4: text anchors ---------------------------------------------------
    def text_pass(self):
        """One regex scan of the page text; judge each block holding an anchor."""
        nodes = _TEXT_NODES(self.body)
        if not nodes:
            return
        text = "".join(nodes)
        low = text.lower()
        if len(low) != len(text):  # "İ" and a few others change length when lower-cased
            low = text.replace("\u0130", "I").lower()
            if len(low) != len(text):
                low = "".join(t.lower() if len(t.lower()) == len(t) else t for t in nodes)
        for i in anchor_nodes(low, list(accumulate(map(len, nodes)))):
            node = nodes[i]
            el = node.getparent()
            if el is not None and node.is_tail:
                el = el.getparent()
            if el is None or not isinstance(el.tag, str) or self.inside_removed(el):
                continue
            judge_block(self, el, node)

    # -- result ------------------------------------------------------------------
    def finish(self) -> list[Promotion]:
        """Drop nested duplicates, remove the outermost blocks, return rows in page order."""
        rows = []
        order = sorted(range(len(self.found)),
                       key=lambda k: (self.found[k][0].sourceline or 0, k))
        for k in order:
            el, promo, _remove = self.found[k]
            outer = [a for a in el.iterancestors() if a in self.removed]
            if promo is None:
                continue
            if any(promo.kind in self.kinds.get(a, ()) for a in outer):
                continue
            if outer and promo.inline:
                promo.inline = False
            rows.append(promo)
        for el in self.removed:
            if el.getparent() is not None and not any(
                    a in self.removed for a in el.iterancestors()):
                el.drop_tree()
        return rows


@lru_cache(maxsize=16384)
def _class_words(name: str) -> frozenset:
    """The promotion words of one lower-cased class / id string (cached across pages:
    a site repeats its class strings on every page)."""
    # ("-ad" / "_ad": the only way PROMO_HEX_AD_RE, a slow pattern, can match)
    plain = S.PROMO_HEX_AD_RE.sub(" ", name) if "-ad" in name or "_ad" in name else name
    return frozenset(S.PROMO_CLASS_RE.findall(plain))


def _form_action(unit) -> str | None:
    """Where a sign-up form posts to (its service), else None (first link is used)."""
    forms = [unit] if unit.tag == "form" else unit.iter("form")
    for form in forms:
        action = form.get("action") or ""
        if action.startswith("http"):
            return action
    return None


def _merchant(url: str, own_host: str | None) -> str | None:
    host = host_of(url)
    if not host or host == own_host:
        return None
    return site_label(host) or None
