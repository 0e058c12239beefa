"""`zip(xs, xs[1:])` as `pairwise(xs)`: the same pairs."""

import itertools


def gaps(timestamps):
    return [later - earlier for earlier, later in zip(timestamps, timestamps[1:])]


def is_sorted(values):
    return all(a <= b for a, b in zip(values, values[1:]))


def segments(points):
    return list(zip(points[:-1], points[1:]))


print(gaps([1, 4, 9, 16]), is_sorted([1, 2, 2, 5]), is_sorted([3, 1]))
print(segments([(0, 0), (1, 1), (2, 0)]), segments([]), itertools.__name__)
