"""A stale `# noqa` code: removing it changes nothing the program does."""

ALLOWED = {"read", "write"}


def permitted(actions):
    return [a for a in actions if a in ALLOWED]  # noqa: PX0701


print(permitted(["read", "delete", "write"]))
