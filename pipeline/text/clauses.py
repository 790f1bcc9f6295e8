"""What ends a clause of Chinese news, for every step of the link stage that looks at a name's own clause.

Each step adds its own breaks to this common set: the market-context window a colon, a full stop, spaces, headline
brackets and circled item numbers; the country step a colon and brackets; the person-context step line breaks and
circled numbers. Kept apart from the steps so that each can import it without importing another."""

CLAUSE_PUNCTUATION = "，,；;。！？!?、"
