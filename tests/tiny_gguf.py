"""Write a tiny llama-architecture GGUF model for tests that start a real llama.cpp server.

No model can be downloaded here, yet the server, its tokenizer and its chat template must be the real ones. The file
is written with the `gguf` package (llama.cpp's own writer): an SPM ("llama") vocabulary of control tokens, the 256
byte tokens (so any UTF-8 input, Chinese included, tokenizes by byte fallback) and the words of ANSWER, a ChatML chat
template, and two transformer blocks of width 32 with small random weights.

The weights are random except for one chain: each token of the answer (and the newline that ends the assistant
header) has a dimension of its own in its embedding, which survives the small random blocks and the final RMS norm,
and the output matrix maps that dimension to the next token of the answer, the last one to end-of-text. So greedy or
sampled, whatever it is asked, the model answers ANSWER and stops: a real forward pass with a known result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

# ChatML: llama.cpp and llama-cpp-python both recognise it; its markers are control tokens of the vocabulary.
CHAT_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")
CONTROL = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
EOS = 2
# What the model says, as SentencePiece pieces ("▁" is the word boundary, detokenized as a space).
ANSWER_PIECES = ["▁The", "▁market", "▁rose", "."]
ANSWER = "The market rose."
NEWLINE = "<0x0A>"  # the byte token that ends '<|im_start|>assistant\n', after which the answer starts

# gguf's token types (llama.cpp's LLAMA_TOKEN_TYPE_*).
NORMAL, UNKNOWN, CONTROL_TYPE, BYTE = 1, 2, 3, 6
# Random weights have this spread; a chain dimension holds STEER in the embedding, so after the RMS norm it carries
# almost all of the hidden state (about sqrt(width)), and LINK times that (~20 logits) puts the next token of the
# chain far ahead of every other, whose logits stay within about ±1.
NOISE, STEER, LINK = 0.02, 1.0, 4.0


@dataclass(frozen=True)
class TinyShape:
    """The model's size: it loads and answers in milliseconds on one core."""

    layers: int = 2
    width: int = 32
    heads: int = 4
    ffn: int = 64
    context: int = 4096  # the prompt carries a sentence, its document context and glossary lines


def vocabulary() -> tuple[list[str], list[int]]:
    """Tokens and their gguf types: control tokens, the 256 byte tokens, then the answer's words."""
    tokens = CONTROL + [f"<0x{b:02X}>" for b in range(256)] + ANSWER_PIECES
    types = [UNKNOWN] + [CONTROL_TYPE] * (len(CONTROL) - 1) + [BYTE] * 256 + [NORMAL] * len(ANSWER_PIECES)
    return tokens, types


def write_tiny_gguf(path: Path, *, shape: TinyShape = TinyShape(), seed: int = 18) -> Path:
    """Write the model to `path` (replacing it) and return `path`; the same seed gives the same bytes."""
    import gguf

    rng = np.random.default_rng(seed)
    tokens, types = vocabulary()
    n_vocab, d = len(tokens), shape.width
    chain = [tokens.index(NEWLINE)] + [tokens.index(p) for p in ANSWER_PIECES]
    if len(chain) >= d:
        raise ValueError(f"width {d} leaves no dimension per chain token ({len(chain)})")

    def noise(*dims: int) -> np.ndarray:
        return (rng.standard_normal(dims) * NOISE).astype(np.float32)

    # numpy shapes are ggml's dimensions reversed: token_embd is {width, vocab} in llama.cpp's terms.
    embed, output = noise(n_vocab, d), noise(n_vocab, d)
    for slot, (token, following) in enumerate(zip(chain, chain[1:] + [EOS], strict=True), start=1):
        embed[token, slot] = STEER
        output[following, slot] = LINK

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("newsbridge tiny chain llama")
    writer.add_context_length(shape.context)
    writer.add_embedding_length(d)
    writer.add_block_count(shape.layers)
    writer.add_feed_forward_length(shape.ffn)
    writer.add_head_count(shape.heads)
    writer.add_head_count_kv(shape.heads)
    writer.add_rope_dimension_count(d // shape.heads)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores([0.0] * n_vocab)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(EOS)
    writer.add_chat_template(CHAT_TEMPLATE)

    writer.add_tensor("token_embd.weight", embed)
    writer.add_tensor("output_norm.weight", np.ones(d, dtype=np.float32))
    writer.add_tensor("output.weight", output)
    for i in range(shape.layers):
        block = f"blk.{i}"
        writer.add_tensor(f"{block}.attn_norm.weight", np.ones(d, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(f"{block}.{name}.weight", noise(d, d))
        writer.add_tensor(f"{block}.ffn_norm.weight", np.ones(d, dtype=np.float32))
        writer.add_tensor(f"{block}.ffn_gate.weight", noise(shape.ffn, d))
        writer.add_tensor(f"{block}.ffn_up.weight", noise(shape.ffn, d))
        writer.add_tensor(f"{block}.ffn_down.weight", noise(d, shape.ffn))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
