"""A stale `# noqa` code: removing it changes nothing the program does."""


def total(prices: list) -> float:  # noqa: PX1306
    return sum(prices)


print(total([1.5, 2.5]))
