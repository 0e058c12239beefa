"""A base of the module registers its subclasses; a hook below it that does not call up
cuts the registry off for everything beneath it. After the fix they are registered."""

registry = []


class Registered:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        registry.append(cls.__name__)


class Cached(Registered):
    def __init_subclass__(cls):
        cls.cache = {}


class Users(Cached):
    pass


class Orders(Cached):
    pass


print(registry, Users.cache, Orders.cache)
