#!/usr/bin/env python3
"""Turn a judged review sample (see sample.py) into the precision table.

Usage:
    python3 bench/review/tally.py judged.jsonl [--markdown]

Per rule: findings in the packages, sampled, true / false / debatable, and the share worth
a reviewer's time (true / sampled; debatable counts as not worth it). The overall share
weighs each rule by its sample, as the review read it; the split by file kind uses the
path (test trees and test files against the rest). Findings judged by two reviewers carry
the second verdict in `second_verdict`; `--reviewer` picks whose counts.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict

TEST_PATH = re.compile(r"(^|/)(tests?|testing|t)(/|$)|(^|/)(test_[^/]*|[^/]*_tests?|conftest)\.py$")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("judged")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--reviewer", choices=("first", "second", "both"), default="first",
        help="for findings judged twice (`second_verdict`): whose verdict counts; `both` "
             "counts a finding as worth it only when both reviewers said so",
    )
    args = parser.parse_args()

    rows: dict[str, dict] = defaultdict(lambda: {"hits": 0, "n": 0, "true": 0, "false": 0, "debatable": 0})
    kinds = {kind: {"n": 0, "true": 0} for kind in ("library", "tests")}
    missing = 0
    with open(args.judged, encoding="utf-8") as judged:
        for line in judged:
            finding = json.loads(line)
            verdict = chosen_verdict(finding, args.reviewer)
            if verdict not in ("true", "false", "debatable"):
                missing += 1
                continue
            row = rows[finding["code"]]
            row["hits"] = finding.get("hits", row["hits"])
            row["n"] += 1
            row[verdict] += 1
            kind = kinds["tests" if TEST_PATH.search(finding["path"]) else "library"]
            kind["n"] += 1
            kind["true"] += verdict == "true"

    total = {key: sum(row[key] for row in rows.values()) for key in ("hits", "n", "true", "false", "debatable")}
    share = lambda t, n: f"{100 * t / n:.0f}%" if n else "-"
    if args.markdown:
        print("| rule | findings | sampled | true | false | debatable | worth it |")
        print("|---|---|---|---|---|---|---|")
        for code in sorted(rows):
            r = rows[code]
            print(f"| {code} | {r['hits']} | {r['n']} | {r['true']} | {r['false']} | {r['debatable']} | {share(r['true'], r['n'])} |")
        print(f"| all | {total['hits']} | {total['n']} | {total['true']} | {total['false']} | {total['debatable']} | {share(total['true'], total['n'])} |")
    else:
        print(f"{'rule':8} {'hits':>5} {'n':>4} {'true':>5} {'false':>6} {'debat':>6} {'worth':>6}")
        for code in sorted(rows):
            r = rows[code]
            print(f"{code:8} {r['hits']:5} {r['n']:4} {r['true']:5} {r['false']:6} {r['debatable']:6} {share(r['true'], r['n']):>6}")
        print(f"{'all':8} {total['hits']:5} {total['n']:4} {total['true']:5} {total['false']:6} {total['debatable']:6} {share(total['true'], total['n']):>6}")
    for kind, counts in kinds.items():
        print(f"{kind}: {counts['true']} of {counts['n']} worth it ({share(counts['true'], counts['n'])})")
    if missing:
        print(f"{missing} findings have no verdict yet")


def chosen_verdict(finding: dict, reviewer: str) -> str:
    first = finding.get("verdict", "").strip().lower()
    second = finding.get("second_verdict", "").strip().lower() or first
    if reviewer == "second":
        return second
    if reviewer == "both" and first == "true":
        return second
    return first


if __name__ == "__main__":
    main()
