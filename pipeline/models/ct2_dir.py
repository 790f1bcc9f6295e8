"""A CTranslate2 model directory as the converters and users lay it out (`--translator ct2 --model-dir DIR`):
which files it holds, which model family it is, and an identity for the translation memory.

Reading a directory never imports CTranslate2: a run answered from memory, or refused for a missing file,
stays cheap. Every refusal is a ModelError of one line naming the directory and what is missing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.models.errors import ModelError

# What the converters write (ctranslate2/specs/model_spec.py, ModelSpec.save): one shared vocabulary, or one
# per side; .json since CTranslate2 3.x, .txt (one token a line) before.
VOCABULARY_NAMES = ("shared_vocabulary", "source_vocabulary", "target_vocabulary")
# Tokenizer files, in the order they are looked for. Marian/OPUS-MT ships source.spm and target.spm (HF
# MarianTokenizer's VOCAB_FILES_NAMES); NLLB and M2M-100 on the Hugging Face hub ship sentencepiece.bpe.model
# (NllbTokenizer's and M2M100Tokenizer's spm file), fairseq's M2M-100 release spm.128k.model; some conversions
# ship only the fast tokenizer's tokenizer.json.
MARIAN_SPM = ("source.spm", "target.spm")
SINGLE_SPM = ("sentencepiece.bpe.model", "spm.model", "spm.128k.model", "sentencepiece.model")
TOKENIZER_JSON = "tokenizer.json"
# The model's identity reads config.json, the vocabularies and tokenizer files whole, and of model.bin (up to
# several GB) its size and its first and last MiB: a re-converted or re-quantized model differs there, and a
# copy to another disk or machine (new mtime) keeps its translation memory.
SAMPLE_BYTES = 1 << 20
IDENTITY_DIGITS = 12


@dataclass(frozen=True)
class Family:
    """How a model family wants its input around the SentencePiece/BPE tokens (HF tokenizers' behaviour)."""

    name: str
    source_prefix: tuple[str, ...] = ()
    target_prefix: tuple[str, ...] = ()
    # Whether the source ends with </s>: every family does (HF MarianTokenizer, NllbTokenizer, M2M100Tokenizer
    # add it), unless the model's config.json has CTranslate2 add it itself (add_source_eos, set by the
    # converter of Marian's own format, ctranslate2/converters/marian.py).
    eos: str = "</s>"


# NLLB-200: HF's NllbTokenizer since April 2023 (legacy_behaviour=False) writes [src_lang] tokens </s>
# ("we prefix the source sequence with the source language", NLLB paper §6.1.1, quoted in transformers'
# docs/source/en/model_doc/nllb.md); the decoder is forced to start with the target language, as CTranslate2's
# NLLB example does with target_prefix=[tgt_lang]. newsbridge's Chinese is Simplified (t2s), hence zho_Hans.
NLLB = Family("nllb", ("zho_Hans",), ("eng_Latn",))
# M2M-100: M2M100Tokenizer.set_src_lang_special_tokens: prefix [__zh__], suffix [</s>]; the target language
# token is the decoder's forced first token (forced_bos_token_id), here the target prefix.
M2M100 = Family("m2m100", ("__zh__",), ("__en__",))
# Marian/OPUS-MT zh-en: MarianTokenizer.build_inputs_with_special_tokens is tokens + [</s>]; no language token
# for a single-target model.
MARIAN = Family("marian")
FAMILIES = {f.name: f for f in (MARIAN, NLLB, M2M100)}
NLLB_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")  # eng_Latn
M2M_CODE = re.compile(r"^__[a-z]{2,3}__$")  # __en__
# A multilingual model is recognised by having many language tokens (NLLB has 202, M2M-100 100), not one.
MIN_LANGUAGE_TOKENS = 3


@dataclass(frozen=True)
class ModelDir:
    """A usable CTranslate2 zh→en model directory."""

    path: Path
    family: Family
    # source.spm + target.spm, one SentencePiece model, or tokenizer.json
    tokenizer: tuple[Path, ...]
    add_source_eos: bool
    identity: str

    @property
    def label(self) -> str:
        """What each segment's `translator` says: the family and the directory's name."""
        return f"ct2:{self.family.name}:{self.path.name}"

    @property
    def uses_tokenizer_json(self) -> bool:
        return self.tokenizer[0].name == TOKENIZER_JSON

    def source_tokens(self, pieces: list[str]) -> list[str]:
        suffix = [] if self.add_source_eos else [self.family.eos]
        return [*self.family.source_prefix, *pieces, *suffix]


def _vocabulary(path: Path) -> tuple[list[str], list[str]]:
    """(source tokens, target tokens) from the vocabulary files the converter wrote."""
    found: dict[str, list[str]] = {}
    for name in VOCABULARY_NAMES:
        for suffix in (".json", ".txt"):
            file = path / f"{name}{suffix}"
            if not file.is_file():
                continue
            try:
                text = file.read_text(encoding="utf-8")
                tokens = json.loads(text) if suffix == ".json" else text.splitlines()
            except (OSError, UnicodeDecodeError, ValueError) as e:
                raise ModelError(f"{file}: cannot be read as a vocabulary ({e})") from e
            if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
                raise ModelError(f"{file}: a vocabulary is a list of tokens")
            found[name] = tokens
            break
    if "shared_vocabulary" in found:
        return found["shared_vocabulary"], found["shared_vocabulary"]
    if "source_vocabulary" in found and "target_vocabulary" in found:
        return found["source_vocabulary"], found["target_vocabulary"]
    raise ModelError(f"{path}: no vocabulary (shared_vocabulary.json, or source_vocabulary.json and "
                     "target_vocabulary.json, as ct2-transformers-converter writes them)")


def detect_family(source: list[str], target: list[str], where: Path) -> Family:
    """NLLB by its FLORES codes, M2M-100 by its __xx__ tokens, else Marian; a multilingual model without
    Chinese on the source side or English on the target side is refused."""
    for family, pattern in ((NLLB, NLLB_CODE), (M2M100, M2M_CODE)):
        codes = {t for t in source if pattern.match(t)}
        if len(codes) < MIN_LANGUAGE_TOKENS:
            continue
        missing = [t for t, side in ((family.source_prefix[0], set(source)), (family.target_prefix[0], set(target)))
                   if t not in side]
        if missing:
            raise ModelError(f"{where}: an {family.name} model without {' or '.join(missing)} in its vocabulary: "
                             "not a zh→en model")
        return family
    return MARIAN


def _tokenizer_files(path: Path) -> tuple[Path, ...]:
    if (path / MARIAN_SPM[0]).is_file():
        target = path / MARIAN_SPM[1]
        return (path / MARIAN_SPM[0], target if target.is_file() else path / MARIAN_SPM[0])
    for name in (*SINGLE_SPM, TOKENIZER_JSON):
        if (path / name).is_file():
            return (path / name,)
    raise ModelError(f"{path}: no tokenizer found (source.spm and target.spm, sentencepiece.bpe.model, spm.model or "
                     f"tokenizer.json; copy the model's tokenizer files into the directory, e.g. with "
                     f"ct2-transformers-converter --copy_files)")


def _config(path: Path) -> dict:
    file = path / "config.json"
    if not file.is_file():
        return {}  # CTranslate2 2.x models have none; defaults apply
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ModelError(f"{file}: not valid JSON ({e})") from e
    return data if isinstance(data, dict) else {}


def identity(path: Path, tokenizer: tuple[Path, ...]) -> str:
    """A short hash of what makes the model's English: see SAMPLE_BYTES."""
    digest = hashlib.sha256()
    small = [path / "config.json", *(path / f"{n}{s}" for n in VOCABULARY_NAMES for s in (".json", ".txt")),
             *sorted(set(tokenizer))]
    for file in small:
        if file.is_file():
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    model = path / "model.bin"
    size = model.stat().st_size
    digest.update(f"model.bin:{size}".encode())
    with model.open("rb") as fh:
        digest.update(fh.read(SAMPLE_BYTES))
        fh.seek(max(0, size - SAMPLE_BYTES))
        digest.update(fh.read(SAMPLE_BYTES))
    return digest.hexdigest()[:IDENTITY_DIGITS]


def inspect_model_dir(setting: str | Path | None) -> ModelDir:
    """The model directory a run names, checked for what ct2 needs; ModelError says what is missing."""
    if not setting:
        raise ModelError("--translator ct2 needs a CTranslate2 model directory: give it with --model-dir DIR "
                         "(or model_dir: in the config)")
    path = Path(setting).expanduser()
    if not path.is_dir():
        raise ModelError(f"model_dir {path}: no such directory")
    if not (path / "model.bin").is_file():
        raise ModelError(f"{path}: no model.bin: not a CTranslate2 model directory (convert the model with "
                         "ct2-transformers-converter first)")
    try:
        source, target = _vocabulary(path)
        family = detect_family(source, target, path)
        tokenizer = _tokenizer_files(path)
        config = _config(path)
        return ModelDir(path, family, tokenizer, bool(config.get("add_source_eos")), identity(path, tokenizer))
    except OSError as e:
        raise ModelError(f"{path}: cannot be read ({e})") from e
