"""`/-/charts` (server-rendered SVG) and `/-/charts.json`: comments per month
per site, the most-cited journals, promotions per site and kind."""
from datasette import hookimpl
from datasette.utils.asgi import Response

from archive.datasette.charts import load_charts


async def charts_view(datasette, request):
    database = datasette.get_database()
    await datasette.ensure_permissions(request.actor, [
        ("view-database", database.name), "view-instance"])
    charts = await load_charts(database)
    if request.url_vars.get("format") == ".json":
        return Response.json(charts)
    html = await datasette.render_template(
        "charts.html", {"charts": charts, "database": database.name,
                        "json_url": datasette.urls.path("/-/charts.json")}, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/charts(?P<format>\.json)?$", charts_view)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/search"), "label": "Search"},
            {"href": datasette.urls.path("/-/charts"), "label": "Charts"}]
