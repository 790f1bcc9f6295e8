"""`models install FILE` refuses hostile or broken archives before anything is installed: zip bombs (from the
zip directory, and a member that lies about its size), unsafe members, and packages whose models do not load.
The tiny real package (conftest) is the starting point; each test damages one thing in a copy of it."""

from __future__ import annotations

import os
import shutil
import stat
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.models.archive import DEFAULT_MAX_UNPACKED_BYTES, max_unpacked_bytes, parse_size
from pipeline.models.errors import ModelError
from pipeline.models.loading import CHECKS_FILE, check_installed
from pipeline.models.packages import TranslationPackage, install_file
from tests.conftest import PROJECT_ROOT

TOP = "translate-zh_en-1_0"
MIB = 1024 * 1024
# Zeros compress about 1000:1, so a few MiB of them stay a few kB on disk.
BOMB_BYTES = 3 * MIB
LOCAL_HEADER_SIZE_OFFSET = 22    # uncompressed size in a local file header
CENTRAL_HEADER_SIZE_OFFSET = 24  # uncompressed size in a central directory entry
CENTRAL_SIGNATURE = b"PK\x01\x02"


def _copy(tiny: Path, out: Path, replace: dict[str, bytes] | None = None, extra: tuple[zipfile.ZipInfo | str, ...] = (),
          extra_data: bytes = b"") -> Path:
    """The tiny package with members replaced or added."""
    replace = replace or {}
    with zipfile.ZipFile(tiny) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = replace.get(info.filename.removeprefix(f"{TOP}/"), src.read(info))
            dst.writestr(info, data, zipfile.ZIP_DEFLATED)
        for member in extra:
            dst.writestr(member, extra_data, zipfile.ZIP_DEFLATED)
    return out


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_size_limit_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_size("2G") == 2 * 1024**3 and parse_size("500M") == 500 * MIB and parse_size("1048576") == MIB
    assert parse_size("1.5KiB") == 1536
    with pytest.raises(ModelError, match="not a size"):
        parse_size("lots")
    monkeypatch.delenv("NEWSBRIDGE_MAX_MODEL_BYTES", raising=False)
    assert max_unpacked_bytes() == DEFAULT_MAX_UNPACKED_BYTES == 2 * 1024**3
    monkeypatch.setenv("NEWSBRIDGE_MAX_MODEL_BYTES", "3M")
    assert max_unpacked_bytes() == 3 * MIB and max_unpacked_bytes(10) == 10


def test_zip_bomb_is_refused_from_the_directory(tmp_path: Path, tiny_argosmodel: Path, packages: Path) -> None:
    bomb = _copy(tiny_argosmodel, tmp_path / "bomb.argosmodel", extra=(f"{TOP}/padding.bin",),
                 extra_data=bytes(BOMB_BYTES))
    assert bomb.stat().st_size < tiny_argosmodel.stat().st_size + 64 * 1024  # small on disk
    with pytest.raises(ModelError) as err:
        install_file(bomb, max_bytes=2 * MIB)
    # The directory's declared total, not a count while extracting, refused it.
    assert "unpacks to 3," in str(err.value) and "--max-size" in str(err.value)
    assert _leftovers(packages) == []
    assert install_file(bomb, max_bytes=8 * MIB).name == "translate-zh_en"  # a larger limit lets it in


