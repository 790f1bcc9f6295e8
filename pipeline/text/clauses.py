"""What ends a clause of Chinese news, for every step of the link stage that looks at a name's own clause, and for
the number reader's currency rules (numbers.py, subject_currency.py), which read an amount's clause.

Each link step adds its own breaks to this common set: the market-context window a colon, a full stop, spaces, headline
brackets and circled item numbers; the country step a colon and brackets; the person-context step line breaks and
circled numbers. Kept apart from the steps so that each can import it without importing another."""

from __future__ import annotations

import re

CLAUSE_PUNCTUATION = "，,；;。！？!?、"
# What ends an amount's clause for the currency rules: 人民币 or a subject in the same clause names its bare 元.
AMOUNT_CLAUSE_BREAK = re.compile("[，。；！？,;!?\n]")
