"""`make bench`: run every benchmark, print `name: value` lines, write bench/results.json.

Each benchmark module has `run() -> dict[str, float]`; figures that compare against a baseline
measure both in the same run, on the same machine. `python -m bench load` (or `load_bench`)
runs only the named ones: `python -m bench load` is the load benchmark (bench/load_bench.py).
Options after the names go to the benchmarks whose `run()` takes them:
`python -m bench pages --sites 100` runs the page benchmark at 10.5M rows as well as at 1M.
"""

from __future__ import annotations

import inspect
import json
import sys
import time
from importlib import import_module
from pathlib import Path

BENCHMARKS = (
    "bench.import_bench",
    "bench.its_bench",
    "bench.impact_bench",
    "bench.calibration",
    "bench.load_bench",
    "bench.pages_bench",
)
RESULTS = Path(__file__).resolve().parent / "results.json"


def _arguments(argv: list[str]) -> tuple[set[str], dict[str, int]]:
    """Benchmark names, and `--name value` options (integers) for the benchmarks' `run()`."""
    names: set[str] = set()
    options: dict[str, int] = {}
    args = iter(argv)
    for arg in args:
        if arg.startswith("--"):
            value = next(args, None)
            if value is None:
                raise SystemExit(f"{arg} needs a value, e.g. {arg} 100")
            options[arg[2:].replace("-", "_")] = int(value)
        else:
            names.add(arg)
    return names, options


def main() -> int:
    only, options = _arguments(sys.argv[1:])
    results: dict[str, float] = {}
    for name in BENCHMARKS:
        short = name.rsplit(".", 1)[-1]
        if only and short not in only and short.removesuffix("_bench") not in only:
            continue
        started = time.perf_counter()
        module = import_module(name)
        accepted = inspect.signature(module.run).parameters
        figures = module.run(**{k: v for k, v in options.items() if k in accepted})
        for key, value in figures.items():
            print(f"{key}: {value:.4g}" if isinstance(value, float) else f"{key}: {value}")
        print(f"# {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
        results.update(figures)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() and only else {}
    RESULTS.write_text(json.dumps({**previous, **results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
