# -*- coding: utf-8 -*-
"""模块文档：中文、日本語、한국어."""
import sys

sys.path.insert(0, "目录")  # 路径を追加する — noqa: PX0101
名前 = "値"  # noqa: PX0701, PX0002 理由


def 関数(項目):
    # 注释：ループ
    for 項 in 項目:
        if 項 in ["一", "二", "三"]:  # 確認 # noqa: PX0701
            yield f"{項}は{len(項)}文字"
