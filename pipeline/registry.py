"""Stages by name: the built-in ones, those registered with `@register_stage`, plugins that declare a
`newsbridge.stages` entry point, and any `module:Class` path. Built-ins are named by import path, so the
engine never imports `stages/` itself."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline.io.mapping import preview
from pipeline.stage import READER_ASSIGNS, BuildContext, Stage, StageError

if TYPE_CHECKING:
    from pipeline.config import RunConfig

ENTRY_POINT_GROUP = "newsbridge.stages"
BUILTIN_STAGES = {
    "normalize": "stages.normalize:NormalizeStage",
    "segment": "stages.segment:SegmentStage",
    "link": "stages.link:LinkStage",
    "translate": "stages.translate:TranslateStage",
}
DEFAULT_STEPS = ("normalize", "segment", "link", "translate")
_REGISTERED: dict[str, type[Stage]] = {}
S = TypeVar("S", bound=type[Stage])


def register_stage(name: str) -> Callable[[S], S]:
    """Class decorator: make a Stage subclass available as `name` in `steps:`."""

    def register(cls: S) -> S:
        if not (isinstance(cls, type) and issubclass(cls, Stage)):
            raise TypeError(f"@register_stage({name!r}) needs a Stage subclass, got {cls!r}")
        cls.name = name
        _REGISTERED[name] = cls
        return cls

    return register


def import_path(cls: type[Stage]) -> str:
    """`module:QualName`: how a worker process finds the class again."""
    return f"{cls.__module__}:{cls.__qualname__}"


def load_class(path: str) -> type[Stage]:
    module_name, _, qualname = path.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError, TypeError, ValueError) as e:  # TypeError, ValueError: '../x', ':Class'
        raise StageError(f"cannot load stage {path!r}: {e}") from e
    if not (isinstance(obj, type) and issubclass(obj, Stage)):
        raise StageError(f"{path!r} is not a Stage subclass")
    return obj


def resolve(name: str) -> type[Stage]:
    """The class a step name stands for."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    if name in BUILTIN_STAGES:
        return load_class(BUILTIN_STAGES[name])
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return load_class(ep.value)
    if ":" in name:
        return load_class(name)
    known = sorted({*_REGISTERED, *BUILTIN_STAGES, *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))})
    raise StageError(f"unknown step {name!r} (known: {', '.join(known)}; or give a module:Class path)")


@dataclass(frozen=True)
class StepSpec:
    """One configured step: its name, the class's import path and its options (all picklable)."""

    name: str
    path: str
    options: dict[str, Any] = field(default_factory=dict)


def parse_steps(raw: Any, where: str = "steps") -> tuple[StepSpec, ...]:
    """`steps:` as written in a config: a list of names, or of one-key mappings `name: {option: value}`."""
    if not isinstance(raw, (list, tuple)) or not raw:
        raise StageError(f"{where}: a non-empty list of step names (or name: {{options}} mappings)")
    specs = []
    for item in raw:
        if isinstance(item, str):
            name, options = item, {}
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
            options = options or {}
            if not isinstance(options, dict):
                raise StageError(f"{where}: options of step {name!r} must be a mapping")
        else:
            raise StageError(f"{where}: each step is a name or a one-key mapping, got {preview(repr(item))}")
        if not isinstance(name, str):  # a YAML key may be a number or null
            raise StageError(f"{where}: a step's name must be a string, got {preview(repr(name))}")
        if wrong := [key for key in options if not isinstance(key, str)]:  # they become keyword arguments
            raise StageError(f"{where}: options of step {name!r} must be named by strings, "
                             f"got {preview(repr(wrong[0]))}")
        specs.append(StepSpec(name, import_path(resolve(name)), dict(options)))
    return tuple(specs)


def default_steps() -> tuple[StepSpec, ...]:
    return parse_steps(list(DEFAULT_STEPS))


def preflight_steps(specs: tuple[StepSpec, ...], config: RunConfig) -> None:
    """Each step's own early refusals (Stage.preflight), before the run loads anything costly for them."""
    for spec in specs:
        load_class(spec.path).preflight(config, **spec.options)


def build_stages(specs: tuple[StepSpec, ...], context: BuildContext) -> list[Stage]:
    """Construct the steps in order and check that each one's `requires` are assigned before it."""
    stages = []
    available = set(READER_ASSIGNS)
    for spec in specs:
        cls = load_class(spec.path)
        missing = [r for r in cls.requires if r not in available]
        if missing:
            raise StageError(f"step {spec.name!r} requires {', '.join(missing)}, which no earlier step assigns "
                             f"(steps: {', '.join(s.name for s in specs)})")
        stage = cls.build(context, **spec.options)
        # A registered class keeps its registered name (in reasons, stats, timings) even when the config
        # names it by module:Class; an unregistered one is known by what the config wrote.
        stage.name = cls.name if cls.name != Stage.name else spec.name
        available.update(cls.assigns)
        stages.append(stage)
    names = [s.name for s in stages]
    if len(set(names)) != len(names):
        raise StageError(f"a step is listed twice: {', '.join(names)}")
    return stages
