"""`--translator ct2`: any CTranslate2 zh→en model directory (OPUS-MT, NLLB-200, M2M-100), tokenized by its
SentencePiece model(s) or its Hugging Face tokenizer.json (the Rust `tokenizers` library: no torch, no
transformers), batched, protected and repaired exactly as argos is (ct2_core).

The directory is read and its family recognised by pipeline.models.ct2_dir; here it becomes a codec (text ↔
the model's tokens, with the family's language tokens) and a CTranslate2 Translator.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.models.ct2_dir import ModelDir
from pipeline.models.errors import ModelError
from stages.translators.ct2_core import (
    PROTECTION_VERSION,
    Codec,
    CTranslate2Batched,
    DecodeOptions,
    clean_english,
)

# Tokens that never belong in the English: the family's language tokens are added to these per model.
SPECIAL_TOKENS = frozenset({"<s>", "</s>", "<pad>"})
# SentencePiece's word-boundary mark. A piece the target model does not know (copied from the source by
# replace_unknowns when source.spm and target.spm differ, as in OPUS-MT) is decoded verbatim, mark included.
WORD_MARK = "\u2581"
PROBE_SENTENCE = "央行今日宣布降息。"  # what `models install` probes argos packages with (pipeline.models.loading)
PROBE_MAX_DECODING_LENGTH = 8


class FamilyCodec:
    """Tokens of the source sentence inside the family's language and end tokens; the English from the
    target tokens without them."""

    def __init__(self, model: ModelDir, tokenize: Callable[[str], list[str]],
                 detokenize: Callable[[list[str]], str]) -> None:
        self.model = model
        self.tokenize = tokenize
        self.detokenize = detokenize
        self.target_prefix = list(model.family.target_prefix) or None
        self.specials = SPECIAL_TOKENS | set(model.family.source_prefix) | set(model.family.target_prefix)

    def encode(self, text: str) -> list[str]:
        return self.model.source_tokens(self.tokenize(text))

    def decode(self, pieces: list[str]) -> str:
        text = self.detokenize([p for p in pieces if p not in self.specials])
        return clean_english(text.replace(WORD_MARK, " "))


def open_codec(model: ModelDir) -> Codec:
    """The model's tokenizer as a codec; ModelError names a file that cannot be opened."""
    if model.uses_tokenizer_json:
        return _tokenizer_json_codec(model)
    import sentencepiece

    processors = []
    for file in dict.fromkeys(model.tokenizer):  # source.spm and target.spm, or one model for both
        try:
            processors.append(sentencepiece.SentencePieceProcessor(model_file=str(file)))
        except Exception as e:  # noqa: BLE001 - the native loader raises several types, see pipeline.models.loading
            raise ModelError(f"SentencePiece cannot open {file} ({_first_line(e)})") from e
    source, target = processors[0], processors[-1]
    return FamilyCodec(model, lambda text: source.encode(text, out_type=str), target.decode_pieces)


def _tokenizer_json_codec(model: ModelDir) -> Codec:
    """HF tokenizers without their post-processor (add_special_tokens=False): its template holds the language
    the file was saved with (NLLB's: eng_Latn), so the family's tokens are added here instead, as for a
    SentencePiece model. Decoding goes through the file's own decoder (Metaspace, ByteLevel…)."""
    from tokenizers import Tokenizer

    file = model.tokenizer[0]
    try:
        tokenizer = Tokenizer.from_file(str(file))
    except Exception as e:  # noqa: BLE001 - tokenizers raises a bare Exception for a bad file
        raise ModelError(f"tokenizers cannot open {file} ({_first_line(e)})") from e
    decoder = tokenizer.decoder

    def tokenize(text: str) -> list[str]:
        return tokenizer.encode(text, add_special_tokens=False).tokens

    def detokenize(pieces: list[str]) -> str:
        return decoder.decode(pieces) if decoder is not None else " ".join(pieces)

    return FamilyCodec(model, tokenize, detokenize)


def open_translator(model: ModelDir, options: DecodeOptions) -> Any:
    import ctranslate2

    try:
        return ctranslate2.Translator(str(model.path), device="cpu", compute_type=options.compute_type,
                                      inter_threads=options.workers, intra_threads=1)
    except Exception as e:  # noqa: BLE001 - see open_codec
        raise ModelError(f"CTranslate2 cannot open {model.path} ({_first_line(e)})") from e


class Ct2Translator(CTranslate2Batched):
    """Batched translation with a CTranslate2 model directory."""

    def __init__(self, model: ModelDir, glossary_hash: str, options: DecodeOptions | None = None) -> None:
        self.model = model
        self.glossary_hash = glossary_hash
        self.options = options or DecodeOptions()
        self.label = model.label
        self._translator = None
        self._codec = None

    def __getstate__(self) -> dict[str, object]:
        """The directory as inspected (with its identity) and the options; the models load where unpickled."""
        return {"model": self.model, "glossary_hash": self.glossary_hash, "options": self.options}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def setup(self) -> None:
        """The model loads on the first segment that needs it, so a run answered from memory skips it."""

    def open(self) -> tuple[Codec, Any]:
        return open_codec(self.model), open_translator(self.model, self.options)

    def signature(self) -> str:
        """The model's identity (not its directory's name: a copy keeps its memory), family, decoding options,
        protection version and glossary: the translation memory's key."""
        return (f"ct2:{self.model.family.name}:{self.model.identity}:{self.options.describe()}:"
                f"protect=v{PROTECTION_VERSION}:glossary={self.glossary_hash}")


def check_usable(model: ModelDir) -> None:
    """Open the model and translate one short sentence, once per directory and change (the model-check record
    argos packages use, pipeline.models.loading); ModelError says what failed."""
    from pipeline.models.loading import fingerprint, passed_before, remember_ok

    key = f"ct2:{Path(model.path).resolve()}"
    current = fingerprint(model.path)
    if passed_before(key, current):
        return
    probe = Ct2Translator(model, "", DecodeOptions(beam_size=1, max_decoding_length=PROBE_MAX_DECODING_LENGTH,
                                                   threads=1))
    try:
        probe.translate_texts([PROBE_SENTENCE])
    except ModelError:
        raise
    except Exception as e:  # noqa: BLE001 - a model that opens but cannot run (wrong vocabulary size…)
        raise ModelError(f"{model.path}: the model opens but cannot translate a sentence ({_first_line(e)})") from e
    remember_ok(key, current)


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
