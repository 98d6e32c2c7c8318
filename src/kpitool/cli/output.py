"""Writing the artifact of ``--output``: atomically for a file, and never over an input.

What each target gets (issue 20):

- A regular file, new or existing, is written atomically: a temp file in the same folder
  (``.<name>.kpitool-<pid>-<random>.tmp``), fsync, then ``os.replace``; a run that dies never
  leaves half a file. A run killed with SIGKILL cannot remove its temp file, so each write
  first removes the temp files of the same target whose pid is no longer running, or which are
  older than :data:`STALE_AFTER_SECONDS` (a pid can be reused).
- A symlink is followed to its final target, which is checked as below and written; the link
  stays a link. A dangling link creates its target.
- A character device (``/dev/null``, a terminal) is opened and written in place: no temp file,
  no rename, the device node stays.
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` name a descriptor the
  process already holds (a pipe to cron's mail, a terminal, a file the shell opened): the text is
  written to that descriptor, whatever it is, as if printed.
- A FIFO, a socket, a block device or a directory is refused (exit 3). A FIFO is never opened
  (opening one for writing waits for a reader).
- An input of the run (:class:`Inputs`: the config loaded, the cost file it names, every file
  below the scanned folders) is refused, by path after resolving links and by inode (hard links).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kpitool.errors import KpiToolError

#: what a write takes: text, bytes, or their pieces (a big output, written as it is made)
Content = str | bytes | Iterable[str | bytes] | Iterable[str] | Iterable[bytes]

#: a temp file of a live pid older than this is a leftover all the same (the pid was reused)
STALE_AFTER_SECONDS = 3600

#: the temp files being written now: a signal handled while the run's thread writes one
#: removes them (see ``cli.app.main``)
LIVE_TEMPS: set[str] = set()

_DESCRIPTOR = re.compile(r"/dev/fd/(\d+)|/proc/self/fd/(\d+)")
_STD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}


@dataclass(frozen=True)
class Inputs:
    """What a run read, which its ``--output`` must never replace."""

    config: Path | None = None
    costs: Path | None = None
    folders: tuple[Path, ...] = ()
    #: the ``--history`` database the run writes to
    history: Path | None = None


def write_atomic(path: Path, text: Content, *, inputs: Inputs | None = None) -> None:
    """Write ``text`` to ``path`` as the module docstring says; refuse with a KpiToolError."""
    path = Path(path)
    inputs = inputs or Inputs()
    fd = _descriptor(path)
    if fd is not None:
        _write_descriptor(path, fd, text, inputs)
        return
    real = Path(os.path.realpath(path))
    shown = f"{path} (a link to {real})" if os.path.islink(path) else str(path)
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a link loop, a file used as a folder, no permission
        raise KpiToolError(f"{shown}: cannot write the output ({exc.strerror})") from None
    _refuse_inputs(shown, path, real, info, inputs)
    if info is None or stat.S_ISREG(info.st_mode):
        folder = real.parent
        if not folder.is_dir():
            named = folder if os.path.islink(path) else path.parent
            raise KpiToolError(f"{shown}: the folder {named} does not exist")
        _guard(shown, lambda: _replace(real, folder, text))
    elif stat.S_ISCHR(info.st_mode):
        _guard(shown, lambda: _write_device(shown, path, text))
    elif stat.S_ISDIR(info.st_mode):
        raise KpiToolError(f"{shown}: is a directory; give --output a file name")
    else:
        raise KpiToolError(
            f"{shown}: is {_kind(info.st_mode)}; --output writes a regular file or a character "
            "device such as /dev/null; give a file name"
        )


def _guard(shown: str, write: Callable[[], None]) -> None:
    try:
        write()
    except OSError as exc:
        raise KpiToolError(f"{shown}: cannot write the output ({exc.strerror})") from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _refuse_inputs(
    shown: str, path: Path, real: Path, info: os.stat_result | None, inputs: Inputs
) -> None:
    """Raise if the target is one of ``inputs``."""

    def refuse(what: str) -> None:
        raise KpiToolError(
            f"{shown}: refusing to overwrite an input ({what}); choose another --output file"
        )

    key = None if info is None else (info.st_dev, info.st_ino)
    for what, source in (
        ("the config file", inputs.config),
        ("the cost file named by the config", inputs.costs),
        ("the --history database", inputs.history),
    ):
        if source is not None and (
            Path(os.path.realpath(source)) == real or (key is not None and key == _key(source))
        ):
            refuse(what)
    lexical = Path(os.path.abspath(path))
    for folder in inputs.folders:
        what = f"a file in the input report folder {folder}"
        roots = {Path(os.path.realpath(folder)), Path(os.path.abspath(folder))}
        if os.path.lexists(path) and any(lexical.is_relative_to(r) for r in roots):
            refuse(what)  # a file below the folder, or a link there (even a dangling one)
        if key is None:
            continue
        if real.is_relative_to(Path(os.path.realpath(folder))) or key in _files_below(folder):
            refuse(what)  # the file itself, a hard link to one, or what a link there points to


def _key(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _files_below(folder: Path) -> set[tuple[int, int]]:
    """The (device, inode) of every file below ``folder``, hidden and skipped ones included,
    and of what each symlink there points to (the scan reads through it)."""
    found: set[tuple[int, int]] = set()
    for root, _dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            key = _key(Path(root) / name)
            if key is not None:
                found.add(key)
    return found


def _descriptor(path: Path) -> int | None:
    """The descriptor that ``path`` names (``/dev/stdout``, ``/dev/fd/3``...), else None."""
    name = str(path)
    if name in _STD_STREAMS:
        return _STD_STREAMS[name]
    match = _DESCRIPTOR.fullmatch(name)
    return None if match is None else int(match[1] or match[2])


def _write_descriptor(path: Path, fd: int, text: Content, inputs: Inputs) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # what was printed before comes first
            stream.flush()
    try:
        info = os.fstat(fd)
    except OSError:
        raise KpiToolError(f"{path}: descriptor {fd} is not open; give --output a file") from None
    real = Path(os.path.realpath(path))
    _refuse_inputs(str(path), path, real, info, inputs)
    try:
        for piece in _pieces(text):
            _write_all(fd, piece)
    except OSError as exc:
        raise KpiToolError(f"{path}: cannot write the output ({exc.strerror})") from None


def _write_device(shown: str, path: Path, text: Content) -> None:
    """Open a character device without blocking (and without making it our terminal), check it
    is still one, then write in blocking mode."""
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISCHR(os.fstat(fd).st_mode):
            raise KpiToolError(f"{shown}: changed while kpitool was writing it; run again")
        os.set_blocking(fd, True)
        for piece in _pieces(text):
            _write_all(fd, piece)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _temp_prefix(name: str, pid: int) -> str:
    return f".{name}.kpitool-{pid}-"


def _temp_pattern(name: str) -> re.Pattern[str]:
    """The temp files of target ``name`` (mkstemp adds [a-z0-9_] characters)."""
    return re.compile(rf"\.{re.escape(name)}\.kpitool-(\d+)-[a-z0-9_]+\.tmp")


def remove_stale_temps(folder: Path, name: str) -> list[Path]:
    """Remove the temp files left in ``folder`` by killed writes to ``name``: those whose pid is
    not running, or older than :data:`STALE_AFTER_SECONDS`. Returns what was removed."""
    pattern = _temp_pattern(name)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if _running(int(match[1])) and now - info.st_mtime < STALE_AFTER_SECONDS:
            continue  # another run writing the same target right now
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # running, as another user
    except (OverflowError, OSError):
        return False
    return True


def _replace(path: Path, folder: Path, text: Content) -> None:
    remove_stale_temps(folder, path.name)
    fd, tmp = tempfile.mkstemp(
        prefix=_temp_prefix(path.name, os.getpid()), suffix=".tmp", dir=folder
    )
    LIVE_TEMPS.add(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in _pieces(text):
                handle.write(piece)
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
    finally:
        LIVE_TEMPS.discard(tmp)
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def remove_live_temps() -> None:
    """Remove the temp files being written (the run stops: none of them will be renamed)."""
    for tmp in list(LIVE_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _pieces(text: Content) -> Iterator[bytes]:
    """The bytes of ``text``: a string, bytes, or pieces of either (written as they come)."""
    pieces: Iterable[str | bytes] = [text] if isinstance(text, str | bytes) else text
    for piece in pieces:
        yield piece.encode("utf-8") if isinstance(piece, str) else piece


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
