"""Text rules of the promotions step: judge one block that holds an anchor word.

Each rule looks at the block's text (and its links) and, when it fires, grows
the block to the whole promotion and records it on the `Finder`. Order matters:
a coupon box is a coupon even when it also pitches a product; a sign-up box
offering a free guide is a lead magnet.
"""
from __future__ import annotations

import re

from . import selectors as S
from .affiliates import classify_link
from .promo_text import (absorb, block_of, in_menu, in_recipe, is_root, label_unit, prose,
                         text_of, tlen)

_POLICY = re.compile(r"disclosure|read (?:my|our|the) (?:full )?(?:\w+ )?polic")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\s+[·|•]\s+")
# PROMO_DISCLOSURE_RE.search as a yes / no, only the alternatives whose words are there


def judge_block(f, el, node) -> None:
    """Run the text rules on the block around text node `node` (owned by `el`)."""
    link = el if el.tag == "a" else el.getparent() if el.getparent() is not None \
        and el.getparent().tag == "a" else None
    if link is not None and link.get("href") and link not in f.judged:
        f.judged.add(link)
        if f.button(link):
            return
    block = block_of(el)
    if block in f.judged or f.inside_removed(block):
        return
    f.judged.add(block)
    raw = block.text_content()
    if len(raw) > 6400:
        _strip_disclosure(f, el, node)
        return
    text = " ".join(raw.split())  # rules read this; stored texts come from text_of
    n = len(text)
    if n <= 80 and _label(f, block, n):
        return
    if n > 1500:
        _strip_disclosure(f, el, node)
        return
    low = text.lower()
    for rule in (_coupon, _disclosure, _lead, _newsletter, _pitch, _price):
        if rule(f, block, text, low, n, el, node):
            return


def _label(f, block, n) -> bool:
    """"Advertisement" / "Anzeige" / "Sponsored" printed above an ad or a paid item."""
    text = text_of(block)
    if S.PROMO_AD_LABEL_RE.match(text):
        kind = "ad"
    elif S.PROMO_SPONSORED_LABEL_RE.match(text):
        kind = "sponsored"
    else:
        return False
    for link in (*block.iterancestors("a"), *block.iter("a")):
        if link.get("href") and " ".join(link.text_content().split()) == text:
            return False  # a menu link "Advertising", not a label
    f.add(label_unit(block, n), kind, f"text:{kind}-label")
    return True


def _is_disclosure(sentence: str) -> bool:
    low = sentence.lower()
    return bool(S.PROMO_DISCLOSURE_RE.search(sentence)
                or S.PROMO_SHORT_DISCLOSURE_RE.search(sentence)
                or _POLICY.search(low) is not None)


def _disclosure(f, block, text, low, n, el, node) -> bool:
    if not S.PROMO_DISCLOSURE_HINT.search(low):
        return False
    if not (S.PROMO_DISCLOSURE_RE.search(text)
            or n <= 200 and S.PROMO_SHORT_DISCLOSURE_RE.search(text) and not _linked(block)):
        return False
    sentences = _SENTENCE_SPLIT.split(text)
    verdicts = [_is_disclosure(s) for s in sentences]
    disclosed = [s for s, yes in zip(sentences, verdicts) if yes]
    # a paragraph that opens with its disclosure ("Disclosure: ...") is one, to its last
    # sentence ("I also sell my own supplement"); a longer block only loses the sentences
    # (block_of gives a block tag: a text in <em> / <small> is judged by its <p>)
    opens = verdicts[0] and n <= 400 and block.tag == "p"
    if n <= 60 or opens or len(text) - sum(map(len, disclosed)) - len(disclosed) <= 20:
        f.add(absorb(block, 60, 800), "disclosure", "text:disclosure")
        return True
    return _strip_disclosure(f, el, node)


def _linked(block) -> bool:
    """A menu entry: the block is, or sits in, a link or a list item."""
    return block.tag in ("a", "li") or next(block.iterancestors("a", "li"), None) is not None \
        or next(block.iter("a"), None) is not None and len(block) == 1 and not (block.text or "").strip()


