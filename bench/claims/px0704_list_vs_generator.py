"""PX0704: a list comprehension or a generator expression as the argument of a builtin.

For each builtin, `f(x * 2 for x in xs)` is timed against `f([x * 2 for x in xs])`; a ratio
above 1 means the generator is slower. `any`/`all` are timed twice: with the deciding
element first (the generator stops there) and with none (both read everything). The set
rows compare `set([...])`, `set(...)` of a generator and a set comprehension `{...}`
against `set([...])`.

Peak memory (tracemalloc) of the list against the generator is reported for `sum` at
100,000 items: the one thing a generator saves everywhere.

Run: python3 bench/claims/px0704_list_vs_generator.py [--sizes 10,1000] [--json]
"""

from __future__ import annotations

import tracemalloc

from timing import Report, best_times, sizes


def reductions(xs):
    """Pairs of (list comprehension, generator expression) per builtin."""
    return {
        "sum": (lambda: sum([x * 2 for x in xs]), lambda: sum(x * 2 for x in xs)),
        "min": (lambda: min([x * 2 for x in xs]), lambda: min(x * 2 for x in xs)),
        "max": (lambda: max([x * 2 for x in xs]), lambda: max(x * 2 for x in xs)),
        "sorted": (lambda: sorted([x * 2 for x in xs]), lambda: sorted(x * 2 for x in xs)),
        "tuple": (lambda: tuple([x * 2 for x in xs]), lambda: tuple(x * 2 for x in xs)),
        "frozenset": (
            lambda: frozenset([x * 2 for x in xs]),
            lambda: frozenset(x * 2 for x in xs),
        ),
        "set": (lambda: set([x * 2 for x in xs]), lambda: set(x * 2 for x in xs)),
        "any, no element true": (
            lambda: any([x < 0 for x in xs]),
            lambda: any(x < 0 for x in xs),
        ),
        "all, every element true": (
            lambda: all([x >= 0 for x in xs]),
            lambda: all(x >= 0 for x in xs),
        ),
        "any, first element true": (
            lambda: any([x >= 0 for x in xs]),
            lambda: any(x >= 0 for x in xs),
        ),
        "all, first element false": (
            lambda: all([x < 0 for x in xs]),
            lambda: all(x < 0 for x in xs),
        ),
        "any, element in the middle true": (
            lambda: any([x == len(xs) // 2 for x in xs]),
            lambda: any(x == len(xs) // 2 for x in xs),
        ),
    }


def peak_bytes(func) -> int:
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    report = Report("PX0704", "list comprehension")
    for n in sizes():
        xs = list(range(n))
        for name, (as_list, as_generator) in reductions(xs).items():
            assert as_list() == as_generator(), name
            times = best_times({"list comprehension": as_list, f"generator: {name}": as_generator})
            report.add_ratios(n, times)
        times = best_times(
            {
                "set([...])": lambda: set([x * 2 for x in xs]),
                "set(generator)": lambda: set(x * 2 for x in xs),
                "set comprehension {...}": lambda: {x * 2 for x in xs},
            }
        )
        report.add_ratios(n, times, baseline="set([...])")
        if n == max(sizes()):
            as_list = peak_bytes(lambda: sum([x * 2 for x in xs]))
            as_generator = peak_bytes(lambda: sum(x * 2 for x in xs))
            report.add_value("peak memory of sum: list / generator", n, as_list / as_generator, "x")
    report.emit()


if __name__ == "__main__":
    main()
