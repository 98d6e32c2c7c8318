"""Text safety for terminal output: a crafted file name or title cannot rewrite the terminal."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from kpitool.errors import escape_control as escape_control  # re-exported

if TYPE_CHECKING:  # Rich loads only where a table is drawn (JSON and CSV runs skip it)
    from rich.console import Console


def escape_tree(value: object) -> object:
    """``value`` (a JSON document: dicts, lists, strings, numbers) with every string, keys
    included, passed through :func:`escape_control`."""
    if isinstance(value, str):
        return escape_control(value)
    if isinstance(value, dict):
        return {escape_tree(k): escape_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [escape_tree(v) for v in value]
    return value


def plain_text(draw: Callable[[Console], None], width: int = 120) -> str:
    """What ``draw`` prints, as plain text (no colour): for ``--output FILE`` and tests."""
    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, color_system=None, force_terminal=False))
    return buffer.getvalue()
