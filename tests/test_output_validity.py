"""Every output file parses whatever a record or a stage holds: strict JSON lines, well-formed TMX, readable
Parquet; lone surrogates become U+FFFD, NaN/Infinity null, XML-illegal characters are dropped from every TMX
attribute and element."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.io import clean
from pipeline.io.writers import OUTPUT_FILES, PartWriter, assemble
from pipeline.records import Document, Mention, Reject, Segment
from tests.conftest import GLOSSARIES

JSONL_FILES = ("segments.jsonl", "documents.jsonl", "mentions.jsonl", "rejects.jsonl", "flags.jsonl")
PARQUET_FILES = ("segments.parquet", "documents.parquet", "mentions.parquet")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def strict_json_lines(path: Path) -> list[Any]:
    """Each line as strict JSON: valid UTF-8, no NaN/Infinity (json.loads accepts them by default); lines as
    str.splitlines cuts them (at U+0085, U+2028 and U+2029 too), so a record is one line for every reader."""
    text = path.read_bytes().decode("utf-8")
    return [json.loads(line, parse_constant=_refuse_constant) for line in text.splitlines()]


def assert_outputs_parse(out: Path) -> dict[str, Any]:
    """Parse every output file the strict way; return what was read, for further checks."""
    read: dict[str, Any] = {name: strict_json_lines(out / name) for name in JSONL_FILES}
    read["corpus.tmx"] = ET.fromstring((out / "corpus.tmx").read_bytes())
    for name in PARQUET_FILES:
        read[name] = pq.read_table(out / name).to_pylist()
    return read


def write_outputs(tmp_path: Path, docs: list[Document], rejects: list[Reject] = ()) -> Path:
    """Write through the real part writer and assembler (the path every run takes)."""
    part = tmp_path / "part"
    writer = PartWriter(part)
    writer.write_documents(docs)
    for reject in rejects:
        writer.write_reject(reject)
    writer.close()
    out = tmp_path / "out"
    assemble(out, [part])
    return out


def _doc(doc_id: str, zh: str, meta: dict[str, Any] | None = None, en: str = "x") -> Document:
    mention = Mention("cn.x", zh[:2], 0, min(2, len(zh)), "X Corp", "000001.SZ", "company")
    seg = Segment(doc_id, 0, "title", zh, zh=zh, en=en, tokens=list(zh[:4]), entities=[mention],
                  translator="gloss", flags=["untranslated:\x00\ud800"])
    return Document(doc_id, zh, "", meta=meta or {}, origin="t.jsonl:1", segments=[seg])


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"k": [value]}
    return value


HOSTILE_TEXT = [
    pytest.param("a\ud800b", id="lone-high-surrogate"),
    pytest.param("\udfffx", id="lone-low-surrogate"),
    pytest.param("\ud83d\ude00", id="split-surrogate-pair"),
    pytest.param("a\x00b\x01c", id="nul-and-control"),
    pytest.param("\ufffe\uffff", id="xml-noncharacters"),
    pytest.param("\u202e\u0301\U0001f600", id="bidi-combining-emoji"),
    pytest.param("a\x85b\u2028c\u2029", id="unicode-line-separators"),
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_text_in_every_field_still_parses(tmp_path: Path, text: str) -> None:
    doc = _doc(f"id{text}", f"中际旭创{text}", meta={"source": text, f"k{text}": text}, en=f"en{text}")
    reject = Reject(f"in{text}.jsonl", 3, f"reason {text}", f"raw {text}")
    read = assert_outputs_parse(write_outputs(tmp_path, [doc], [reject]))
    segment = read["segments.jsonl"][0]
    # Surrogates become U+FFFD one for one: the mention's offsets still index the written zh.
    assert "\ufffd" in segment["zh"] or not clean.SURROGATE.search(text)
    assert len(segment["zh"]) == len(doc.segments[0].zh)
    mention = read["mentions.parquet"][0]
    assert segment["zh"][mention["start"]:mention["end"]] == mention["surface"]
    units = read["corpus.tmx"].findall("./body/tu")
    assert len(units) == 1
    assert not clean.XML_INVALID.search(units[0].get("tuid"))


def test_document_id_with_nul_keeps_tmx_parseable(tmp_path: Path) -> None:
    """The tuid attribute and x-doc property were written unfiltered: "a\\x00b" made corpus.tmx unparsable."""
    root = assert_outputs_parse(write_outputs(tmp_path, [_doc("a\x00b", "中际旭创涨")]))["corpus.tmx"]
    unit = root.find("./body/tu")
    assert unit.get("tuid") == "ab:0"
    assert {p.get("type"): p.text for p in unit.findall("prop")}["x-doc"] == "ab"


ODD_META = [
    pytest.param({"score": math.nan, "hi": math.inf, "lo": -math.inf}, {"score": None, "hi": None, "lo": None},
                 id="nan-infinity"),
    pytest.param({"big": 2 ** 70, "small": -(2 ** 64), "x": math.nan}, {"big": 2 ** 70, "small": -(2 ** 64),
                                                                       "x": None}, id="beyond-int64-exact"),
    pytest.param({"raw": b"\xe4\xb8\xad\xff"}, {"raw": "中\ufffd"}, id="bytes"),
    pytest.param({"d": Decimal("1.5"), "s": {3}}, {"d": "1.5", "s": [3]}, id="decimal-and-set"),
    pytest.param({"deep": _nested(1_000)}, None, id="nested-1000-deep"),
]


@pytest.mark.parametrize(("meta", "expected"), ODD_META)
def test_odd_meta_values_are_written_as_strict_json(tmp_path: Path, meta: dict[str, Any],
                                                    expected: dict[str, Any] | None) -> None:
    read = assert_outputs_parse(write_outputs(tmp_path, [_doc("d1", "中际旭创涨", meta=meta)]))
    written = json.loads(read["documents.jsonl"][0]["meta"], parse_constant=_refuse_constant)
    in_parquet = json.loads(read["documents.parquet"][0]["meta"], parse_constant=_refuse_constant)
    assert written == in_parquet
    if expected is not None:
        assert written == expected
    else:
        assert clean.TOO_DEEP in json.dumps(written)


def test_integer_beyond_str_digit_limit_is_written() -> None:
    """Python refuses str() of an int over 4,300 digits; the value is still written (as hex text)."""
    huge = 10 ** 5_000
    assert clean.json_safe(huge) == hex(huge)
    assert json.loads(clean.dumps({"n": huge}))["n"].startswith("0x")


def test_clean_rows_take_the_fast_path_unchanged() -> None:
    row = {"a": "中文", "b": [1, 2.5, None, True], "c": {"d": "e"}}
    assert clean.dumps(row) == json.dumps(row, ensure_ascii=False)
    assert clean.json_safe(row) == row


def _run(tmp_path: Path, lines: list[str], *extra: str) -> tuple[int, Path]:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(source), "--out", str(out), "--glossaries", str(GLOSSARIES), "--translator", "gloss",
                 "-q", *extra])
    return code, out


def test_hostile_records_through_the_cli_give_parseable_outputs(tmp_path: Path) -> None:
    """The real reader and stages: NaN/Infinity and a 30-digit integer in meta, NUL and U+FFFE in ids, a lone
    surrogate (as a JSON escape) in the title: exit 0, every file parses strictly, nothing is lost."""
    lines = [
        '{"id": "nan", "title": "中际旭创涨6%", "body": "", "score": NaN, "hi": Infinity, "lo": -Infinity}',
        '{"id": "big", "title": "中际旭创涨6%", "body": "", "n": 123456789012345678901234567890}',
        '{"id": "a\\u0000b\\u0001", "title": "中际旭创涨6%", "body": "上证指数收涨0.4%。"}',
        '{"id": "x\\ufffe", "title": "中际旭创涨6%", "body": ""}',
        '{"id": "sur", "title": "中际旭创\\ud800涨6%", "body": "上证\\udc00指数。"}',
    ]
    code, out = _run(tmp_path, lines)
    assert code == 0
    read = assert_outputs_parse(out)
    assert len(read["documents.jsonl"]) + len(read["rejects.jsonl"]) == len(lines)
    by_id = {d["doc_id"]: d for d in read["documents.jsonl"]}
    assert json.loads(by_id["nan"]["meta"]) == {}  # NaN/Infinity are null; nulls leave meta
    for unit in read["corpus.tmx"].findall("./body/tu"):
        assert not clean.XML_INVALID.search(unit.get("tuid"))
    assert set(OUTPUT_FILES) <= {p.name for p in out.iterdir()}
