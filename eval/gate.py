"""CI gate: fail when a splitter metric falls below the floors pinned in eval/floors.json.

Usage: python eval/gate.py RESULTS.json [--floors eval/floors.json]

RESULTS.json is what `../shared/eval/evaluate.py --json` writes. Floors are
checked on the "overall" group unless a key names another group
("rs.comment_recall"). "min" floors are lower bounds (higher is better),
"max" floors upper bounds (leakage: lower is better). Raise floors as the
splitter improves; never lower one to pass.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def check(groups: dict, floors: dict) -> list[str]:
    """Return one line per metric that is below its floor (or missing)."""
    problems = []
    for bound, metrics in (("min", floors.get("min", {})), ("max", floors.get("max", {}))):
        for key, limit in metrics.items():
            group, _, metric = key.rpartition(".")
            value = groups.get(group or "overall", {}).get(metric)
            if value is None:
                problems.append(f"{key}: missing (floor {limit})")
            elif bound == "min" and value < limit:
                problems.append(f"{key}: {value:.3f} < floor {limit}")
            elif bound == "max" and value > limit:
                problems.append(f"{key}: {value:.3f} > ceiling {limit}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--floors", default=str(Path(__file__).with_name("floors.json")))
    args = parser.parse_args(argv)
    groups = json.loads(Path(args.results).read_text())["groups"]
    floors = json.loads(Path(args.floors).read_text())
    problems = check(groups, floors)
    for line in problems:
        print(f"eval gate: {line}")
    n = len(floors.get("min", {})) + len(floors.get("max", {}))
    print(f"eval gate: {n - len(problems)} of {n} floors hold")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
