"""Link glossary names in each segment to canonical English names and tickers."""

from __future__ import annotations

import gc
import re
from collections import ChainMap
from typing import Any

from pipeline.glossary import CompiledGlossary, GlossaryRef, resolve_glossary
from pipeline.glossary.bare_body import bare_body_spans
from pipeline.glossary.bare_index import bare_index_spans, holds_bare_name
from pipeline.glossary.commonness import signature as commonness_signature
from pipeline.glossary.compiled import haystack_of
from pipeline.glossary.country import CountryContext
from pipeline.glossary.latin_tickers import ticker_spans, us_tickers
from pipeline.glossary.person_context import CONTEXT_ENTITIES
from pipeline.glossary.person_context import resolve as resolve_context_names
from pipeline.glossary.schema import Entry
from pipeline.glossary.subsidiary import FIRST_CHARS as UNIT_FIRST_CHARS
from pipeline.glossary.subsidiary import extend_units
from pipeline.records import Document, Mention
from pipeline.stage import BuildContext, Stage, StageError
from pipeline.text.locale import HK, MO, TW
from stages.translators.results_currency import carry_subjects
from stages.translators.subject_currency import mark_bodies

# 3: locale-specific names (the segment's locale); 4: the naming setting; 5: country context; 6: local bodies by locale;
# 7: price-move words end a short name (中央商场冲高), A-share legal names keep their short name;
# 8: bare 标普 as the S&P 500 where it moves like an index (pipeline/glossary/bare_index.py);
# 9: bare names decided by context words (person_context: 库克, 威廉姆斯, 桑切斯);
# 10: a country + industry name before an industry word is the industry (中国稀土出口);
# 11: Hong Kong segments that name no company carry the reporting currency of the last one named (results_currency)
# 12: a company's short name + a business word is its unit, over the whole name (赣锋国际, 汇丰银行; subsidiary.py);
# US tickers in Latin with evidence ($TSLA, GME盘前大涨; latin_tickers.py)
# 13: name dots folded (埃隆・马斯克), 高市政府, 蒋毅敏, 奥菲尔·卡茨 (compiled.DOT_VARIANTS, after_other_given_name);
# the precision rules of round 5 (common-word edges, parent groups, city names, words listed together)
# 14: Hong Kong segments carry the mainland and Macao bodies they name and what a dividend's currency needs
# (subject_currency.mark_bodies, results_currency.carry_subjects); 15: Macao segments the bodies too;
# 16: bare boards (创业板, 科创板), 中证红利, 微盘股指数 as indexes (bare_index.py); category indexes, central SOEs;
# Hong Kong evidence for a bare ministry is the mainland's (country.SAR_HOME); tickers by a stock's own words;
# 17: a rare dictionary word across a name's end does not split it (commonness._rare_run_on: 北京银行|行长)
# 18: bare 海关 with national figures, bare 纳斯达克 as the exchange or the index (bare_body.py, bare_index.py);
# a name followed by a street suffix is the street (place_context.names_a_street); 超级央行周 is no one body
# 19: gate8: a country word glued before a name is no word against it (美国白宫); an index's whole name is no
# phrase (美元指数下跌); a date before a follower ends a name (四日涨); 股 before a name (龙头股张家界); a regulator's
# verbs end a longer organisation's name (证监会同意…公司); 增持 ends a fund's name; an index mention starts after
# its country word (韩国|KOSPI指数); a moved board beside a mainland index in Hong Kong or Taiwan news is an index
VERSION = "19"
CAPITALS = re.compile(r"[A-Z]{2}")
NAMINGS = ("default", "official")


