"""Cell rendering: links to article pages and highlighted search snippets.

Every value is escaped first; only markup this module writes itself is added:
`<a>` to an article page whose path matched ARTICLE_PAGE, and `<mark>` where the
search query's snippet() put its markers.
"""
import re

from datasette import hookimpl
from markupsafe import Markup, escape

ARTICLE_PAGE = re.compile(r"^/-/article/\d+(#[cr]\d+)?$")


def _link(href: str, label) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, label)


def highlight(value: str) -> Markup:
    """Escape a snippet, then turn its <mark> markers back into elements."""
    escaped = str(escape(value))
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def _row_id(row, key="id"):
    try:
        return int(row[key])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


TITLE_KEYS = {"articles": "id", "article_stats": "article_id"}  # title cell -> article id
ANCHORS = {"comments": "#c{id}", "article_references": "#r{id}", "promotions": "#promotions"}


def _article_cell(datasette, database, table, row, value) -> Markup | None:
    """An article_id cell: the usual link to the articles row, plus the article page."""
    label, article_id = (value.get("label"), value.get("value")) if isinstance(value, dict) \
        else (None, value)
    try:
        article_id = int(article_id)
    except (TypeError, ValueError):
        return None
    anchor = ANCHORS[table].format(id=_row_id(row) or "")
    row_link = _link(datasette.urls.row(database, "articles", str(article_id)),
                     label if label not in (None, "") else article_id)
    page_link = _link(datasette.urls.path(f"/-/article/{article_id}{anchor}"), "page")
    return Markup("{} ({})").format(row_link, page_link)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column == "article_page" and isinstance(value, str) and ARTICLE_PAGE.match(value):
        return _link(datasette.urls.path(value), value)
    if table is None and column == "snippet" and isinstance(value, str):
        return highlight(value)
    if table in TITLE_KEYS and column == "title" and isinstance(value, str):
        article_id = _row_id(row, TITLE_KEYS[table])
        if article_id is not None:
            return _link(datasette.urls.path(f"/-/article/{article_id}"), value)
    if table in ANCHORS and column == "article_id" and value is not None:
        return _article_cell(datasette, database, table, row, value)
    return None


@hookimpl
def prepare_jinja2_environment(env):
    """`{{ snippet|highlight_snippet }}` in our templates (see templates/search.html)."""
    env.filters["highlight_snippet"] = lambda value: highlight(value or "")
