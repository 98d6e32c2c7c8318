"""Text safety for terminal output: a crafted file name or title cannot rewrite the terminal."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Rich loads only where a table is drawn (JSON and CSV runs skip it)
    from rich.console import Console

#: C0 controls (tab and newline included: a name or cell cannot start a line of its own),
#: DEL and C1 controls, bidi overrides, embeddings, isolates and marks (which reorder what a
#: terminal shows), line and paragraph separators, and lone surrogates (the bytes of a file
#: name that is not UTF-8)
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    if c <= 0xFF:
        return f"\\x{c:02x}"
    if 0xDC80 <= c <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte: that byte
        return f"\\x{c - 0xDC00:02x}"
    return f"\\u{c:04x}"


def escape_control(text: str) -> str:
    """Escape control characters (ANSI escape sequences, tabs and newlines included), bidi
    controls and the undecodable bytes of a file name as ``\\xNN`` / ``\\uNNNN``."""
    return _CONTROL.sub(_escape, text)


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
