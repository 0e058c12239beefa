from dataclasses import dataclass, field


@dataclass
class Größe:  # German sharp s
    wert: list = []  # 𝓁𝒾𝓈𝓉
    ñame: str = "ñ"


def ƒ(π=3.14, *αργς, **κwargs):
    μ = [π for _ in αργς]  # μ
    return μ
