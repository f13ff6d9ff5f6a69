"""`/-/search` (HTML) and `/-/search.json`: one search box over articles, comments
and references, ranked by bm25, with facets (site, author, year, promotion kind,
journal, result kind). Query string: q plus optional filters of the same names."""
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from archive.datasette.search import FILTERS, search


def _facet_links(datasette, result: dict) -> dict:
    """For each facet value: the URL that adds (or, if set, removes) that filter."""
    base = {"q": result["q"], **{k: v for k, v in result["filters"].items() if v}}
    links = {}
    for name, values in result["facets"].items():
        links[name] = []
        for item in values:
            params = dict(base)
            selected = params.get(name) == item["value"]
            if selected:
                params.pop(name)
            else:
                params[name] = item["value"]
            links[name].append({**item, "selected": selected,
                                "href": datasette.urls.path("/-/search") + "?" + urlencode(params)})
    return links


async def search_view(datasette, request):
    database = datasette.get_database()
    await datasette.ensure_permissions(request.actor, [
        ("view-database", database.name), "view-instance"])
    filters = {name: request.args.get(name, "") for name in FILTERS}
    result = await search(database, request.args.get("q", ""), filters)
    if request.url_vars.get("format") == ".json":
        return Response.json(result)
    html = await datasette.render_template("search.html", {
        "result": result, "facet_links": _facet_links(datasette, result),
        "database": database.name, "filter_names": FILTERS,
        "json_url": datasette.urls.path("/-/search.json") + "?" + urlencode(
            {"q": result["q"], **{k: v for k, v in result["filters"].items() if v}}),
    }, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/search(?P<format>\.json)?$", search_view)]
