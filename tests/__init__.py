"""newsbridge test suite. A package, so `tests.conftest` is ours even where another installed
distribution (argostranslate) ships a top-level `tests`."""
