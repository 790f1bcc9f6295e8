"""The records that flow between stages: Document, Segment, Mention (DESIGN.md §1)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Mention:
    """One linked glossary name; `start`/`end` index the field it was found in (zh, or en for English)."""

    entity_id: str
    surface: str
    start: int
    end: int
    canonical: str
    ticker: str | None
    type: str
    # The listing's official English short name (glossary `en_official`), whichever English `canonical` is.
    en_official: str | None = None
    # The company's reporting currency (glossary `reports_in`, e.g. CNY): the number rule reads a bare 元 in its
    # results in Hong Kong news as RMB. Written only when the entity has one.
    reports_in: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["reports_in"] is None:
            del d["reports_in"]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


@dataclass
class Segment:
    """One source sentence with its translation; the title is segment 0."""

    doc_id: str
    seg_id: int
    part: str  # "title" | "body"
    src: str
    src_lang: str = "zh"
    zh: str | None = None
    en: str | None = None
    tokens: list[str] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    translator: str | None = None
    flags: list[str] = field(default_factory=list)
    # "hant" when the source was written in Traditional characters (Taiwan, Hong Kong usage: 元 = NT$,
    # 超微 = AMD); "hans" otherwise. Set by normalize from the document, read by link and translate.
    script: str = "hans"
    # Where the document was written (pipeline/text/locale.py: "cn", "hk", "tw", "other"; "" before normalize):
    # what a bare 元 is and which body 證監會 names. Set by normalize on the document, copied by segment.
    locale: str = ""
    # Values added by stages beyond the fields above; written where a stage declares an OutputField.
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "seg_id": self.seg_id,
            "part": self.part,
            "src_lang": self.src_lang,
            "src": self.src,
            "zh": self.zh,
            "en": self.en,
            "tokens": list(self.tokens),
            "entities": [m.to_dict() for m in self.entities],
            "translator": self.translator,
            "flags": list(self.flags),
            "script": self.script,
            "locale": self.locale or None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Segment:
        return cls(
            doc_id=d["doc_id"], seg_id=d["seg_id"], part=d["part"], src=d["src"],
            src_lang=d.get("src_lang", "zh"), zh=d.get("zh"), en=d.get("en"),
            tokens=list(d.get("tokens") or []),
            entities=[Mention.from_dict(m) for m in d.get("entities") or []],
            translator=d.get("translator"), flags=list(d.get("flags") or []),
            script=d.get("script") or "hans", locale=d.get("locale") or "",
        )


@dataclass
class Document:
    """One input article. `title`/`body` start as read and are rewritten in place by normalize."""

    id: str
    title: str
    body: str
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""  # "file:line" the record came from, for messages
    raw_title: str = ""
    raw_body: str = ""
    script: str = "hans"  # "hant" when the record was written in Traditional characters
    locale: str = ""  # "cn", "hk", "tw" or "other" once normalize has read it (pipeline/text/locale.py)
    # The id of the first document of the same story (an exact or near copy, pipeline/dedupe), decided when the
    # run is planned; None for a document that starts a story.
    duplicate_of: str | None = None
    segments: list[Segment] = field(default_factory=list)
    # Values added by stages beyond the fields above; written where a stage declares an OutputField.
    attrs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.raw_title:
            self.raw_title = self.title
        if not self.raw_body:
            self.raw_body = self.body

    @property
    def mentions(self) -> list[Mention]:
        return [m for s in self.segments for m in s.entities]


@dataclass
class Reject:
    """An input record that could not become a Document, and why."""

    input: str
    line: int
    reason: str
    raw: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
