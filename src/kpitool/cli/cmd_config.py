"""`kpitool validate` and `kpitool init`: the config file, without reading any data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kpitool.cli.options import ConfigOption


def validate(config: ConfigOption = None) -> None:
    """Check a config file without reading any data; every problem is listed (exit 3)."""
    from kpitool.config import load_config

    loaded = load_config(config)
    where = loaded.path or "no config file: built-in defaults (no targets)"
    sys.stderr.write(f"config OK: {where}\n")


def init(
    directory: Annotated[Path, typer.Argument(help="Project folder.", metavar="DIR")] = Path("."),
) -> None:
    """Write a commented starter config to DIR/configs/kpitool.yaml (never overwrites)."""
    from kpitool.cli.output import write_new
    from kpitool.config.starter import starter_config

    path = directory / "configs" / "kpitool.yaml"
    write_new(path, starter_config())
    sys.stderr.write(f"wrote {path}; edit it, then run: kpitool validate --config {path}\n")
