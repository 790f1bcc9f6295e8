"""The template veto's answers with its precheck and cached tagger == without them (issue 19, brief cost24).

vetoes.named_template decides a pair without jieba when the titles' longest common subsequence rules a template
out (_common_letters), and tags with a tagger whose HMM cut of an unknown run is cached (pipeline/text/
tagger_cache.py). Both are meant to change no answer. This compares, on every pair given, named_template with the
decision it made before them: tagged_template (its unchanged word-level rule) on the words of a plain jieba tagger,
no precheck. Pairs: every judged pair (fit, test, blind and output samples: the normalized titles the index
compares) and every pair the planner's pass asks the veto about on each source (bench.near_dups planner_pass).

    python -m bench.template_veto                 # judged pairs and the four sources
    python -m bench.template_veto --per-day       # ... and per day of each source: runs that load the tagger
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

from bench import story_pairs as sp
from bench.near_dups import planner_pass
from bench.output_precision import QUOTA
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import vetoes
from pipeline.dedupe.story_index import StoryIndex
from pipeline.paths import SHARED_DIR

Pair = tuple[str, str]


@lru_cache(maxsize=1)
def _plain_tagger():
    """jieba's tagger as the veto made it before (no cached runs)."""
    from pipeline.text.jieba_base import new_tagger, new_tokenizer

    return new_tagger(new_tokenizer())


@cache
def _plain_words(title: str) -> tuple[tuple[str, str], ...]:
    words = tuple((w.word, w.flag) for w in _plain_tagger().cut(title))
    assert "".join(w for w, _ in words) == title, title  # the words cover the title: the precheck's bound holds
    return words


def before(title_a: str, title_b: str) -> bool:
    """named_template as it was: every pair tagged by a plain tagger, then the word-level rule."""
    if not title_a or not title_b or title_a == title_b:
        return False
    return vetoes.tagged_template(_plain_words(title_a), _plain_words(title_b), max(len(title_a), len(title_b)))


def prechecked(title_a: str, title_b: str) -> bool:
    """Whether named_template answers this pair without tagging."""
    return bool(title_a) and bool(title_b) and title_a != title_b and \
        vetoes._common_letters(title_a, title_b) < vetoes.TEMPLATE_SHARED * max(len(title_a), len(title_b))


def compare(label: str, pairs: Iterable[Pair]) -> int:
    """Prints the pairs compared, how many the precheck decides, the vetoed ones and the differences; returns the
    differences."""
    pairs = list(pairs)
    distinct = set(pairs)
    differ = [(a, b) for a, b in distinct if vetoes.named_template(a, b) != before(a, b)]
    titles = {t for pair in distinct for t in pair}
    tagged = {t for a, b in distinct if a != b and not prechecked(a, b) for t in (a, b)}
    print(f"{label:<34} {len(pairs):>6} pairs ({len(distinct)} distinct), precheck decides "
          f"{sum(prechecked(a, b) for a, b in distinct)}, vetoed {sum(before(a, b) for a, b in distinct)}, "
          f"titles tagged {len(tagged)}/{len(titles)}, DIFFERENT {len(differ)}")
    for a, b in differ[:5]:
        print(f"    {a!r} / {b!r}: before {before(a, b)}")
    return len(differ)


def judged() -> dict[str, list[Pair]]:
    """The normalized titles of every judged pair (fixture splits and output samples), per file kind."""
    out: dict[str, list[Pair]] = defaultdict(list)
    for pair in sp.judged_pairs(SHARED_DIR):
        out[f"judged {pair.split}"].append((_title(*pair.a), _title(*pair.b)))
    resolver = sp.Resolver(SHARED_DIR)
    for source in QUOTA:
        for sample in sp.OUTPUTS:
            for row in sp.read_output_rows(source, sample=sample):
                a, b = resolver.record(row.a_origin, row.a_id), resolver.record(row.b_origin, row.b_id)
                out[f"judged {sample}"].append((_title(a.title, a.body), _title(b.title, b.body)))
    return out


def _title(title: str, body: str) -> str:
    return fp.fingerprint(title, body).title_text


def asked(records: list[sp.Record], future: list[str] | None = None) -> list[Pair]:
    """Every pair the planner's pass over `records` asks named_template about, in order; `future` gets the titles
    whose future "将" the preview veto reads (which tags them too)."""
    seen: list[Pair] = []
    template, jiang = vetoes.named_template, vetoes._future_jiang

    def recording(title_a: str, title_b: str) -> bool:
        seen.append((title_a, title_b))
        return template(title_a, title_b)

    def reading(title: str) -> bool:
        if future is not None:
            future.append(title)
        return jiang(title)

    vetoes.named_template, vetoes._future_jiang = recording, reading
    try:
        with StoryIndex(None) as index:
            planner_pass(index, records)
    finally:
        vetoes.named_template, vetoes._future_jiang = template, jiang
    return seen


def per_day(source: str, records: list[sp.Record]) -> None:
    """Each day's records as a run of their own (a fresh index; a daily append also meets the days before, so this
    is a lower bound of its pairs): how many such runs loaded the tagger before the precheck (a pair reached the
    template veto's tagging, or the preview veto read a "将") and how many load it now."""
    days: dict[object, list[sp.Record]] = defaultdict(list)
    for r in records:
        days[r.published.date() if r.published else None].append(r)
    before_ = now = 0
    for day_records in days.values():
        future: list[str] = []
        pairs = [(a, b) for a, b in asked(day_records, future) if a and b and a != b]
        before_ += bool(pairs or future)
        now += bool(future) or any(not prechecked(a, b) for a, b in pairs)
    print(f"{sp.source_name(source):<34} {len(days)} day runs: the tagger loaded in {before_} before, {now} now")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", action="store_true", help="also each day of each source as its own run")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    vetoes._tagger()
    print(f"tagger load {time.perf_counter() - start:.2f} s (once per process, on the first pair that needs it)")
    differences = sum(compare(label, pairs) for label, pairs in sorted(judged().items()))
    for source in QUOTA:
        records = sp.read_source(SHARED_DIR, source)
        differences += compare(sp.source_name(source), asked(records))
        if args.per_day:
            per_day(source, records)
    print(f"different answers: {differences}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
