"""`python -m benchmarks [NAME...]`: run the benchmark scripts (all by default) one after another.

Each `bench_*.py` module has a `main()` that prints its own table and returns its figures; this runner only
finds and runs them, then writes every figure to `out/benchmarks.json` for comparison across commits.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

import benchmarks


def main(names: list[str]) -> None:
    """Run the named benchmarks (module names without `bench_`), or all of them."""
    found = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    chosen = [f"bench_{n}" for n in names] if names else found
    unknown = sorted(set(chosen) - set(found))
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)} (have: {', '.join(found)})")
    figures = {}
    for name in chosen:
        print(f"\n== {name} ==", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        figures[name] = module.main([]) if _takes_argv(module.main) else module.main()
    out = Path("out")
    out.mkdir(exist_ok=True)
    (out / "benchmarks.json").write_text(json.dumps(figures, indent=2, default=str) + "\n")
    print("\nfigures written to out/benchmarks.json")


def _takes_argv(function: object) -> bool:
    code = getattr(function, "__code__", None)
    return bool(code and code.co_argcount)


if __name__ == "__main__":
    main(sys.argv[1:])
