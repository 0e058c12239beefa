s1 = 'ünïcödé'
s2 = "日本"
s3 = """多行
字符串 🎉
"""
s4 = '''׳ˈ'''
s5 = u"ü"
s6 = r"\ü\d"
s7 = b"only ascii in bytes"
s8 = "\N{GREEK SMALL LETTER ALPHA}\u00e9\U0001F600"
s9 = "e\u0301"  # combining acute
s10 = "⫆̸"
s11 = ("concatenated " "ü" f"{s1}" "日")
