"""A feature vector per pair of documents, for the learned "same story" scorer (bench/learn_pairs.py, rule 9).

Everything here is read from what the story index keeps of a document (its fingerprint as the docs table stores it,
its linked-name evidence, its publication instant and whether it is timed, its publisher key) through the index's
own functions, so a pair scores alike in the benchmark and in a run. The hand rules (1-8) and the vetoes are
features too: the model learns how much each says beside the graded measures.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass

import numpy as np

from pipeline.dedupe import entities as ent
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import story_index as si
from pipeline.dedupe import vetoes
from pipeline.dedupe.publisher import same_publisher

# Counts are capped so that one long article does not dominate a standardized feature.
COUNT_CAP = 4
# Minutes apart, as log1p; an unknown instant reads as this far (the index's story window).
UNKNOWN_MINUTES = si.WINDOW_HOURS * 60
# The longest run of letters two titles share, capped: a hot-list topic re-worded keeps its core phrase whole
# ("寒武纪市值重回千亿" in "#算力股持续拉升，寒武纪市值重回千亿#"), where two events of one company share only
# the name (3-4 letters). Past a name and its verb the length says no more.
COMMON_RUN_CAP = 10


@dataclass(frozen=True)
class Side:
    """One document of a pair as the index has it."""

    doc_id: str
    print_: fp.Fingerprint
    evidence: ent.Evidence
    published: int | None  # Unix seconds, None when unknown
    timed: bool = True  # False: `published` is a date without a time of day (00:00 UTC+08:00)
    # The record's publisher (pipeline/dedupe/publisher.py: its source, URL host or id prefix); "" when unknown, which
    # `same_publisher` reads as one publisher's, the reading under which the model joins less (it was trained on
    # known publishers; read as two publishers', judged pairs renamed a/b gave the fit split precision 0.714)
    publisher: str = ""


def _overlap(short: str, long: str) -> tuple[float, float]:
    """(overlap coefficient, Jaccard) of two titles' character bigrams."""
    a, b = fp.bigrams(short), fp.bigrams(long)
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / len(a), shared / len(a | b)


def _common_run(short: str, long: str) -> int:
    """The length of the longest run of letters both titles hold (their figure_text without its gaps)."""
    a, b = fp._joined(short), fp._joined(long)
    if not a or not b:
        return 0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def _day(published: int) -> int:
    """The calendar day (UTC+08:00, as the feeds date their items: vetoes.date_only) of an instant."""
    return (published + vetoes._SHIFT) // vetoes.DAY


def _unique(values: np.ndarray) -> int:
    return min(len(fp.distinct(values)), COUNT_CAP)


