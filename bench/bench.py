#!/usr/bin/env python3
"""Time pyexpert against its parse-only floor and against Ruff on the same files.

Usage:
    python3 bench/bench.py                       # stdlib of this machine, Django 5.1.4, sympy 1.13.3
    python3 bench/bench.py --corpus stdlib --runs 9
    python3 bench/bench.py --corpus /path/to/project --threads 1
    python3 bench/bench.py --memory --corpus stdlib  # peak memory on the corpus and on 4 copies
    python3 bench/bench.py --scaling --corpus django # 1 thread against every core

Every command gets the same explicit list of files (found with pyexpert's own discovery
rules), runs once to warm the page cache, then `--runs` times; the table shows medians,
ratios to pyexpert's parse-only run (`--select PX0000`: no model, no walk, no rules) and to
Ruff, throughput, and peak resident memory. Ratios are what to compare across machines;
absolute times depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "bench" / ".corpora"
# Mirrors src/discover.rs (hidden entries are skipped too).
EXCLUDED = {
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "build", "dist", "node_modules",
    "__pycache__", "site-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
    "__pypackages__",
}
# Django, and a scientific package of similar size (pure Python: its sdist is the code).
PINNED = {"django": ("Django", "5.1.4"), "sympy": ("sympy", "1.13.3")}
# Pylint is slow: it runs on the first files of each corpus only, and its row compares
# with pyexpert on the same subset.
PYLINT_SUBSET = 150


def fetch(name: str) -> Path:
    """Downloads and unpacks a pinned sdist from PyPI (once)."""
    project, version = PINNED[name]
    target = CORPORA / f"{project}-{version}"
    if target.exists():
        return target
    CORPORA.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         f"{project}=={version}", "-d", str(CORPORA)],
        check=True,
    )
    archive = next(CORPORA.glob(f"{project}-{version}.tar.gz"), None) or next(
        CORPORA.glob(f"{project.lower()}-{version}.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(CORPORA)
    return target


def corpus_path(spec: str) -> tuple[str, Path]:
    if spec == "stdlib":
        return "stdlib", Path(sysconfig.get_paths()["stdlib"])
    if spec in PINNED:
        return spec, fetch(spec)
    return Path(spec).name, Path(spec)


def python_files(root: Path) -> list[str]:
    found = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in EXCLUDED and not d.startswith(".")
                         and not d.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith((".py", ".pyi")) and not name.startswith("."):
                found.append(os.path.join(directory, name))
    return found


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024


def measure(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    run_once(command, env)  # warm-up
    samples = [run_once(command, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", action="append", help="stdlib, django, or a directory (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, help="worker threads for pyexpert and Ruff")
    parser.add_argument("--binary", type=Path, help="pyexpert binary (default: build --profile dist, what pip installs)")
    parser.add_argument("--no-ruff", action="store_true")
    parser.add_argument("--no-pylint", action="store_true", help="skip Pylint (pip install pylint)")
    parser.add_argument("--memory", action="store_true",
                        help="only measure peak memory on the corpus and on 4 copies of it")
    parser.add_argument("--scaling", action="store_true",
                        help="only time the default rules with 1 thread and with every core")
    args = parser.parse_args()

    binary = args.binary
    if binary is None:
        subprocess.run(["cargo", "build", "--profile", "dist", "--quiet"], cwd=ROOT, check=True)
        binary = ROOT / "target" / "dist" / "pyexpert"
    ruff = None if args.no_ruff else shutil.which("ruff")
    if ruff is None and not args.no_ruff:
        print("ruff not found (pip install ruff): Ruff columns skipped", file=sys.stderr)

    env = dict(os.environ)
    if args.threads:
        env["RAYON_NUM_THREADS"] = str(args.threads)

    if args.memory or args.scaling:
        return extra_measurements(args, binary, env)

    header = f"{'corpus':<10} {'files':>6} {'MB':>6}  {'command':<24} {'median s':>9} {'x parse':>8} {'x ruff E9':>9} {'x ruff':>7} {'files/s':>8} {'MB/s':>6} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for spec in args.corpus or ["stdlib", "django", "sympy"]:
        name, root = corpus_path(spec)
        files = python_files(root)
        megabytes = sum(os.path.getsize(f) for f in files) / 1e6
        lint = [str(binary), "lint", "--isolated", "--output-format", "json", "--exit-zero"]
        if args.threads:
            lint += ["--threads", str(args.threads)]
        # Cold runs never touch the result cache; the warm row reads one filled by its
        # own warm-up run (a fresh directory per corpus).
        cold = lint + ["--no-cache"]
        cache_dir = CORPORA / f"cache-{name}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        commands = {
            "pyexpert parse-only": cold + ["--select", "PX0000"] + files,
            "pyexpert default rules": cold + files,
            "pyexpert all rules": cold + ["--select", "ALL"] + files,
            "pyexpert default, warm": lint + ["--cache-dir", str(cache_dir)] + files,
        }
        if ruff:
            ruff_base = [ruff, "check", "--no-cache", "--isolated", "--exit-zero", "--quiet"]
            if args.threads:
                env["RAYON_NUM_THREADS"] = str(args.threads)
            commands["ruff --select E9"] = ruff_base + ["--select", "E9"] + files
            commands["ruff default rules"] = ruff_base + files
        pylint = None if args.no_pylint else shutil.which("pylint")
        if pylint:
            subset = files[:PYLINT_SUBSET]
            commands[f"pyexpert, {len(subset)} files"] = cold + subset
            commands[f"pylint, {len(subset)} files"] = [
                pylint, "--jobs", str(args.threads or os.cpu_count() or 1), "--exit-zero",
                "--disable=all", "--enable=E,W", "--output-format=text", "--score=n"] + subset
        results = {label: measure(command, args.runs if not label.startswith("pylint") else 1, env)
                   for label, command in commands.items()}
        floor = results["pyexpert parse-only"][0]
        ruff_e9 = results.get("ruff --select E9", (None,))[0]
        ruff_default = results.get("ruff default rules", (None,))[0]
        for label, (seconds, peak) in results.items():
            vs_e9 = f"{seconds / ruff_e9:.2f}" if ruff_e9 else "-"
            vs_ruff = f"{seconds / ruff_default:.2f}" if ruff_default else "-"
            print(f"{name:<10} {len(files):>6} {megabytes:>6.1f}  {label:<24} {seconds:>9.3f} "
                  f"{seconds / floor:>8.2f} {vs_e9:>9} {vs_ruff:>7} {len(files) / seconds:>8.0f} "
                  f"{megabytes / seconds:>6.1f} {peak:>8.1f}")
    return 0


def extra_measurements(args, binary: Path, env: dict[str, str]) -> int:
    """Peak memory at 1x and 4x a corpus (ASTs are dropped file by file, so it should not
    grow), and wall time at 1 thread and at every core (near-linear scaling expected)."""
    for spec in args.corpus or ["stdlib"]:
        name, root = corpus_path(spec)
        files = python_files(root)
        base = [str(binary), "lint", "--isolated", "--no-cache", "--output-format", "json",
                "--exit-zero"]
        if args.memory:
            copies = CORPORA / f"x4-{name}"
            if not copies.exists():
                for n in range(4):
                    shutil.copytree(root, copies / f"copy{n}", symlinks=False,
                                    ignore=shutil.ignore_patterns("site-packages", "__pycache__"))
            many = python_files(copies)
            for label, paths in ((f"{name} x1", files), (f"{name} x4", many)):
                seconds, peak = measure(base + paths, args.runs, env)
                print(f"{label:<16} {len(paths):>7} files  {seconds:>8.3f} s  peak {peak:>7.1f} MB")
        if args.scaling:
            cores = os.cpu_count() or 1
            one = measure(base + ["--threads", "1"] + files, args.runs, env)[0]
            all_cores = measure(base + ["--threads", str(cores)] + files, args.runs, env)[0]
            print(f"{name}: 1 thread {one:.3f} s, {cores} threads {all_cores:.3f} s, "
                  f"speed-up {one / all_cores:.2f}x of {cores}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
