"""Datasette configuration of the archive: metadata, templates, plugins, settings.

`datasette_options()` returns the keyword arguments for `datasette.app.Datasette`
so that `healtharchive serve` and the tests build exactly the same Datasette:

    Datasette([db_path], **datasette_options(db_name="archive"))

The metadata file describes the database under the name "archive"; since
Datasette names a database after its file, the section is re-keyed to the
served file's name (`crawl.db` -> `/crawl/`).
"""
from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
METADATA_FILE = HERE / "metadata.yaml"
TEMPLATE_DIR = HERE / "templates"
PLUGINS_DIR = HERE / "plugins"
METADATA_DB = "archive"

# The database page size and the facets: big tables stay fast because facet
# suggestions (the slow part of a table page, DESIGN.md) are off.
SETTINGS = {
    "suggest_facets": False,
    "default_page_size": 50,
    "facet_time_limit_ms": 500,
    "truncate_cells_html": 400,
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 5000,  # a canned query cannot page: room for a long comment thread
}
# Public serving: no arbitrary SQL, a short time limit for canned queries, no
# whole-file download.
PUBLIC_SETTINGS = {
    **SETTINGS,
    "default_allow_sql": False,
    "sql_time_limit_ms": 800,
    "facet_time_limit_ms": 200,
    "allow_csv_stream": False,
    "allow_download": False,  # the file holds crawl_jobs, which public serving hides
}


# Not served by `serve --public`.
PRIVATE_TABLES = ("crawl_jobs", "crawl_job_stats")


@lru_cache(maxsize=1)
def _base_metadata() -> dict:
    return yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))


def load_metadata(db_name: str = METADATA_DB, *, public: bool = False) -> dict:
    """The metadata for a database served as `db_name` (its file's stem)."""
    meta = copy.deepcopy(_base_metadata())
    if db_name != METADATA_DB:
        meta["databases"] = {db_name: meta["databases"].pop(METADATA_DB)}
        meta["description_html"] = meta["description_html"].replace(
            f"/{METADATA_DB}/", f"/{db_name}/")
    if public:
        meta["allow_sql"] = False
        tables = meta["databases"][db_name]["tables"]
        for name in PRIVATE_TABLES:  # job settings may hold credentials (e.g. a Redis URL)
            tables.setdefault(name, {})["allow"] = False
    return meta


def datasette_options(public: bool = False, db_name: str = METADATA_DB) -> dict:
    """Keyword arguments for `Datasette(files, **options)`."""
    return {
        "metadata": load_metadata(db_name, public=public),
        "template_dir": str(TEMPLATE_DIR),
        "plugins_dir": str(PLUGINS_DIR),
        "settings": dict(PUBLIC_SETTINGS if public else SETTINGS),
    }


def db_name_for(path) -> str:
    """The name Datasette gives the database file at `path` (its stem)."""
    return Path(path).stem
