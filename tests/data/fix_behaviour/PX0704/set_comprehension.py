"""`set([...])` as a set comprehension: the same set."""


def residues(values, m):
    return set([v % m for v in values])


def initials(names):
    return set([name[0].upper() for name in names if name])


print(sorted(residues(range(20), 7)))
print(sorted(initials(["ann", "bob", "", "amy", "cid"])))
