"""Text safety for terminal output: a crafted file name or title cannot rewrite the terminal."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Rich loads only where a table is drawn (JSON and CSV runs skip it)
    from rich.console import Console

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_control(text: str) -> str:
    """Escape control characters (ANSI escape sequences included) as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def plain_text(draw: Callable[[Console], None], width: int = 120) -> str:
    """What ``draw`` prints, as plain text (no colour): for ``--output FILE`` and tests."""
    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, color_system=None, force_terminal=False))
    return buffer.getvalue()
