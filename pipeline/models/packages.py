"""Installed argostranslate packages: discovery, offline install from a file, install from the argos index.

Discovery goes through `argostranslate.package`, so packages installed with `argospm` are found too.
Nothing here imports `argostranslate.translate` (it pulls stanza, spaCy and torch): that includes
`argostranslate.package.install_from_path`, which imports it to clear a cache, so files are unpacked
here, into the same directory argostranslate uses (archive.py: size limit and member checks), and the
index is fetched here too (index.py: progress display, one-line errors). A package counts as installed only
once its models load and translate a sentence (loading.py).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.models import archive as archives
from pipeline.models.errors import ModelError
from pipeline.models.index import install_file_command

# What this translator loads from a package; an archive must also carry metadata.json.
LOADABLE_FILES = ("model/model.bin", "sentencepiece.model")
REQUIRED_FILES = ("metadata.json", *LOADABLE_FILES)
__all__ = ["ModelError", "install_hint", "TranslationPackage", "find_package", "install_file",
           "install_from_index", "installed_packages", "package_dir"]


def install_hint() -> str:
    """How to install a zh→en package, as the user can type it here (pipeline/invocation.py)."""
    from pipeline.invocation import command

    return f"install one with `{command('models', 'install', 'zh_en')}` (needs internet) or {install_file_command()}"


@dataclass(frozen=True)
class TranslationPackage:
    """An installed translate package, as newsbridge loads it (model/ + sentencepiece.model)."""

    path: Path
    from_code: str
    to_code: str
    version: str
    target_prefix: str = ""

    @property
    def name(self) -> str:
        """argospm's name for the package, e.g. translate-zh_en."""
        return f"translate-{self.from_code}_{self.to_code}"

    @property
    def label(self) -> str:
        return f"argos:{self.name}-{self.version}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"


def _argos_package_module():
    try:
        from argostranslate import package
    except ImportError as e:  # pragma: no cover - make setup installs it
        raise ModelError("argostranslate is not installed; run `make setup` (it installs argostranslate "
                         "without its heavy extras)") from e
    return package


