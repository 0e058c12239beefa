import asyncio

# 👍🏽 👨‍👩‍👧 🇫🇷 — emoji with modifiers, joiners and flags
GREETING = "héllo wörld 👋"  # e\u0301 is é


async def fetch(url):  # 🚀 noqa
    await asyncio.sleep(1)  # ⏳


async def main():
    fetch("https://例え.テスト/🙂")  # 🐛 # noqa: PX0202 🐛
    asyncio.create_task(fetch("ü"))  # ⚠️
    s = ""
    for part in ["ʃ", "ɪ", "p"]:
        s += part  # Ⅳ ⅳ ⓐ
    return s
