"""Shared timing for the claim benchmarks: interleaved rounds, best time, ratios.

The machine these run on is shared and noisy, so a benchmark never reports an absolute
time on its own. It times a group of alternatives that do the same job, round after round
(every alternative once per round, so a burst of load hits all of them), keeps each one's
best time per call (noise only ever adds time), and stops when the ratios between the best
times have settled: the same to within `TOLERANCE` over the last `SETTLED_ROUNDS` rounds.
The ratios are what the rule pages quote.

Times are the process's CPU time (`time.process_time`), not wall-clock time: on a machine
whose cores are busy with other jobs, the time a benchmark spends waiting for a core is
not part of what it measures.
"""

from __future__ import annotations

import json
import platform
import sys
import time
import timeit
from typing import Callable, Dict, List, Optional

SIZES = (10, 1_000, 100_000)
# One sample should last at least this long, so that the timer's resolution and the loop
# overhead of `timeit` do not matter.
SAMPLE_SECONDS = 0.02
MIN_ROUNDS = 7
MAX_ROUNDS = 40
SETTLED_ROUNDS = 3
TOLERANCE = 0.03
# A group whose single calls take seconds (the quadratic shapes at 100,000 items) stops
# after this much time once it has `MIN_SLOW_ROUNDS` rounds; a few samples of a call that
# long are already steady.
GROUP_BUDGET_SECONDS = 60.0
MIN_SLOW_ROUNDS = 3

# `--quick` runs one short round of everything: a smoke test that the scripts still work
# (the test suite uses it), not a measurement.
if "--quick" in sys.argv:
    SAMPLE_SECONDS = 0.0
    MIN_ROUNDS = MAX_ROUNDS = MIN_SLOW_ROUNDS = 1


def _calls_per_sample(timer: timeit.Timer) -> int:
    number = 1
    while True:
        if timer.timeit(number) >= SAMPLE_SECONDS or number >= 10**7:
            return number
        number *= 10


def best_times(alternatives: Dict[str, Callable[[], object]]) -> Dict[str, float]:
    """Seconds per call of each alternative: the best of interleaved rounds, once the
    ratios between them are stable."""
    timers = {name: timeit.Timer(func, timer=time.process_time) for name, func in alternatives.items()}
    numbers = {name: _calls_per_sample(timer) for name, timer in timers.items()}
    best = {name: float("inf") for name in timers}
    history: List[Dict[str, float]] = []
    started = time.process_time()
    for round_index in range(1, MAX_ROUNDS + 1):
        for name, timer in timers.items():
            per_call = timer.timeit(numbers[name]) / numbers[name]
            best[name] = min(best[name], per_call)
        reference = min(best.values())
        history.append({name: value / reference for name, value in best.items()})
        if round_index >= MIN_ROUNDS and _settled(history):
            break
        if round_index >= MIN_SLOW_ROUNDS and time.process_time() - started > GROUP_BUDGET_SECONDS:
            break
    return best


def _settled(history: List[Dict[str, float]]) -> bool:
    if len(history) < SETTLED_ROUNDS:
        return False
    recent = history[-SETTLED_ROUNDS:]
    for name in recent[-1]:
        values = [ratios[name] for ratios in recent]
        if max(values) > min(values) * (1 + TOLERANCE):
            return False
    return True


class Report:
    """Rows of one claim's benchmark: a case, a size, and the case's time divided by the
    baseline's time at that size (below 1: faster than the baseline)."""

    def __init__(self, claim: str, baseline: str) -> None:
        self.claim = claim
        self.baseline = baseline
        self.rows: List[dict] = []
        self.notes: List[str] = []

    def add_ratios(self, n: int, times: Dict[str, float], baseline: Optional[str] = None) -> None:
        """Adds one row per alternative, relative to `baseline` (default: the report's)."""
        base = baseline or self.baseline
        for case, seconds in times.items():
            if case != base:
                self.rows.append({"case": case, "n": n, "ratio": seconds / times[base], "vs": base})

    def add_value(self, case: str, n: int, value: float, unit: str) -> None:
        """A measured quantity that is not a time ratio (growth exponent, objects kept)."""
        self.rows.append({"case": case, "n": n, "value": value, "unit": unit})

    def note(self, text: str) -> None:
        self.notes.append(text)

    def emit(self) -> None:
        """Prints the report: JSON with `--json` (for the runner), else a readable list."""
        payload = {
            "claim": self.claim,
            "python": platform.python_version(),
            "baseline": self.baseline,
            "rows": self.rows,
            "notes": self.notes,
        }
        if "--json" in sys.argv:
            print(json.dumps(payload))
            return
        print(f"{self.claim} on Python {payload['python']} (baseline: {self.baseline})")
        for row in self.rows:
            if "ratio" in row:
                print(f"  {row['case']:<48} n={row['n']:<7} {row['ratio']:8.3g}x  vs {row['vs']}")
            else:
                print(f"  {row['case']:<48} n={row['n']:<7} {row['value']:8.2f} {row['unit']}")
        for text in self.notes:
            print(f"  note: {text}")


def sizes() -> tuple:
    """The sizes to run: `--sizes 10,1000` on the command line, else 10, 1,000 and 100,000."""
    for index, argument in enumerate(sys.argv):
        if argument == "--sizes" and index + 1 < len(sys.argv):
            return tuple(int(part) for part in sys.argv[index + 1].split(","))
    return SIZES
