"""Calling through the decorator: the same results."""

import time


def timed(func):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            time.perf_counter() - start

    return wrapper


@timed
def add(a, b=2):
    return a + b


print(add(1), add(1, b=5), add(a=3))
