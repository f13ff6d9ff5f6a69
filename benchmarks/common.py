"""Helpers shared by the benchmarks: percentiles, sizes from env vars, RSS, tables."""
from __future__ import annotations

import os
import platform
import statistics
from pathlib import Path

CACHE_DIR = Path(os.environ.get("BENCH_CACHE", Path(__file__).resolve().parent / ".cache"))


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
            f"SQLite {__import__('sqlite3').sqlite_version}")


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