def package_dir() -> Path:
    """Where argostranslate installs packages ($ARGOS_PACKAGES_DIR or its data directory)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def installed_packages() -> list[TranslationPackage]:
    """Every installed translate package newsbridge can load, newest version first."""
    package = _argos_package_module()
    found = []
    for pkg in package.get_installed_packages():
        if getattr(pkg, "type", "translate") != "translate" or not pkg.from_code or not pkg.to_code:
            continue
        path = Path(pkg.package_path)
        if not all((path / f).exists() for f in LOADABLE_FILES):
            continue  # BPE-tokenized or incomplete packages: not loadable by this translator
        found.append(TranslationPackage(path, pkg.from_code, pkg.to_code, pkg.package_version or "0",
                                        getattr(pkg, "target_prefix", "") or ""))
    from packaging.version import InvalidVersion, Version

    def version_key(p: TranslationPackage):
        try:
            return Version(p.version)
        except InvalidVersion:
            return Version("0")

    return sorted(found, key=lambda p: (p.from_code, p.to_code, version_key(p)), reverse=True)


def find_package(from_code: str = "zh", to_code: str = "en") -> TranslationPackage | None:
    for pkg in installed_packages():
        if pkg.from_code == from_code and pkg.to_code == to_code:
            return pkg
    return None


def _package_root(archive: zipfile.ZipFile, source: Path) -> str:
    """The single top-level directory of an .argosmodel, checked to hold what a package needs."""
    names = archive.namelist()
    tops = {PurePosixPath(n).parts[0] for n in names if PurePosixPath(n).parts}
    if len(tops) != 1:
        raise ModelError(f"{source}: an .argosmodel holds exactly one top-level directory, found {len(tops)}")
    top = tops.pop()
    missing = [f for f in REQUIRED_FILES if f"{top}/{f}" not in names]
    if missing:
        raise ModelError(f"{source}: not a loadable argos translate package: missing {', '.join(missing)}")
    try:
        metadata = json.loads(archive.read(f"{top}/metadata.json"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ModelError(f"{source}: metadata.json is not valid JSON ({e})") from e
    except (zipfile.BadZipFile, OSError) as e:
        raise ModelError(f"{source}: metadata.json is damaged ({e})") from e
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelError(f"{source}: metadata.json must give from_code and to_code")
    return top


def _package_at(path: Path) -> TranslationPackage:
    """A package from its unpacked directory, read the way argostranslate reads it."""
    metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    return TranslationPackage(path, str(metadata["from_code"]), str(metadata["to_code"]),
                              str(metadata.get("package_version") or "0"), str(metadata.get("target_prefix") or ""))


def install_file(source: Path, max_bytes: int | None = None) -> TranslationPackage:
    """Install an .argosmodel file into argostranslate's package directory (replacing an older copy).

    The archive is refused before extraction if it would unpack past `max_bytes` (see archive.py), and the
    unpacked package must load and translate a sentence before it replaces anything: a package that fails
    leaves nothing behind."""
    from pipeline.models.loading import check_loads, fingerprint, remember_ok

    source = Path(source)
    if not source.is_file():
        raise ModelError(f"{source}: no such file")
    if not zipfile.is_zipfile(source):
        raise ModelError(f"{source}: not an argos package (an .argosmodel is a zip archive)")
    limit = archives.max_unpacked_bytes(max_bytes)
    target_root = package_dir()
    target_root.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(source) as archive:
            archives.check_directory(archive, source, limit)
            top = _package_root(archive, source)
            with tempfile.TemporaryDirectory(dir=target_root, prefix=".installing-") as tmp:
                archives.extract(archive, source, Path(tmp), limit)
                try:
                    check_loads(_package_at(Path(tmp, top)))
                except ModelError as e:
                    raise ModelError(f"{source}: the package does not load, so it was not installed: {e}") from e
                final = target_root / top
                if final.exists():
                    shutil.rmtree(final)
                Path(tmp, top).rename(final)  # same filesystem: the package appears whole or not at all
    except zipfile.BadZipFile as e:
        raise ModelError(f"{source}: damaged zip archive ({e})") from e
    for pkg in installed_packages():
        if pkg.path == final:
            remember_ok(str(final.resolve()), fingerprint(final))  # just checked: a run need not check again
            return pkg
    raise ModelError(f"{source}: installed to {final}, but argostranslate does not list it as a translate package")


def install_from_index(code: str, quiet: bool = False, max_bytes: int | None = None) -> TranslationPackage:
    """Download a package (e.g. zh_en) from the argos package index and install it. Needs internet; without it
    the one-line error names the index and the offline route, and argostranslate's own log lines stay quiet."""
    from pipeline.models import index

    with index.argos_logging_silenced():
        return _install_from_index(code, quiet, max_bytes)


def _install_from_index(code: str, quiet: bool, max_bytes: int | None) -> TranslationPackage:
    from pipeline.models import index

    from_code, _, to_code = code.partition("_")
    if not from_code or not to_code:
        raise ModelError(f"{code!r}: give a language pair such as zh_en, or a path to an .argosmodel file")
    url = index.index_url()
    entry = index.pick(index.fetch_index(url), from_code, to_code)
    if entry is None:
        raise ModelError(f"the argos package index at {url} has no {from_code}→{to_code} translate package")
    limit = archives.max_unpacked_bytes(max_bytes)
    name = f"translate-{from_code}_{to_code}-{entry.get('package_version') or '0'}"
    errors = []
    with tempfile.TemporaryDirectory(prefix="newsbridge-download-") as tmp:
        for link in entry["links"]:
            if not isinstance(link, str) or not link.startswith(("http://", "https://")):
                errors.append(f"{link!r}: not an http(s) link")
                continue
            try:
                downloaded = index.download(link, Path(tmp) / f"{name}.argosmodel", name, quiet=quiet,
                                            max_bytes=limit)
            except ModelError as e:
                errors.append(str(e))
                continue
            try:
                return install_file(downloaded, max_bytes=limit)
            except ModelError as e:  # name what the user can see, the link, not a deleted temporary file
                raise ModelError(str(e).replace(str(downloaded), link)) from e
    raise ModelError(f"download of {name} failed: {'; '.join(errors)}")
