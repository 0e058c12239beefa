"""Builtin generics instead of the typing aliases: the same origins and arguments."""

import collections
import dataclasses
import typing
from typing import DefaultDict, Deque, Dict, List, Tuple


def group(paths: List[str]) -> Dict[str, List[str]]:
    groups: Dict[str, List[str]] = {}
    for path in paths:
        groups.setdefault(path.split("/")[0], []).append(path)
    return groups


def window(size: int) -> Deque[float]:
    return collections.deque(maxlen=size)


@dataclasses.dataclass
class Inventory:
    counts: DefaultDict[str, int] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(int)
    )
    bounds: Tuple[int, int] = (0, 10)


def shape(hint):
    """What a type means, whichever spelling made it: its origin and its arguments."""
    origin = typing.get_origin(hint)
    if origin is None:
        return hint
    return origin, tuple(shape(argument) for argument in typing.get_args(hint))


hints = typing.get_type_hints(group)
print(shape(hints["paths"]), shape(hints["return"]))
print(shape(typing.get_type_hints(window)["return"]))
print({name: shape(hint) for name, hint in typing.get_type_hints(Inventory).items()})
print(group(["a/x", "b/y", "a/z"]), window(3), Inventory())