def _strip_disclosure(f, el, node) -> bool:
    """Cut disclosure sentences out of a text node of a longer block (a byline)."""
    value = str(node)
    low = value.lower()
    if not S.PROMO_DISCLOSURE_HINT.search(low) or not S.PROMO_DISCLOSURE_RE.search(value):
        return False
    parts = _SENTENCE_SPLIT.split(value)
    verdicts = [_is_disclosure(p) for p in parts]
    kept = [p for p, yes in zip(parts, verdicts) if not yes]
    cut = [" ".join(p.split()) for p, yes in zip(parts, verdicts) if yes]
    owner = node.getparent()
    new = " ".join(kept) + (" " if value.endswith((" ", "\n")) else "")
    if node.is_tail:
        owner.tail = new
    else:
        owner.text = new
    f.add(el, "disclosure", "text:disclosure-sentence", text=" ".join(cut), url="",
          remove=False)
    return True


def _code(block, text, low) -> str | None:
    """A coupon code printed in the block, if any.

    After "coupon / promo / discount code" any code-like token counts; after a
    bare "use code" / "code" the block must also offer something (a percentage,
    "off", "save", free shipping), so "ICD-10 code E11" stays medical text.
    """
    if not S.PROMO_CODE_HINT.search(low):
        return None
    offer = S.PROMO_OFFER_RE.search(text) is not None
    for m in S.PROMO_CODE_RE.finditer(text):
        tok = m.group(1)
        if tok.upper() in S.PROMO_CODE_STOP or not any(c.isalpha() for c in tok):
            continue
        strong = _STRONG_CODE.match(m.group(0)) is not None
        if (strong or offer) and (tok.isupper() or any(c.isdigit() for c in tok)):
            return tok
    m = S.PROMO_CODE_CHECKOUT_RE.search(text) if offer else None
    if m and m.group(1).upper() not in S.PROMO_CODE_STOP and any(c.isalpha() for c in m.group(1)):
        return m.group(1)  # "use HEALTHY10 at checkout", no "code" word
    if not offer or "code" not in low:
        return None
    for e in block.iter("code", "strong", "b", "kbd", "mark", "em"):
        tok = e.text_content().strip()
        if S.PROMO_CODE_TOKEN_RE.match(tok) and tok not in S.PROMO_CODE_STOP \
                and any(c.isalpha() for c in tok):
            return tok
    return None


_STRONG_CODE = re.compile(r"(?:coupon|promo|promotion|promotional|discount|voucher|gutschein"
                          r"|rabatt)", re.I)


def _coupon(f, block, text, low, n, el, node) -> bool:
    if n > 1000 or not S.PROMO_CODE_HINT.search(low):
        return False
    code = _code(block, text, low)
    if code is None and not (n <= 400 and re.search(r"coupon|promo code|discount code|gutschein",
                                                    low) and S.PROMO_OFFER_RE.search(text)
                             and not _linked(block) and len(text.split()) > 3):
        return False
    f.add(absorb(block, 120, 1000), "coupon", "text:coupon", code=code)
    return True


def _interactive(el) -> bool:
    return el.tag in ("a", "button", "form") or next(
        el.iter("a", "button", "input", "form"), None) is not None


def _lead(f, block, text, low, n, el, node) -> bool:
    if n > 500 or not S.PROMO_LEAD_HINT.search(low) or not S.PROMO_LEAD_RE.search(text):
        return False
    if block.tag == "p" and not S.PROMO_LEAD_CTA_RE.search(text):
        return False
    unit = absorb(block, 200, 1500)
    if not _interactive(unit):
        return False
    f.add(unit, "lead_magnet", "text:lead-magnet")
    return True


def _newsletter(f, block, text, low, n, el, node) -> bool:
    if n > 300 or not S.PROMO_NEWSLETTER_HINT.search(low) \
            or not S.PROMO_NEWSLETTER_RE.search(text) or S.PROMO_NOT_NEWSLETTER_RE.search(low) \
            or _menu(block, n):
        return False
    unit = absorb(block, 150, 1500)
    unit_text = text_of(unit)
    kind = "lead_magnet" if S.PROMO_LEAD_RE.search(unit_text) else "newsletter"
    f.add(unit, kind, "text:newsletter", text=unit_text)
    return True


