"""Run the benchmarks named on the command line (all by default) and print their tables."""
import importlib
import sys

ALL = ["split", "load", "crawl", "reading", "resplit", "distributed"]

for name in sys.argv[1:] or ALL:
    importlib.import_module(f"benchmarks.{name}").run()
    print()
