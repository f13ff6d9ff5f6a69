"""robots.txt, WordPress core sitemaps (`/wp-sitemap.xml` + sub-sitemaps) and the RSS feed.

robots.txt names the sitemap index and disallows `/members/`, a page the
menu links to on every page, so a crawl that fetches it did not obey robots.
Sub-sitemaps hold at most `site["sitemap_max"]` URLs (WordPress: 2000), so a
generated blog of thousands of posts gets several `wp-sitemap-posts-post-N.xml`.
"""
from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from .content import SHOP_PATH

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def robots_txt(blog, base: str) -> str:
    return ("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
            f"Disallow: /members/\n\nSitemap: {base.rstrip('/')}/wp-sitemap.xml\n")


def _chunks(blog) -> list[list]:
    size = blog.site.get("sitemap_max", 2000)
    arts = blog.articles
    return [arts[i:i + size] for i in range(0, len(arts), size)] or [[]]


def sitemap_index(blog, base: str) -> str:
    root = base.rstrip("/")
    names = [f"wp-sitemap-posts-post-{n}.xml" for n in range(1, len(_chunks(blog)) + 1)]
    names += ["wp-sitemap-posts-page-1.xml", "wp-sitemap-taxonomies-category-1.xml", "wp-sitemap-users-1.xml"]
    items = "".join(f"<sitemap><loc>{root}/{name}</loc></sitemap>" for name in names)
    return f'{XML_HEAD}<sitemapindex xmlns="{SITEMAP_NS}">{items}</sitemapindex>\n'


def _urlset(base: str, rows: list[tuple[str, str | None]]) -> str:
    root = base.rstrip("/")
    items = "".join(f"<url><loc>{escape(root + path)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
                    + "</url>" for path, lastmod in rows)
    return f'{XML_HEAD}<urlset xmlns="{SITEMAP_NS}">{items}</urlset>\n'


def sub_sitemap(blog, base: str, name: str) -> str | None:
    """The sub-sitemap called `name`, or None if there is no such sitemap."""
    if name.startswith("wp-sitemap-posts-post-"):
        chunks = _chunks(blog)
        n = name.removeprefix("wp-sitemap-posts-post-").removesuffix(".xml")
        if not n.isdigit() or not 1 <= int(n) <= len(chunks):
            return None
        return _urlset(base, [(a.path, a.modified) for a in chunks[int(n) - 1]])
    fixed = {
        "wp-sitemap-posts-page-1.xml": [("/", None), ("/about/", None), ("/members/", None), (SHOP_PATH, None)],
        "wp-sitemap-taxonomies-category-1.xml": [(f"/category/{slug}/", None) for slug in blog.categories],
        "wp-sitemap-users-1.xml": [(f"/author/{blog.site['author_slug']}/", None)],
    }
    return _urlset(base, fixed[name]) if name in fixed else None


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def rss_feed(blog, base: str) -> str:
    """RSS 2.0 of the newest `feed_items` posts, as WordPress's /feed/."""
    root = base.rstrip("/")
    newest = list(reversed(blog.articles))[:blog.site.get("feed_items", 10)]
    items = []
    for a in newest:
        link = root + a.path
        items.append(f"""<item>
<title>{escape(a.title)}</title>
<link>{link}</link>
<comments>{link}#respond</comments>
<dc:creator><![CDATA[{a.author}]]></dc:creator>
<pubDate>{_rfc822(a.published)}</pubDate>
<category><![CDATA[{blog.categories[a.category]}]]></category>
<guid isPermaLink="false">{root}/?p={a.post_id}</guid>
<description><![CDATA[{a.excerpt}]]></description>
<slash:comments>{len(a.real_comments)}</slash:comments>
</item>""")
    built = _rfc822(max((a.modified for a in blog.articles), default="2023-01-01T00:00:00+00:00"))
    return f"""{XML_HEAD}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
 xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel>
<title>{escape(blog.site["name"])}</title>
<atom:link href="{root}/feed/" rel="self" type="application/rss+xml" />
<link>{root}/</link>
<description>{escape(blog.site["tagline"])}</description>
<lastBuildDate>{built}</lastBuildDate>
<language>{blog.site["language"]}</language>
{chr(10).join(items)}
</channel>
</rss>
"""
