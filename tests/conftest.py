"""Shared fixtures: the project's glossary and set-up stages, built once per session."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from pathlib import Path

# Before anything imports argostranslate.settings (it reads these once, at import): packages, the argos
# index cache, the glossary cache and the translation memory all live in a throwaway directory, never in
# the user's home, and no test sees a model the developer installed.
_SANDBOX = Path(tempfile.mkdtemp(prefix="newsbridge-tests-"))
atexit.register(shutil.rmtree, _SANDBOX, ignore_errors=True)
for _var, _sub in (("ARGOS_PACKAGES_DIR", "argos-packages"), ("XDG_DATA_HOME", "xdg-data"),
                   ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache"),
                   ("NEWSBRIDGE_CACHE_DIR", "newsbridge-cache")):
    os.environ[_var] = str(_SANDBOX / _sub)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# The suite is deterministic: hypothesis draws the same examples on every run and machine.
settings.register_profile("newsbridge", derandomize=True)
settings.load_profile("newsbridge")

from pipeline.cachedir import default_cache_dir  # noqa: E402
from pipeline.config import default_glossaries  # noqa: E402
from pipeline.glossary import CompiledGlossary, compile_glossary  # noqa: E402
from pipeline.paths import PROJECT_ROOT, SHARED_DIR  # noqa: E402
from stages.link import LinkStage  # noqa: E402
from stages.normalize import NormalizeStage, TextNormalizer  # noqa: E402
from stages.segment import SegmentStage  # noqa: E402
from stages.translators.gloss import GlossTranslator  # noqa: E402

from . import session_cache  # noqa: E402
from .small_glossary import SMALL_GLOSSARY as SMALL_GLOSSARY  # noqa: E402  (re-exported for the tests)
from .small_glossary import small_glossary_dir as small_glossary_dir  # noqa: E402

GLOSSARIES = PROJECT_ROOT / "glossaries"
# Fixture scopes whose files xdist hands out first (see pytest_collection_modifyitems).
SHARED_SCOPES = ("module", "class", "package")
SEEDS = PROJECT_ROOT / "seeds"
SHARED = SHARED_DIR


def shared_path(relative: str) -> Path:
    """A file under ../shared, or a clean skip where a user's clone has none."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} not present (../shared exists only in development and CI)")
    return path


@pytest.fixture(scope="session")
def glossary() -> CompiledGlossary:
    """The project's glossary, read from the session's shared cache when there is one (tests/session_cache.py)."""
    session_cache.seed(_SANDBOX / "newsbridge-cache")
    return compile_glossary(GLOSSARIES)


@pytest.fixture(scope="session")
def glossary_cache(glossary: CompiledGlossary) -> list[Path]:
    """This process's compiled-glossary cache files for the project's glossaries, under both names a run gives
    them: the absolute path (the `glossary` fixture, RunConfig(glossaries=GLOSSARIES)) and `glossaries` as
    found from the project root (default_glossaries(): the CLI started there, in-process or as a child),
    jieba's parsed dictionary and CC-CEDICT's parsed entries."""
    from pipeline.text.cedict_entries import cedict_entries

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(PROJECT_ROOT)
        compile_glossary(default_glossaries())
    cedict_entries()
    cache = default_cache_dir()
    return sorted(path for pattern in session_cache.PATTERNS for path in cache.glob(pattern))


@pytest.fixture(scope="session")
def warm_cache(glossary_cache: list[Path]):
    """A fresh cache directory (for a child process that must not see this one's translation memory or model
    checks) that already holds the compiled glossaries and the parsed dictionaries: the child loads the glossary in
    ~2 s instead of compiling it (~15 s). Use it wherever a test hands a run a new NEWSBRIDGE_CACHE_DIR and does
    not test the glossary cache."""
    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for cache_file in glossary_cache:
            shutil.copyfile(cache_file, folder / cache_file.name)
        return folder
    return make


@pytest.fixture(scope="session")
def normalizer() -> TextNormalizer:
    return TextNormalizer()


@pytest.fixture(scope="session")
def normalize() -> NormalizeStage:
    """The normalize stage, set up: sets each document's script and locale."""
    stage = NormalizeStage()
    stage.setup()
    return stage


@pytest.fixture(scope="session")
def segmenter(glossary: CompiledGlossary) -> SegmentStage:
    stage = SegmentStage(glossary)
    stage.setup()
    return stage


@pytest.fixture(scope="session")
def linker(glossary: CompiledGlossary) -> LinkStage:
    return LinkStage(glossary)


@pytest.fixture(scope="session")
def link(linker: LinkStage, normalizer: TextNormalizer):
    """The mentions of one Chinese sentence, normalized, in its own script (or the one given) and a locale."""
    return lambda text, script=None, locale=None: linker.mentions(normalizer(text), "zh",
                                                                  script or normalizer.script(text), locale)


@pytest.fixture(scope="session")
def gloss(glossary: CompiledGlossary) -> GlossTranslator:
    translator = GlossTranslator(glossary)
    translator.setup()
    return translator


