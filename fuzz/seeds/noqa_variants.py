import importlib, sys
sys.path.append("ö")  # noqa:PX0101 — äöü
sys.path.append("ö")  # NOQA: px0101,PX0701 ß
sys.path.append("ö")  # type: ignore # noqa: PX0101 … 🙂
sys.path.append("ö")  #noqa:PX9999 unknown — 未知
importlib.reload(sys)  # ⫆̸ # noqa
importlib.reload(sys)  # noqa: PX0102 ‏
x = 1  # noqa: PX0703, PX0002 keep
y = 2  # noqaé
z = 3  # é noqa é
