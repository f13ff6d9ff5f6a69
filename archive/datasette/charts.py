"""Server-rendered charts of the archive (no JavaScript, nothing fetched from elsewhere).

`load_charts(db)` runs three small aggregate queries and returns, per chart,
the data (for `/-/charts.json`) and bar geometry (for the SVG in
`templates/charts.html`, where every label is autoescaped):

- comments per month, one small chart per site (the 6 busiest sites);
- the most-cited journals (top 15);
- promotions per site and kind.
"""
from __future__ import annotations

COMMENTS_BY_MONTH_SQL = """
select s.host as site, substr(c.published, 1, 7) as month, count(*) as n
from comments c join articles a on a.id = c.article_id left join sites s on s.id = a.site_id
where c.published glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]*'
group by site, month order by site, month
"""
JOURNALS_SQL = """
select journal, count(*) as n, count(distinct article_id) as articles
from article_references where coalesce(trim(journal), '') != ''
group by journal order by n desc, journal limit 15
"""
PROMOTIONS_SQL = """
select coalesce(s.host, '?') as site, p.kind, count(*) as n
from promotions p join articles a on a.id = p.article_id left join sites s on s.id = a.site_id
group by site, p.kind order by site, n desc
"""
MAX_SITES = 6
BAR_WIDTH = 480  # px for the longest horizontal bar
ROW_HEIGHT = 20
COLUMN_AREA = (600, 120)  # width, height of a vertical bar chart


def hbars(items: list[tuple[str, int]]) -> dict:
    """Horizontal bars: one row per (label, value), scaled to the largest value."""
    top = max((v for _, v in items), default=0) or 1
    bars = [{"label": label, "value": value, "y": i * ROW_HEIGHT,
             "width": max(1, round(BAR_WIDTH * value / top))}
            for i, (label, value) in enumerate(items)]
    return {"bars": bars, "height": max(1, len(bars)) * ROW_HEIGHT, "width": BAR_WIDTH}


def columns(items: list[tuple[str, int]]) -> dict:
    """Vertical bars (a time series): one column per (label, value)."""
    width, height = COLUMN_AREA
    top = max((v for _, v in items), default=0) or 1
    step = width / max(1, len(items))
    bars = []
    for i, (label, value) in enumerate(items):
        h = max(1, round(height * value / top))
        bars.append({"label": label, "value": value, "x": round(i * step, 1),
                     "y": height - h, "width": max(1, round(step * 0.8, 1)), "height": h})
    return {"bars": bars, "width": width, "height": height, "max": top,
            "first": items[0][0] if items else None, "last": items[-1][0] if items else None}


def fill_months(months: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Insert the empty months between the first and the last ("2024-01" ... "2024-04")."""
    if not months:
        return []
    counts = dict(months)
    year, month = map(int, months[0][0].split("-"))
    last = months[-1][0]
    filled = []
    while True:
        key = f"{year:04d}-{month:02d}"
        filled.append((key, counts.get(key, 0)))
        if key >= last or len(filled) > 1200:
            return filled
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _months_by_site(rows) -> list[dict]:
    sites: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        if not 1 <= int(row["month"][5:7]) <= 12:
            continue
        sites.setdefault(row["site"] or "?", []).append((row["month"], row["n"]))
    busiest = sorted(sites.items(), key=lambda kv: -sum(n for _, n in kv[1]))[:MAX_SITES]
    return [{"site": site, "total": sum(n for _, n in months), "months": dict(months),
             "chart": columns(fill_months(months))} for site, months in busiest]


async def load_charts(db) -> dict:
    """The three charts' data and geometry for Datasette database `db`."""
    months = (await db.execute(COMMENTS_BY_MONTH_SQL)).rows
    journals = [dict(r) for r in (await db.execute(JOURNALS_SQL)).rows]
    promos = [dict(r) for r in (await db.execute(PROMOTIONS_SQL)).rows]
    return {
        "comments_per_month": _months_by_site(months),
        "journals": {"rows": journals,
                     "chart": hbars([(r["journal"], r["n"]) for r in journals])},
        "promotions": {"rows": promos,
                       "chart": hbars([(f"{r['site']} · {r['kind']}", r["n"]) for r in promos])},
    }
