"""The comment area of a demo article, as WordPress core renders it.

html5 comment walker: `ol.comment-list > li.comment > article.comment-body`,
replies in `ol.children`, `bypostauthor` on the post author's comments,
pingbacks as `li.pingback > div.comment-body`, comment pagination with
`nav.comment-navigation` ("Older Comments" / "Newer Comments"), a reply link
`?replytocom=N#respond` per comment and the `#respond` form. Page N of the
comments shows only the threads on that page, each thread whole.
"""
from __future__ import annotations

from datetime import datetime
from html import escape

from .model import Article, Comment
from .templates import href


def page_path(article: Article, page: int) -> str:
    """Path of comment page `page` (page 1 is the article's own URL)."""
    return article.path if page <= 1 else f"{article.path}comment-page-{page}/"


def _when(iso: str) -> str:
    t = datetime.fromisoformat(iso)
    return f"{t:%B} {t.day}, {t.year} at {t.hour % 12 or 12}:{t:%M} {'am' if t.hour < 12 else 'pm'}"


def _classes(blog, c: Comment, has_children: bool, parity: str) -> str:
    kind = "pingback" if c.is_pingback else "comment"
    parts = [kind]
    if c.is_site_author:
        parts += ["byuser", f"comment-author-{blog.site['author_slug']}", "bypostauthor"]
    parts += [parity, f"depth-{c.depth + 1}"]
    if has_children:
        parts.append("parent")
    return " ".join(parts)


def _pingback(blog, base: str, c: Comment, parity: str) -> str:
    return (f'<li id="{c.key}" class="{_classes(blog, c, False, parity)}">\n'
            f'<div class="comment-body">Pingback: <a href="{href(base, c.author_url)}" '
            f'rel="external nofollow ugc" class="url">{escape(c.author)}</a> </div>\n</li>')


def _comment(blog, base: str, article: Article, c: Comment, kids: dict, parity: str) -> str:
    """One <li>, with its replies nested in ol.children."""
    if c.is_pingback:
        return _pingback(blog, base, c, parity)
    children = kids.get(c.id, [])
    name = escape(c.author)
    fn = (f'<a href="{href(base, c.author_url)}" rel="external nofollow ugc" class="url">{name}</a>'
          if c.author_url else name)
    here = page_path(article, c.page)
    replies = ""
    if children:
        replies = '\n<ol class="children">\n' + "\n".join(
            _comment(blog, base, article, k, kids, parity) for k in children) + "\n</ol>"
    return f"""<li id="{c.key}" class="{_classes(blog, c, bool(children), parity)}">
<article id="div-{c.key}" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><img alt="" src="{href(base, "/wp-content/uploads/avatar.svg")}" class="avatar avatar-42 photo" height="42" width="42" loading="lazy">
<b class="fn">{fn}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{href(base, here)}#{c.key}"><time datetime="{c.published}">{_when(c.published)}</time></a></div>
</footer>
<div class="comment-content"><p>{escape(c.text)}</p></div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{href(base, here)}?replytocom={c.id}#respond" data-commentid="{c.id}" data-postid="{article.post_id}" data-belowelement="div-{c.key}" data-respondelement="respond" data-replyto="Reply to {name}" aria-label="Reply to {name}">Reply</a></div>
</article>{replies}
</li>"""


def _navigation(base: str, article: Article, page: int) -> str:
    if article.comment_pages <= 1:
        return ""
    links = []
    if page > 1:
        links.append(f'<div class="nav-previous"><a href="{href(base, page_path(article, page - 1))}#comments">'
                     "Older Comments</a></div>")
    if page < article.comment_pages:
        links.append(f'<div class="nav-next"><a href="{href(base, page_path(article, page + 1))}#comments">'
                     "Newer Comments</a></div>")
    return ('<nav class="navigation comment-navigation" aria-label="Comments">\n'
            '<h2 class="screen-reader-text">Comments navigation</h2>\n'
            f'<div class="nav-links">{"".join(links)}</div>\n</nav>')


def respond_form(base: str, article: Article, reply_to: Comment | None) -> str:
    """The comment form; with ?replytocom=N it says whom it replies to."""
    title = "Leave a Reply" if reply_to is None else f"Leave a Reply to {escape(reply_to.author)}"
    parent = reply_to.id if reply_to else 0
    return f"""<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">{title} <small><a rel="nofollow" id="cancel-comment-reply-link" href="{href(base, article.path)}#respond">Cancel reply</a></small></h3>
<form action="{href(base, "/wp-comments-post.php")}" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label><textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label><input id="author" name="author" type="text" size="30" maxlength="245" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label><input id="email" name="email" type="email" size="30" maxlength="100" required></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment">
<input type="hidden" name="comment_post_ID" value="{article.post_id}" id="comment_post_ID">
<input type="hidden" name="comment_parent" id="comment_parent" value="{parent}"></p>
</form>
</div>"""


def _disqus(base: str, article: Article) -> str:
    return f"""<div id="comments" class="comments-area">
<div id="disqus_thread"></div>
<script>var disqus_config = function () {{ this.page.url = "{href(base, article.path)}"; this.page.identifier = "{article.post_id} {href(base, f"/?p={article.post_id}")}"; }};</script>
<noscript>Please enable JavaScript to view the <a href="https://disqus.com/?ref_noscript" rel="nofollow">comments powered by Disqus.</a></noscript>
</div>"""


def comments_area(blog, base: str, article: Article, page: int, reply_to: Comment | None = None) -> str:
    """The whole #comments block for comment page `page` of `article`."""
    if article.comments_state.startswith("hosted_elsewhere"):
        return _disqus(base, article)
    parts = ['<div id="comments" class="comments-area">']
    shown = article.comments_on_page(page)
    if article.comments:
        count = len(article.comments)
        parts.append(f'<h2 class="comments-title">{count} thought{"s" if count != 1 else ""} '
                     f"on &ldquo;{escape(article.title)}&rdquo;</h2>")
        kids: dict[int, list[Comment]] = {}
        for c in shown:
            kids.setdefault(c.parent, []).append(c)
        tops = kids.get(None, [])
        items = [_comment(blog, base, article, c, kids, ("even thread-even" if i % 2 == 0 else "odd thread-odd thread-alt"))
                 for i, c in enumerate(tops)]
        nav = _navigation(base, article, page)
        parts += [nav, '<ol class="comment-list">', *items, "</ol>", nav]
    if article.comments_state == "closed":
        parts.append('<p class="no-comments">Comments are closed.</p>')
    else:
        parts.append(respond_form(base, article, reply_to))
    parts.append("</div>")
    return "\n".join(p for p in parts if p)
