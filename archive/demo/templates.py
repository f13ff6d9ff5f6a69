"""Page chrome of the demo blog: <head>, header, sidebar and footer.

Markup follows a classic WordPress theme (underscores/Twenty-something family)
so that the splitter sees the same landmarks it meets on real blogs: skip
link, `#masthead`, `.main-navigation`, `#primary/#main`, `#secondary` widgets,
`#colophon`. Every URL is absolute, built from the server's base URL.
"""
from __future__ import annotations

import json
from html import escape

STYLE = """body{font:17px/1.6 Georgia,serif;margin:0;color:#222;background:#faf8f4}
.site{max-width:1080px;margin:0 auto;padding:0 16px}.site-content{display:flex;gap:40px}
#primary{flex:3;min-width:0}#secondary{flex:1}.screen-reader-text{position:absolute;left:-9999px}
.menu{list-style:none;padding:0;display:flex;gap:16px;flex-wrap:wrap}
.coupon-box,.newsletter-signup,.lead-magnet,.ad-slot{border:2px dashed #b9a;padding:12px;margin:20px 0}
.comment-list,.children{list-style:none}.comment-body{border-top:1px solid #ddd;padding:8px 0}
.bypostauthor>.comment-body{background:#eef6ee}"""


def href(base: str, path: str) -> str:
    """Absolute, escaped URL for an attribute: site paths get the base URL."""
    return escape(base.rstrip("/") + path if path.startswith("/") else path, quote=True)


def head(blog, base: str, *, title: str, canonical: str | None, description: str = "",
         og_type: str = "website", jsonld: dict | None = None, robots: str | None = None,
         published: str | None = None, modified: str | None = None) -> str:
    """The <head>: title, robots, canonical, OpenGraph, JSON-LD, feed link, CSS."""
    site = blog.site
    lines = [
        '<meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} &#8211; {escape(site['name'])}</title>",
        f'<meta name="robots" content="{robots or "index, follow, max-image-preview:large"}">',
        f'<meta name="description" content="{escape(description)}">',
        f'<meta property="og:locale" content="{site["language"].replace("-", "_")}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{escape(title)}">',
        f'<meta property="og:description" content="{escape(description)}">',
        f'<meta property="og:site_name" content="{escape(site["name"])}">',
    ]
    if canonical:
        lines += [f'<link rel="canonical" href="{href(base, canonical)}">',
                  f'<meta property="og:url" content="{href(base, canonical)}">']
    if published:
        lines += [f'<meta property="article:published_time" content="{published}">',
                  f'<meta property="article:modified_time" content="{modified or published}">',
                  f'<meta name="author" content="{escape(site["author"])}">']
    if jsonld:
        data = json.dumps(jsonld, ensure_ascii=False).replace("</", "<\\/")
        lines.append(f'<script type="application/ld+json" class="yoast-schema-graph">{data}</script>')
    lines += [
        f'<link rel="alternate" type="application/rss+xml" title="{escape(site["name"])} &raquo; Feed" '
        f'href="{href(base, "/feed/")}">',
        f"<style id=\"limber-theme-css\">{STYLE}</style>",
    ]
    return "<head>\n" + "\n".join(lines) + "\n</head>"


def header(blog, base: str) -> str:
    """Site title, tagline and the primary menu (which links the robots-disallowed page)."""
    site = blog.site
    items = [("/", "Home")] + [(f"/category/{slug}/", name) for slug, name in blog.categories.items()]
    items += [("/about/", "About"), ("/members/", "Members")]
    menu = "".join(f'<li class="menu-item"><a href="{href(base, p)}">{escape(n)}</a></li>'
                   for p, n in items)
    return f"""<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding">
<p class="site-title"><a href="{href(base, "/")}" rel="home">{escape(site["name"])}</a></p>
<p class="site-description">{escape(site["tagline"])}</p>
</div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary menu">
<ul id="primary-menu" class="menu">{menu}</ul>
</nav>
</header>"""


def sidebar(blog, base: str) -> str:
    """Widgets: search form, recent posts, categories (furniture, not content)."""
    recent = "".join(f'<li><a href="{href(base, a.path)}">{escape(a.title)}</a></li>'
                     for a in list(reversed(blog.articles))[:5])
    cats = "".join(f'<li class="cat-item"><a href="{href(base, f"/category/{slug}/")}">'
                   f"{escape(name)}</a></li>" for slug, name in blog.categories.items())
    return f"""<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="{href(base, "/")}">
<label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" name="s"></label>
<input type="submit" class="search-submit" value="Search"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>{cats}</ul></section>
</aside>"""


def footer(blog, base: str) -> str:
    """Colophon with the fictional-site notice."""
    site = blog.site
    return f"""<footer id="colophon" class="site-footer">
<div class="site-info">&copy; 2023 <a href="{href(base, "/")}">{escape(site["name"])}</a>.
A fictional demo blog bundled with healtharchive: its people, products, studies and
identifiers are invented, and nothing on it is medical advice.</div>
</footer>"""


def page(blog, base: str, *, body_class: str, main: str, **head_args) -> str:
    """A whole HTML document around `main` (the contents of <main id="main">)."""
    return f"""<!doctype html>
<html lang="{blog.site["language"]}">
{head(blog, base, **head_args)}
<body class="{body_class}">
<div id="page" class="site">
{header(blog, base)}
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main">
{main}
</main>
</div>
{sidebar(blog, base)}
</div>
{footer(blog, base)}
</div>
</body>
</html>
"""
