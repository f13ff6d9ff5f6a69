"""The article page: `/-/article/ID` (HTML) and `/-/article/ID.json`.

One page per article with its four parts: metadata and body (HTML sanitised
again on output, as defence in depth), references with DOI / PubMed / PMC
links, promotions labelled by kind, and the comment thread as a nested tree.
The HTML response carries a Content-Security-Policy that blocks every script
and any image not served by Datasette itself.
"""
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from archive.datasette.article import load_article

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; frame-src 'none'; base-uri 'none'; "
       "form-action 'self'")


def _sanitize(html: str) -> str:
    """The project's nh3 allowlist (falls back to nh3's defaults)."""
    try:
        from archive.sanitize import sanitize_html
    except ImportError:
        import nh3
        return nh3.clean(html or "")
    return sanitize_html(html or "")


async def article_view(datasette, request):
    database = datasette.get_database()
    await datasette.ensure_permissions(request.actor, [
        ("view-table", (database.name, "articles")),
        ("view-database", database.name),
        "view-instance",
    ])
    article = await load_article(database, int(request.url_vars["id"]))
    if article is None:
        raise NotFound("No article with that id")
    if request.url_vars.get("format") == ".json":
        return Response.json(article, default=str)
    context = {
        "article": article,
        "body_html": _sanitize(article["body_html"]),
        "database": database.name,
        "json_url": datasette.urls.path(f"/-/article/{article['id']}.json"),
        "table_url": datasette.urls.table(database.name, "articles"),
    }
    html = await datasette.render_template("article.html", context, request=request)
    return Response.html(html, headers={"Content-Security-Policy": CSP})


@hookimpl
def register_routes():
    return [(r"^/-/article/(?P<id>\d+)(?P<format>\.json)?$", article_view)]
