"""Calling the in-place method directly and ignoring its result: nothing changes."""


class Basket:
    def __init__(self):
        self.items = []

    def __iadd__(self, item):
        self.items.append(item)

    def __isub__(self, item):
        if item not in self.items:
            return
        self.items.remove(item)


basket = Basket()
basket.__iadd__("apple")
basket.__iadd__("pear")
basket.__isub__("kiwi")
basket.__isub__("apple")
print(basket.items)
