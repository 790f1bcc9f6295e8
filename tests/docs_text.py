"""The documentation as the tests read it: README.md and docs/*.md, their marked example and schema blocks, and
their links. One reader, so a block or a section can move between files without a test losing it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
DOCS_DIR = PROJECT_ROOT / "docs"

# `<!-- example: NAME -->` then a ```python or ```sql block: runnable examples (api-* in tests/test_api.py, the
# others in tests/test_readme_examples.py). `<!-- schema: TABLE -->` then a ```text block: a Parquet schema.
EXAMPLE = re.compile(r"<!-- example: (?P<name>[\w-]+) -->\n```(?P<lang>python|sql)\n(?P<code>.*?)```", re.S)
SCHEMA = re.compile(r"<!-- schema: (?P<name>\w+) -->\n```text\n(?P<text>.*?)\n```", re.S)

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.M)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # https:, mailto: ...


@dataclass(frozen=True)
class Block:
    """A marked block of the documentation and the file it is in (for tracebacks: `docs/api.md:api-run`)."""

    name: str
    lang: str
    code: str
    path: Path

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(PROJECT_ROOT)}:{self.name}"


def doc_files() -> list[Path]:
    """README.md first, then docs/*.md by name: the order marked blocks run in."""
    return [README, *sorted(DOCS_DIR.glob("*.md"))]


def _marked(pattern: re.Pattern[str], lang: str | None = None) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    for path in doc_files():
        for m in pattern.finditer(path.read_text(encoding="utf-8")):
            group = m.groupdict()
            block = Block(m["name"], group.get("lang") or lang or "", group.get("code") or group.get("text") or "",
                          path)
            if block.name in blocks:
                raise ValueError(f"{block.where}: {block.name!r} is also marked in {blocks[block.name].where}")
            blocks[block.name] = block
    return blocks


def examples() -> dict[str, Block]:
    """Every `<!-- example: NAME -->` block of README.md and docs/*.md, in file order."""
    return _marked(EXAMPLE)


def schemas() -> dict[str, str]:
    """Every `<!-- schema: TABLE -->` block: table name → the schema text shown."""
    return {name: block.code for name, block in _marked(SCHEMA, "text").items()}


# --- links ---------------------------------------------------------------------------------------------------

def _prose(text: str) -> str:
    """The text without fenced blocks and code spans, where brackets and `#` are not links or headings."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: link text kept, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors a Markdown text's headings get, repeated ones numbered as GitHub does (`x`, `x-1`, ...)."""
    seen: dict[str, int] = {}
    found = set()
    for m in HEADING.finditer(FENCE.sub("", text)):
        base = slug(m["text"])
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def links(text: str) -> list[str]:
    """The targets of a Markdown text's inline links and images, outside code."""
    return [m["target"] for m in LINK.finditer(_prose(text))]


def broken_links(path: Path) -> list[str]:
    """Every relative link or #anchor of a Markdown file that does not resolve, as `target: why`."""
    text = path.read_text(encoding="utf-8")
    broken = []
    for target in links(text):
        if EXTERNAL.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path.resolve()
        if not dest.exists():
            broken.append(f"{target}: no file {dest}")
        elif anchor and (dest.suffix != ".md" or dest.is_dir()):
            broken.append(f"{target}: an anchor into a file that is not Markdown")
        elif anchor and anchor not in anchors(dest.read_text(encoding="utf-8")):
            broken.append(f"{target}: no heading #{anchor} in {dest.name}")
    return broken
