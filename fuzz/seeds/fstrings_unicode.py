name = "Zoë"
width = 10
a = f"{name!r:>{width}} — naïve café"  # ✓
b = f"{'Ω'}{name}"  # PEP 701 nesting
c = f"{"ünïcödé"}"  # same quotes inside
d = rf"\{name}\d+ ≠ {width}"  # raw
e = f"""
{name}  # 中 not a comment inside the string
"""  # 終
t = f"{name:{'→'}^{width}}"
