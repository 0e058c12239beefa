"""PX0701: membership tests against a list inside a loop, and the quadratic dedupe.

Three groups:

1. A literal written in the test, `x in ["a", "b", ...]` (CPython compiles the list
   display to a tuple constant) against `x in {"a", "b", ...}` (a frozenset constant),
   for 3, 5, 10 and 30 string constants. A loop tests `n` probes of which a quarter hit
   (spread over the literal's elements) and the rest miss: the ratio is the set literal's
   time over the list literal's.
2. A list bound to a name, of `n` strings, tested by a loop of 1,000 probes (half hit),
   against building a set from it once before the loop and testing that.
3. The dedupe `if x not in seen: seen.append(x)` over `n` items with `n / 10` distinct
   values (at least one), against `list(dict.fromkeys(items))` and a companion set
   beside the list.

Ratios below 1 mean the alternative is faster than the list.

Run: python3 bench/claims/px0701_membership.py [--sizes 10,1000] [--json]
"""

from __future__ import annotations

from timing import Report, best_times, sizes

LITERAL_SIZES = (3, 5, 10, 30)
PROBES = 1_000


def literal_tests(report: Report, n: int) -> None:
    for size in LITERAL_SIZES:
        constants = [f"word{i}" for i in range(size)]
        probes = [constants[i % size] if i % 4 == 0 else f"other{i}" for i in range(n)]
        as_list = f"[{', '.join(map(repr, constants))}]"
        as_set = f"{{{', '.join(map(repr, constants))}}}"
        source = (
            "def count_list(probes):\n"
            "    hits = 0\n"
            "    for probe in probes:\n"
            f"        if probe in {as_list}:\n"
            "            hits += 1\n"
            "    return hits\n"
            "def count_set(probes):\n"
            "    hits = 0\n"
            "    for probe in probes:\n"
            f"        if probe in {as_set}:\n"
            "            hits += 1\n"
            "    return hits\n"
        )
        namespace: dict = {}
        exec(compile(source, "<literal membership>", "exec"), namespace)
        count_list, count_set = namespace["count_list"], namespace["count_set"]
        assert count_list(probes) == count_set(probes)
        times = best_times(
            {
                "list literal": lambda: count_list(probes),
                f"set literal of {size} constants": lambda: count_set(probes),
            }
        )
        report.add_ratios(n, times, baseline="list literal")


def named_list_tests(report: Report, n: int) -> None:
    allowed = [f"user{i}" for i in range(n)]
    probes = [f"user{i * n // PROBES}" if i % 2 else f"guest{i}" for i in range(PROBES)]

    def against_list():
        return [p for p in probes if p in allowed]

    def against_set_built_once():
        allowed_set = set(allowed)
        return [p for p in probes if p in allowed_set]

    assert against_list() == against_set_built_once()
    times = best_times(
        {
            "named list": against_list,
            "set(list) built once before the loop": against_set_built_once,
        }
    )
    report.add_ratios(n, times, baseline="named list")


def dedupe_tests(report: Report, n: int) -> None:
    items = [f"tag{i % max(1, n // 10)}" for i in range(n)]

    def list_scan():
        seen = []
        for item in items:
            if item not in seen:
                seen.append(item)
        return seen

    def dict_fromkeys():
        return list(dict.fromkeys(items))

    def companion_set():
        seen = []
        seen_set = set()
        for item in items:
            if item not in seen_set:
                seen_set.add(item)
                seen.append(item)
        return seen

    assert list_scan() == dict_fromkeys() == companion_set()
    times = best_times(
        {
            "dedupe: if x not in seen: seen.append(x)": list_scan,
            "dedupe: list(dict.fromkeys(items))": dict_fromkeys,
            "dedupe: companion set": companion_set,
        }
    )
    report.add_ratios(n, times, baseline="dedupe: if x not in seen: seen.append(x)")


def main() -> None:
    report = Report("PX0701", "the list")
    for n in sizes():
        literal_tests(report, n)
        named_list_tests(report, n)
        dedupe_tests(report, n)
    report.emit()


if __name__ == "__main__":
    main()
