"""Registers the SQL function `fts_query(q)` (archive/datasette/fts.py) on every
connection: the canned queries and the search page use it."""
from datasette import hookimpl

from archive.datasette.fts import fts_query


@hookimpl
def prepare_connection(conn):
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
