"""Loading a config: ``configs/kpitool.yaml`` by default, every problem at once as
``file:line: key.path: message`` (see :mod:`kpitool.config.models` for the rules)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from kpitool.config.checks import Loc, costs_errors, dotted, semantic_errors
from kpitool.config.models import _SKIP_SEMANTIC, DEFAULT_PATH, Config
from kpitool.errors import ConfigError


def _line_of(loc: Loc, lines: Mapping[tuple[str, ...], int]) -> int:
    parts = tuple(str(p) for p in loc)
    for n in range(len(parts), 0, -1):
        if parts[:n] in lines:
            return lines[parts[:n]]
    return 1


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the keys at ``loc`` (None if not a model)."""
    current: Any = Config
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unknown_key(loc: Loc) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return "unknown key"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}allowed here: {', '.join(allowed)}"


def _pydantic_errors(exc: ValidationError) -> Iterator[tuple[Loc, str]]:
    for err in exc.errors(include_url=False):
        loc: list[str | int] = []
        key = False
        for part in err["loc"]:
            if part == "[key]":
                key = True
            else:
                loc.append(part)
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden" and loc:
            msg = _unknown_key(tuple(loc))
        if key:
            msg = f"bad key: {msg}"
        yield tuple(loc), msg


def _default_path() -> Path | None:
    return DEFAULT_PATH if DEFAULT_PATH.is_file() else None


def load_config(path: Path | None) -> Config:
    """Load and validate a config; ``None`` = ``configs/kpitool.yaml`` if present, else defaults.

    Raises one :class:`ConfigError` listing every problem as ``file:line: key.path: message``.
    """
    if path is None:
        path = _default_path()
        if path is None:
            return Config.model_construct(version=1)  # the defaults: nothing to validate
    if not path.exists():
        raise ConfigError(f"{path}: config file not found (pass an existing file to --config)")
    if not path.is_file():
        raise ConfigError(f"{path}: not a file (pass a YAML file to --config)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc.strerror})") from None
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    """Validate config text; ``path`` is named in the errors and kept as ``Config.path``."""
    # YAML is read only from a file: a run without one does not import it (~20 ms)
    from kpitool.config.yaml_lines import load_yaml

    data, lines = load_yaml(text, path)
    if data is None:
        raise ConfigError(f"{path}:1: the config is empty; write at least `version: 1`")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the config must be a mapping of keys, starting `version: 1`")

    problems: list[tuple[Loc, str]] = []
    config: Config | None = None
    try:
        config = Config.model_validate(data, context={_SKIP_SEMANTIC: True})
    except ValidationError as exc:
        problems.extend(_pydantic_errors(exc))
    problems.extend(semantic_errors(data))
    problems.extend(costs_errors(data, path))
    if problems or config is None:
        rows = sorted(
            {(_line_of(loc, lines), dotted(loc), msg) for loc, msg in problems},
            key=lambda r: (r[0], r[1], r[2]),
        )
        raise ConfigError(
            "\n".join(
                f"{path}:{line}: {key}: {msg}" if key else f"{path}:{line}: {msg}"
                for line, key, msg in rows
            )
        )
    config._path = path
    return config
