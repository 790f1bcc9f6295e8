"""The one exception the model code raises: the CLI prints its message as one line."""

from __future__ import annotations


class ModelError(Exception):
    """A package cannot be installed or loaded; the message says which and why."""
