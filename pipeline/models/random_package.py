"""Build a genuine argostranslate package around a randomly initialised model.

Model hubs are out of reach here, yet the install, load, batching and protection code must run against
the real formats: a SentencePiece model trained on real text, a CTranslate2 Transformer written with
`ctranslate2.specs`, a `metadata.json`, all zipped as `.argosmodel`. The weights are random, so the
English is nonsense; everything around it is real. Tests build a tiny one in seconds; the benchmark
builds one with the shape of argos' zh→en package.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.io.atomic import write_bytes_atomic


@dataclass(frozen=True)
class ModelShape:
    encoder_layers: int = 2
    decoder_layers: int = 2
    d_model: int = 64
    heads: int = 2
    ffn: int = 128
    vocab_size: int = 600

    @classmethod
    def argos_zh_en(cls) -> ModelShape:
        """The shape of argos' published zh→en model (Transformer base: 6+6 layers, d_model 512)."""
        return cls(6, 6, 512, 8, 2048, 8000)


def train_sentencepiece(lines: list[str], vocab_size: int, prefix: Path) -> Path:
    """A unigram SentencePiece model over zh and en text, with byte fallback as argos' recent models have."""
    import sentencepiece as spm

    # Every character seen gets a piece, plus the 256 byte pieces: a small corpus sets the floor.
    floor = len(set("".join(lines))) + 256 + 64
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=max(vocab_size, floor),
        model_type="unigram", character_coverage=1.0, byte_fallback=True, hard_vocab_limit=False, num_threads=2,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2)
    return prefix.with_suffix(".model")


def _shape_of(path: str, shape: ModelShape, vocab: int) -> tuple[int, ...] | None:
    """The tensor shape a Transformer spec variable needs, from its path in the spec."""
    d, ffn = shape.d_model, shape.ffn
    leaf = path.rsplit("/", 1)[-1]
    parent = path.rsplit("/", 2)[-2] if path.count("/") >= 1 else ""
    if "embeddings" in path and leaf == "weight":
        return (vocab, d)
    if parent == "projection":
        return (vocab, d) if leaf == "weight" else (vocab,)
    if leaf in ("gamma", "beta"):
        return (d,)
    if "/ffn/" in path:
        if parent == "linear_0":
            return (ffn, d) if leaf == "weight" else (ffn,)
        return (d, ffn) if leaf == "weight" else (d,)
    if "self_attention" in path:
        rows = 3 * d if parent == "linear_0" else d
        return (rows, d) if leaf == "weight" else (rows,)
    if "/attention/" in path:  # encoder-decoder attention: query, fused key+value, output
        rows = 2 * d if parent == "linear_1" else d
        return (rows, d) if leaf == "weight" else (rows,)
    return None


def _fill_random(spec, shape: ModelShape, vocab: int, rng: np.random.Generator) -> None:
    from ctranslate2.specs import model_spec

    def visit(layer, prefix: str) -> None:
        for name, value in list(vars(layer).items()):
            path = f"{prefix}/{name}" if prefix else name
            if isinstance(value, model_spec.LayerSpec):
                visit(value, path)
            elif isinstance(value, list) and value and isinstance(value[0], model_spec.LayerSpec):
                for i, item in enumerate(value):
                    visit(item, f"{path}_{i}")
            elif value is None or (name == "bias" and isinstance(value, str)):
                dims = _shape_of(path, shape, vocab)
                if dims is None:
                    raise ValueError(f"no shape rule for spec variable {path}")
                if name == "gamma":
                    array = np.ones(dims, dtype=np.float32)
                else:
                    array = (rng.standard_normal(dims) * (1.0 / np.sqrt(dims[-1]))).astype(np.float32)
                setattr(layer, name, array)

    visit(spec, "")


def build_ctranslate2_model(pieces: list[str], shape: ModelShape, out_dir: Path, seed: int = 0,
                            quantization: str = "int8") -> Path:
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config((shape.encoder_layers, shape.decoder_layers), shape.heads)
    _fill_random(spec, shape, len(pieces), np.random.default_rng(seed))
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
    return out_dir


