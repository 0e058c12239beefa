"""PX0703: a list used as a queue (`pop(0)`, `insert(0, x)`) against `collections.deque`.

Two jobs over `n` items, each timed against its list version:

- drain a queue from the front: `while queue: queue.pop(0)` against `deque.popleft()`;
- build a sequence back to front: `items.insert(0, x)` against `deque.appendleft(x)` and
  against `append` then one `reverse()`.

The `growth` rows give the exponent k in time ~ n**k of the list version between 1,000
and 100,000 items (about 1 linear, about 2 quadratic).

Run: python3 bench/claims/px0703_list_as_queue.py [--sizes 10,1000] [--json]
"""

from __future__ import annotations

import math
from collections import deque

from timing import Report, best_times, sizes


def drain_list(items):
    queue = list(items)
    while queue:
        queue.pop(0)


def drain_deque(items):
    queue = deque(items)
    while queue:
        queue.popleft()


def front_insert_list(items):
    result = []
    for item in items:
        result.insert(0, item)
    return result


def front_insert_deque(items):
    result = deque()
    for item in items:
        result.appendleft(item)
    return result


def append_then_reverse(items):
    result = []
    for item in items:
        result.append(item)
    result.reverse()
    return result


def main() -> None:
    report = Report("PX0703", "the list")
    list_times = {}
    for n in sizes():
        items = list(range(n))
        assert front_insert_list(items) == list(front_insert_deque(items)) == append_then_reverse(items)
        drain = best_times({"list.pop(0)": lambda: drain_list(items), "deque.popleft()": lambda: drain_deque(items)})
        report.add_ratios(n, drain, baseline="list.pop(0)")
        build = best_times(
            {
                "list.insert(0, x)": lambda: front_insert_list(items),
                "deque.appendleft(x)": lambda: front_insert_deque(items),
                "list.append(x), then reverse()": lambda: append_then_reverse(items),
            }
        )
        report.add_ratios(n, build, baseline="list.insert(0, x)")
        list_times[n] = (drain["list.pop(0)"], build["list.insert(0, x)"])
    if 1_000 in list_times and 100_000 in list_times:
        for index, name in enumerate(("list.pop(0)", "list.insert(0, x)")):
            exponent = math.log(list_times[100_000][index] / list_times[1_000][index]) / math.log(100)
            report.add_value(f"growth: {name}", 100_000, exponent, "exponent")
    report.emit()


if __name__ == "__main__":
    main()
