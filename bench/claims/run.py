#!/usr/bin/env python3
"""Runs every claim benchmark under CPython 3.9 and 3.13 and prints one table per claim.

Usage:
    python3 bench/claims/run.py                          # every claim, sizes 10 / 1,000 / 100,000
    python3 bench/claims/run.py px0702 px0704            # some claims (file name prefixes)
    python3 bench/claims/run.py --sizes 10,1000          # quicker, smaller sizes
    python3 bench/claims/run.py --output bench/claims/RESULTS.md
    python3 bench/claims/run.py --python /path/to/python3 --python /other/python3

Each script times alternatives that do the same job in interleaved rounds and reports the
ratio of their best times (see timing.py), so the tables compare like with like on a
noisy machine. The scripts run one after the other, never in parallel, to keep the noise
down. The rule pages (rules/PXqqnn.md) quote these tables.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHONS = (
    "/root/.pyenv/versions/3.9.18/bin/python3",
    "/root/.pyenv/versions/3.13.0/bin/python3",
)


def scripts(prefixes: list) -> list:
    found = sorted(p for p in HERE.glob("px*.py"))
    if prefixes:
        found = [p for p in found if any(p.name.startswith(prefix.lower()) for prefix in prefixes)]
    return found


def run_one(python: str, script: Path, sizes: str) -> dict:
    command = [python, str(script), "--json"]
    if sizes:
        command += ["--sizes", sizes]
    print(f"running {script.name} under {python}", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=HERE, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{script.name} failed under {python}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def format_number(row: dict) -> str:
    if "ratio" in row:
        ratio = row["ratio"]
        if ratio >= 100:
            return f"{ratio:.0f}x"
        return f"{ratio:.2f}x" if ratio >= 0.1 else f"{ratio:.2g}x"
    value = row["value"]
    if row["unit"] == "exponent":
        return f"{value:.2f}"
    if row["unit"] == "of calls":
        return f"{value:.0%}"
    return f"{value:,.0f} {row['unit']}" if value >= 10 else f"{value:.2f} {row['unit']}"


def table(reports: list) -> str:
    """One markdown table: a row per case, a column per (Python, size)."""
    columns = []
    cases = []
    cells = {}
    for report in reports:
        for row in report["rows"]:
            column = (report["python"], row["n"])
            if column not in columns:
                columns.append(column)
            case = (row["case"], row.get("vs"))
            if case not in cases:
                cases.append(case)
            cells[(case, column)] = format_number(row)
    columns.sort(key=lambda c: (tuple(int(p) for p in c[0].split(".")), c[1]))
    header = "| case | vs | " + " | ".join(f"{py} n={n:,}" for py, n in columns) + " |"
    lines = [header, "|" + "---|" * (len(columns) + 2)]
    for case in cases:
        name, versus = case
        values = [cells.get((case, column), "") for column in columns]
        lines.append(f"| {name} | {versus or ''} | " + " | ".join(values) + " |")
    notes = []
    for report in reports:
        for text in report["notes"]:
            notes.append(f"- Python {report['python']}: {text}")
    return "\n".join(lines + ([""] + notes if notes else []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("claims", nargs="*", help="script name prefixes (px0702, px07...)")
    parser.add_argument("--sizes", default="", help="comma-separated sizes (default 10,1000,100000)")
    parser.add_argument("--python", action="append", help="interpreters to run (default: 3.9 and 3.13)")
    parser.add_argument("--output", help="also write the tables to this markdown file")
    args = parser.parse_args()
    pythons = args.python or list(PYTHONS)
    sections = []
    for script in scripts(args.claims):
        reports = [run_one(python, script, args.sizes) for python in pythons]
        claim = reports[0]["claim"]
        section = f"## {claim} ({script.name})\n\n{table(reports)}\n"
        print(section, flush=True)
        sections.append(section)
    if args.output:
        Path(args.output).write_text(
            "# Claim benchmarks\n\nWritten by `bench/claims/run.py` (CPython 3.9 and 3.13): ratios of the best CPU "
            "times of interleaved rounds, see `timing.py` (below 1: faster than the `vs` case). "
            "Rows without a `vs` are measured quantities: growth exponents (time ~ n**k), "
            "instances and memory kept, hit rates.\n\n" + "\n".join(sections)
        )


if __name__ == "__main__":
    main()