def build_package(lines: list[str], out_file: Path, shape: ModelShape = ModelShape(), *,
                  package_version: str = "1.0", seed: int = 0, from_code: str = "zh",
                  to_code: str = "en") -> Path:
    """Write `out_file` (.argosmodel): a zip holding one directory with metadata.json, model/ and
    sentencepiece.model, the layout argostranslate installs."""
    import sentencepiece as spm

    name = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        root.mkdir()
        sp_model = train_sentencepiece(lines, shape.vocab_size, Path(tmp) / "sp")
        (root / "sentencepiece.model").write_bytes(sp_model.read_bytes())
        processor = spm.SentencePieceProcessor(model_file=str(sp_model))
        pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
        build_ctranslate2_model(pieces, shape, root / "model", seed=seed)
        metadata = {
            "package_version": package_version, "argos_version": "1.9.0", "from_code": from_code,
            "from_name": "Chinese", "to_code": to_code, "to_name": "English", "type": "translate",
            "links": [], "description": "random weights, for tests and benchmarks only",
        }
        (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (root / "README.md").write_text("Randomly initialised model built by newsbridge: not a translator.\n",
                                        encoding="utf-8")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                archive.write(path, path.relative_to(tmp).as_posix())
        out_file.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(out_file, buffer.getvalue())
    return out_file


# Language tokens each multilingual family's vocabulary carries (three make a family recognisable, see
# pipeline.models.ct2_dir); the converters append them to the tokenizer's pieces, as here.
FAMILY_LANGUAGE_TOKENS = {"marian": (), "nllb": ("zho_Hans", "eng_Latn", "fra_Latn"),
                          "m2m100": ("__zh__", "__en__", "__fr__")}
# The specials a tokenizer.json is trained with, at the ids SentencePiece gives them in train_sentencepiece.
TOKENIZER_SPECIALS = ("<unk>", "<s>", "</s>")


def _train_tokenizer_json(lines: list[str], vocab_size: int, out_file: Path) -> list[str]:
    """A Hugging Face tokenizer.json (Unigram, Metaspace pre-tokenizer and decoder, as NLLB's and M2M-100's
    fast tokenizers are); returns its tokens in id order."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.Unigram())
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    # Unigram keeps every character seen as a piece (no byte fallback here): a small corpus sets the floor.
    floor = len(set("".join(lines))) + len(TOKENIZER_SPECIALS) + 64
    trainer = trainers.UnigramTrainer(vocab_size=max(vocab_size, floor), special_tokens=list(TOKENIZER_SPECIALS),
                                      unk_token="<unk>", show_progress=False)
    tokenizer.train_from_iterator(lines, trainer)
    tokenizer.save(str(out_file))
    return [tokenizer.id_to_token(i) for i in range(tokenizer.get_vocab_size())]


def build_model_dir(lines: list[str], out_dir: Path, family: str = "marian", *, tokenizer: str = "spm",
                    shape: ModelShape = ModelShape(), seed: int = 0) -> Path:
    """A CTranslate2 model directory laid out as ct2-transformers-converter (with --copy_files) leaves it for
    `family` (marian, nllb, m2m100): model.bin, config.json, shared_vocabulary.json and the tokenizer files
    that family ships (source.spm + target.spm for marian, sentencepiece.bpe.model for the others), or, with
    tokenizer="json", a tokenizer.json. Random weights: the English is nonsense; the formats are real."""
    import sentencepiece as spm

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if tokenizer == "json":
            pieces = _train_tokenizer_json(lines, shape.vocab_size, out_dir / "tokenizer.json")
        else:
            sp_model = train_sentencepiece(lines, shape.vocab_size, Path(tmp) / "sp")
            names = ("source.spm", "target.spm") if family == "marian" else ("sentencepiece.bpe.model",)
            for name in names:
                (out_dir / name).write_bytes(sp_model.read_bytes())
            processor = spm.SentencePieceProcessor(model_file=str(sp_model))
            pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    pieces += [t for t in FAMILY_LANGUAGE_TOKENS[family] if t not in pieces]
    return build_ctranslate2_model(pieces, shape, out_dir, seed=seed)
