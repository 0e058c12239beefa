"""Generators that end without reaching the `raise`: nothing changes."""


def read_until(lines, marker):
    for line in lines:
        if line == marker:
            raise StopIteration
        yield line


def take(values, n):
    it = iter(values)
    for _ in range(n):
        value = next(it, None)
        if value is None:
            raise StopIteration("exhausted")
        yield value


print(list(read_until(["a", "b", "c"], "zzz")))
print(list(take([1, 2, 3], 2)))
