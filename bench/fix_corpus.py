#!/usr/bin/env python3
"""Fix real code and check nothing broke: the decisive test of `pyexpert lint --fix`.

Usage:
    python3 bench/fix_corpus.py                      # the CPython stdlib and Django 5.1.4
    python3 bench/fix_corpus.py --corpus django --examples 5
    python3 bench/fix_corpus.py --django-tests       # also Django's test suite, before and after
    python3 bench/fix_corpus.py --pyexpert target/release/pyexpert --keep /tmp/fixed
    python3 bench/fix_corpus.py --pyexpert target/release/pyexpert --cost 7

Each corpus is copied to a temporary directory and fixed there with
`--fix --unsafe-fixes --select ALL` (at the oldest Python the code supports, so the
version-gated rules run). Then:

- every file that changed still compiles with CPython (each interpreter given);
- a second run fixes nothing;
- no file without an applied fix changed by a single byte (and every file with one did);
- no PX0003 (a fix that broke a file, or a rule that failed on fixed text).

It prints, per rule, how many findings there were, how many fixes applied, and how many
findings stayed unfixed and why: the rule has no fix for them, it declined (no safe
rewrite for that shape), or a fix was offered but still applies after fixing (it
conflicted until the passes ran out). `--examples N` lists where fixes were declined, to
read them. With `--django-tests`, Django's own test suite runs on the original and on the
fixed copy (in a virtualenv with its test requirements) and the failures are compared.
With `--cost N`, the fixed copy (a tree that needs no fix) is linted N times with and N
times without `--fix`, alternating, and the medians compared: fixing should cost nothing
where there is nothing to fix (use a release build).

Exit status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYENV = Path("/root/.pyenv/versions")
STDLIB = PYENV / "3.11.7/lib/python3.11"
DJANGO = Path("/tmp/corpora/django-5.1.4")
# Mirrors src/discover.rs: what the walk skips is not copied either.
SKIPPED = {"site-packages", "__pycache__", ".git"}


def corpora(selected: str) -> list[dict]:
    stdlib = {
        "name": "stdlib",
        "source": STDLIB,
        "target": "py311",
        "pythons": [PYENV / "3.11.7/bin/python3"],
    }
    django = {
        "name": "django",
        "source": DJANGO,
        "target": "py310",
        "pythons": [PYENV / "3.10.13/bin/python3", PYENV / "3.13.0/bin/python3"],
    }
    chosen = {"stdlib": [stdlib], "django": [django], "all": [stdlib, django]}[selected]
    for corpus in chosen:
        if corpus["name"] == "django" and not corpus["source"].exists():
            corpus["source"] = fetch_django()
    return chosen


def fetch_django() -> Path:
    """Django 5.1.4's sdist from PyPI, unpacked beside the benchmark corpora."""
    target = ROOT / "bench" / ".corpora" / "django-5.1.4"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--no-binary", ":all:", "django==5.1.4", "-d", str(target.parent)], check=True)
    import tarfile
    archive = next(target.parent.glob("*jango-5.1.4.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(target.parent, filter="data")
    return target


def copy_tree(source: Path, destination: Path) -> None:
    shutil.copytree(source, destination, symlinks=True,
                    ignore=lambda _dir, names: [n for n in names if n in SKIPPED])


def hashes(root: Path) -> dict[str, str]:
    result = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            result[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


COMPILE = """
import sys, warnings
warnings.simplefilter("ignore")
for path in sys.stdin.read().splitlines():
    try:
        with open(path, "rb") as f:
            compile(f.read(), path, "exec", dont_inherit=True)
    except Exception as error:
        print(path + "\\t" + type(error).__name__ + ": " + str(error).replace("\\n", " "))
"""


def compile_failures(python: Path, paths: list[Path]) -> dict[str, str]:
    """The files `python` cannot compile, with why."""
    if not paths:
        return {}
    output = subprocess.run([str(python), "-c", COMPILE], input="\n".join(map(str, paths)),
                            capture_output=True, text=True, check=True).stdout
    failures = {}
    for line in output.splitlines():
        path, _, why = line.partition("\t")
        failures[path] = why
    return failures


def lint(pyexpert: Path, root: Path, corpus: dict, fix: bool) -> tuple[dict, str, int]:
    args = [str(pyexpert), "lint", "--isolated", "--no-cache", "--select", "ALL",
            "--target-version", corpus["target"], "--output-format", "json"]
    if fix:
        args += ["--fix", "--unsafe-fixes", "--show-fixes"]
    args.append(corpus["name"])
    done = subprocess.run(args, cwd=root, capture_output=True, text=True)
    return json.loads(done.stdout), done.stderr, done.returncode


def applied_fixes(show_fixes: str) -> dict[str, collections.Counter]:
    """`--show-fixes` output: per file, fixes applied per rule."""
    per_file: dict[str, collections.Counter] = {}
    current = None
    for line in show_fixes.splitlines():
        if line.startswith("- ") and line.endswith(":"):
            current = per_file.setdefault(line[2:-1], collections.Counter())
        elif current is not None and (m := re.match(r"\s+(\d+) × (PX\d{4})", line)):
            current[m.group(2)] += int(m.group(1))
    return per_file


def check(pyexpert: Path, corpus: dict, work: Path, examples: int) -> list[str]:
    """Fixes a copy of the corpus and returns the failed checks."""
    name = corpus["name"]
    root = work / name
    root.mkdir()
    copy_tree(corpus["source"], root / name)
    failures = []
    before_hashes = hashes(root / name)
    sources = [root / name / p for p in before_hashes if p.endswith(".py")]
    broken_before = {p: compile_failures(py, sources) for p, py in
                     ((str(py), py) for py in corpus["pythons"])}

    started = time.monotonic()
    before, _, _ = lint(pyexpert, root, corpus, fix=False)
    after, show_fixes, status = lint(pyexpert, root, corpus, fix=True)
    elapsed = time.monotonic() - started
    if status not in (0, 1):
        failures.append(f"{name}: the fixing run exited with {status}:\n{show_fixes[-2000:]}")
    for line in show_fixes.splitlines():
        if line.startswith("pyexpert: "):
            failures.append(f"{name}: {line}")
    internal = [d for d in after["diagnostics"] if d["code"] == "PX0003"]
    for d in internal:
        failures.append(f"{name}: PX0003 in {d['path']}: {d['message']}")

    applied = applied_fixes(show_fixes)
    after_hashes = hashes(root / name)
    changed = {p for p in after_hashes if after_hashes[p] != before_hashes.get(p)}
    listed = {str(Path(f).relative_to(name)) for f, c in applied.items() if sum(c.values())}
    for path in sorted(changed - listed):
        failures.append(f"{name}: {path} changed without an applied fix")
    for path in sorted(listed - changed):
        failures.append(f"{name}: {path} has applied fixes but did not change")

    changed_sources = [root / name / p for p in sorted(changed) if p.endswith(".py")]
    for python in corpus["pythons"]:
        now_broken = compile_failures(python, changed_sources)
        for path, why in now_broken.items():
            if path not in broken_before[str(python)]:
                failures.append(f"{name}: {path} no longer compiles with {python}: {why}")

    again, second_err, _ = lint(pyexpert, root, corpus, fix=True)
    if applied_fixes(second_err):
        failures.append(f"{name}: a second --fix still applied fixes:\n{second_err[:2000]}")
    if hashes(root / name) != after_hashes:
        failures.append(f"{name}: a second --fix changed files")

    report(name, before, after, applied, changed, elapsed, examples)
    if ARGS.cost:
        measure_cost(pyexpert, root, corpus, ARGS.cost)
    return failures


def measure_cost(pyexpert: Path, root: Path, corpus: dict, runs: int) -> None:
    """Median CPU and wall time of a plain lint and of `--fix` on a tree with nothing to fix.
    One thread each: on a shared machine CPU time moves far less than wall time."""
    import resource
    base = [str(pyexpert), "lint", "--isolated", "--no-cache", "--threads", "1", "--select",
            "ALL", "--target-version", corpus["target"], "--output-format", "json",
            corpus["name"]]
    commands = {"lint": base, "lint --fix": base + ["--fix", "--unsafe-fixes"]}
    cpu = {label: [] for label in commands}
    wall = {label: [] for label in commands}
    for round_ in range(runs + 1):  # the first round warms the page cache
        for label, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.monotonic()
            subprocess.run(command, cwd=root, capture_output=True, check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_:
                wall[label].append(time.monotonic() - started)
                cpu[label].append(after.ru_utime - before.ru_utime
                                  + after.ru_stime - before.ru_stime)
    median = lambda values: sorted(values)[len(values) // 2]
    for kind, times in (("CPU", cpu), ("wall", wall)):
        plain, fixing = median(times["lint"]), median(times["lint --fix"])
        print(f"cost of --fix with nothing to fix, {kind} time ({runs} runs each, medians): "
              f"lint {plain:.2f}s, lint --fix {fixing:.2f}s, ratio {fixing / plain:.3f}")


def report(name, before, after, applied, changed, elapsed, examples) -> None:
    fix_kinds = rule_fix_kinds()
    found = collections.Counter(d["code"] for d in before["diagnostics"])
    offered = collections.defaultdict(collections.Counter)
    declined = collections.defaultdict(list)
    for d in before["diagnostics"]:
        if d["fix"]:
            offered[d["code"]][d["fix"]["applicability"]] += 1
        elif fix_kinds.get(d["code"]):
            declined[d["code"]].append(f"{d['path']}:{d['start']['line']}")
    total_applied = collections.Counter()
    for counts in applied.values():
        total_applied.update(counts)
    left_with_fix = collections.Counter(d["code"] for d in after["diagnostics"] if d["fix"])
    files = before["summary"]["files_checked"]
    print(f"\n== {name}: {files} files, {len(changed)} changed, "
          f"{sum(total_applied.values())} fixes applied ({elapsed:.1f}s for both runs)")
    print(f"{'rule':8} {'found':>6} {'safe':>5} {'unsafe':>6} {'applied':>7}  unfixed, and why")
    for code in sorted(found):
        kinds = fix_kinds.get(code)
        if not kinds and not total_applied[code]:
            continue
        unfixed = []
        if len(declined[code]):
            unfixed.append(f"{len(declined[code])} declined (no safe rewrite of that shape)")
        if left_with_fix[code]:
            unfixed.append(f"{left_with_fix[code]} still fixable (conflict or unsettled)")
        print(f"{code:8} {found[code]:6} {offered[code]['safe']:5} {offered[code]['unsafe']:6} "
              f"{total_applied[code]:7}  {'; '.join(unfixed) or '-'}")
        for where in declined[code][:examples]:
            print(f"{'':8}   declined: {where}")
    without = sum(n for code, n in found.items() if not fix_kinds.get(code))
    print(f"(other rules have no fixes: {without} findings)")


def rule_fix_kinds() -> dict[str, str]:
    """Which rules declare fixes, from `pyexpert rules` (the FIX column)."""
    table = subprocess.run([str(ARGS.pyexpert), "rules"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    header = table[0]
    column = header.index("FIX")
    kinds = {}
    for row in table[1:]:
        cell = row[column:].split("  ")[0].strip()
        kinds[row.split()[0]] = "" if cell == "-" else cell
    return kinds


def django_tests(original: Path, fixed: Path, work: Path) -> list[str]:
    """Runs Django's test suite on both copies; the fixed one may fail no test more."""
    venv = work / "django-venv"
    python = venv / "bin/python"
    subprocess.run([str(PYENV / "3.11.7/bin/python3"), "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "asgiref>=3.8.1",
                    "sqlparse>=0.3.1", "tblib"], check=True)
    results = {}
    for label, tree in (("original", original), ("fixed", fixed)):
        started = time.monotonic()
        done = subprocess.run([str(python), "runtests.py", "--parallel", str(os.cpu_count() or 1),
                               "--noinput"], cwd=tree / "tests", capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(tree)})
        tail = (done.stdout + done.stderr)[-3000:]
        summary = re.findall(r"^(Ran \d+ tests.*|FAILED.*|OK.*)$", tail, re.M)
        failed = set(re.findall(r"^(?:ERROR|FAIL): (\S+ \(\S+\))", done.stdout + done.stderr, re.M))
        results[label] = failed
        print(f"\n== Django tests on the {label} copy ({time.monotonic() - started:.0f}s): "
              f"{' '.join(summary)}")
        for test in sorted(failed):
            print(f"   failed: {test}")
    new = results["fixed"] - results["original"]
    return [f"django tests: fails only after fixing: {test}" for test in sorted(new)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pyexpert", type=Path, default=ROOT / "target/debug/pyexpert")
    parser.add_argument("--corpus", choices=["stdlib", "django", "all"], default="all")
    parser.add_argument("--examples", type=int, default=0,
                        help="list this many declined fixes per rule")
    parser.add_argument("--keep", type=Path, help="fix into this directory and keep it")
    parser.add_argument("--django-tests", action="store_true")
    parser.add_argument("--cost", type=int, default=0, metavar="N",
                        help="time N runs of lint and lint --fix on the fixed copy")
    global ARGS
    ARGS = parser.parse_args()
    ARGS.pyexpert = ARGS.pyexpert.resolve()
    if not ARGS.pyexpert.exists():
        print(f"no pyexpert at {ARGS.pyexpert} (cargo build first)", file=sys.stderr)
        return 2
    work = ARGS.keep or Path(tempfile.mkdtemp(prefix="pyexpert-fix-"))
    work.mkdir(parents=True, exist_ok=True)
    failures = []
    try:
        for corpus in corpora(ARGS.corpus):
            failures += check(ARGS.pyexpert, corpus, work, ARGS.examples)
            if corpus["name"] == "django" and ARGS.django_tests:
                failures += django_tests(corpus["source"], work / "django" / "django", work)
    finally:
        if ARGS.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    for failure in failures:
        print("FAIL", failure)
    print("all checks passed" if not failures else f"{len(failures)} checks failed")
    return 1 if failures else 0


ARGS: argparse.Namespace

if __name__ == "__main__":
    sys.exit(main())