class LinkStage(Stage):
    """Chinese segments are matched on `zh`, English ones on `en`; offsets index that field."""

    name = "link"
    requires = ("segments",)
    assigns = ("segment.entities",)

    @classmethod
    def build(cls, context: BuildContext, **options: Any) -> LinkStage:
        if options:
            raise StageError(f"step 'link' takes no options, got {', '.join(options)}")
        return cls(context.glossary, naming=context.config.naming)

    def __init__(self, glossary: CompiledGlossary | GlossaryRef, naming: str = "default") -> None:
        if naming not in NAMINGS:
            raise StageError(f"naming must be one of {', '.join(NAMINGS)}, got {naming!r}")
        self.glossary = glossary
        self.naming = naming
        self._countries: CountryContext | None = None  # built on first use, from the compiled glossary
        # entity id → its Mention fields after surface and offsets (entity_id, canonical, ticker, type,
        # en_official, reports_in): worked out once per entity, not for every mention
        self._fields: dict[str, tuple[str, str, str | None, str, str | None, str | None]] = {}
        # US ticker → entity and entity → Chinese names, for tickers written in Latin (built on first use)
        self._tickers: tuple[dict[str, str], dict[str, tuple[str, ...]]] | None = None
        # Units derived from a parent and a business word (赣锋国际), kept by the stage: the compiled glossary is
        # shared by every run of the process and its entries (and so its size in signatures) never change.
        self._units: dict[str, Entry] = {}

    def __getstate__(self) -> dict[str, object]:
        """The glossary's path and hash, not its automata (~6 MB); setup() loads it again."""
        return {"glossary": self.glossary.reference(), "naming": self.naming}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def setup(self) -> None:
        """Nothing to do for a constructed stage; an unpickled one loads its glossary (from the disk cache)."""
        self.glossary = resolve_glossary(self.glossary)

    def mentions(self, text: str, lang: str, script: str | None = None, locale: str | None = None) -> list[Mention]:
        """`script` ("hant"/"hans") is how the record was written: some names mean another company in Taiwan;
        `locale` where (pipeline/text/locale.py): 证监会 is the SFC in Hong Kong news."""
        found, _org, context = self._mentions(text, lang, script, locale)
        return resolve_context_names([found], [text], self._fields_of)[0] if context and lang == "zh" else found

    def _mentions(self, text: str, lang: str, script: str | None,
                  locale: str | None) -> tuple[list[Mention], bool, bool]:
        """The mentions, whether one is of type org (only then has the country step work to do), and whether one
        is an entity a bare context name can be (库克: only then has the person-context step work to do)."""
        assert isinstance(self.glossary, CompiledGlossary), "setup() first"
        found = []
        org = False
        context = False
        unit = False  # a company mention followed by a business word's first character (the unit step's trigger)
        fields = self._fields
        haystack = haystack_of(text)  # (once per segment: the automaton's and the ticker step's)
        for start, end, entry_id in self.glossary.spans(text, lang, script, locale or None, haystack):
            known = fields.get(entry_id) or self._entity_fields(entry_id)
            org = org or known[3] == "org"
            context = context or entry_id in CONTEXT_ENTITIES
            unit = unit or known[3] == "company" and text[end:end + 1] in UNIT_FIRST_CHARS
            # positional, in Mention's field order: built with keywords from the entry each time took twice as long
            found.append(Mention(known[0], text[start:end], start, end, known[1], known[2], known[3], known[4],
                                 known[5]))
        if lang != "zh":
            return found, org, context
        # (Each later step behind a trigger asked per text: a substring test or a fact of the mentions found, never
        # a regex search over the whole text where a plain test will do; a regex search costs about 1% of the stage.)
        if holds_bare_name(text):  # (one chain of substring tests for both steps: it also holds 海关)
            added = bare_index_spans(text, found, locale)
            if added:  # a term or fund the index name covers gives way to it
                found = [m for m in found if m.type not in ("term", "fund")
                         or not any(s < m.end and m.start < e for s, e, _ in added)]
                found += [self._mention(entry_id, text, start, end) for start, end, entry_id in added]
                found.sort(key=lambda m: m.start)
            # bare 海关 reporting national figures, 纳斯达克 where a company lists (bare_body.py)
            bodies = bare_body_spans(text, found, locale)
            if bodies:
                org = True
                found += [self._mention(entry_id, text, start, end) for start, end, entry_id in bodies]
                found.sort(key=lambda m: m.start)
        # The bare-index step adds no company, so the automaton step's mentions say whether a unit can follow one.
        if unit:
            found = extend_units(text, found, ChainMap(self._units, self.glossary.entries), self._mention)
        # (a text the lowercasing left as it was has no capital letter: the regex search is asked of the others)
        capitals = CAPITALS.search(text) if haystack != text else None
        if capitals is not None:
            if self._tickers is None:
                self._tickers = us_tickers(self.glossary.entries)
            spans = ticker_spans(text, found, *self._tickers, capitals.start())
            found += [self._mention(entry_id, text, start, end) for start, end, entry_id in spans]
            if spans:
                found.sort(key=lambda m: m.start)
        return found, org, context

    def _mention(self, entry_id: str, text: str, start: int, end: int) -> Mention:
        """A mention of the entity over text[start:end] (the steps after the automaton's; its own loop builds them
        inline, once per hit)."""
        known = self._fields_of(entry_id)
        return Mention(known[0], text[start:end], start, end, *known[1:])

    def _fields_of(self, entry_id: str) -> tuple[str, str, str | None, str, str | None, str | None]:
        return self._fields.get(entry_id) or self._entity_fields(entry_id)

    def _entity_fields(self, entry_id: str) -> tuple[str, str, str | None, str, str | None, str | None]:
        entry = self.entry(entry_id)
        canonical = entry.en_official if self.naming == "official" and entry.en_official else entry.en
        known = self._fields[entry_id] = (entry.id, canonical, entry.ticker, entry.type, entry.en_official,
                                          entry.reports_in)
        return known

    def _country_of(self, entry_id: str) -> str | None:
        return self.entry(entry_id).country

    def entry(self, entry_id: str) -> Entry:
        """A mention's entity: the glossary's, or a unit this stage derived from its parent (赣锋国际)."""
        return self._units.get(entry_id) or self.glossary.entries[entry_id]

    def _decide_context_names(self, doc: Document) -> None:
        zh = [seg for seg in doc.segments if seg.src_lang == "zh"]
        decided = resolve_context_names([seg.entities for seg in zh], [seg.zh or "" for seg in zh], self._fields_of)
        for seg, entities in zip(zh, decided, strict=True):
            seg.entities = entities

    def countries(self) -> CountryContext:
        """Which country's body a bare 财政部 or 央行 is (pipeline/glossary/country.py)."""
        assert isinstance(self.glossary, CompiledGlossary), "setup() first"
        if self._countries is None:
            self._countries = CountryContext(self.glossary.zh_keys, self.glossary.entries)
        return self._countries

    def process(self, docs: list[Document]) -> list[Document]:
        # A pass keeps a new Mention for every name it finds: the cyclic collector would walk tens of thousands of
        # them (~5% of the stage on dev news) and find nothing, since mentions hold no cycles. It is paused for the
        # pass and restored as it was, whatever happens.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._link(docs)
        finally:
            if collecting:
                gc.enable()
        return docs

    def _link(self, docs: list[Document]) -> None:
        for doc in docs:
            names_an_org = decide = False
            for seg in doc.segments:
                text = seg.zh if seg.src_lang == "zh" else seg.en
                seg.entities, org, context = self._mentions(text or "", seg.src_lang, seg.script, seg.locale)
                names_an_org = names_an_org or org
                decide = decide or (context and seg.src_lang == "zh")
            if decide:  # a bare 库克, 威廉姆斯 … is decided by the words around it (person_context)
                self._decide_context_names(doc)
            # After every segment is matched: a bare body name in the body reads the title's country (a document
            # with no org mention has none to resolve).
            if names_an_org:
                self.countries().resolve(doc.segments)
            if doc.locale == HK:  # the company a results sentence without a name is about (results_currency)
                carry_subjects(doc.segments)
            if names_an_org and doc.locale in (HK, MO, TW):  # whose money a bare 元 is: a mainland or Macao body's
                mark_bodies(doc.segments, self._country_of)  # (subject_currency)

    def signature(self) -> str:
        return (f"link:aho-corasick:leftmost-longest+word-boundaries+script+locale+country"
                f":glossary={self.glossary.content_hash}:commonness={commonness_signature()}"
                f":naming={self.naming}|v{VERSION}")
