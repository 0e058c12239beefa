"""A stale `# noqa` code: removing it changes nothing the program does."""

from datetime import datetime, timezone


def stamp() -> datetime:
    return datetime.now(timezone.utc)  # noqa: PX0504


print(stamp().tzinfo)
