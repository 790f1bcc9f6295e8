"""`glossary add` never hides an entry silently (generated ones included): it refuses, naming the file and line of
the entry it meets, or with --merge adds to that entity keeping its names; `glossary alias` adds a name to an
existing entity. After either, a run links the names it linked before and the new one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.cli import main
from pipeline.glossary import compile_glossary

GENERATED = """meta: {source: test listing}
entries:
  - id: cn.600909
    type: company
    zh: 华安证券
    en: "Hua'an Securities"
    ticker: 600909.SH
    aliases:
      en: [Huaan Securities]
    legal_en: "Huaan Securities Co.,Ltd."
  - id: cn.600916
    type: company
    zh: 中国黄金
    en: China Gold
    ticker: 600916.SH
"""
CURATED = """# Hand-kept names. This comment must survive an alias.
meta: {source: test}
entries:
  - id: cn.300308
    type: company
    zh: 中际旭创
    en: Zhongji Innolight
    ticker: 300308.SZ
    aliases: {en: [Innolight]}
  - id: tw.2049
    type: company
    zh: 上银科技
    en: Hiwin Technologies
    ticker: 2049.TW
    aliases: {zh_hant: [上银], en: [Hiwin]}
"""
GENERATED_LINE = 3  # of cn.600909 in generated/a_shares.yaml
CURATED_LINE = 4  # of cn.300308 in curated.yaml


@pytest.fixture()
def gdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "g"
    (root / "generated").mkdir(parents=True)
    (root / "generated" / "a_shares.yaml").write_text(GENERATED, encoding="utf-8")
    (root / "curated.yaml").write_text(CURATED, encoding="utf-8")
    return root


def _cli(capsys: pytest.CaptureFixture[str], gdir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["glossary", "--glossaries", str(gdir), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _files(gdir: Path) -> dict[str, str]:
    return {str(p.relative_to(gdir)): p.read_text(encoding="utf-8") for p in sorted(gdir.rglob("*.yaml"))}


def _linked(gdir: Path, text: str, lang: str, script: str | None = None) -> list[tuple[str, str]]:
    glossary = compile_glossary(gdir, use_cache=False)
    return [(text[m.start:m.end], m.entry_id) for m in glossary.find(text, lang, script)]


REFUSED = [
    # (add arguments, words of the one-line message: the entry met and its file:line)
    (["华安证券", "--ticker", "600909.SH"], f"id cn.600909 already exists at {{g}}/generated/a_shares.yaml:"
                                          f"{GENERATED_LINE}, generated"),
    (["华安证券"], f"name '华安证券' already maps to cn.600909 ({{g}}/generated/a_shares.yaml:{GENERATED_LINE}, "
                 "generated)"),
    (["華安證券"], "name '華安證券' already maps to cn.600909"),  # Traditional spelling of the same name
    (["华安", "--alias-en", "huaan securities"], "name 'huaan securities' already maps to cn.600909"),
    (["华安新", "--ticker", "600909.SH", "--id", "cn.hua_an_new"], "ticker 600909.SH already belongs to cn.600909"),
    (["旭创", "--en", "INNOLIGHT"], f"name 'INNOLIGHT' already maps to cn.300308 ({{g}}/curated.yaml:{CURATED_LINE})"),
    (["上银", "--ticker", "2049.TWO"], "name '上银' already maps to tw.2049"),  # a Traditional-only alias
]


@pytest.mark.parametrize(("args", "words"), REFUSED)
def test_add_refuses_to_shadow_any_entry(gdir: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                         words: str) -> None:
    before = _files(gdir)
    code, out, err = _cli(capsys, gdir, "add", *args)
    assert code == 2, out
    assert err.count("\n") == 1 and words.format(g=gdir) in err and "--merge" in err, err
    assert _files(gdir) == before


MERGED = [
    # (add arguments, entity, what the run links afterwards: (text, lang, script, surface, entity))
    (["华安证券", "--ticker", "600909.SH", "--merge"], "cn.600909",
     [("Huaan Securities rose.", "en", None, "Huaan Securities", "cn.600909"),
      ("Huaan Securities Co.,Ltd. said", "en", None, "Huaan Securities Co.,Ltd.", "cn.600909"),
      ("华安证券上涨", "zh", "hans", "华安证券", "cn.600909")]),
    (["华安", "--alias-en", "HA Securities", "--merge", "--ticker", "600909.SH"], "cn.600909",
     [("Huaan Securities rose.", "en", None, "Huaan Securities", "cn.600909"),
      ("HA Securities rose.", "en", None, "HA Securities", "cn.600909"),
      ("华安证券上涨，华安股价", "zh", "hans", "华安证券", "cn.600909")]),
    (["中际旭创", "--alias-zh", "旭创科技", "--merge"], "cn.300308",
     [("旭创科技股价上涨", "zh", "hans", "旭创科技", "cn.300308"),
      ("Innolight rose.", "en", None, "Innolight", "cn.300308")]),
]


@pytest.mark.parametrize(("args", "entity", "links"), MERGED)
def test_add_merge_keeps_the_entitys_names(gdir: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                           entity: str, links: list[tuple[str, str, str | None, str, str]]) -> None:
    code, out, err = _cli(capsys, gdir, "add", *args)
    assert code == 0, err
    assert entity in out
    assert _cli(capsys, gdir, "check")[0] == 0
    for text, lang, script, surface, linked in links:
        assert (surface, linked) in _linked(gdir, text, lang, script), text


def test_merge_into_a_generated_entity_writes_a_curated_copy_with_all_its_fields(gdir: Path,
                                                                                 capsys: pytest.CaptureFixture[str]
                                                                                 ) -> None:
    generated = (gdir / "generated" / "a_shares.yaml").read_text(encoding="utf-8")
    assert _cli(capsys, gdir, "add", "华安", "--merge", "--ticker", "600909.SH")[0] == 0
    assert (gdir / "generated" / "a_shares.yaml").read_text(encoding="utf-8") == generated
    entry = yaml.safe_load((gdir / "custom.yaml").read_text(encoding="utf-8"))["entries"][0]
    assert entry == {"id": "cn.600909", "type": "company", "zh": "华安证券", "en": "Hua'an Securities",
                     "ticker": "600909.SH", "aliases": {"zh": ["华安"], "en": ["Huaan Securities"]},
                     "legal_en": "Huaan Securities Co.,Ltd."}


def test_merge_refuses_when_only_the_english_made_from_the_pinyin_matches(gdir: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """花安证券 reads Hua'an Securities too: no evidence it is the same company, so no merge (and no plain add)."""
    before = _files(gdir)
    code, _, err = _cli(capsys, gdir, "add", "花安证券", "--merge")
    assert code == 2 and "only through the English made from its pinyin" in err and "give --en" in err
    code, _, err = _cli(capsys, gdir, "add", "花安证券")
    assert code == 2 and "name \"Hua'an Securities\" already maps to cn.600909" in err
    assert _files(gdir) == before
    assert _cli(capsys, gdir, "add", "花安证券", "--en", "Flower Securities")[0] == 0


