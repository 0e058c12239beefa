math_alphabets = {# 'cmdname': 'mathvariant value'  # package
             'nsupseteqq': '\u2AC6\u0338', # ⫆̸
             'boldsymbol': 'bold',  # 𝐛𝐨𝐥𝐝
                 }
def handle_cmd(name, node, string): # noqa: C901 TODO make this less complex
    for x in node:
        if x in ['α', 'β', 'γ']:  # ⫆̸ noqa
            pass
