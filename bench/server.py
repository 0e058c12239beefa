#!/usr/bin/env python3
"""Latency and memory of `pyexpert server`, driven over its pipes like an editor.

Usage:
    python3 bench/server.py                          # both measurements, release binary
    python3 bench/server.py --latency --edits 500    # 5,000-line file, 500 keystrokes
    python3 bench/server.py --memory --edits 10000   # RSS over 10,000 edits of one document
    python3 bench/server.py --binary target/debug/pyexpert --lines 2000

Latency: a generated module of `--lines` lines (functions with loops; about one finding
per 12 lines) is opened, then edited one keystroke at a time in its middle (a character
typed into a comment, then deleted, alternately). Each edit is sent alone and timed from
the write of `didChange` to the read of the `publishDiagnostics` for that version: what a
user waits for. The median and the distribution are printed.

Memory: the same kind of document is edited `--edits` times, each edit waited for (so each
is linted in full, none dropped as stale); resident memory (VmRSS) is sampled every tenth
of the run. Flat means the last samples equal the first ones after warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def module(lines: int) -> str:
    parts = ["import os\n"]
    count = 1
    number = 0
    while count < lines:
        block = (
            f"\n\ndef handler_{number}(items, config):\n"
            f'    """Process the items of batch {number}."""\n'
            "    total = 0\n"
            "    for item in items:\n"
            '        if item in ["a", "b", "c", "d", "e"]:\n'
            "            total += len(item)\n"
            '        elif item.startswith("x"):\n'
            "            total -= 1\n"
            "    result = [str(x) for x in range(total)]\n"
            "    return os.path.join(config, *result)\n"
        )
        parts.append(block)
        count += block.count("\n")
        number += 1
    return "".join(parts)


class Server:
    def __init__(self, binary: str, root: pathlib.Path):
        self.process = subprocess.Popen(
            [binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root
        )
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self) -> dict:
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> list:
        while True:
            message = self.read()
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
                and message["params"].get("version") == version
            ):
                return message["params"]["diagnostics"]

    def rss_kib(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=10)


def start(binary: str, root: pathlib.Path, text: str) -> tuple[Server, str, int]:
    server = Server(binary, root)
    server.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        },
    )
    server.notify("initialized", {})
    uri = (root / "big.py").as_uri()
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
    )
    server.diagnostics(uri, 1)
    return server, uri, text.count("\n") // 2


def keystroke(server: Server, uri: str, version: int, line: int) -> None:
    """Types `#` at the start of `line` (even versions) or deletes it (odd ones)."""
    if version % 2 == 0:
        change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": "#"}
    else:
        change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}}, "text": ""}
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
    )


def blank_line_near(text: str, line: int) -> int:
    lines = text.split("\n")
    while lines[line].strip():
        line += 1
    return line


def latency(binary: str, lines: int, edits: int) -> None:
    text = module(lines)
    with tempfile.TemporaryDirectory() as directory:
        server, uri, middle = start(binary, pathlib.Path(directory), text)
        line = blank_line_near(text, middle)
        timings = []
        findings = 0
        for version in range(2, edits + 2):
            began = time.perf_counter()
            keystroke(server, uri, version, line)
            findings = len(server.diagnostics(uri, version))
            timings.append((time.perf_counter() - began) * 1000)
        server.stop()
    timings.sort()
    quantile = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]
    print(f"latency, {text.count(chr(10))}-line file ({findings} findings), {edits} edits, edit sent -> diagnostics read:")
    print(f"  median {statistics.median(timings):.1f} ms   mean {statistics.mean(timings):.1f} ms")
    print(
        "  min {:.1f}  p10 {:.1f}  p25 {:.1f}  p75 {:.1f}  p90 {:.1f}  p99 {:.1f}  max {:.1f} ms".format(
            timings[0], quantile(0.10), quantile(0.25), quantile(0.75), quantile(0.90), quantile(0.99), timings[-1]
        )
    )
    within = sum(1 for t in timings if t <= 50) / len(timings) * 100
    print(f"  {within:.1f}% of edits within 50 ms")


def memory(binary: str, lines: int, edits: int) -> None:
    text = module(lines)
    with tempfile.TemporaryDirectory() as directory:
        server, uri, middle = start(binary, pathlib.Path(directory), text)
        line = blank_line_near(text, middle)
        samples = [(0, server.rss_kib())]
        step = max(1, edits // 10)
        began = time.perf_counter()
        for version in range(2, edits + 2):
            keystroke(server, uri, version, line)
            server.diagnostics(uri, version)
            if (version - 1) % step == 0:
                samples.append((version - 1, server.rss_kib()))
        elapsed = time.perf_counter() - began
        server.stop()
    print(f"memory, {text.count(chr(10))}-line file, {edits} edits each linted ({elapsed:.0f} s):")
    print("  " + "  ".join(f"{count}: {kib / 1024:.1f} MiB" for count, kib in samples))
    after_warmup = samples[1][1]
    print(f"  growth after the first {step} edits: {(samples[-1][1] - after_warmup) / 1024:+.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "pyexpert"))
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=None)
    parser.add_argument("--latency", action="store_true")
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} does not exist: build it first (cargo build --release)")
    both = not (args.latency or args.memory)
    if args.latency or both:
        latency(args.binary, args.lines, args.edits or 500)
    if args.memory or both:
        memory(args.binary, args.lines, args.edits or 10_000)


if __name__ == "__main__":
    main()