def test_merge_refuses_when_the_names_belong_to_two_entities(gdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(gdir)
    code, _, err = _cli(capsys, gdir, "add", "华安证券", "--alias-zh", "中国黄金", "--merge")
    assert code == 2 and "meets 2 entities" in err and "cn.600909" in err and "cn.600916" in err
    assert _files(gdir) == before


ALIASES = [
    # (entity as given, new alias, entity id, (text, lang, script) that links the alias afterwards)
    ("cn.600909", "华安券商", "cn.600909", ("华安券商股价上涨", "zh", "hans")),
    ("600909.SH", "HuaAn Sec", "cn.600909", ("HuaAn Sec rose.", "en", None)),
    ("华安证券", "华证", "cn.600909", ("华证股价上涨", "zh", "hans")),
    ("Huaan Securities", "华安证券公司", "cn.600909", ("华安证券公司公告", "zh", "hans")),
    ("中际旭创", "旭创", "cn.300308", ("旭创股价上涨", "zh", "hans")),
    ("上銀", "Hiwin Corp", "tw.2049", ("Hiwin Corp rose.", "en", None)),  # found by its Traditional alias
]


@pytest.mark.parametrize(("ref", "alias", "entity", "probe"), ALIASES)
def test_alias_adds_a_name_and_keeps_the_others(gdir: Path, capsys: pytest.CaptureFixture[str], ref: str,
                                                alias: str, entity: str, probe: tuple[str, str, str | None]) -> None:
    code, out, err = _cli(capsys, gdir, "alias", ref, alias)
    assert code == 0, err
    assert f"added alias {alias!r} to {entity}" in out
    text, lang, script = probe
    assert (alias, entity) in _linked(gdir, text, lang, script)
    assert ("Huaan Securities", "cn.600909") in _linked(gdir, "Huaan Securities rose.", "en")
    assert ("Innolight", "cn.300308") in _linked(gdir, "Innolight rose.", "en")


def test_alias_of_a_curated_entity_edits_it_in_place_keeping_comments(gdir: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(capsys, gdir, "alias", "cn.300308", "旭创")[0] == 0
    text = (gdir / "curated.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Hand-kept names. This comment must survive an alias.")
    entry = yaml.safe_load(text)["entries"][0]
    assert entry["aliases"] == {"en": ["Innolight"], "zh": ["旭创"]}
    assert not (gdir / "custom.yaml").exists()


ALIAS_REFUSED = [
    # (entity, alias, words of the one-line message)
    ("cn.300308", "华安证券", f"name '华安证券' already maps to cn.600909 ({{g}}/generated/a_shares.yaml:"
                             f"{GENERATED_LINE}, generated)"),
    ("cn.300308", "HUAAN SECURITIES", "name 'HUAAN SECURITIES' already maps to cn.600909"),
    ("cn.600909", "上銀", "name '上銀' already maps to tw.2049"),
    ("cn.999999", "某某", "'cn.999999' names no entity"),
    ("不存在的公司", "某某", "'不存在的公司' names no entity"),
]


@pytest.mark.parametrize(("ref", "alias", "words"), ALIAS_REFUSED)
def test_alias_refuses_a_name_another_entity_has(gdir: Path, capsys: pytest.CaptureFixture[str], ref: str,
                                                 alias: str, words: str) -> None:
    before = _files(gdir)
    code, _, err = _cli(capsys, gdir, "alias", ref, alias)
    assert code == 2 and err.count("\n") == 1 and words.format(g=gdir) in err, err
    assert _files(gdir) == before


def test_alias_already_held_by_the_entity_writes_nothing(gdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(gdir)
    code, out, _ = _cli(capsys, gdir, "alias", "cn.600909", "huaan securities")
    assert code == 0 and "already a name of cn.600909" in out
    assert _files(gdir) == before


def test_alias_and_merge_extend_fields_written_as_one_string(gdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (gdir / "strings.yaml").write_text(
        "meta: {}\nentries:\n  - id: cn.300394\n    type: company\n    zh: 天孚通信\n    en: TFC Optical\n"
        "    ticker: 300394.SZ\n    tickers: TFCO\n    aliases: {zh: 天孚}\n", encoding="utf-8")
    assert _cli(capsys, gdir, "alias", "300394.SZ", "天孚光通信")[0] == 0
    assert _cli(capsys, gdir, "add", "天孚通信", "--ticker", "TFCX", "--merge")[0] == 0
    entry = yaml.safe_load((gdir / "strings.yaml").read_text(encoding="utf-8"))["entries"][0]
    assert entry["aliases"] == {"zh": ["天孚", "天孚光通信"]} and entry["tickers"] == ["TFCO", "TFCX"]
    assert _cli(capsys, gdir, "check")[0] == 0
