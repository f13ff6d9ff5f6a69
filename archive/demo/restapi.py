"""The demo blog's WordPress REST API (`/wp-json/`), as WordPress core answers it.

- `/wp-json/` the index (name, namespaces);
- `/wp-json/wp/v2/posts?per_page=N&page=P` posts newest first, `X-WP-Total` and
  `X-WP-TotalPages` headers, 400 `rest_post_invalid_page_number` past the end;
- `/wp-json/wp/v2/posts/ID` one post;
- `/wp-json/wp/v2/comments?post=ID&per_page=N&page=P[&parent=ID]` approved
  comments (type `comment`, so no pingbacks), newest first as WordPress orders
  them by default, each with `parent` (0 = top level), `author_name`,
  `author_url`, `date_gmt`, `content.rendered` and `link`.
`per_page` is capped at 100 like WordPress. Pages advertise the API with HTTP
`Link` headers (`rel="https://api.w.org/"`, and for a post its JSON
`alternate`), see `site.py`.
"""
from __future__ import annotations

import json
from html import escape

from .comments_html import page_path

JSON = "application/json; charset=UTF-8"


def api_root(base: str) -> str:
    return base.rstrip("/") + "/wp-json/"


def link_header(base: str, post_id: int | None = None) -> str:
    """The `Link` header advertising the API (and, for a post, its JSON `alternate`)."""
    root = api_root(base)
    link = f'<{root}>; rel="https://api.w.org/"'
    if post_id is not None:
        link += f', <{root}wp/v2/posts/{post_id}>; rel="alternate"; type="application/json"'
    return link


def _int(query: dict, name: str, default: int | None) -> int | None:
    try:
        return int(query[name][0]) if name in query else default
    except ValueError:
        return default


def _post(blog, base: str, a) -> dict:
    root = base.rstrip("/")
    return {"id": a.post_id, "date_gmt": a.published[:19], "modified_gmt": a.modified[:19],
            "slug": a.slug, "status": "publish", "type": "post", "link": root + a.path,
            "title": {"rendered": escape(a.title)}, "excerpt": {"rendered": f"<p>{escape(a.excerpt)}</p>\n"},
            "author": 1, "comment_status": "closed" if a.comments_state == "closed" else "open",
            "categories": [list(blog.categories).index(a.category) + 1]}


def _comment(base: str, a, c) -> dict:
    root = base.rstrip("/")
    author_url = c.author_url
    if author_url and author_url.startswith("/"):
        author_url = root + author_url
    return {"id": c.id, "post": a.post_id, "parent": c.parent or 0, "author": 1 if c.is_site_author else 0,
            "author_name": c.author, "author_url": author_url or "", "date": c.published[:19],
            "date_gmt": c.published[:19], "content": {"rendered": f"<p>{escape(c.text)}</p>\n"},
            "link": f"{root}{page_path(a, c.page)}#{c.key}", "status": "approved", "type": "comment"}


def _paged(items: list, query: dict):
    """(page of items, total, total pages) or None for a bad page number."""
    per = max(1, min(100, _int(query, "per_page", 10)))
    page = _int(query, "page", 1)
    pages = max(1, -(-len(items) // per)) if items else 0
    if page < 1 or (page > max(pages, 1)):
        return None
    return items[(page - 1) * per:page * per], len(items), pages


def _error(code: str, message: str, status: int):
    return status, {"code": code, "message": message, "data": {"status": status}}, {}


def answer(blog, path: str, query: dict, base: str):
    """(status, JSON-able body, headers) for a `/wp-json/...` path, or None if not one."""
    if not path.startswith("/wp-json"):
        return None
    route = path[len("/wp-json"):].rstrip("/") or "/"
    if route == "/":
        return 200, {"name": blog.site["name"], "description": blog.site["tagline"],
                     "url": base.rstrip("/"), "namespaces": ["oembed/1.0", "wp/v2"]}, {}
    if route == "/wp/v2/posts":
        return _list([_post(blog, base, a) for a in blog.articles[::-1]], query,
                     "rest_post_invalid_page_number")
    if route.startswith("/wp/v2/posts/"):
        wanted = route.rsplit("/", 1)[-1]
        for a in blog.articles:
            if str(a.post_id) == wanted:
                return 200, _post(blog, base, a), {}
        return _error("rest_post_invalid_id", "Invalid post ID.", 404)
    if route == "/wp/v2/comments":
        return _comments(blog, base, query)
    return _error("rest_no_route", "No route was found matching the URL and request method.", 404)


def _list(items: list, query: dict, bad_page: str):
    paged = _paged(items, query)
    if paged is None:
        return _error(bad_page, "The page number requested is larger than the number of pages available.", 400)
    shown, total, pages = paged
    return 200, shown, {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}


def _comments(blog, base: str, query: dict):
    post = _int(query, "post", None)
    articles = [a for a in blog.articles if post is None or a.post_id == post]
    comments = [(a, c) for a in articles for c in a.real_comments]
    parent = _int(query, "parent", None)
    if parent is not None:
        comments = [(a, c) for a, c in comments if (c.parent or 0) == parent]
    comments.sort(key=lambda ac: (ac[1].published, ac[1].id), reverse=True)
    return _list([_comment(base, a, c) for a, c in comments], query, "rest_comment_invalid_page_number")


def encode(body) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
