"""PX0705: `functools.lru_cache` on a method, for a mutable object and for value types.

For each kind of class (a plain class holding a large buffer, a frozen dataclass, a
`typing.NamedTuple`, an `Enum`), `n` distinct instances each call a cached method once and
are then dropped. The rows report:

- `kept alive`: how many of the dropped instances the cache still holds (it keeps `self`
  in every key), with `maxsize=128` and with `maxsize=None` (what `functools.cache` is);
- `retained`: the memory those entries keep (the plain class holds a 1,000-byte buffer);
- `shared hits`: with `n` instances but only 10 distinct values, the fraction of calls
  answered from another instance's entry. Value types (equal and equally hashed by value)
  share entries, which is correct because equal values give equal results; a plain class
  hashes by identity and never shares.
- `call cost`: a hit on the cached method, divided by calling the uncached method, when
  the method does a little work (a sum over a 10-tuple): what caching costs or saves per
  call, including hashing `self`.

Run: python3 bench/claims/px0705_method_cache.py [--sizes 10,1000] [--json]
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import gc
import tracemalloc
import typing

from timing import Report, best_times, sizes

WEIGHTS = tuple(range(10))


class Account:
    """A mutable object with identity-bound state: what the rule is about."""

    def __init__(self, number):
        self.number = number
        self.history = bytearray(1_000)

    def score(self, factor):
        return sum(w * factor for w in WEIGHTS) + self.number


@dataclasses.dataclass(frozen=True)
class Money:
    amount: int
    currency: str

    def score(self, factor):
        return sum(w * factor for w in WEIGHTS) + self.amount


class Point(typing.NamedTuple):
    x: int
    y: int

    def score(self, factor):
        return sum(w * factor for w in WEIGHTS) + self.x


# How to build an instance of each kind (or of a subclass of it) with a given value.
KINDS = {
    "plain class": (Account, lambda cls, value: cls(value)),
    "frozen dataclass": (Money, lambda cls, value: cls(value, "EUR")),
    "NamedTuple": (Point, lambda cls, value: cls(value, 0)),
}


def cached_class(base, maxsize):
    """A subclass of `base` whose `score` is wrapped in an lru_cache of `maxsize`."""
    namespace = {"score": functools.lru_cache(maxsize=maxsize)(base.score), "__slots__": ()}
    return type(f"Cached{base.__name__}", (base,), namespace)


def kept_alive(report: Report, n: int) -> None:
    for kind, (base, build) in KINDS.items():
        for maxsize in (128, None):
            cls = cached_class(base, maxsize)
            gc.collect()
            tracemalloc.start()
            for i in range(n):
                build(cls, i).score(2)
            gc.collect()
            retained = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
            # Every entry's key holds the instance it was called on.
            kept = cls.score.cache_info().currsize
            report.add_value(f"kept alive: {kind}, maxsize={maxsize}", n, kept, "instances")
            report.add_value(f"retained: {kind}, maxsize={maxsize}", n, retained / 1024, "KiB")


class Level(enum.Enum):
    LOW = 1
    HIGH = 2

    @functools.lru_cache(maxsize=128)
    def score(self, factor):
        return sum(w * factor for w in WEIGHTS) + self.value


def shared_hits(report: Report, n: int) -> None:
    for kind, (base, build) in KINDS.items():
        cls = cached_class(base, 128)
        instances = [build(cls, i % 10) for i in range(n)]
        for instance in instances:
            instance.score(2)
        info = cls.score.cache_info()
        report.add_value(f"shared hits: {kind}, 10 distinct values", n, info.hits / n, "of calls")


def call_cost(report: Report) -> None:
    cases = {kind: (build(cached_class(base, 128), 1), build(base, 1)) for kind, (base, build) in KINDS.items()}
    for kind, (cached, uncached) in cases.items():
        cached.score(2)
        times = best_times(
            {"uncached call": lambda u=uncached: u.score(2), f"call cost: cached hit, {kind}": lambda c=cached: c.score(2)}
        )
        report.add_ratios(1, times, baseline="uncached call")
    Level.HIGH.score(2)
    uncached_enum = Level.score.__wrapped__
    times = best_times(
        {"uncached call": lambda: uncached_enum(Level.HIGH, 2), "call cost: cached hit, Enum": lambda: Level.HIGH.score(2)}
    )
    report.add_ratios(1, times, baseline="uncached call")


def main() -> None:
    report = Report("PX0705", "uncached call")
    for n in sizes():
        kept_alive(report, n)
        shared_hits(report, n)
    call_cost(report)
    report.emit()


if __name__ == "__main__":
    main()
