"""A demo article page: WordPress single-post markup with every part a splitter meets.

`article.post > header > h1.entry-title`, `.entry-meta` with `time`,
`.entry-content` holding the text, in-text citation markers, inline affiliate
links, a product plug paragraph, promotion boxes (disclosure, coupon,
newsletter, free-report lead magnet, ad slot) and a "References" list; then
post navigation and the comment area. JSON-LD (Yoast-like @graph with a
BlogPosting), OpenGraph `article` tags and `link rel=canonical` in the head.
"""
from __future__ import annotations

import re
from datetime import datetime
from html import escape

from .comments_html import comments_area, page_path
from .content import AFFILIATES, BOXES, COUPON_CODE, SHOP_PATH, absolute, plain_text
from .model import Article, Comment
from .templates import href, page


def long_date(iso: str) -> str:
    t = datetime.fromisoformat(iso)
    return f"{t:%B} {t.day}, {t.year}"


def _inline(base: str, text: str) -> str:
    """Paragraph text with [[...]] markers turned into links and citation markers."""
    def sub(m: re.Match) -> str:
        kind, key, anchor = m.group(1), m.group(2), m.group(3)
        if kind == "ref":
            return f'<sup id="cite-{key}" class="reference"><a href="#ref-{key}">[{key}]</a></sup>'
        if kind == "aff":
            return (f'<a href="{href(base, AFFILIATES[key][0])}" target="_blank" '
                    f'rel="nofollow sponsored noopener">{anchor}</a>')
        return f'<a href="{href(base, SHOP_PATH)}"><strong>{anchor}</strong></a>'
    return re.sub(r"\[\[(ref|aff|shop)(?::([^|\]]+))?(?:\|([^\]]+))?\]\]", sub, escape(text, quote=False))


def box_html(base: str, kind: str) -> str:
    """One promotion box; its text is `BOXES[kind]` text plus button labels."""
    text, url, _code, _merchant = BOXES[kind]
    if kind == "disclosure":
        return f'<p class="affiliate-disclosure"><em>{escape(text)}</em></p>'
    if kind == "coupon":
        head, rest = text.split(". ", 1)
        rest = escape(rest).replace(COUPON_CODE, f'<span class="coupon-code">{COUPON_CODE}</span>')
        return (f'<div class="wp-block-group coupon-box"><p class="coupon-title"><strong>{escape(head)}.</strong> '
                f'{rest}</p><p class="coupon-button"><a class="wp-block-button__link" href="{href(base, url)}">'
                "Shop LimberMend</a></p></div>")
    if kind == "newsletter":
        head, rest = text.split(". ", 1)
        return (f'<div class="wp-block-group newsletter-signup"><p><strong>{escape(head)}.</strong> {escape(rest)}</p>'
                '<form id="mc4wp-form-1" class="mc4wp-form mc4wp-form-27" method="post" data-id="27" data-name="Newsletter">'
                '<div class="mc4wp-form-fields"><input type="email" name="EMAIL" placeholder="Your email address" required>'
                '<input type="submit" value="Sign up"></div></form></div>')
    if kind == "lead_magnet":
        head, rest = text.split(". ", 1)
        return (f'<div class="lead-magnet optin-box"><p><strong>{escape(head)}.</strong> {escape(rest)}</p>'
                f'<form class="optin-form" method="post" action="{href(base, "/free-report/")}">'
                '<input type="email" name="email" placeholder="you@example.com" required>'
                '<button type="submit">Send me the free report</button></form></div>')
    label, rest = text.split(". ", 1)
    return (f'<div class="ad-slot ad-container" data-ad-slot="in-content-1"><span class="ad-label">{escape(label)}.</span> '
            f'<a href="{href(base, url)}" target="_blank" rel="sponsored nofollow">'
            f'<img src="{href(base, "/wp-content/uploads/ad-insoles.svg")}" alt="" width="300" height="120"> '
            f'<span class="ad-text">{escape(rest)}</span></a></div>')


