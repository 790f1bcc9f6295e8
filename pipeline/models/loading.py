"""Opening a package's SentencePiece and CTranslate2 models, and proving a package works.

The argos translator (stages/translators/argos.py) opens its models through `open_models`, and both
`models install` and every run that would use a package check it through `check_loads`, which opens the
models the same way and translates one sentence. A run checks a package once: a success is remembered in
the cache directory, keyed by the package's path and the size and modification time of every file in it,
so a package damaged in place (or replaced) is checked again, and a run answered from the translation
memory still never imports CTranslate2.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.cachedir import default_cache_dir
from pipeline.io.atomic import write_text_atomic
from pipeline.models.errors import ModelError

if TYPE_CHECKING:
    from pipeline.models.packages import TranslationPackage

log = logging.getLogger(__name__)
# A short sentence and a short decode: enough to run the encoder and decoder end to end, fast on any model.
PROBE_SENTENCE = "央行今日宣布降息。"
PROBE_MAX_DECODING_LENGTH = 8
CHECKS_FILE = "model-checks.json"
CHECKS_VERSION = 1


def open_models(package: TranslationPackage, compute_type: str = "int8", inter_threads: int = 1,
                intra_threads: int = 1) -> tuple[Any, Any]:
    """(SentencePiece processor, CTranslate2 translator) of a package; ModelError names the one that fails."""
    import ctranslate2
    import sentencepiece

    # The native loaders raise RuntimeError, OSError, IndexError, ValueError… depending on the damage.
    try:
        processor = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece_model))
    except Exception as e:  # noqa: BLE001 - see above
        raise ModelError(f"SentencePiece cannot open {package.sentencepiece_model} ({_first_line(e)})") from e
    try:
        translator = ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type=compute_type,
                                            inter_threads=inter_threads, intra_threads=intra_threads)
    except Exception as e:  # noqa: BLE001
        raise ModelError(f"CTranslate2 cannot open {package.model_dir} ({_first_line(e)})") from e
    return processor, translator


def check_loads(package: TranslationPackage) -> None:
    """Open both models and translate one sentence; ModelError says which step failed."""
    processor, translator = open_models(package)
    tokens = processor.encode(PROBE_SENTENCE, out_type=str)
    prefix = [[package.target_prefix]] if package.target_prefix else None
    try:
        result = translator.translate_batch([tokens], target_prefix=prefix, beam_size=1,
                                            max_decoding_length=PROBE_MAX_DECODING_LENGTH)
        processor.decode_pieces(result[0].hypotheses[0])
    except Exception as e:  # noqa: BLE001
        raise ModelError(f"{package.path}: the models open but cannot translate a sentence ({_first_line(e)})") from e


def fingerprint(path: Path) -> list[list[object]]:
    """Every file under a package directory with its size and modification time, in a stable order."""
    rows: list[list[object]] = []
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        info = file.stat()
        rows.append([file.relative_to(path).as_posix(), info.st_size, info.st_mtime_ns])
    return rows


def _checks_path() -> Path:
    return default_cache_dir() / CHECKS_FILE


def _read_checks() -> dict[str, Any]:
    try:
        data = json.loads(_checks_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CHECKS_VERSION or not isinstance(data.get("ok"), dict):
        return {}  # unreadable or from another version: check again
    return data["ok"]


def remember_ok(key: str, print_: list[list[object]]) -> None:
    checks = _read_checks()
    checks[key] = print_
    path = _checks_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps({"version": CHECKS_VERSION, "ok": checks}))
    except OSError as e:  # a read-only cache costs a check per run, nothing more
        log.debug("cannot record the model check in %s: %s", path, e)


def passed_before(key: str, print_: list[list[object]]) -> bool:
    """Whether the model under `key` passed its check with exactly these files (see `fingerprint`)."""
    return _read_checks().get(key) == print_


def check_installed(package: TranslationPackage) -> None:
    """`check_loads`, skipped when this package, unchanged since, has passed it before."""
    key = str(package.path.resolve())
    current = fingerprint(package.path)
    if passed_before(key, current):
        return
    check_loads(package)
    remember_ok(key, current)


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