def training_lines() -> list[str]:
    """Text for the tiny model's SentencePiece: the seeds plus the phrase table, a few hundred lines."""
    from stages.translators.gloss import load_phrases

    lines = []
    for path in sorted(SEEDS.rglob("*")):
        if path.is_file():
            lines += [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines + [f"{zh} {en}" for zh, en in load_phrases().items()]


@pytest.fixture(scope="session")
def tiny_argosmodel(tmp_path_factory) -> Path:
    """A genuine .argosmodel (SentencePiece + 2+2-layer CTranslate2 Transformer, random weights), built
    once per session in well under a second."""
    from pipeline.models.random_package import build_package

    return build_package(training_lines(), tmp_path_factory.mktemp("argos") / "translate-zh_en-1_0.argosmodel")


@pytest.fixture
def packages(tmp_path: Path):
    """An empty argos package directory of this test's own (argostranslate reads its settings once, at import,
    so they are pointed there and put back)."""
    from argostranslate import settings

    saved = settings.package_data_dir, list(settings.package_dirs)
    folder = tmp_path / "packages"
    folder.mkdir()
    settings.package_data_dir, settings.package_dirs = folder, [folder]
    try:
        yield folder
    finally:
        settings.package_data_dir, settings.package_dirs = saved


@pytest.fixture(scope="module")
def package(tiny_argosmodel: Path, tmp_path_factory: pytest.TempPathFactory):
    """The tiny package installed through `install_file` into a package directory of the requesting
    module's own (module scope), so that other modules' runs still see no model."""
    from argostranslate import settings

    from pipeline.models.packages import install_file

    saved = settings.package_data_dir, list(settings.package_dirs)
    folder = tmp_path_factory.mktemp("argos-packages")
    settings.package_data_dir, settings.package_dirs = folder, [folder]
    try:
        yield install_file(tiny_argosmodel)
    finally:
        settings.package_data_dir, settings.package_dirs = saved


# The files that take longest (CPU of the worker and of the child processes it starts, measured with
# `pytest -n 2 --dist loadfile --durations=0` summed per file), longest first. Under `make test` they are handed
# out first, so no worker is left alone with a long file at the end while the other sits idle. A hint only: a
# file missing here still runs, after these.
SLOW_FILES = (  # longest first, by their summed test times in a `make test` of 2026-12-07 (branch testtime20)
    "test_glossary_hardening.py", "test_cli_conventions.py", "test_shards_and_resume.py", "test_argos.py",
    "test_glossary_add_never_shadows.py", "test_api.py", "test_interrupted_runs.py", "test_kill_and_resume.py",
    "test_glossary_tools.py", "test_command_hints.py", "test_models_broken.py", "test_generate.py",
    "test_faults20_worker_lost.py", "test_engine_bench.py", "test_engines.py", "test_input_runs.py",
    "test_faults20_workers.py", "test_pipeline.py", "test_stage_pickling.py", "test_stage_contract.py",
    "test_report.py", "test_faults20_record_cap.py", "test_link_speed7.py", "test_faults20_commit.py",
    "test_naming.py",
)


_BUILDER = pytest.StashKey["subprocess.Popen[bytes]"]()


def pytest_configure(config: pytest.Config) -> None:
    """xdist (3.8) re-sorts the files by their number of tests unless told not to, which put the long files with few
    tests (test_api.py, test_generate.py) last and undid the order below. The controller (or a run without xdist)
    starts building the session's shared cache before the workers start (tests/session_cache.py)."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    if not hasattr(config, "workerinput") and session_cache.ENV not in os.environ:
        folder = _SANDBOX / "session-cache"
        os.environ[session_cache.ENV] = str(folder)
        config.stash[_BUILDER] = session_cache.start(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    """A builder still running when the session ends early (collection error, -x) is stopped, never left behind."""
    builder = config.stash.get(_BUILDER, None)
    if builder is not None and builder.poll() is None:
        builder.kill()
        builder.wait()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `pytest -n N --dist loadfile` (`make test`) each file goes to one worker whole, so a module-scoped
    fixture (most often one pipeline run read by many tests) is made once. The slow files are handed out first,
    longest first (SLOW_FILES), then the other files that have a shared fixture, and the small files fill the end,
    so the workers finish close together. A plain `pytest` run is left in file order. (Not --dist loadgroup:
    xdist 3.8 marks a group by rewriting item._nodeid, which pytest 9.2 no longer reads, so every test became a
    group of its own.)"""
    if not hasattr(config, "workerinput"):
        return
    shared: set[str] = set()
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info and any(chain and chain[-1].scope in SHARED_SCOPES for chain in info.name2fixturedefs.values()):
            shared.add(item.nodeid.split("::", 1)[0])
    rank = {name: place for place, name in enumerate(SLOW_FILES)}

    def order(item: pytest.Item) -> tuple[int, bool]:
        file = item.nodeid.split("::", 1)[0]
        return rank.get(file.rsplit("/", 1)[-1], len(rank)), file not in shared

    items.sort(key=order)


_seeded = False  # this process's cache holds the session's shared files (tests/session_cache.py)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Once the session's shared cache is built, this process's cache gets it before its next test, without waiting:
    a test that runs the CLI in-process (or a child) with this cache then loads the glossary and the dictionaries
    instead of building them again."""
    global _seeded
    if not _seeded:
        _seeded = session_cache.seed(_SANDBOX / "newsbridge-cache", wait=False)


@pytest.fixture(autouse=True)
def _stop_signal_handlers_restored() -> object:
    """Each test starts with the Ctrl-C and SIGTERM handlers the one before it found: a run stopped in-process
    leaves them ignored on purpose (pipeline/interrupts.py), which would swallow a later test's own SIGINT."""
    before = {stop: signal.getsignal(stop) for stop in (signal.SIGINT, signal.SIGTERM)}
    yield
    for stop, handler in before.items():
        if signal.getsignal(stop) is not handler:
            signal.signal(stop, handler)
