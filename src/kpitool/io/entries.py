"""The entries of a folder that can be read: regular files only, each checked with
``os.stat`` before anything opens it.

Opening a FIFO, a socket or a device (or a link to ``/dev/zero`` named ``.csv``) would block
or never end; a broken link, a link loop, a file without read permission or a sub-folder that
cannot be listed would stop the run. Each is skipped instead, with the reason, and the
scan goes on. Links to folders are not followed (a link back to a parent would loop): each
is skipped with the reason.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Passed:
    """An entry the walk did not read, and why."""

    path: Path
    reason: str


def walk(folder: Path) -> tuple[list[Path], list[Passed]]:
    """Every file below ``folder`` (sorted, hidden folders left out), and the folders that
    were not entered: links to folders and folders that cannot be listed."""
    found: list[Path] = []
    passed: list[Passed] = []

    def unlisted(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        why = f"a folder that cannot be listed ({_why(exc)}): {permission_hint()}"
        passed.append(Passed(where, why))

    for root, dirs, files in os.walk(folder, onerror=unlisted, followlinks=False):
        here = Path(root)
        entered = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            if (here / d).is_symlink():
                passed.append(Passed(here / d, _folder_link(here / d)))
            else:
                entered.append(d)
        dirs[:] = entered
        found.extend(here / f for f in sorted(files))
    return found, passed


def _folder_link(link: Path) -> str:
    target = link.resolve()
    if link.parent.resolve().is_relative_to(target):
        return f"a link to a folder that holds it ({target}), a loop: not followed"
    return (
        f"a link to the folder {target}: links to folders are not followed; "
        "pass that folder itself, or copy its reports here"
    )


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def not_readable(path: Path) -> str | None:
    """Why the file ``path`` is not read (never opening it), or None for a readable regular
    file."""
    try:
        st = path.stat()  # follows links: what a read would open
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops back to itself: remove or fix the link"
        if path.is_symlink():
            return (
                f"a broken symbolic link (to {os.readlink(path)}): "
                "remove the link or restore its file"
            )
        return f"cannot be read ({_why(exc)})"
    if not stat.S_ISREG(st.st_mode):
        what = next((name for test, name in _KINDS if test(st.st_mode)), "a special file")
        via = f" (a link to {os.readlink(path)})" if path.is_symlink() else ""
        return f"{what}{via}, not a regular file: only regular files are read"
    if not os.access(path, os.R_OK):
        return DENIED
    return None


def permission_hint() -> str:
    return "give the user running kpitool read access to it"


#: why a file without read access is skipped, and what to do
DENIED = f"cannot be read (permission denied): {permission_hint()}"


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
