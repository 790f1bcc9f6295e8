"""`newsbridge models remove NAME`: uninstall argos packages by argospm's name (translate-zh_en), by language
pair (zh_en) or by directory name (translate-zh_en-1_9); an unknown name lists what is installed."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.models.errors import ModelError

NAME_PREFIX = "translate-"


@dataclass(frozen=True)
class Installed:
    """An installed package directory as its metadata.json describes it (even one that no longer loads)."""

    path: Path
    from_code: str
    to_code: str
    version: str

    @property
    def names(self) -> set[str]:
        if not self.from_code:
            return {self.path.name}
        pair = f"{self.from_code}_{self.to_code}"
        return {pair, f"{NAME_PREFIX}{pair}", self.path.name}

    def describe(self) -> str:
        if not self.from_code:
            return f"{self.path.name} (unreadable metadata.json) ({self.path})"
        return f"{NAME_PREFIX}{self.from_code}_{self.to_code} {self.version} ({self.path})"


def _read(path: Path) -> Installed:
    """A package directory; one whose metadata is damaged is still listed (by its directory name), so it can be
    removed: a broken package is exactly what one wants to remove."""
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        metadata = {}
    if not isinstance(metadata, dict):
        metadata = {}
    return Installed(path, str(metadata.get("from_code") or ""), str(metadata.get("to_code") or ""),
                     str(metadata.get("package_version") or "0"))


def installed() -> list[Installed]:
    """Every package directory in argostranslate's package directories, whether or not it loads."""
    from argostranslate import settings

    found = []
    for directory in settings.package_dirs:
        directory = Path(directory)
        if directory.is_dir():
            found += [_read(p) for p in sorted(directory.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    return found


def remove_package(name: str) -> str:
    """Delete every installed package `name` designates; the message names each one removed."""
    packages = installed()
    chosen = [p for p in packages if name in p.names]
    if not chosen:
        listed = "; ".join(p.describe() for p in packages) or "none"
        raise ModelError(f"no installed package named {name!r}; installed: {listed}")
    for package in chosen:
        try:
            shutil.rmtree(package.path)
        except OSError as e:
            raise ModelError(f"cannot remove {package.path}: {e}") from e
    return "\n".join(f"removed {p.describe()}" for p in chosen)
