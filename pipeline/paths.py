"""Where the project's own files are: its root, its glossaries, and the development data beside it. A leaf module
(no imports of the project), so the glossary package and the tools read these without loading the run config."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The glossaries the project ships (a run may name others: pipeline.config.default_glossaries).
PROJECT_GLOSSARIES = PROJECT_ROOT / "glossaries"
# The read-only development data: ../shared beside the clone (development and CI); NEWSBRIDGE_SHARED points elsewhere
# (a git worktree has no ../shared). A user's clone has none: whatever reads it skips cleanly.
SHARED_DIR = Path(os.environ.get("NEWSBRIDGE_SHARED") or PROJECT_ROOT.parent / "shared")
