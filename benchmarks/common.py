"""Helpers shared by the benchmarks: percentiles, sizes from env vars, RSS, tables,
the dev corpus, the loopback demo site and read-only row counts."""
from __future__ import annotations

import contextlib
import gzip
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(os.environ.get("BENCH_CACHE", ROOT / "benchmarks" / ".cache"))
CORPUS = ROOT.parent / "shared" / "corpus"
# Crawl settings with politeness off (`-s NAME=VALUE`): loopback only.
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=16",
        "CONCURRENT_REQUESTS_PER_DOMAIN=16", "LOG_LEVEL=WARNING"]
SERVER = """
import sys
from archive.demo.generate import generated_blog
from archive.demo.server import serve_blog
server, url = serve_blog(blog=generated_blog(int(sys.argv[1]), seed=int(sys.argv[2])))
print(url, flush=True)
sys.stdin.read()  # serve until the benchmark closes our stdin
"""


def env_int(name: str, default: int) -> int:
    """An integer size from the environment (e.g. BENCH_ARTICLES=1000), else `default`."""
    value = os.environ.get(name, "").strip()
    return int(value.replace("_", "")) if value else default


def percentile(xs: list[float], q: float) -> float:
    """The nearest-rank `q`-th percentile (0-100) of `xs`."""
    ordered = sorted(xs)
    return ordered[max(0, min(len(ordered), int(round(q / 100 * len(ordered)))) - 1)]


def p95(xs: list[float]) -> float:
    return percentile(xs, 95)


def p50(xs: list[float]) -> float:
    return statistics.median(xs)


def proc_status_kb(pid: int, field: str = "VmRSS") -> int | None:
    """A memory field of /proc/PID/status in KiB (VmRSS = now, VmHWM = peak), None if gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def machine() -> str:
    """One line describing the machine the figures came from."""
    return (f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def load_pages(corpus: Path = CORPUS) -> list[tuple[str, bytes, str | None]]:
    """(id, raw HTML, URL) of every page of the dev corpus."""
    index = json.loads((corpus / "index.json").read_text())["pages"]
    return [(p["id"], gzip.decompress((corpus / f"{p['id']}.html.gz").read_bytes()), p.get("url"))
            for p in index]


def child_env() -> dict:
    """The environment of a benchmark's child process: this checkout importable, no
    inherited Scrapy settings module."""
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def start_site(articles: int, seed: int = 1) -> tuple[subprocess.Popen, str]:
    """The generated demo blog in its own process; returns (process, base URL).
    Close the process's stdin to stop it."""
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(articles), str(seed)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env=child_env(), cwd=ROOT)
    return proc, proc.stdout.readline().strip()


def count_rows(db: Path, table: str) -> int:
    """Rows of `table` in the database at `db`, read-only (0 if it is absent or busy)."""
    try:
        conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        with contextlib.closing(conn):
            return conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
    except sqlite3.Error:
        return 0


def fts_triggers(db) -> list[tuple[str, str]]:
    """(name, sql) of every trigger on a table with an FTS index (schema.FTS): what a
    bulk load drops first and puts back after rebuilding the indexes."""
    from archive.schema import FTS

    return list(db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
        f"({', '.join('?' for _ in FTS)})", list(FTS)))


def table(headers: list[str], rows: list[list]) -> str:
    """A markdown table; floats are printed with one decimal."""
    def cell(v):
        return f"{v:.1f}" if isinstance(v, float) else str(v)
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# ------------------------------------------------------------------ text
# Real words at the top of a Zipf distribution (so "the" and "vitamin" match
# most rows, as on a real archive), made-up words in the long tail (rare terms).
COMMON_WORDS = (
    "the and to of a in is it that for you this with my was on have but be not are "
    "so as your i can at or if do all vitamin pain sleep diet bone health doctor blood "
    "study weight sugar thank great post water heart body day years help food exercise "
    "calcium daughter knee tried stress protein fat magnesium muscle gut").split()
SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu " \
            "na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu".split()


class TextGen:
    """Seeded fake prose: sentences of Zipf-distributed words from a fixed vocabulary.

    Draws a pool of sentences once (one `random.choices` call, fast) and builds
    texts from it, so a million comments cost seconds, not minutes.
    `vocab[r]` is the word of rank r (0 = most common).
    """

    def __init__(self, seed: int = 0, vocab_size: int = 50_000, pool: int = 100_000,
                 sentence_words: int = 12):
        import itertools
        import random

        self.rng = random.Random(seed)
        tail = (SYLLABLES[i % 50] + SYLLABLES[i // 50 % 50] + SYLLABLES[i // 2500 % 50]
                for i in itertools.count(7))
        self.vocab = list(COMMON_WORDS) + [w for w, _ in zip(tail, range(vocab_size - len(COMMON_WORDS)))]
        weights = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(self.vocab))))
        words = self.rng.choices(self.vocab, cum_weights=weights, k=pool * sentence_words)
        self.sentences = [" ".join(words[i:i + sentence_words]).capitalize() + "."
                          for i in range(0, len(words), sentence_words)]

    def text(self, sentences: int) -> str:
        """`sentences` random sentences joined into one paragraph."""
        return " ".join(self.rng.choices(self.sentences, k=sentences))
