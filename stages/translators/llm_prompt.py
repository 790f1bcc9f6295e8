"""What `--translator llm` sends and how it reads the reply: the sentence with its document context and only the
glossary names, terms and numbers that occur in it (their required English), one sentence per request or several
as numbered lines; a retry names what the first answer lost.

The sentence is sent as the source writes it (numbers too): the required English tells the model how each name and
number must read, and the same check as every translator's (verify.check_translation) holds it to that.
Changing any text here changes the translations: bump PROMPT_VERSION (it is part of the translator signature, so
the translation memory never serves an answer to another prompt).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from pipeline.records import Segment
from pipeline.text.flags import DICTIONARY_TEXT, NUMBER_MISMATCH, TERM_MISSING, UNTRANSLATED, flag_kind
from stages.translators.protect import protected_spans

PROMPT_VERSION = "1"
# Several sentences per request: numbered lines in, numbered lines out (a JSON array of strings is read too).
BATCH_FORMAT = "lines1"
# The most likely English, the same on every run (what the memory keeps and the checks saw).
TEMPERATURE = 0
SYSTEM = ("You translate Chinese financial news into fluent, accurate English for analysts. Write every name, "
          "ticker and number exactly as the required English gives it. Reply with the translation only: no notes, "
          "no explanations, no Chinese.")
# How much of each neighbouring sentence goes into the context: enough to resolve a pronoun or an ellipsis.
CONTEXT_CHARS = 200
# A model's visible reasoning (Qwen3, DeepSeek-R1 behind llama-server or vLLM) is not the translation.
THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)
FENCE = re.compile(r"^```[a-zA-Z]*\n?|\n?```$")
# XML 1.0 cannot carry these (TMX output); a server can send them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
NUMBERED = re.compile(r"^\s*(?:\[(\d+)\]|(\d+)[.):])\s*(.*)$")


@dataclass(frozen=True)
class Context:
    """Where a sentence stands in its document: the title and the sentences either side (empty when none)."""

    title: str = ""
    before: str = ""
    after: str = ""


def required_english(seg: Segment) -> list[tuple[str, str]]:
    """(source text, English) of the segment's protected spans, each pair once, in source order."""
    zh = seg.zh or ""
    pairs = [(zh[p.start:p.end], p.english) for p in protected_spans(seg)]
    return list(dict.fromkeys(pairs))


def _context_lines(context: Context) -> list[str]:
    lines = []
    if context.title:
        lines.append(f"Document title: {context.title[:CONTEXT_CHARS]}")
    if context.before:
        lines.append(f"Sentence before: {context.before[-CONTEXT_CHARS:]}")
    if context.after:
        lines.append(f"Sentence after: {context.after[:CONTEXT_CHARS]}")
    if lines:
        lines.append("(context only: do not translate it)")
        lines.append("")
    return lines


def _sentence_block(seg: Segment, number: int | None) -> list[str]:
    label = "Sentence" if number is None else f"Sentence {number}"
    lines = [f"{label}: {seg.zh or ''}"]
    if pairs := required_english(seg):
        lines.append(f"Required English{'' if number is None else f' for sentence {number}'}:")
        lines += [f"- {zh} = {en}" for zh, en in pairs]
    return lines


def single_messages(seg: Segment, context: Context) -> list[dict[str, str]]:
    """One sentence; the whole reply is its English."""
    user = [*_context_lines(context), *_sentence_block(seg, None), "",
            "Translate the sentence into English. Reply with the English only."]
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(user)}]


def batch_messages(segments: list[Segment], context: Context) -> list[dict[str, str]]:
    """Consecutive sentences of one document, numbered from 1; the reply is one numbered line per sentence."""
    user = _context_lines(context)
    for number, seg in enumerate(segments, 1):
        user += [*_sentence_block(seg, number), ""]
    user.append(f"Translate each of the {len(segments)} sentences into English. Reply with exactly "
                f"{len(segments)} lines, line N starting with \"N. \" followed by the English of sentence N, and "
                "nothing else.")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n".join(user)}]


def retry_messages(first: list[dict[str, str]], answer: str, problems: list[str]) -> list[dict[str, str]]:
    """The single-sentence conversation again, with the rejected answer and what was wrong with it."""
    note = ("That translation cannot be used: " + "; ".join(problems) + ". Translate the sentence again, keeping "
            "the required English exactly. Reply with the English only.")
    return [*first, {"role": "assistant", "content": answer}, {"role": "user", "content": note}]


def describe_failures(seg: Segment, flags: list[str]) -> list[str]:
    """The check flags of a rejected answer as sentences a model can act on."""
    by_entity = {m.entity_id: (m.surface, m.canonical) for m in seg.entities}
    by_surface = dict(required_english(seg))
    out = []
    for flag in flags:
        kind, _, detail = flag.partition(":")
        if kind == TERM_MISSING and detail in by_entity:
            zh, en = by_entity[detail]
            out.append(f"{zh} must be written \"{en}\"")
        elif kind == NUMBER_MISMATCH:
            surface = detail.split(":", 1)[0]
            en = by_surface.get(surface)
            out.append(f"{surface} must be written \"{en}\"" if en else f"the number {surface} is missing or wrong")
        elif kind == UNTRANSLATED:
            out.append(f"it leaves Chinese untranslated ({detail})")
        elif kind == DICTIONARY_TEXT:
            out.append("it contains dictionary notes instead of English")
        elif flag_kind(flag):
            out.append(flag)
    return list(dict.fromkeys(out))


def clean_answer(text: str) -> str:
    """The reply as one line of English: no reasoning block, code fence, control characters or surrounding
    quotes, whitespace collapsed."""
    text = THINKING.sub("", text).strip()
    text = FENCE.sub("", text).strip()
    text = " ".join(CONTROL.sub("", text).split())
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text


def split_batch(answer: str, count: int) -> list[str] | None:
    """The English of sentences 1..count from a batched reply (numbered lines, or a JSON array of strings), or
    None when the reply cannot be split that way: each number exactly once, nothing unnumbered between."""
    text = FENCE.sub("", THINKING.sub("", answer).strip()).strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None  # "[1] …" lines, read below
        if isinstance(items, list):
            if len(items) == count and all(isinstance(i, str) for i in items):
                return [clean_answer(i) for i in items]
            return None
    found: dict[int, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = NUMBERED.match(line)
        if match is None:
            return None  # a line of its own that belongs to no number: the sentences cannot be told apart
        number = int(match.group(1) or match.group(2))
        if number in found or not 1 <= number <= count:
            return None
        found[number] = clean_answer(match.group(3))
    if sorted(found) != list(range(1, count + 1)):
        return None
    return [found[n] for n in range(1, count + 1)]
