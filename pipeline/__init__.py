"""newsbridge: Chinese → English financial-news normalization, linking and translation pipeline.

`pipeline.run(...)`, `pipeline.read(...)`, `pipeline.compact(...)`, `pipeline.translate(...)` and
`pipeline.link(...)` are the Python API (see pipeline.api); they are imported on first use, so `import pipeline`
and `newsbridge --help` stay instant.
"""

from __future__ import annotations

__version__ = "0.1.0"
# Public name → the module that defines it, imported when the name is first used.
_LAZY = {"run": "pipeline.api", "read": "pipeline.api", "compact": "pipeline.api",
         "RunResult": "pipeline.api", "translate": "pipeline.textapi",
         "link": "pipeline.textapi", "Link": "pipeline.textapi", "Links": "pipeline.textapi"}
__all__ = ["Link", "Links", "RunResult", "__version__", "compact", "link", "read", "run", "translate"]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    from importlib import import_module  # here, not at the top: `import pipeline` stays this module alone

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