def _content(base: str, article: Article) -> str:
    parts = []
    for kind, text in article.blocks:
        if kind in ("p", "plug"):
            parts.append(f"<p>{_inline(base, text)}</p>")
        elif kind == "h2":
            parts.append(f'<h2 class="wp-block-heading">{escape(text)}</h2>')
        else:
            parts.append(box_html(base, text))
    if article.references:
        items = "\n".join(f'<li id="ref-{r.position}">{r.html}</li>' for r in article.references)
        parts.append(f'<h2 class="wp-block-heading" id="references">References</h2>\n<ol class="references">\n{items}\n</ol>')
    return "\n".join(parts)


def _jsonld(blog, base: str, article: Article) -> dict:
    url = absolute(article.path, base)
    root = base.rstrip("/")
    person = {"@type": "Person", "@id": f"{root}/#/schema/person/1", "name": blog.site["author"],
              "url": f"{root}/author/{blog.site['author_slug']}/"}
    words = sum(len(plain_text(t).split()) for k, t in article.blocks if k in ("p", "plug"))
    return {"@context": "https://schema.org", "@graph": [
        {"@type": "BlogPosting", "@id": f"{url}#article", "isPartOf": {"@id": url},
         "author": {"name": blog.site["author"], "@id": person["@id"]}, "headline": article.title,
         "datePublished": article.published, "dateModified": article.modified,
         "mainEntityOfPage": {"@id": url}, "wordCount": words,
         "commentCount": len(article.real_comments), "publisher": {"@id": f"{root}/#organization"},
         "articleSection": [blog.categories[article.category]], "inLanguage": blog.site["language"]},
        {"@type": "WebPage", "@id": url, "url": url, "name": article.title,
         "isPartOf": {"@id": f"{root}/#website"}, "datePublished": article.published},
        {"@type": "WebSite", "@id": f"{root}/#website", "url": f"{root}/", "name": blog.site["name"]},
        {"@type": "Organization", "@id": f"{root}/#organization", "name": blog.site["name"], "url": f"{root}/"},
        person]}


def _post_navigation(blog, base: str, article: Article) -> str:
    i = blog.position[article.slug]
    links = []
    if i > 0:
        prev = blog.articles[i - 1]
        links.append(f'<div class="nav-previous"><a href="{href(base, prev.path)}" rel="prev">'
                     f'<span class="nav-subtitle">Previous:</span> <span class="nav-title">{escape(prev.title)}</span></a></div>')
    if i + 1 < len(blog.articles):
        nxt = blog.articles[i + 1]
        links.append(f'<div class="nav-next"><a href="{href(base, nxt.path)}" rel="next">'
                     f'<span class="nav-subtitle">Next:</span> <span class="nav-title">{escape(nxt.title)}</span></a></div>')
    return ('<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2>'
            f'<div class="nav-links">{"".join(links)}</div></nav>')


def render_article(blog, base: str, article: Article, comment_page: int = 1,
                   reply_to: Comment | None = None) -> str:
    """The full HTML of `article` showing comment page `comment_page`."""
    cat_name = blog.categories[article.category]
    main = f"""<article id="post-{article.post_id}" class="post-{article.post_id} post type-post status-publish format-standard hentry category-{article.category}">
<header class="entry-header">
<h1 class="entry-title">{escape(article.title)}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <a href="{href(base, article.path)}" rel="bookmark"><time class="entry-date published" datetime="{article.published}">{long_date(article.published)}</time><time class="updated" datetime="{article.modified}">{long_date(article.modified)}</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="{href(base, f"/author/{blog.site['author_slug']}/")}">{escape(article.author)}</a></span></span></div>
</header>
<div class="entry-content">
{_content(base, article)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="{href(base, f"/category/{article.category}/")}" rel="category tag">{escape(cat_name)}</a></span></footer>
</article>
{_post_navigation(blog, base, article)}
{comments_area(blog, base, article, comment_page, reply_to)}"""
    return page(blog, base, main=main,
                body_class=f"post-template-default single single-post postid-{article.post_id} single-format-standard",
                title=article.title, canonical=page_path(article, comment_page),
                description=article.excerpt, og_type="article", jsonld=_jsonld(blog, base, article),
                robots="noindex, follow" if reply_to else None,
                published=article.published, modified=article.modified)
