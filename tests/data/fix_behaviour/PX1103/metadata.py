"""The wrapper now reports the decorated function's name, docstring and `__wrapped__`."""


def timed(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@timed
def add(a, b=2):
    """Add two numbers."""
    return a + b


print(add(1), add.__name__, add.__doc__, hasattr(add, "__wrapped__"))
