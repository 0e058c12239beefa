"""`x += y` left `x` bound to None; after the fix it stays the basket."""


class Basket:
    def __init__(self):
        self.items = []

    def __iadd__(self, item):
        self.items.append(item)


basket = Basket()
basket += "apple"
try:
    basket += "pear"
    print(basket.items)
except Exception as error:
    print(type(error).__name__, error)
