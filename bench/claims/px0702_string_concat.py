"""PX0702: which ways of growing a str in a loop are quadratic on CPython.

CPython resizes a str in place when the `+` that extends it is immediately stored back
into the same variable and nothing else refers to the string (`unicode_concatenate` up to
3.10, the specialised `BINARY_OP_INPLACE_ADD_UNICODE` from 3.11). Every other shape copies
the whole string built so far at each step. Each shape below builds the same string from
`n` pieces of about ten characters; its time is divided by collecting the pieces in a list
and joining once (`parts.append(piece)`, then `"".join(parts)`).

Bytes have no in-place shortcut at all: `data += chunk` on a bytes object is timed
against `b"".join(chunks)`, with a `bytearray` (which `+=` extends in place) beside it.

The `growth` rows give the exponent k in time ~ n**k between 1,000 and 100,000 pieces:
about 1 is linear, about 2 quadratic.

Run: python3 bench/claims/px0702_string_concat.py [--sizes 10,1000] [--json]
"""

from __future__ import annotations

import io
import math

from timing import Report, best_times, sizes

TOTAL = ""


def append_and_join(pieces):
    parts = []
    for piece in pieces:
        parts.append(piece)
    return "".join(parts)


def string_io(pieces):
    buffer = io.StringIO()
    for piece in pieces:
        buffer.write(piece)
    return buffer.getvalue()


def local_augmented(pieces):
    text = ""
    for piece in pieces:
        text += piece
    return text


def local_rebound_sum(pieces):
    text = ""
    for piece in pieces:
        text = text + piece
    return text


def local_three_terms(pieces):
    text = ""
    for piece in pieces:
        text = text + piece + ","
    return text


def local_parenthesised_terms(pieces):
    text = ""
    for piece in pieces:
        text += piece + ","
    return text


def local_prepend(pieces):
    text = ""
    for piece in pieces:
        text = piece + text
    return text


def local_with_alias(pieces):
    text = ""
    previous = ""
    for piece in pieces:
        text += piece
        previous = text  # a second reference is alive at the next `+=`
    return text, previous


class Builder:
    def __init__(self):
        self.text = ""

    def build(self, pieces):
        for piece in pieces:
            self.text += piece
        return self.text


def attribute(pieces):
    return Builder().build(pieces)


def subscript(pieces):
    fields = {"body": ""}
    for piece in pieces:
        fields["body"] += piece
    return fields["body"]


def global_name(pieces):
    global TOTAL
    TOTAL = ""
    for piece in pieces:
        TOTAL += piece
    return TOTAL


def nonlocal_from_inner_function(pieces):
    text = ""

    def add(piece):
        nonlocal text
        text += piece

    for piece in pieces:
        add(piece)
    return text


def cell_variable(pieces):
    # The loop is in this function, but a nested function also reads `text`, so it lives
    # in a cell and the in-place path (which needs a plain local) does not apply.
    text = ""
    for piece in pieces:
        text += piece
    length = lambda: len(text)  # noqa: E731
    return text, length


MODULE_LEVEL = compile(
    "text = ''\nfor piece in pieces:\n    text += piece\n", "<module-level loop>", "exec"
)


def module_level(pieces):
    namespace = {"pieces": pieces}
    exec(MODULE_LEVEL, namespace)
    return namespace["text"]


def bytes_join(chunks):
    parts = []
    for chunk in chunks:
        parts.append(chunk)
    return b"".join(parts)


def bytes_augmented(chunks):
    data = b""
    for chunk in chunks:
        data += chunk
    return data


def bytearray_augmented(chunks):
    data = bytearray()
    for chunk in chunks:
        data += chunk
    return data


BYTES_SHAPES = {
    'b"".join(parts) after parts.append': bytes_join,
    "local bytes: b += x": bytes_augmented,
    "local bytearray: b += x": bytearray_augmented,
}

SHAPES = {
    '"".join(parts) after parts.append': append_and_join,
    "io.StringIO().write": string_io,
    "local: s += x": local_augmented,
    "local: s = s + x": local_rebound_sum,
    "local: s += x + y": local_parenthesised_terms,
    "local: s = s + x + y": local_three_terms,
    "local: s = x + s": local_prepend,
    "local: s += x, another reference alive": local_with_alias,
    "attribute: self.s += x": attribute,
    'subscript: d["k"] += x': subscript,
    "global: s += x": global_name,
    "nonlocal: s += x in an inner function": nonlocal_from_inner_function,
    "cell variable: s += x, s read by a lambda": cell_variable,
    "module-level code: s += x": module_level,
}


def main() -> None:
    report = Report("PX0702", '"".join(parts) after parts.append')
    per_size = {}
    for n in sizes():
        pieces = [f"<li>{i}</li>" for i in range(n)]
        expected = "".join(pieces)
        for name, shape in SHAPES.items():
            result = shape(pieces)
            built = result[0] if isinstance(result, tuple) else result
            assert len(built) >= len(expected), name
        times = best_times({name: (lambda shape=shape: shape(pieces)) for name, shape in SHAPES.items()})
        report.add_ratios(n, times)
        chunks = [piece.encode() for piece in pieces]
        byte_times = best_times({name: (lambda shape=shape: shape(chunks)) for name, shape in BYTES_SHAPES.items()})
        report.add_ratios(n, byte_times, baseline='b"".join(parts) after parts.append')
        per_size[n] = {**times, **byte_times}
    if 1_000 in per_size and 100_000 in per_size:
        for name in list(SHAPES) + list(BYTES_SHAPES):
            exponent = math.log(per_size[100_000][name] / per_size[1_000][name]) / math.log(100)
            report.add_value(f"growth: {name}", 100_000, exponent, "exponent")
    report.emit()


if __name__ == "__main__":
    main()
