"""``python -m bench [NAME ...]``: run benchmarks (all by default), update docs/benchmarks.md."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time

from bench.corpora import Missing
from bench.report import ORDER, write_page


def main() -> int:
    available = [name for name in ORDER if importlib.util.find_spec(f"bench.{name}")]
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run: {', '.join(available)} (default: all)")
    arguments = parser.parse_args()
    unknown = set(arguments.names) - set(available)
    if unknown:
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))}")
    for name in arguments.names or available:
        started = time.perf_counter()
        print(f"[{name}] running …", flush=True)
        try:
            section = importlib.import_module(f"bench.{name}").run()
        except Missing as exc:
            print(f"[{name}] skipped: {exc}")
            continue
        section.save()
        print(f"[{name}] done in {time.perf_counter() - started:.0f} s")
    print(f"wrote {write_page()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
