"""A bigger demo blog for crawl tests: `generated_blog(n, seed=...)`.

Recombines the bundled texts into `n` posts (distinct slugs, titles and dates)
with seeded random comment trees: several top-level threads, replies up to
five levels deep, replies by the site's author, pingbacks, closed threads, and
paginated comments whenever a post has more threads than a comment page holds.
The same `n` and `seed` always give the same blog, so a test can compare a
crawl with `blog.articles` exactly.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import posts_1, posts_2
from .content import build_articles
from .model import C, ME, PB
from .site import Blog

BASE_POSTS = posts_1.POSTS + posts_2.POSTS


def _lines() -> list[tuple[str, str, str | None]]:
    """(author, text, url) of every reader comment in the bundled texts."""
    found = []

    def walk(items):
        for c in items:
            if not c.site_author and not c.pingback:
                found.append((c.author, c.text, c.url))
            walk(c.replies)
    for post in BASE_POSTS:
        walk(post["comments"])
    return found


def _thread(rng: random.Random, lines, depth: int, max_depth: int) -> C:
    author, text, url = rng.choice(lines)
    replies = []
    if depth < max_depth:
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            if rng.random() < 0.4:
                replies.append(ME(f"Thanks, {author.split()[0]}. {rng.choice(lines)[1]}"))
            else:
                replies.append(_thread(rng, lines, depth + 1, max_depth))
    return C(author, text, *replies, url=url)


def _comments(rng: random.Random, lines, max_threads: int) -> list[C]:
    threads = [_thread(rng, lines, 0, 4) for _ in range(rng.randint(0, max_threads))]
    if threads and rng.random() < 0.1:
        threads.insert(rng.randrange(len(threads)), PB(
            f"Link roundup #{rng.randint(1, 999)} | A Neighbour Blog", "https://neighbour.example/roundup/"))
    return threads


def generated_posts(n: int, *, seed: int = 0, max_threads: int = 12) -> list[dict]:
    """`n` raw posts (the dict shape of `posts_*.py`), one a day from 2019-01-01."""
    rng, lines = random.Random(seed), _lines()
    start = datetime.fromisoformat("2019-01-01T08:00:00+00:00")
    posts = []
    for i in range(n):
        base = BASE_POSTS[i % len(BASE_POSTS)]
        round_ = i // len(BASE_POSTS) + 1
        when = (start + timedelta(days=i)).isoformat()
        state = "closed" if rng.random() < 0.05 else "open"
        posts.append(dict(base, slug=f"{base['slug']}-{round_}", title=f"{base['title']} (part {round_})",
                          published=when, modified=when, comments_state=state,
                          comments=_comments(rng, lines, max_threads)))
    return posts


def generated_blog(n: int = 300, *, seed: int = 0, max_threads: int = 12, hidden_nav: int = 1,
                   **site) -> Blog:
    """A `Blog` of `n` generated posts; `site` overrides settings (e.g. sitemap_max=100).

    Like a live WordPress site it has a REST API, a per-request footer (raw bytes
    differ on every fetch) and, for the first `hidden_nav` posts with paginated
    comments, a theme that hides the comment navigation: their HTML shows only
    comment page 1, the REST API shows every comment (`blog.site["hidden_comment_nav"]`).
    """
    blog = Blog(articles=build_articles(generated_posts(n, seed=seed, max_threads=max_threads)))
    paginated = [a.slug for a in blog.articles if a.comment_pages > 1]
    blog.site.update(rest_api=True, dynamic_footer=True, hidden_comment_nav=paginated[:hidden_nav])
    blog.site.update(site)
    return blog
