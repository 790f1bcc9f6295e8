"""Logging levels for the command line: a NOTICE level between INFO and WARNING, for one-line facts a user
should see once per run (no model installed, a fallback taken) that `-q` silences and real warnings outlive."""

from __future__ import annotations

import logging

# Between INFO (20) and WARNING (30), as syslog's notice sits between info and warning.
NOTICE = 25
logging.addLevelName(NOTICE, "NOTICE")
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
# -q: warnings and errors only; default: notices too; -v: everything (debug).
QUIET, NORMAL, VERBOSE = -1, 0, 1
LEVELS = {QUIET: logging.WARNING, NORMAL: NOTICE, VERBOSE: logging.DEBUG}


def configure(verbosity: int) -> None:
    """Root logging for one command: the level always (a second main() call in one process changes it), a
    handler only when there is none (pytest's capture handlers stay)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format=LOG_FORMAT)
    root.setLevel(LEVELS[verbosity])
