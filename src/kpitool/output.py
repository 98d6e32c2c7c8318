"""Writing an artifact atomically: a cron run that dies never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kpitool.errors import KpiToolError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(path: Path, text: str, *, inputs: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``path`` via a temp file in the same folder, fsync, then os.replace.

    Refuses (KpiToolError) to overwrite one of ``inputs`` (the report files of the run) or a
    directory.
    """
    path = Path(path)
    for source in inputs:
        if _same_file(path, Path(source)):
            raise KpiToolError(
                f"{path}: refusing to overwrite an input report; choose another --output file"
            )
    if path.is_dir():
        raise KpiToolError(f"{path}: is a directory; give --output a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise KpiToolError(f"{path}: the folder {folder} does not exist")
    try:
        _replace(path, folder, text)
    except OSError as exc:
        raise KpiToolError(f"{path}: cannot write the output ({exc.strerror})") from None


def _replace(path: Path, folder: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_new(path: Path, text: str) -> None:
    """Create ``path`` (and its folders) with ``text``; refuse if it exists (never overwrite)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        raise KpiToolError(f"{path}: already exists; not overwriting it") from None
    except OSError as exc:
        raise KpiToolError(f"{path}: cannot write ({exc.strerror})") from None
