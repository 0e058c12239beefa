# שלום עולם ‏‎‮ RTL marks and overrides ⁦ ⁩
# مرحبا بالعالم # noqa: PX0701
text = "‏مرحبا‎"  # ​zero​width​space​
nbsp = "a b"  #　ideographic　space　noqa
line_sep = " "  # a line separator: not a line break in Python
nel = "" # NEL: neither
def f(items):
    for x in items:
        if x in ("א", "ב"):  # ‮ noqa: PX0701 ‬
            return "‮reversed"
