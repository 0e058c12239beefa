"""PX1303: slicing a sequence into chunks against `itertools.batched` (Python 3.12+).

`[xs[i:i + n] for i in range(0, len(xs), n)]` gives chunks of the same type as `xs`;
`batched(xs, n)` gives tuples. This script first shows what each yields for a list, a
tuple, a str, bytes, a bytearray and a memoryview (the notes), then times, for lists and
tuples of `n` items in chunks of 100 (10 for n = 10):

- `list(batched(xs, size))` (tuples) and `[list(b) for b in batched(xs, size)]` (lists,
  what the slices of a list are) against the slicing comprehension;
- for a str, `["".join(b) for b in batched(text, size)]` (what it takes to get the same
  strings back) against slicing.

On Python 3.9 to 3.11, which have no `batched`, the script reports nothing but a note.

Run: python3 bench/claims/px1303_batching.py [--sizes 10,1000] [--json]
"""

from __future__ import annotations

import itertools

from timing import Report, best_times, sizes


def sliced(xs, size):
    return [xs[i:i + size] for i in range(0, len(xs), size)]


def what_each_yields(report: Report) -> None:
    samples = {
        "list": [1, 2, 3],
        "tuple": (1, 2, 3),
        "str": "abc",
        "bytes": b"abc",
        "bytearray": bytearray(b"abc"),
        "memoryview": memoryview(b"abc"),
    }
    for kind, sample in samples.items():
        by_slice = type(sliced(sample, 2)[0]).__name__
        by_batched = list(itertools.batched(sample, 2))[0]
        report.note(
            f"{kind}: slices are {by_slice}, batched yields {type(by_batched).__name__} "
            f"of {type(by_batched[0]).__name__} ({by_batched!r})"
        )


def main() -> None:
    report = Report("PX1303", "slicing comprehension")
    if not hasattr(itertools, "batched"):
        report.note("itertools.batched does not exist before Python 3.12")
        report.emit()
        return
    what_each_yields(report)
    for n in sizes():
        size = 10 if n < 100 else 100
        for kind, xs in (("list", list(range(n))), ("tuple", tuple(range(n)))):
            times = best_times(
                {
                    "slicing comprehension": lambda xs=xs: sliced(xs, size),
                    f"{kind}: list(batched(xs, size)), tuples": lambda xs=xs: list(
                        itertools.batched(xs, size)
                    ),
                    f"{kind}: [list(b) for b in batched(xs, size)]": lambda xs=xs: [
                        list(b) for b in itertools.batched(xs, size)
                    ],
                }
            )
            report.add_ratios(n, times)
        text = "x" * n
        assert sliced(text, size) == ["".join(b) for b in itertools.batched(text, size)]
        times = best_times(
            {
                "slicing comprehension": lambda: sliced(text, size),
                'str: ["".join(b) for b in batched(text, size)]': lambda: [
                    "".join(b) for b in itertools.batched(text, size)
                ],
            }
        )
        report.add_ratios(n, times)
    report.emit()


if __name__ == "__main__":
    main()
