#!/usr/bin/env python3
"""Which findings of a judged review a binary still reports, and how many were worth it.

Usage:
    python3 bench/review/recheck.py bench/review/verdicts/final5-after.jsonl \\
        --binary target/release/pyexpert

Lints each package of the judged file again (as sample.py does: `pyexpert lint .` in the
unpacked sdist, downloaded again if missing) and keeps the judged findings the binary
still reports at the same path, line and code. The result is biased by the selection (the
rules were changed after reading these verdicts): it shows what a change did to known
findings, not how the binary does on code nobody tuned it on. Only a fresh set says that.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("judged", type=Path)
    parser.add_argument("--binary", type=Path, default=sample.ROOT / "target" / "release" / "pyexpert")
    parser.add_argument("--corpora", type=Path, default=sample.CORPORA)
    args = parser.parse_args()

    judged = [json.loads(line) for line in args.judged.open(encoding="utf-8")]
    versions = dict(
        project_version
        for projects in sample.SETS.values()
        for project_version in projects
    )
    reported: set[tuple[str, str, int, str]] = set()
    for package in sorted({finding["package"] for finding in judged}):
        project, _, version = package.rpartition("-")
        directory = sample.fetch(project, versions.get(project, version), args.corpora)
        for finding in sample.lint(args.binary.resolve(), directory):
            reported.add((package, finding["path"], finding["start"]["line"], finding["code"]))

    kept: Counter[str] = Counter()
    worth: Counter[str] = Counter()
    for finding in judged:
        if (finding["package"], finding["path"], finding["line"], finding["code"]) in reported:
            kept[finding["code"]] += 1
            worth[finding["code"]] += finding["verdict"] == "true"
    total, good = sum(kept.values()), sum(worth.values())
    share = f"{100 * good / total:.0f} %" if total else "-"
    print(f"still reported: {total} of {len(judged)} judged; worth it: {good} ({share})")
    for code in sorted(kept):
        print(f"  {code}: {worth[code]} of {kept[code]}")


if __name__ == "__main__":
    main()
