"""The skipped base hook only passes keywords on: after the fix it runs, and the program
prints the same."""


class Base:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)


class Labelled(Base):
    def __init_subclass__(cls, **kwargs):
        cls.label = cls.__name__.upper()


class Leaf(Labelled):
    pass


class Other(Labelled, Base):
    pass


print(Leaf.label, Other.label, [c.__name__ for c in Other.__mro__])
