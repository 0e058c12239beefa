"""A mixin's hook was cut off by the hook that did not call up; after the fix it runs, and
its class keyword reaches it."""


class Tagged:
    def __init_subclass__(cls, tag="none", **kwargs):
        super().__init_subclass__(**kwargs)
        cls.tag = tag


class Cached:
    def __init_subclass__(cls):
        cls.cache = {}


class Model(Cached, Tagged):
    pass


print(getattr(Model, "tag", "missing"), Model.cache)
try:

    class Tagged2(Cached, Tagged, tag="x"):
        pass

    print(Tagged2.tag)
except TypeError as error:
    print("TypeError:", error)
