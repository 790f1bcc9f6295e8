"""The one-entry glossary of fast real runs, in a module without side effects (tests/conftest.py sets up the test
sandbox when imported), so bench scripts use the same glossary as the tests."""

from __future__ import annotations

from pathlib import Path

# Every process of a run (workers too) loads it in milliseconds.
SMALL_GLOSSARY = """meta: {source: test}
entries:
  - id: cn.300308
    type: company
    zh: 中际旭创
    en: Zhongji Xuchuang
    ticker: 300308.SZ
"""


def small_glossary_dir(directory: Path) -> Path:
    """`directory`, made, holding SMALL_GLOSSARY only: the --glossaries of a fast real run."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "small.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
    return directory
