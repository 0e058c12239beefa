"""Annotations rewritten with `|`: the same types at run time."""

import dataclasses
import typing
from typing import Optional, Union


def find(user_id: int, default: Optional[str] = None) -> Union[int, str]:
    return default if default is not None else user_id


@dataclasses.dataclass
class Settings:
    port: Union[int, str] = 8000
    debug: Optional[bool] = None


hints = typing.get_type_hints(find)
print(hints["default"] == Optional[str], hints["return"] == Union[int, str])
print(find(3), find(3, "x"), Settings(), Settings(port="80"))
print([f.type == t for f, t in zip(dataclasses.fields(Settings), [Union[int, str], Optional[bool]])])
