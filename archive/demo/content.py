"""The demo blog's content and ground truth: `SITE`, `CATEGORIES`, `ARTICLES`.

`ARTICLES` (newest last, in publication order) are `model.Article` objects
with ids, dates, comment pages and the expected references and promotions
filled in, so the end-to-end tests compare a crawl against them.

URLs that point into the demo site are stored as paths ("/shop/limbermend/");
`absolute(url, base_url)` makes them absolute for a given server.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from . import posts_1, posts_2
from .model import Article, Comment, Promotion, Reference

SITE = dict(
    name="The Limber Life",
    tagline="Joint health and mobility notes for the second half of life",
    author="Marguerite Olsen",
    author_slug="marguerite",
    language="en-US",
    posts_per_page=5,        # home, category and author listings
    comments_per_page=5,     # top-level threads per comment page (WordPress option)
    feed_items=10,
)

CATEGORIES = {
    "joint-health": "Joint Health",
    "movement": "Movement & Exercise",
    "nutrition": "Nutrition",
    "sleep-recovery": "Sleep & Recovery",
}

SHOP_PATH = "/shop/limbermend/"
COUPON_CODE = "LIMBER15"
AMAZON_TAG = "limberlife-20"

# Affiliate links used in the texts as [[aff:KEY|anchor]]: (url, merchant).
AFFILIATES = {
    "amazon-bands": (f"https://www.amazon.com/dp/B0LMBR0101?tag={AMAZON_TAG}", "Amazon"),
    "amazon-collagen": (f"https://www.amazon.com/dp/B0LMBR0102/?tag={AMAZON_TAG}&linkCode=ll1", "Amazon"),
    "amazon-knee-pillow": (f"https://www.amazon.com/gp/product/B0LMBR0103?tag={AMAZON_TAG}", "Amazon"),
    "amazon-curcumin": (f"https://www.amazon.com/dp/B0LMBR0104?tag={AMAZON_TAG}", "Amazon"),
    "amazon-pedal": (f"https://www.amazon.com/dp/B0LMBR0105?tag={AMAZON_TAG}", "Amazon"),
    "amazon-fishoil": (f"https://www.amazon.com/dp/B0LMBR0106?tag={AMAZON_TAG}", "Amazon"),
    "amazon-shoes": (f"https://www.amazon.com/dp/B0LMBR0107?tag={AMAZON_TAG}&th=1", "Amazon"),
    "amazon-vitd": (f"https://www.amazon.com/dp/B0LMBR0108?tag={AMAZON_TAG}", "Amazon"),
    "amazon-kneeler": (f"https://www.amazon.com/dp/B0LMBR0109?tag={AMAZON_TAG}", "Amazon"),
    "amazon-magnesium": (f"https://www.amazon.com/dp/B0LMBR0110?tag={AMAZON_TAG}", "Amazon"),
    "shareasale-roller": ("https://shareasale.com/r.cfm?b=1184532&u=2901377&m=88214"
                          "&urllink=www.gentlegear.example%2Ffoam-roller-soft&afftrack=", "ShareASale"),
    "shareasale-warmers": ("https://shareasale.com/r.cfm?b=1184790&u=2901377&m=88214"
                           "&urllink=www.gentlegear.example%2Fwool-knee-warmers&afftrack=", "ShareASale"),
}

# The block promotions ("box" blocks): kind -> (expected text, url, code, merchant).
BOXES = {
    "disclosure": ("Disclosure: this post contains affiliate links. If you buy through them I may "
                   "earn a small commission at no extra cost to you. I also sell my own supplement, "
                   "LimberMend, and say so wherever I mention it.", None, None, None),
    "coupon": (f"Reader offer: 15% off LimberMend Joint Complex. Use code {COUPON_CODE} at checkout.",
               SHOP_PATH, COUPON_CODE, "The Limber Life Shop"),
    "newsletter": ("The Tuesday Mobility Letter. One short email a week: a new routine, a research "
                   "summary, no spam. Unsubscribe any time.", None, None, None),
    "lead_magnet": ("Free report: 7 Kitchen Habits for Happier Joints. Tell me where to send it and "
                    "the PDF is yours in a minute.", None, None, None),
    "ad": ("Advertisement. Cushioned comfort insoles: two pairs for the price of one this month.",
           "https://ads.example.net/click?slot=in-content-1&cr=4471", None, None),
}

MARKER = re.compile(r"\[\[(ref|aff|shop)(?::([^|\]]+))?(?:\|([^\]]+))?\]\]")


def absolute(url: str | None, base_url: str) -> str | None:
    """Make a demo-site path ("/x/") absolute for `base_url`; other URLs pass through."""
    if url and url.startswith("/"):
        return base_url.rstrip("/") + url
    return url


def plain_text(text: str) -> str:
    """Paragraph text as a reader sees it: links keep their anchor text, and a
    citation marker reads "[N]" (as rendered: `<sup><a href="#ref-N">[N]</a></sup>`)."""
    return MARKER.sub(lambda m: f"[{m.group(2)}]" if m.group(1) == "ref" else m.group(3), text)


def _reference(position: int, raw: dict) -> Reference:
    parts = [", ".join(raw["authors"]) + ".", raw["title"] + "."]
    html = list(parts)
    if raw["journal"]:
        parts.append(f"{raw['journal']}. {raw['year']};{raw['volume']}.")
        html.append(f"<em>{raw['journal']}</em>. {raw['year']};{raw['volume']}.")
    elif raw["year"]:
        parts.append(f"{raw['year']}.")
        html.append(f"{raw['year']}.")
    links = [
        ("doi: {0}.", "doi: <a href=\"https://doi.org/{0}\">{0}</a>.", raw["doi"]),
        ("PMID: {0}.", "PMID: <a href=\"https://pubmed.ncbi.nlm.nih.gov/{0}/\">{0}</a>.", raw["pmid"]),
        ("PMCID: {0}.", "PMCID: <a href=\"https://www.ncbi.nlm.nih.gov/pmc/articles/{0}/\">{0}</a>.",
         raw["pmcid"]),
        ("{0}", "<a href=\"{0}\">{0}</a>", raw["url"]),
    ]
    for text_fmt, html_fmt, value in links:
        if value:
            parts.append(text_fmt.format(value))
            html.append(html_fmt.format(value))
    return Reference(position=position, text=" ".join(parts), authors=raw["authors"],
                     title=raw["title"], journal=raw["journal"], year=raw["year"],
                     doi=raw["doi"], pmid=raw["pmid"], pmcid=raw["pmcid"], url=raw["url"],
                     html=" ".join(html))


def _promotions(blocks) -> list[Promotion]:
    """Expected promotions in page order: boxes, inline affiliate links, product plugs."""
    found = []
    for kind, text in blocks:
        if kind == "box":
            box_text, url, code, merchant = BOXES[text]
            found.append(Promotion(text, box_text, url, code, merchant, inline=False))
            continue
        if kind == "plug":
            found.append(Promotion("product", plain_text(text), SHOP_PATH, None,
                                   "The Limber Life Shop", inline=True))
        for m in MARKER.finditer(text):
            if m.group(1) == "aff":
                url, merchant = AFFILIATES[m.group(2)]
                found.append(Promotion("affiliate", m.group(3), url, None, merchant, inline=True))
    return found


def _flatten(items, parent, depth, when, out):
    """Walk a C-tree depth first, giving each node a date; returns nothing."""
    for i, item in enumerate(items):
        stamp = when + (timedelta(hours=7 * (i + 1)) if depth == 0
                        else timedelta(hours=2, minutes=37 * (i + 1)))
        node = dict(item=item, parent=parent, depth=depth, when=stamp)
        out.append(node)
        _flatten(item.replies, node, depth + 1, stamp, out)


def _comments(tree, published: str, next_id: int) -> tuple[list[Comment], int]:
    """Assign WordPress-like comment ids (chronological, site-wide), pages and positions."""
    nodes: list[dict] = []
    _flatten(tree, None, 0, datetime.fromisoformat(published), nodes)
    for node in sorted(nodes, key=lambda n: n["when"]):
        node["id"] = next_id
        next_id += 1
    top_rank, position, result = 0, 0, []
    for node in nodes:
        item = node["item"]
        if node["depth"] == 0:
            top_rank += 1
        if not item.pingback:
            position += 1
        parent = node["parent"]
        result.append(Comment(
            id=node["id"], key=f"comment-{node['id']}",
            parent=parent["id"] if parent else None,
            parent_key=f"comment-{parent['id']}" if parent else None,
            depth=node["depth"], position=0 if item.pingback else position,
            page=(top_rank - 1) // SITE["comments_per_page"] + 1,
            author=SITE["author"] if item.site_author else item.author,
            author_url="/" if item.site_author else item.url,
            published=node["when"].isoformat(), text=item.text,
            is_site_author=item.site_author, is_pingback=item.pingback))
    return result, next_id


def build_articles(raw_posts: list[dict], first_comment_id: int = 2) -> list[Article]:
    """Turn raw posts (the dicts of `posts_*.py`) into Articles, oldest first.

    Comment ids start at `first_comment_id` (WordPress's sample comment was id 1,
    long deleted) and grow in date order across the whole site.
    """
    raw_posts = sorted(raw_posts, key=lambda p: p["published"])
    articles, next_id = [], first_comment_id
    for i, raw in enumerate(raw_posts):
        comments, next_id = _comments(raw["comments"], raw["published"], next_id)
        pages = max([c.page for c in comments], default=1)
        articles.append(Article(
            post_id=101 + 7 * i, slug=raw["slug"], title=raw["title"], author=SITE["author"],
            category=raw["category"], published=raw["published"], modified=raw["modified"],
            excerpt=raw["excerpt"], blocks=raw["blocks"],
            references=[_reference(n, r) for n, r in enumerate(raw["references"], 1)],
            promotions=_promotions(raw["blocks"]), comments=comments,
            comments_state=raw["comments_state"], comment_pages=pages,
            body_paragraphs=[plain_text(t) for k, t in raw["blocks"] if k == "p"]))
    return articles


ARTICLES: list[Article] = build_articles(posts_1.POSTS + posts_2.POSTS)
BY_SLUG: dict[str, Article] = {a.slug: a for a in ARTICLES}
BY_POST_ID: dict[int, Article] = {a.post_id: a for a in ARTICLES}