def _lie_about_size(path: Path, member: str, declared: int) -> None:
    """Rewrite a member's uncompressed size in its local header and its central directory entry."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(member).header_offset
    struct.pack_into("<I", data, offset + LOCAL_HEADER_SIZE_OFFSET, declared)
    name = member.encode()
    at = data.find(CENTRAL_SIGNATURE)
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_length]) == name:
            struct.pack_into("<I", data, at + CENTRAL_HEADER_SIZE_OFFSET, declared)
            break
        at = data.find(CENTRAL_SIGNATURE, at + 4)
    else:
        raise AssertionError(f"{member} not in the central directory")
    path.write_bytes(bytes(data))


def test_member_that_lies_about_its_size_is_refused(tmp_path: Path, tiny_argosmodel: Path, packages: Path) -> None:
    liar = _copy(tiny_argosmodel, tmp_path / "liar.argosmodel", extra=(f"{TOP}/padding.bin",),
                 extra_data=bytes(BOMB_BYTES))
    _lie_about_size(liar, f"{TOP}/padding.bin", 100)
    with zipfile.ZipFile(liar) as archive:
        declared = sum(i.file_size for i in archive.infolist())
    assert declared < 2 * MIB  # the directory alone would let it through
    with pytest.raises(ModelError, match="padding.bin is damaged or does not match its declared size"):
        install_file(liar, max_bytes=2 * MIB)
    assert _leftovers(packages) == []


@pytest.mark.parametrize(("member", "message"), [
    (f"/{TOP}/absolute.txt", "unsafe path in archive"),
    (f"{TOP}/../outside.txt", "unsafe path in archive"),
    (f"{TOP}\\..\\outside.txt", "unsafe path in archive"),
    ("C:/windows.txt", "unsafe path in archive"),
])
def test_unsafe_member_names_are_refused(tmp_path: Path, tiny_argosmodel: Path, packages: Path, member: str,
                                         message: str) -> None:
    info = zipfile.ZipInfo(member)
    bad = _copy(tiny_argosmodel, tmp_path / "bad.argosmodel", extra=(info,), extra_data=b"x")
    with pytest.raises(ModelError, match=message):
        install_file(bad)
    assert _leftovers(packages) == [] and not (tmp_path / "outside.txt").exists()


def test_symlink_member_is_refused(tmp_path: Path, tiny_argosmodel: Path, packages: Path) -> None:
    link = zipfile.ZipInfo(f"{TOP}/model/evil")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = _copy(tiny_argosmodel, tmp_path / "link.argosmodel", extra=(link,), extra_data=b"/etc/passwd")
    with pytest.raises(ModelError, match=r"symbolic link \(translate-zh_en-1_0/model/evil\)"):
        install_file(bad)
    assert _leftovers(packages) == []


@pytest.mark.parametrize(("member", "damage", "message"), [
    ("model/model.bin", lambda b: os.urandom(4096), "CTranslate2 cannot open"),
    ("model/model.bin", lambda b: b[: len(b) // 2], "CTranslate2 cannot open"),
    ("sentencepiece.model", lambda b: b[: len(b) // 2], "SentencePiece cannot open"),
])
def test_package_that_does_not_load_is_not_installed(tmp_path: Path, tiny_argosmodel: Path, packages: Path,
                                                     member: str, damage, message: str) -> None:
    good = install_file(tiny_argosmodel)
    before = {p.name: p.stat().st_mtime_ns for p in good.path.rglob("*")}
    with zipfile.ZipFile(tiny_argosmodel) as archive:
        original = archive.read(f"{TOP}/{member}")
    bad = _copy(tiny_argosmodel, tmp_path / "bad.argosmodel", replace={member: damage(original)})
    with pytest.raises(ModelError) as err:
        install_file(bad)
    assert message in str(err.value) and "does not load, so it was not installed" in str(err.value)
    # The working copy installed before is untouched and nothing else is left behind.
    assert _leftovers(packages) == [TOP]
    assert {p.name: p.stat().st_mtime_ns for p in good.path.rglob("*")} == before


def test_load_check_is_cached_per_file_size_and_mtime(tmp_path: Path, package: TranslationPackage,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIDGE_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / TOP
    shutil.copytree(package.path, copy)
    pkg = TranslationPackage(copy, "zh", "en", "1.0")
    check_installed(pkg)
    assert (tmp_path / "cache" / CHECKS_FILE).exists()
    model = copy / "model" / "model.bin"
    info = model.stat()
    model.write_bytes(b"\0" * info.st_size)  # same size, same mtime: taken as the package that passed
    os.utime(model, ns=(info.st_atime_ns, info.st_mtime_ns))
    check_installed(pkg)
    os.utime(model, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # changed: checked again
    with pytest.raises(ModelError, match="CTranslate2 cannot open"):
        check_installed(pkg)


def test_cli_install_limit_and_load_errors_are_one_line(tmp_path: Path, tiny_argosmodel: Path) -> None:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
           "NEWSBRIDGE_CACHE_DIR": str(tmp_path / "cache")}
    bomb = _copy(tiny_argosmodel, tmp_path / "bomb.argosmodel", extra=(f"{TOP}/padding.bin",),
                 extra_data=bytes(BOMB_BYTES))

    def cli(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipeline", "models", "install", *args], capture_output=True,
                              text=True, cwd=PROJECT_ROOT, env={**env, **extra}, timeout=300)

    for result in (cli(str(bomb), "--max-size", "2M"), cli(str(bomb), NEWSBRIDGE_MAX_MODEL_BYTES="2M")):
        assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
        assert "unpacks to 3," in result.stderr and "limit is 2,097,152 bytes" in result.stderr
    assert cli(str(bomb), "--max-size", "lots").returncode == 2  # a bad value on the command line: usage error
    with zipfile.ZipFile(tiny_argosmodel) as archive:
        model = archive.read(f"{TOP}/model/model.bin")
    broken = _copy(tiny_argosmodel, tmp_path / "broken.argosmodel", replace={"model/model.bin": model[:1000]})
    result = cli(str(broken))
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "CTranslate2 cannot open" in result.stderr and "not installed" in result.stderr
    assert not any((tmp_path / "packages").iterdir())
    assert cli(str(tiny_argosmodel)).returncode == 0

