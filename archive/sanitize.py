"""Sanitise stored HTML with nh3 (an allowlist): what Datasette may render.

Kept: text structure (headings, paragraphs, lists, tables, quotes, code,
emphasis) and links, which get `rel="nofollow noopener noreferrer"`.
Removed with their content: script, style, svg, math, iframe, form and the
other active or embedding elements. Removed attributes: every event handler,
`style`, `class`, `id`, and any URL whose scheme is not http(s)/mailto
(no `javascript:`, no `data:`).

Images: an archived page must not call the publisher's servers when a
researcher opens it, so `<img>` is kept WITHOUT `src`/`srcset` — its `alt`
text (what the image showed) and size stay, nothing loads. The original
address is still in the WARC record of the page.
"""
from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
# Dropped together with everything inside them.
DROPPED_WITH_CONTENT = {
    "script", "style", "svg", "math", "iframe", "form", "template", "noscript",
    "object", "embed", "textarea", "select", "button", "canvas", "audio", "video",
    "frame", "frameset", "applet", "head", "title",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allowlist above (safe to render as is)."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
