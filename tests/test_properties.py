"""Properties over hostile input (random Unicode with surrogates, controls, bidi and combining marks, emoji, long
runs without punctuation, nested JSON, odd numbers and types): nothing raises out of a stage, offsets stay valid,
normalization is idempotent, every record ends as output or reject, every output parses.

`make test` runs each property on a few derandomized examples; `make fuzz` (NEWSBRIDGE_FUZZ=1) on many more,
with a fresh seed it prints."""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.io import clean
from pipeline.io.readers import ReadOptions, record_from_mapping
from pipeline.records import Document, Reject, Segment
from pipeline.text.normalizer import CITATION, TextNormalizer
from stages.translators import gloss as gloss_module
from stages.translators import numbers
from stages.translators.numbers import EnglishNumbers, find_numbers
from stages.translators.verify import check_translation
from tests.conftest import GLOSSARIES
from tests.test_output_validity import assert_outputs_parse, write_outputs

FUZZ = bool(os.environ.get("NEWSBRIDGE_FUZZ"))
# Examples per property: a handful in `make test` (the suite stays fast), many under `make fuzz`.
EXAMPLES = int(os.environ.get("NEWSBRIDGE_FUZZ_EXAMPLES", "400")) if FUZZ else 10
# A whole CLI run per example: far fewer of those.
RUN_EXAMPLES = max(1, EXAMPLES // 40) if FUZZ else 1
if FUZZ:
    settings.register_profile("fuzz", derandomize=False, deadline=None, print_blob=True)
    settings.load_profile("fuzz")
PROPERTY = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
RUN_PROPERTY = settings(PROPERTY, max_examples=RUN_EXAMPLES)

# Pieces that finance text and hostile text are made of; st.text draws any code point, surrogates included.
HAN = "中际旭创光模块龙头上证指数收涨营收亿元万股台積電營收新臺幣同比增长了第日月年"
ODD = ("\x00\x01\x0b\x1f\x7f\u200b\u200d\u202e\u2066\u0301\u0300\ufeff\ufffe\uffff\ud800\udfff\U0001f600\u3000"
       "，。！？：；（）【】%-—…")
DIGITS = "0123456789.,"
pieces = st.one_of(
    st.text(min_size=0, max_size=8),  # any code point, surrogates included
    st.text(alphabet=HAN + DIGITS, min_size=1, max_size=12),
    st.text(alphabet=ODD, min_size=1, max_size=3),
    st.sampled_from(["中际旭创", "台積電", "6000亿元", "2025年11月26日", "同比增长41%", "7日", "GB200", "(300308)",
                     "1兆元", "2万3", "3成", "上涨4.5%", "NVDA-US", "有限公司", "\r\n", "\n\n", " "]),
)
hostile_text = st.lists(pieces, max_size=12).map("".join)
# A long run without punctuation: the shape that made per-record work quadratic.
long_run = st.tuples(st.sampled_from([HAN + DIGITS, HAN, DIGITS + "亿元%"]),
                     st.integers(1_000, 20_000 if FUZZ else 5_000), st.randoms(use_true_random=False)).map(
    lambda t: "".join(t[2].choice(t[0]) for _ in range(t[1])))
any_text = st.one_of(hostile_text, hostile_text, long_run) if FUZZ else hostile_text
odd_numbers = st.one_of(st.integers(), st.integers(min_value=2 ** 63), st.floats(allow_nan=True, allow_infinity=True),
                        st.integers(4_400, 5_000).map(lambda digits: 10 ** digits), st.decimals(allow_nan=True))
json_values = st.recursive(st.one_of(st.none(), st.booleans(), odd_numbers, hostile_text, st.binary(max_size=8)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(hostile_text, inner, max_size=3)),
                           max_leaves=12)


def _pipeline(doc: Document, normalizer: Any, segmenter: Any, linker: Any) -> Document:
    """The document through the real normalize (as its stage does), segment and link stages."""
    doc.script = normalizer.script(f"{doc.title}\n{doc.body}")
    doc.title, doc.body = normalizer(doc.title), normalizer(doc.body)
    (doc,) = segmenter.process([doc])
    (doc,) = linker.process([doc])
    return doc


@PROPERTY
@given(text=any_text)
def test_normalize_is_idempotent_and_total(text: str, normalizer: Any) -> None:
    once = normalizer(text)
    assert normalizer(once) == once


@PROPERTY
@given(title=any_text, body=any_text)
def test_segment_and_link_keep_offsets_valid(title: str, body: str, normalizer: Any, segmenter: Any,
                                             linker: Any) -> None:
    doc = _pipeline(Document("p", title, body), normalizer, segmenter, linker)
    for seg in doc.segments:
        text = seg.zh if seg.src_lang == "zh" else seg.en
        for m in seg.entities:
            assert 0 <= m.start < m.end <= len(text or "")
            assert (text or "")[m.start:m.end] == m.surface


@PROPERTY
@given(text=any_text)
def test_numbers_are_disjoint_and_where_they_say(text: str) -> None:
    found = find_numbers(text)
    for expr in found:
        assert text[expr.start:expr.end] == expr.surface
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    # the English a number renders to keeps that number (the verifier accepts the translator's own rendering)
    for expr in found:
        assert EnglishNumbers(expr.english).keeps(expr) or not expr.required or expr.english != expr.surface


@PROPERTY
@given(obj=st.dictionaries(st.sampled_from(["id", "title", "body", "url", "source", "published_at", "x"]),
                           json_values, max_size=6))
def test_record_from_mapping_returns_a_document_or_a_reject(obj: dict[str, Any]) -> None:
    try:
        json.dumps(obj, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):
        return  # not a mapping a reader can produce (json.loads never yields an int over 4,300 digits)
    result = record_from_mapping(obj, "f.jsonl", 1, "f:1", ReadOptions(max_body_chars=200_000))
    assert isinstance(result, Document | Reject)


@PROPERTY
@given(title=any_text, body=any_text, doc_id=hostile_text, meta=st.dictionaries(hostile_text, json_values, max_size=4),
       english=hostile_text)
def test_every_output_parses(title: str, body: str, doc_id: str, meta: dict[str, Any], english: str,
                             normalizer: Any, segmenter: Any, linker: Any) -> None:
    doc = _pipeline(Document(doc_id, title, body, meta=meta, origin="f.jsonl:1"), normalizer, segmenter, linker)
    for seg in doc.segments:
        if seg.src_lang == "zh":
            seg.en, seg.translator = english, "gloss"
    with tempfile.TemporaryDirectory() as tmp:
        read = assert_outputs_parse(write_outputs(Path(tmp), [doc], [Reject(doc_id, 1, title, body)]))
    assert len(read["segments.jsonl"]) == len(doc.segments)
    for row in read["segments.jsonl"]:
        for m in row["entities"]:
            assert (row["zh"] or row["en"] or "")[m["start"]:m["end"]] == m["surface"]


def _line(record: Any) -> str:
    """A JSONL line as a producer may write it: NaN/Infinity literal, lone surrogates as escapes."""
    try:
        return json.dumps(record, ensure_ascii=True, default=str)
    except (ValueError, RecursionError):
        return json.dumps(clean.json_safe(record), ensure_ascii=True)


records = st.one_of(
    st.fixed_dictionaries({"title": any_text, "body": any_text}, optional={"id": json_values, "meta": json_values,
                                                                         "score": odd_numbers}),
    json_values,
)


@RUN_PROPERTY
@given(batch=st.lists(records, min_size=1, max_size=12))
def test_every_record_ends_as_output_or_reject(batch: list[Any]) -> None:
    """The real CLI on a generated JSONL: one document or one reject per line and every output parses (exit 0, or 1
    when nothing came out); a file in which no record has a title or body field is refused before the run (exit 2,
    nothing written)."""
    has_text_field = any(isinstance(r, dict) and {"title", "body"} & r.keys() for r in batch)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        source.write_text("".join(_line(r) + "\n" for r in batch), encoding="utf-8")
        out = Path(tmp) / "out"
        code = main(["run", str(source), "--out", str(out), "--glossaries", str(GLOSSARIES), "--translator", "gloss",
                     "-q", "--overwrite"])
        if code == 2:
            assert not has_text_field and not out.exists()
            return
        read = assert_outputs_parse(out)
    assert len(read["documents.jsonl"]) + len(read["rejects.jsonl"]) == len(batch)
    assert code == (0 if read["documents.jsonl"] else 1)


class CountingPattern:
    """A compiled regex that adds up how many characters its searches and substitutions were given."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.scanned = pattern, 0

    def sub(self, repl: str, string: str) -> str:
        self.scanned += len(string)
        return self.pattern.sub(repl, string)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        self.scanned += max(0, min(endpos, len(string)) - pos)
        return self.pattern.search(string, pos, endpos)


def _scanned(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, work: Any) -> int:
    counter = CountingPattern(getattr(module, name))
    monkeypatch.setattr(module, name, counter)
    work()
    monkeypatch.undo()
    return counter.scanned


def test_verification_reads_the_english_once_per_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """The verifier read the whole English once per number (a 210k-character title took 224 s): doubling the
    sentence must not quadruple the characters read."""
    scanned = []
    for repeat in (100, 200):
        zh = "涨6%市值6000亿元" * repeat
        seg = Segment("d", 0, "title", zh, zh=zh, en=" ".join(e.english for e in find_numbers(zh)))
        flags: list[str] = []
        scanned.append(_scanned(monkeypatch, numbers, "DIGIT_COMMA",
                                lambda seg=seg, flags=flags: flags.extend(check_translation(seg, seg.en)[1])))
        assert flags == []
    assert scanned[1] <= 2.2 * scanned[0]


def test_gloss_reads_around_each_percentage_not_the_whole_sentence(monkeypatch: pytest.MonkeyPatch, normalizer: Any,
                                                                   segmenter: Any, linker: Any, gloss: Any) -> None:
    """The change verb before each percentage was searched for in everything before it: quadratic."""
    scanned = []
    for repeat in (50, 100):
        doc = _pipeline(Document("d", "营收同比增长41%" * repeat, ""), normalizer, segmenter, linker)
        if gloss.tokenizer is None:
            gloss.load()
        scanned.append(_scanned(monkeypatch, gloss_module, "CHANGE_BEFORE_PERCENT",
                                lambda doc=doc: gloss.translate(doc.segments[0])))
    assert 0 < scanned[1] <= 2.2 * scanned[0]


def test_a_210k_character_title_is_verified(normalizer: Any) -> None:
    """The shape of the issue's report, digits and Chinese with no punctuation, checked through find_numbers and
    the verifier in the test's time (it took minutes before)."""
    zh = normalizer(("营收570亿美元年增62%市值6000亿元" * 10_000)[:210_000])
    seg = Segment("d", 0, "title", zh, zh=zh, en=" ".join(e.english for e in find_numbers(zh)))
    counts, flags = check_translation(seg, seg.en)
    assert counts.numbers > 20_000 and counts.checks["numbers"].failed == 0


def _strip_citations_by_passes(text: str) -> str:
    """The definition: remove CITATION until nothing changes (quadratic in the nesting depth)."""
    while (stripped := CITATION.sub("", text)) != text:
        text = stripped
    return text


@PROPERTY
@given(text=st.text(alphabet="[] 12,，-–a中", max_size=24))
def test_citations_stripped_in_one_pass_as_by_repeated_passes(text: str) -> None:
    assert TextNormalizer._strip_citations(text) == _strip_citations_by_passes(text)


def test_deeply_nested_citations_are_stripped(normalizer: Any) -> None:
    """"[1" * 60,000: a pass per nesting level took about an hour; one pass takes well under a second."""
    assert normalizer("中" + "[1" * 60_000 + "]" * 60_000 + "文") == "中文"
