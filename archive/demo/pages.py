"""Demo pages that are not articles: listings, about, members, shop, 404.

Listings (home, category, author, search) show excerpts with "Continue
reading" links and WordPress `/page/N/` pagination; the about page is a
WordPress *page* (no BlogPosting, og:type website); `/members/` is linked from
the menu but disallowed by robots.txt; the shop page is a product page.
"""
from __future__ import annotations

from html import escape

from .article_html import long_date
from .content import SHOP_PATH
from .templates import href, page


def listing_path(prefix: str, n: int) -> str:
    """`/` + `page/N/` under a listing prefix ("/", "/category/x/")."""
    return prefix if n <= 1 else f"{prefix}page/{n}/"


def _summary(blog, base: str, a) -> str:
    count = len(a.real_comments)
    comments = (f'<a href="{href(base, a.path)}#comments">{count} Comment{"s" if count != 1 else ""}</a>'
                if count else f'<a href="{href(base, a.path)}#respond">Leave a comment</a>')
    return f"""<article id="post-{a.post_id}" class="post-{a.post_id} post type-post status-publish format-standard hentry category-{a.category}">
<header class="entry-header"><h2 class="entry-title"><a href="{href(base, a.path)}" rel="bookmark">{escape(a.title)}</a></h2>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{a.published}">{long_date(a.published)}</time></span></div></header>
<div class="entry-summary"><p>{escape(a.excerpt)}</p></div>
<footer class="entry-footer"><a class="more-link" href="{href(base, a.path)}">Continue reading<span class="screen-reader-text"> &ldquo;{escape(a.title)}&rdquo;</span></a> <span class="comments-link">{comments}</span></footer>
</article>"""


def _pagination(base: str, prefix: str, n: int, pages: int) -> str:
    if pages <= 1:
        return ""
    links = []
    if n > 1:
        links.append(f'<a class="prev page-numbers" href="{href(base, listing_path(prefix, n - 1))}">&laquo; Newer posts</a>')
    shown = sorted({1, pages, *range(max(1, n - 2), min(pages, n + 2) + 1)})
    for prev, i in zip([0] + shown, shown):
        if i - prev > 1:
            links.append('<span class="page-numbers dots">&hellip;</span>')
        links.append(f'<span aria-current="page" class="page-numbers current">{i}</span>' if i == n else
                     f'<a class="page-numbers" href="{href(base, listing_path(prefix, i))}">{i}</a>')
    if n < pages:
        links.append(f'<a class="next page-numbers" href="{href(base, listing_path(prefix, n + 1))}">Older posts &raquo;</a>')
    return ('<nav class="navigation pagination" aria-label="Posts"><h2 class="screen-reader-text">Posts navigation</h2>'
            f'<div class="nav-links">{" ".join(links)}</div></nav>')


def render_listing(blog, base: str, articles: list, prefix: str, n: int, *, heading: str | None,
                   body_class: str, robots: str | None = None) -> str | None:
    """Page `n` of a newest-first listing, or None when `n` is out of range."""
    per = blog.site["posts_per_page"]
    newest = list(reversed(articles))
    pages = max(1, -(-len(newest) // per))
    if n < 1 or n > pages:
        return None
    shown = newest[(n - 1) * per:n * per]
    header = f'<header class="page-header"><h1 class="page-title">{escape(heading)}</h1></header>\n' if heading else ""
    main = header + "\n".join(_summary(blog, base, a) for a in shown) + "\n" + _pagination(base, prefix, n, pages)
    title = heading or blog.site["name"]
    if n > 1:
        title += f" &#8211; Page {n} of {pages}"
    jsonld = {"@context": "https://schema.org", "@type": "CollectionPage",
              "url": base.rstrip("/") + listing_path(prefix, n), "name": title}
    return page(blog, base, main=main, body_class=body_class + (" paged" if n > 1 else ""),
                title=title, canonical=listing_path(prefix, n), description=blog.site["tagline"],
                jsonld=jsonld, robots=robots)


def _wp_page(blog, base: str, path: str, post_id: int, title: str, content: str, **extra) -> str:
    main = f"""<article id="post-{post_id}" class="post-{post_id} page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{escape(title)}</h1></header>
<div class="entry-content">
{content}
</div>
</article>"""
    extra.setdefault("jsonld", {"@context": "https://schema.org", "@type": "WebPage",
                                "url": base.rstrip("/") + path, "name": title})
    return page(blog, base, main=main, body_class=f"page-template-default page page-id-{post_id}",
                title=title, canonical=path, **extra)


def render_about(blog, base: str) -> str:
    site = blog.site
    content = f"""<p>Hello, I'm {escape(site["author"])}. I spent thirty years as a ward nurse, and when my own knees
started to complain in my fifties I went looking for clear answers about joints, movement and
supplements. This blog is where I write up what I find, in plain language, with the studies listed
at the end of every post.</p>
<p>I am not your doctor, and nothing here is medical advice. Some links on this site are affiliate
links, and I sell one product of my own, LimberMend Joint Complex. I always say so when I mention it.</p>
<p>You can reach me through the comment form on any post. I read every comment and answer most of them.</p>"""
    return _wp_page(blog, base, "/about/", 2, "About", content, description=f"About {site['name']}")


def render_members(blog, base: str) -> str:
    content = f"""<p>The members area holds printable routines and the recordings of our monthly live sessions.</p>
<form class="login-form" method="post" action="{href(base, "/wp-login.php")}"><input type="text" name="log">
<input type="password" name="pwd"><input type="submit" value="Log in"></form>"""
    return _wp_page(blog, base, "/members/", 3, "Members Area", content, robots="noindex, nofollow")


def render_shop(blog, base: str) -> str:
    content = """<p><strong>LimberMend Joint Complex</strong> &mdash; collagen peptides, vitamin C and ginger
in one daily scoop. 30 servings. $39.00</p>
<form class="cart" method="post"><button type="submit" name="add-to-cart" value="4">Add to cart</button></form>
<p>These statements have not been evaluated by any authority. This is a fictional product on a demo site.</p>"""
    jsonld = {"@context": "https://schema.org", "@type": "Product", "name": "LimberMend Joint Complex",
              "offers": {"@type": "Offer", "price": "39.00", "priceCurrency": "USD"}}
    return _wp_page(blog, base, SHOP_PATH, 4, "LimberMend Joint Complex", content,
                    og_type="product", jsonld=jsonld, description="LimberMend Joint Complex")


def render_not_found(blog, base: str) -> str:
    main = """<section class="error-404 not-found"><header class="page-header"><h1 class="page-title">Oops! That page can&rsquo;t be found.</h1></header>
<div class="page-content"><p>It looks like nothing was found at this location. Maybe try a search?</p></div></section>"""
    return page(blog, base, main=main, body_class="error404", title="Page not found",
                canonical=None, robots="noindex, follow")
