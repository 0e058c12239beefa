#!/usr/bin/env python3
"""Crash sweep and syntax ground truth over every `.py` file of installed CPythons.

For each installation (by default every pyenv CPython 3.9-3.13 on the machine), every
`.py` file under it (the standard library with its tests, site-packages, scripts) is
linted by pyexpert with `--select ALL` in batches of paths: as a user runs it (file roles
from the paths) in every findings format, and with every file taken as library code
(every rule on every file, vendored code and test data included) in JSON; each with 1
and 2 threads. The sweep fails when

- any file gets PX0003 (a rule or the pipeline failed on it),
- any run exits with a status other than 0 or 1 (or is killed, or hangs),
- a report differs between 1 and 2 threads,
- any file that the installation's own interpreter compiles is called a syntax error
  (PX0000) or undecodable (PX0001) by pyexpert.

The interpreter of each installation is the judge of its files: it decodes each file as
the import system does (BOM, PEP 263 cookie) and runs `compile(source, path, "exec")`.
Files it refuses that pyexpert parses are listed for information (pyexpert parses the
newest grammar everywhere, so a 3.9 installation's files written for newer Pythons, or
deliberately broken test data, are expected there).

When a batch fails, it is split in halves until the file(s) that fail alone are found.

    cargo build --release
    python3 scripts/crash_sweep.py                      # the whole sweep (a few minutes)
    python3 scripts/crash_sweep.py --slice 40 --binary target/debug/pyexpert   # CI's slice

Standard library only; any Python 3.8+ runs it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
DEFAULT_VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
FORMATS = (
    "json", "full", "concise", "json-lines", "github", "sarif", "gitlab", "pylint", "junit",
    "azure", "rdjson",
)
THREADS = ("1", "2")
# One run of one batch; far beyond what a batch needs, short enough to call a hang a hang.
RUN_TIMEOUT = 600

# Runs inside each installation's own interpreter: reads paths (one per line) on stdin and
# prints, for each, a JSON line saying whether that CPython compiles it and why not.
JUDGE = r"""
import importlib.util, json, sys, warnings
warnings.simplefilter("ignore")
for line in sys.stdin:
    path = line.rstrip("\n")
    verdict = {"path": path, "ok": True}
    try:
        with open(path, "rb") as f:
            data = f.read()
        source = importlib.util.decode_source(data)
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        verdict = {"path": path, "ok": False, "why": f"{type(e).__name__}: {e.msg} (line {e.lineno})"}
    except Exception as e:
        verdict = {"path": path, "ok": False, "why": f"{type(e).__name__}: {e}"[:200]}
    print(json.dumps(verdict), flush=True)
