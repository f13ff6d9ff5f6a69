"""`.ndjson` output for every table, view and query: one JSON object per line.

Tables page the same way as `.json`: the next page's URL is in the `Link`
header (rel="next") and in `X-Next-Url`, so a script can follow pages until
neither is present.
"""
import json

from datasette import hookimpl
from datasette.utils.asgi import Response


def _cell(value):
    if isinstance(value, bytes):
        return value.hex()
    return value


def render_ndjson(datasette, columns, rows, data):
    lines = [json.dumps({c: _cell(v) for c, v in zip(columns, row)}, ensure_ascii=False,
                        default=str) for row in rows]
    body = "\n".join(lines) + ("\n" if lines else "")
    headers = {}
    next_url = (data or {}).get("next_url")
    if next_url:
        headers = {"Link": f'<{next_url}>; rel="next"', "X-Next-Url": next_url}
    return Response(body, content_type="application/x-ndjson; charset=utf-8", headers=headers)


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "ndjson", "render": render_ndjson}
