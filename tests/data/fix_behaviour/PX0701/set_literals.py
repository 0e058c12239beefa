"""Membership in a constant list and in a local list of constants, as sets."""


def normalise(tokens):
    out = []
    for token in tokens:
        if token.lower() in ["yes", "y", "true", "1"]:
            out.append(True)
        else:
            out.append(False)
    return out


def known(values):
    allowed = ["a", "b", "c", "d"]
    hits = 0
    for value in values:
        if str(value) in allowed:
            hits += 1
    return hits


def codes(numbers):
    return [n for n in range(numbers) if n in [0, 2, 3, 5, 8]]


print(normalise(["Yes", "no", "TRUE", "1", "0"]))
print(known(["a", 1, "z", "d", None]))
print(codes(10))
