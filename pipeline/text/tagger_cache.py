"""jieba's part-of-speech tagger with its hidden Markov model's cut of each unknown run cached.

Tagging with the HMM (jieba's default) spends most of its time (85 % on the titles the story index's vetoes tag,
bench/template_veto.py) in the Viterbi pass over each run of letters the dictionary does not segment, and a feed
repeats those runs (a company's unlisted name in each of its flashes: 45 % of them on us_stocks_zh_2026). jieba cuts
such a run from the run alone (its HMM tables, never the tokenizer's dictionary or tags), so a cached cut is the
cut: no word or tag changes, only the repeated Viterbi passes go.
"""

from __future__ import annotations

from collections.abc import Iterator

import jieba.posseg

# Unknown runs whose cuts are kept: a bound on memory (a cut is a few words), cleared whole when reached.
UNKNOWN_RUNS = 16384

_cuts: dict[str, tuple[jieba.posseg.pair, ...]] = {}


class RunCachedTagger(jieba.posseg.POSTokenizer):
    """jieba.posseg.POSTokenizer whose HMM cut of an unknown run is computed once per process (make it with
    pipeline.text.jieba_base.new_tagger(tokenizer, kind=RunCachedTagger))."""

    def _POSTokenizer__cut_detail(self, sentence: str) -> Iterator[jieba.posseg.pair]:
        # jieba's own name for the HMM cut of one run (its private __cut_detail): only that step is replaced
        cut = _cuts.get(sentence)
        if cut is None:
            if len(_cuts) >= UNKNOWN_RUNS:
                _cuts.clear()
            cut = _cuts[sentence] = tuple(super()._POSTokenizer__cut_detail(sentence))
        return iter(cut)
