"""A stale `# noqa` code: removing it changes nothing the program does."""


def has_admin(users):
    return any(user == "admin" for user in users)  # noqa: PX0704


print(has_admin(["guest", "admin"]))