"""


@dataclass
class Installation:
    version: str
    root: Path
    python: Path


@dataclass
class Outcome:
    """What the sweep found in one installation."""

    files: int = 0
    cpython_valid: int = 0
    px0003: list = field(default_factory=list)
    bad_exits: list = field(default_factory=list)
    thread_differences: list = field(default_factory=list)
    px0000_on_valid: list = field(default_factory=list)
    px0001_on_valid: list = field(default_factory=list)
    parsed_but_cpython_refuses: list = field(default_factory=list)
    judge_failures: list = field(default_factory=list)
    seconds: float = 0.0

    def failed(self) -> bool:
        return bool(
            self.px0003
            or self.bad_exits
            or self.thread_differences
            or self.px0000_on_valid
            or self.px0001_on_valid
            or self.judge_failures
        )


def find_installations(versions: list[str]) -> list[Installation]:
    found = []
    for version in versions:
        candidates = sorted(PYENV.glob(f"{version}.*")) if PYENV.is_dir() else []
        for root in candidates:
            python = root / "bin" / "python3"
            if python.exists():
                found.append(Installation(root.name, root, python))
                break
        else:
            print(f"note: no CPython {version} under {PYENV}; skipped", file=sys.stderr)
    return found


def python_files(root: Path) -> list[str]:
    files = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                if os.path.isfile(path):
                    files.append(path)
    return files


def spread(files: list[str], count: int) -> list[str]:
    """`count` files spread evenly over the list (the CI slice)."""
    if count >= len(files):
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def judge(installation: Installation, files: list[str], outcome: Outcome) -> dict[str, str | None]:
    """Path -> None when the installation's CPython compiles it, else why not. A judge that
    dies (a crash in the interpreter itself) is restarted after the file it died on."""
    verdicts: dict[str, str | None] = {}
    remaining = files
    while remaining:
        process = subprocess.run(
            [str(installation.python), "-I", "-c", JUDGE],
            input="".join(f"{path}\n" for path in remaining),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT * 4,
        )
        for line in process.stdout.splitlines():
            verdict = json.loads(line)
            verdicts[verdict["path"]] = None if verdict["ok"] else verdict["why"]
        done = len([path for path in remaining if path in verdicts])
        if done < len(remaining):
            culprit = remaining[done]
            outcome.judge_failures.append(f"{culprit}: the judge died ({process.returncode})")
            verdicts[culprit] = "the judge died"
            done += 1
        remaining = remaining[done:]
    return verdicts


@dataclass
class Run:
    status: int | None  # None: killed by a signal or timed out
    stdout: bytes
    stderr: bytes


@dataclass(frozen=True)
class Setup:
    """How pyexpert is configured for a group of runs."""

    name: str
    options: tuple[str, ...]
    formats: tuple[str, ...]


def setups(scratch: Path) -> tuple[Setup, ...]:
    """As a user runs it (no configuration: file roles from the paths, so tests get fewer
    rules, and test data and vendored code none), in every format; and with every file
    taken as library code, in JSON: every rule on every file, and PX0000/PX0001 even on
    files a default run takes for test data (the syntax ground truth must see them)."""
    every_file_is_library = scratch / "pyexpert.toml"
    every_file_is_library.write_text('[file-roles]\n"*.py" = "library"\n')
    return (
        Setup("default roles", ("--isolated",), FORMATS),
        Setup("every file as library", ("--config", str(every_file_is_library)), ("json",)),
    )


def lint(binary: Path, setup: Setup, files: list[str], output_format: str, threads: str) -> Run:
    command = [
        str(binary),
        "lint",
        *setup.options,
        "--no-cache",
        "--select",
        "ALL",
        "--output-format",
        output_format,
        "--threads",
        threads,
        "--color",
        "never",
        "--",
        *files,
    ]
    try:
        process = subprocess.run(command, capture_output=True, timeout=RUN_TIMEOUT, cwd="/")
    except subprocess.TimeoutExpired as timeout:
        return Run(None, timeout.stdout or b"", b"timed out")
    status = process.returncode if process.returncode >= 0 else None
    return Run(status, process.stdout, process.stderr)


def run_fails(run: Run) -> bool:
    return run.status not in (0, 1)


def isolate(binary: Path, setup: Setup, files: list[str], output_format: str, threads: str) -> list[str]:
    """The files of a failing batch that fail on their own (halving until single files)."""
    fails = lambda paths: run_fails(lint(binary, setup, paths, output_format, threads))
    if len(files) == 1:
        return files if fails(files) else []
    middle = len(files) // 2
    culprits = []
    for half in (files[:middle], files[middle:]):
        if fails(half):
            culprits += isolate(binary, setup, half, output_format, threads)
    # Failing only together (a cross-file check): report the batch's first and last file.
    return culprits or [f"{files[0]} .. {files[-1]} (together)"]


def collect_tool_findings(run: Run, into: dict[str, dict[str, str]], codes: tuple[str, ...]) -> None:
    """Diagnostics with `codes` by path, from a JSON report (a run with PX0003 exits 2 but
    still reports everything)."""
    try:
        report = json.loads(run.stdout)
    except ValueError:
        return  # the run died; the exit status says so
    for diagnostic in report["diagnostics"]:
        if diagnostic["code"] in codes:
            into.setdefault(diagnostic["code"], {})[diagnostic["path"]] = diagnostic["message"]


def sweep_batch(
    binary: Path, all_setups: tuple[Setup, ...], batch: list[str], outcome: Outcome, tool_findings: dict
) -> None:
    for setup in all_setups:
        for output_format in setup.formats:
            reports = {}
            for threads in THREADS:
                run = lint(binary, setup, batch, output_format, threads)
                if run_fails(run):
                    culprits = isolate(binary, setup, batch, output_format, threads)
                    status = "killed or timed out" if run.status is None else f"exit {run.status}"
                    for culprit in culprits:
                        outcome.bad_exits.append(
                            f"{culprit}: {status} with {output_format}, {threads} thread(s), "
                            f"{setup.name}: " + run.stderr.decode(errors="replace").strip()[-300:]
                        )
                reports[threads] = run.stdout
                if output_format == "json" and threads == "1":
                    # The ground truth comes from the run that reports on every file.
                    ground_truth = setup is all_setups[-1]
                    codes = ("PX0000", "PX0001", "PX0003") if ground_truth else ("PX0003",)
                    collect_tool_findings(run, tool_findings, codes)
            if reports["1"] != reports["2"]:
                outcome.thread_differences.append(
                    f"{output_format}, {setup.name}: batch {batch[0]} .. {batch[-1]} differs "
                    "between 1 and 2 threads"
                )


def sweep(
    installation: Installation,
    binary: Path,
    all_setups: tuple[Setup, ...],
    files: list[str],
    batch_size: int,
) -> Outcome:
    started = time.monotonic()
    outcome = Outcome(files=len(files))
    # The judge (one interpreter compiling file after file) runs beside the lint runs.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        judged = pool.submit(judge, installation, files, outcome)
        tool_findings: dict[str, dict[str, str]] = {}
        for start in range(0, len(files), batch_size):
            batch = files[start : start + batch_size]
            sweep_batch(binary, all_setups, batch, outcome, tool_findings)
            print(
                f"  {installation.version}: {min(start + batch_size, len(files))}/{len(files)} files",
                file=sys.stderr,
                flush=True,
            )
        verdicts = judged.result()
    outcome.cpython_valid = sum(1 for path in files if verdicts.get(path) is None)
    px0000 = tool_findings.get("PX0000", {})
    px0001 = tool_findings.get("PX0001", {})
    outcome.px0003 = [f"{p}: {m}" for p, m in sorted(tool_findings.get("PX0003", {}).items())]
    for path in files:
        why_not = verdicts.get(path)
        if why_not is None and path in px0000:
            outcome.px0000_on_valid.append(f"{path}: {px0000[path]}")
        if why_not is None and path in px0001:
            outcome.px0001_on_valid.append(f"{path}: {px0001[path]}")
        if why_not is not None and path not in px0000 and path not in px0001:
            outcome.parsed_but_cpython_refuses.append(f"{path}: {why_not}")
    outcome.seconds = time.monotonic() - started
    return outcome


def print_summary(results: list[tuple[Installation, Outcome]], verbose: bool) -> None:
    header = (
        "installation",
        "files",
        "CPython-valid",
        "PX0003",
        "non-0/1 exits",
        "thread diffs",
        "PX0000 on valid",
        "PX0001 on valid",
        "parsed, CPython refuses",
        "seconds",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for installation, o in results:
        row = (
            installation.version,
            o.files,
            o.cpython_valid,
            len(o.px0003),
            len(o.bad_exits),
            len(o.thread_differences),
            len(o.px0000_on_valid),
            len(o.px0001_on_valid),
            len(o.parsed_but_cpython_refuses),
            f"{o.seconds:.0f}",
        )
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    for installation, o in results:
        for title, items, always in (
            ("PX0003", o.px0003, True),
            ("exit status other than 0/1", o.bad_exits, True),
            ("different reports with 1 and 2 threads", o.thread_differences, True),
            ("PX0000 on a file CPython compiles", o.px0000_on_valid, True),
            ("PX0001 on a file CPython compiles", o.px0001_on_valid, True),
            ("the judge failed", o.judge_failures, True),
            ("CPython refuses, pyexpert parses (informational)", o.parsed_but_cpython_refuses, verbose),
        ):
            if items and always:
                print(f"\n{installation.version}: {title} ({len(items)})")
                for item in items:
                    print(f"  {item}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--binary",
        type=Path,
        default=REPO / "target" / "release" / "pyexpert",
        help="the pyexpert executable (default: the release build)",
    )
    parser.add_argument(
        "--versions",
        nargs="*",
        default=list(DEFAULT_VERSIONS),
        help="CPython versions to sweep, found under $PYENV_ROOT/versions",
    )
    parser.add_argument("--batch-size", type=int, default=500, help="files per pyexpert run")
    parser.add_argument(
        "--slice",
        type=int,
        default=None,
        help="only this many files per installation, spread evenly (a quick check)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="also list the files CPython refuses and pyexpert parses"
    )
    args = parser.parse_args()
    args.binary = args.binary.resolve()  # the runs happen in `/`
    if not args.binary.exists():
        print(f"{args.binary} does not exist: run `cargo build --release` first", file=sys.stderr)
        return 2
    installations = find_installations(args.versions)
    if not installations:
        print("no CPython installation found; nothing to sweep", file=sys.stderr)
        return 0
    started = time.monotonic()
    results = []
    with tempfile.TemporaryDirectory(prefix="crash-sweep-") as scratch:
        all_setups = setups(Path(scratch))
        for installation in installations:
            files = python_files(installation.root)
            if args.slice is not None:
                files = spread(files, args.slice)
            print(f"{installation.version}: {len(files)} files", file=sys.stderr, flush=True)
            outcome = sweep(installation, args.binary, all_setups, files, args.batch_size)
            results.append((installation, outcome))
    print_summary(results, args.verbose)
    print(f"\nswept {sum(o.files for _, o in results)} files in {time.monotonic() - started:.0f} s")
    failed = any(o.failed() for _, o in results)
    print("FAILED" if failed else "all checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