def _sells(unit, host) -> bool:
    """The unit links to a shop / product / checkout page, or has a buy button."""
    for a in unit.iter("a", "button", "input"):
        if a.tag == "input":
            if (a.get("type") or "").lower() == "submit":
                return True
            continue
        href = a.get("href") or ""
        label = " ".join(a.text_content().split())
        if S.PROMO_CTA_LINK_RE.match(label) or (
                href and (S.PROMO_SHOP_URL_RE.search(href) or classify_link(href, a.get("rel"), host))):
            return True
    return False


def _menu(block, n) -> bool:
    """Mostly link text in several links: a menu or a link list, not a pitch."""
    links = [" ".join(a.text_content().split()) for a in block.iter("a")]
    return len(links) >= 3 and sum(map(len, links)) >= 0.6 * n


def _pitch(f, block, text, low, n, el, node) -> bool:
    """A paragraph (or box) that sells: buy / order / "my program" + a shop link."""
    if n > 700 or not S.PROMO_PITCH_HINT.search(low):
        return False
    if block.tag in ("ul", "ol", "table", "nav") or in_recipe(block) \
            or _menu(block, n) or len(text.split()) < 3 or in_menu(block):
        return False
    if not (S.PROMO_PITCH_CTA_RE.search(text)
            or S.PROMO_OWN_RE.search(text) and S.PROMO_SALES_VERB_RE.search(text)):
        return False
    unit = absorb(block, 60, 1200)
    if not _sells(unit, f.host):
        return False
    f.add(unit, "product", "text:product-pitch")
    return True


def _has_cta(el) -> bool:
    for a in el.iter("a", "button"):
        if S.PROMO_CTA_LINK_RE.match(" ".join(a.text_content().split())):
            return True
    return False


def _price(f, block, text, low, n, el, node) -> bool:
    """A price next to a buy / get-started button: a product card."""
    if n > 200 or not S.PROMO_PRICE_HINT.search(low) or not S.PROMO_PRICE_RE.search(text) \
            or in_recipe(block) \
            or next(block.iterancestors("table"), None) is not None:
        return False
    cur = block
    for _ in range(4):
        par = cur.getparent()
        if par is None or is_root(par) or tlen(par, 1500) > 1500 or prose(par):
            return False
        cur = par
        if _has_cta(cur):
            f.add(cur, "product", "text:price-card")
            return True
    return False


def class_kind(words: set, name: str) -> str | None:
    """The promotion kind named by an element's class / id words, if any."""
    if words & S.PROMO_AD_WORDS:
        return "ad"
    if S.PROMO_CLASS_VETO_RE.search(name):
        return None
    if words & S.PROMO_SPONSORED_WORDS:
        return "sponsored"
    if words & S.PROMO_NEWSLETTER_WORDS:
        return "newsletter"
    if words & S.PROMO_PRODUCT_WORDS:
        return "product"
    if words & {"product", "affiliate"}:
        tokens = set(name.replace("-", " ").replace("_", " ").split())
        if len(tokens & S.PROMO_BOX_WORDS - words) or len(words & {"product", "affiliate"}) == 2:
            return "product"
    return None


def about_comments(text: str) -> bool:
    """A comment form's "notify me of follow-up comments" is no newsletter."""
    low = text.lower()
    return "comment" in low or "kommentar" in low or "rating" in low


def news_kind(text: str) -> str:
    return "lead_magnet" if S.PROMO_LEAD_RE.search(text) else "newsletter"


def not_signup(form) -> bool:
    """Comment, search, login, contact and checkout forms are not sign-ups."""
    name = " ".join(filter(None, (form.get("id"), form.get("class"), form.get("action"),
                                  form.get("role"), form.get("name")))).lower()
    if any(w in name for w in ("comment", "search", "login", "checkout", "cart", "respond")):
        return True
    return form.find(".//textarea") is not None or any(
        (i.get("type") or "").lower() in ("password", "search") for i in form.iter("input"))
