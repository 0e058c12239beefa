"""Reaching the `raise` crashed the consumer (RuntimeError since PEP 479); the fix ends the
iteration, and `yield from` receives the value."""


def read_until(lines, marker):
    for line in lines:
        if line == marker:
            raise StopIteration
        yield line


def inner():
    yield 1
    raise StopIteration("done")


def outer():
    result = yield from inner()
    print("inner returned", result)


try:
    print(list(read_until(["a", "STOP", "c"], "STOP")))
except RuntimeError as error:
    print("RuntimeError:", error)
try:
    print(list(outer()))
except RuntimeError as error:
    print("RuntimeError:", error)
