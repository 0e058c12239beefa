"""A hierarchy without other hooks: the added call reaches object and does nothing."""


class Plugin:
    registry = {}

    def __init_subclass__(cls, plugin_name=None):
        super().__init_subclass__()
        Plugin.registry[plugin_name or cls.__name__.lower()] = cls


class Cached:
    def __init_subclass__(cls):
        cls.cache = {}


class Csv(Plugin, plugin_name="csv"):
    pass


class Json(Plugin):
    pass


class Users(Cached):
    pass


print(sorted(Plugin.registry))
print(Users.cache)