def features(a: Side, b: Side, title_vetoes: bool = True) -> dict[str, float]:
    """The pair's features by name (order: FEATURES). Symmetric where the index's rules are: `smaller`/`larger` by
    shingle count, `short`/`long` by title length. Without `title_vetoes` the title vetoes read 0 (not computed:
    the template veto tags both titles with jieba): the index scores a pair so, and asks vetoes.titles_veto only of a
    pair that would be joined, since a pair a title veto holds is never joined and one none holds has them all 0."""
    pa, pb = a.print_, b.print_
    smaller, larger = (pa, pb) if pa.shingles <= pb.shingles else (pb, pa)
    short, long = sorted((pa.title_text, pb.title_text), key=len)
    jaccard = fp.jaccard(pa.signature, pb.signature)
    title_overlap, title_jaccard = _overlap(short, long)
    figures_a, figures_b = si._title_figures(pa.title_text), si._title_figures(pb.title_text)
    figures_short, figures_long = (figures_a, figures_b) if len(pa.title_text) <= len(pb.title_text) \
        else (figures_b, figures_a)
    names_a, names_b = si._names(pa.title_text), si._names(pb.title_text)
    names_short, names_long = (names_a, names_b) if len(pa.title_text) <= len(pb.title_text) else (names_b, names_a)
    ea, eb = a.evidence, b.evidence
    shared_entities = ea.entities & eb.entities
    known = a.published is not None and b.published is not None
    minutes = abs(a.published - b.published) / 60 if known else UNKNOWN_MINUTES
    date_a = a.published is not None and not a.timed
    date_b = b.published is not None and not b.timed
    digest_a, digest_b = si.is_digest(pa.title_text), si.is_digest(pb.title_text)
    move_a, move_b = si.PRICE_MOVE.search(pa.title_text) is not None, si.PRICE_MOVE.search(pb.title_text) is not None
    both_dates = bool(len(smaller.dates) and len(larger.dates))
    titled = bool(short) and bool(long)
    common = _common_run(short, long)
    short_letters = len(fp._joined(short))
    return {
        # text (the MinHash): rule 3's measure and its parts
        "similarity": si.similarity(pa.signature, pa.shingles, pb.signature, pb.shingles),
        "jaccard": jaccard,
        "size_ratio_log": math.log2(max(larger.shingles, 1) / max(smaller.shingles, 1)),
        "smaller_shingles_log": math.log1p(smaller.shingles),
        "flash": float(smaller.shingles <= si.FLASH_SHINGLES),
        # titles
        "title_overlap": title_overlap,
        "title_jaccard": title_jaccard,
        "title_ratio_log": math.log2(max(len(long), 1) / max(len(short), 1)),
        "title_equal": float(titled and short == long),
        "title_prefix": float(titled and long.startswith(short)),
        "one_subject": float(len(short) >= si.SUBJECT_PREFIX and short[:si.SUBJECT_PREFIX] == long[:si.SUBJECT_PREFIX]),
        "titles_replaced_only": float(titled and short != long and si._replaced_only(short, long)),
        "titles_numbers_only": float(si._titles_differ_in_numbers_only(pa.title_text, pb.title_text)),
        "title_common_run": float(min(common, COMMON_RUN_CAP)),
        "title_common_share": common / short_letters if short_letters else 0.0,
        # both short (a flash, a hot-list topic with a line of text or none): what the topic boards publish
        "both_short": float(larger.shingles <= si.FLASH_SHINGLES),
        # numbers, figures and dates
        "numbers_in_larger": fp.numbers_contained(smaller.numbers, larger.numbers),
        "numbers_in_smaller": fp.numbers_contained(larger.numbers, smaller.numbers),
        "smaller_numbers": _unique(smaller.numbers),
        "title_figures_short": _unique(figures_short),
        "title_figures_agree": fp.numbers_contained(figures_short, figures_long) if len(figures_short) else 0.0,
        "title_figures_conflict": float(bool(len(figures_a)) and bool(len(figures_b)) and
                                        fp.numbers_contained(figures_a, figures_b) == 0.0),
        "title_moves_untold": float(not si._moves_told(si._moves(larger.title_text), smaller.numbers)),
        "dates_both": float(both_dates),
        "dates_agree": float(both_dates and fp.hashes_contained(smaller.dates, larger.dates) == 1.0),
        # names
        "latin_shared": min(len(names_a & names_b), COUNT_CAP),
        "latin_missing": min(len(names_short - names_long), COUNT_CAP),
        "entities_shared": min(len(shared_entities), COUNT_CAP),
        "entities_in_title": float(bool(shared_entities & (ea.title_entities | eb.title_entities))),
        "evidence_figures_agree": float(bool(ea) and bool(eb) and ent.figures_agree(ea.figures, eb.figures)),
        "remark_mismatch": float(ea.remark != eb.remark),
        "price_move_mismatch": float(move_a != move_b),
        # time and source
        "minutes_log": math.log1p(minutes),
        "same_day": float(known and _day(a.published) == _day(b.published)),
        "time_unknown": float(not known),
        "date_only_one": float(date_a != date_b),
        "date_only_both": float(date_a and date_b),
        "same_publisher": float(same_publisher(a.publisher, b.publisher)),
        "digest_one": float(digest_a != digest_b),
        "digest_both": float(digest_a and digest_b),
        # the hand rules that would join the pair (each as the index applies it, bounds aside)
        "rule_exact": float(pa.exact == pb.exact and bool(pa.exact)),
        "rule_near": float(min(pa.shingles, pb.shingles) >= si.MIN_SHINGLES and
                           si.story_score(pa, pb, si.DEFAULT_THRESHOLD) >= si.DEFAULT_THRESHOLD),
        "rule_titles": float(si.titles_agree(pa.title_text, pb.title_text, pa.numbers, pb.numbers)),
        "rule_facts": float(si.facts_agree(pa.title_text, pb.title_text, pa.numbers, pb.numbers, pa.shingles,
                                           pb.shingles)),
        "rule_evidence": float(si._may_share_evidence(pa.title_text, pb.title_text) and si.evidence_agree(pa, pb)),
        "rule_entities": float(bool(ea) and bool(eb) and si.entities_agree(pa, ea, pb, eb)),
        # the vetoes, one by one
        **{f"veto_{name}": float(title_vetoes and vetoes.title_veto(name, pa.title_text, pb.title_text))
           for name, _ in vetoes.TITLE_VETOES},
        "veto_other_days": float(vetoes.other_days(a.published, b.published, a.timed, b.timed)),
    }


# The feature names in vector order (computed on an empty pair, so the list cannot drift from `features`).
FEATURES: tuple[str, ...] = ()


def hard_veto(values: dict[str, float]) -> bool:
    """Whether a veto the learned rule may never overrule holds: a title veto, two days of a date-only feed, or a
    digest beside an item (the index's own vetoes, kept hard)."""
    return any(values[name] for name in VETO_FEATURES) or bool(values["digest_one"])


def vector(values: dict[str, float]) -> np.ndarray:
    return np.array([values[name] for name in FEATURES], dtype=np.float64)


def _empty_side(doc_id: str) -> Side:
    """A document with nothing in it (no text, no instant): what FEATURES is read from, without loading OpenCC."""
    empty = fp.Fingerprint("", b"", np.zeros(fp.NUM_PERM, dtype=np.uint32), 0, np.zeros(0))
    return Side(doc_id, empty, ent.NONE, None)


FEATURES = tuple(features(_empty_side("x"), _empty_side("y")))
VETO_FEATURES = tuple(name for name in FEATURES if name.startswith("veto_"))
