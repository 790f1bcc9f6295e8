"""The text normalizer: Unicode, width, Traditional → Simplified, invisible characters, citations, quotes, spaces.

Numbers and units are never rewritten beyond width folding (`１３．５％` → `13.5%`). The transform is
idempotent: normalize(normalize(x)) == normalize(x).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.io.clean import clean_text

VERSION = "3"  # 3: Hong Kong variant characters (OpenCC hk2s)
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Characters that count as "Chinese context" for punctuation. The punctuation rules never create or delete
# any of them, which is what keeps the rules idempotent.
CJK_CONTEXT = HAN + "「」『』《》、。"
HAN_RE = re.compile(f"[{HAN}]")
# Chinese sentence punctuation that stays full-width inside Chinese text.
CJK_PUNCT = "，：；！？"
ASCII_FOR_CJK = dict(zip(CJK_PUNCT, ",:;!?", strict=True))
CJK_FOR_ASCII = {v: k for k, v in ASCII_FOR_CJK.items()}


def _width_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0xFF01, 0xFF5F)) + list(range(0xFFE0, 0xFFEF)):
        ch = chr(code)
        if ch in CJK_PUNCT:
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            table[code] = folded
    table[0x3000] = " "  # ideographic space
    for quote in "\u201c\u201d\u201e\u201f\u2033\u301d\u301e":
        table[ord(quote)] = '"'
    for quote in "\u2018\u2019\u201a\u201b\u2032":
        table[ord(quote)] = "'"
    for space in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f":
        table[ord(space)] = " "
    return table


WIDTH_TABLE = _width_table()
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# Zero-width, bidi and other format characters (category Cf) and control characters (Cc) except newline.
INVISIBLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
# [1], [3][4], [2,5], [1-3]: reference markers copied from web pages; up to 3 digits so years survive.
CITATION = re.compile(r"[ ]*(?:\[\d{1,3}(?:[,，\-–]\d{1,3})*\])+")
CITATION_BODY = re.compile(r"\d{1,3}(?:[,，\-–]\d{1,3})*")  # what CITATION allows between its brackets
SPACES = re.compile(r" {2,}")
ASCII_AFTER_CJK = re.compile(f"(?<=[{CJK_CONTEXT}]) *([,:;!?]) *")
ASCII_BEFORE_CJK = re.compile(f" *([,:;!?]) *(?=[{CJK_CONTEXT}])")
SPACE_AROUND_CJK_PUNCT = re.compile(f" *([{CJK_PUNCT}。、]) *")
CJK_PUNCT_RE = re.compile(f"[{CJK_PUNCT}]")


@lru_cache(maxsize=4)  # hk2s and s2t
def opencc_converter(config: str):
    """One OpenCC converter per configuration and process: building s2t reads its phrase dictionaries (~0.11 s of
    CPU), which every run's normalizer paid again (a run in a process that has run before: a third of its time). A
    converter keeps no state between conversions, so normalizers may share it."""
    import opencc

    return opencc.OpenCC(config)


class TextNormalizer:
    """The text transform itself, separate from the stage so the glossary compiler can share it."""

    def __init__(self, t2s: bool = True) -> None:
        self.t2s = t2s
        self._converter = None
        self._s2t = None

    def _opencc(self):
        if self._converter is None:
            # hk2s: t2s plus Hong Kong's variant characters (衞 → 卫, 衹 → 只), which t2s leaves alone, so
            # 醫務衞生局 meets the glossary's 医务卫生局. On mainland and Taiwan text it gives what t2s gives.
            self._converter = opencc_converter("hk2s")
        return self._converter

    def script(self, text: str) -> str:
        """"hant" when text reads as Traditional: OpenCC's t2s changes more of its characters than s2t
        does. A Simplified text with one 乾 (乾照光电) or 後 stays "hans"; short Taiwan headlines do not."""
        if not HAN_RE.search(text):
            return "hans"
        if self._s2t is None:
            self._s2t = opencc_converter("s2t")
        text = clean_text(text)  # OpenCC cannot take a lone surrogate
        to_simplified = _changed_chars(text, self._opencc().convert(text))
        to_traditional = _changed_chars(text, self._s2t.convert(text))
        return "hant" if to_simplified > to_traditional else "hans"

    def __call__(self, text: str) -> str:
        text = unicodedata.normalize("NFC", clean_text(text))  # OpenCC cannot take a lone surrogate
        text = LINE_BREAKS.sub("\n", text)
        text = INVISIBLE.sub("", text.translate(WIDTH_TABLE))
        text = self._strip_citations(text)
        if self.t2s and HAN_RE.search(text):
            text = self._opencc().convert(text)
        lines = (self._normalize_line(line) for line in text.split("\n"))
        text = "\n".join(line for line in lines if line)
        return unicodedata.normalize("NFC", text)

    @staticmethod
    def _strip_citations(text: str) -> str:
        """CITATION removed until none is left ("[1[2]]" leaves "[1]" after one removal), in one pass: a
        repeated regex pass was quadratic in the nesting depth ("[1" * 4,000 took 13 s)."""
        if "[" not in text:
            return text
        out: list[str] = []
        opens: list[int] = []  # where in `out` each still possible citation's "[" stands
        for ch in text:
            if ch == "[":
                opens.append(len(out))
            elif ch == "]" and opens:
                start = opens.pop()
                if CITATION_BODY.fullmatch("".join(out[start + 1:])):
                    del out[start:]
                    while out and out[-1] == " ":  # CITATION takes the spaces before it
                        out.pop()
                    continue
                opens.clear()  # this "]" stays, so no "[" before it can close a citation any more
            out.append(ch)
        return "".join(out)

    @staticmethod
    def _normalize_line(line: str) -> str:
        line = SPACES.sub(" ", line).strip()
        if HAN_RE.search(line):
            line = ASCII_AFTER_CJK.sub(lambda m: CJK_FOR_ASCII[m.group(1)], line)
            line = ASCII_BEFORE_CJK.sub(lambda m: CJK_FOR_ASCII[m.group(1)], line)
            line = SPACE_AROUND_CJK_PUNCT.sub(r"\1", line)
        else:  # English line: "Hello，world！" reads "Hello, world!"
            line = CJK_PUNCT_RE.sub(lambda m: ASCII_FOR_CJK[m.group(0)] + " ", line)
            line = SPACES.sub(" ", line).strip()
        return line

    def __getstate__(self) -> dict[str, object]:
        """The option only: OpenCC's converters do not pickle and load again on first use."""
        return {"t2s": self.t2s}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def signature(self) -> str:
        return f"normalize:nfc:fullwidth=ascii:t2s={'opencc' if self.t2s else 'off'}:citations|v{VERSION}"


def _changed_chars(before: str, after: str) -> int:
    """Characters OpenCC replaced (its t2s/s2t conversions keep lengths for all but rare phrases)."""
    return sum(a != b for a, b in zip(before, after, strict=False)) + abs(len(before) - len(after))
