"""Private, atomic file writes that are correct on Linux, macOS and Windows.

Every file the tool writes goes through `atomic_write`: the bytes go to a temporary
file in the same folder, in binary mode (so no line ending is changed), are flushed
to disk and renamed into place, so a crash or a full disk leaves the old file or the
new one, never half of one. Files are 0600 and folders 0700 on POSIX; on Windows the
user's profile's access control protects the data folder.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .errors import StoreError

# The largest checklist, contacts, answers or settings file read (a mebibyte).
MAX_FILE_BYTES = 1024 * 1024
# The largest record, draft or supervision file read: a walk writes a few kilobytes.
MAX_RECORD_BYTES = 16 * 1024 * 1024
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
WINDOWS = os.name == "nt"
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX: a link is refused, never followed
# What `link` says where the file system has no hard links (FAT, exFAT, many shares).
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV}
# How long to keep trying when another program (an antivirus scanner, a search
# indexer, a document open in Word) holds a file on Windows.
_RETRY_SECONDS = 1.0


def retrying(action: Callable[[], T]) -> T:
    """Run a file operation, retrying briefly on Windows while another program holds the file."""
    if not WINDOWS:
        return action()
    deadline = time.monotonic() + _RETRY_SECONDS
    while True:
        try:
            return action()
        except PermissionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def ensure_private_dir(path: Path) -> None:
    """Create a folder (and parents) readable by the user alone, whatever the umask."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"Cannot create the folder {folder}: {exc.strerror}.") from None
        if not WINDOWS:
            os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is filtered by the umask


def _fsync_dir(folder: Path) -> None:
    if WINDOWS:
        return  # folders cannot be opened for syncing there; NTFS journals renames
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _place_new(tmp: Path, path: Path) -> None:
    """Move `tmp` to `path`, which must not exist yet (FileExistsError if it does).

    A hard link refuses to replace a file; where the file system has no hard links
    (FAT and exFAT sticks, many network shares, Windows), the name is reserved
    with an exclusive create and the temporary file renamed over the reservation.
    """
    if not WINDOWS:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
        else:
            os.unlink(tmp)
            return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, PRIVATE_FILE)
    os.close(fd)
    try:
        retrying(lambda: os.replace(tmp, path))
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `path` all at once or not at all, as a private file.

    Without `overwrite`, an existing file is never replaced (FileExistsError).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, PRIVATE_FILE)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, PRIVATE_FILE)  # the umask may have narrowed os.open's mode
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if overwrite:
            retrying(lambda: os.replace(tmp, path))
        else:
            _place_new(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


class Busy(Exception):  # noqa: N818 - named for the state of the file
    """Another thinkfamily holds the lock."""


def _try_lock(fd: int) -> bool:
    """Lock an open file for this process alone, without waiting; False if another holds it.
    The lock goes when the file is closed, even when the process is killed."""
    try:
        if WINDOWS:
            import msvcrt  # noqa: PLC0415 - Windows only

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        else:
            import fcntl  # noqa: PLC0415 - POSIX only

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if WINDOWS and exc.errno in (errno.EACCES, errno.EDEADLK):
            return False
        # A file system without locks (some network shares): go on unlocked rather than
        # refuse to work there at all.
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


@contextlib.contextmanager
def lock(path: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold `path` (a private, empty lock file) for the block, and remove it after; Busy if
    another process holds it for longer than `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _BINARY | _NOFOLLOW, PRIVATE_FILE)
        try:
            if _try_lock(fd):
                if _same_file(fd, path):
                    break
                # The holder before removed the file as we opened it: open the new one.
            elif time.monotonic() >= deadline:
                raise Busy(str(path))  # noqa: TRY301 - closed just below
            else:
                time.sleep(0.05)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        if WINDOWS:
            # Windows deletes no open file, so close first; a process that opens the file
            # between the two keeps it open, and then this removal is refused, harmlessly.
            os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
        else:  # removed while held, so a waiter that opened it sees it was replaced
            with contextlib.suppress(OSError):
                path.unlink()
            os.close(fd)


# How long a temporary file of an atomic write can be in use; one older was left by a
# process that was killed mid-write.
_STALE_SECONDS = 600.0
TMP_SUFFIX = ".tmp"


def stale_temporary(folder: Path, name: str) -> bool:
    """Whether `name` in `folder` is an atomic write's temporary file left by a crash: its
    process is gone, or it is older than any write takes."""
    if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
        return False
    pid = name[: -len(TMP_SUFFIX)].rpartition(".")[2]
    if not WINDOWS and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, OverflowError, ValueError):
            pass
    try:
        return time.time() - os.lstat(folder / name).st_mtime > _STALE_SECONDS
    except OSError:
        return False


def remove_stale_temporaries(folder: Path, names: list[str]) -> None:
    """Remove the temporary files a killed process left among `names` (copies of a record
    or a draft that no command would ever list or delete)."""
    for name in names:
        if stale_temporary(folder, name):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


# A \uD800-\uDFFF escape not in a high-low pair: JSON allows it, but no file can hold it.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def json_data(raw: bytes) -> Any:
    """The data of a JSON file; ValueError for bytes that are not UTF-8 JSON, for nesting
    too deep to read, and for text with a lone surrogate (which could not be written out
    again, not even to the index)."""
    if b"\\u" in raw and _LONE_SURROGATE.search(raw):
        msg = "it holds text with a lone surrogate escape"
        raise ValueError(msg)
    try:
        return json.loads(raw)
    except RecursionError:
        msg = "it is nested too deeply"
        raise ValueError(msg) from None


class TooLargeError(ValueError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the file is {size:,} bytes; files over {limit:,} bytes are refused")


def read_limited(path: Path, limit: int | None) -> bytes:
    """A regular file's bytes, refused (TooLargeError) past `limit` before any is read;
    OSError for a folder, a device (`/dev/zero` never ends) or a FIFO (which would wait
    for a writer for ever: it is opened without waiting, then refused)."""
    fd = os.open(path, os.O_RDONLY | _BINARY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if limit is not None and info.st_size > limit:
            raise TooLargeError(info.st_size, limit)
        raw = _read_to_end(fd, info.st_size, limit)
    finally:
        os.close(fd)
    if limit is not None and len(raw) > limit:  # it grew while it was read
        raise TooLargeError(len(raw), limit)
    return raw


def _read_to_end(fd: int, size: int, limit: int | None) -> bytes:
    """The bytes of an open file of `size` bytes, and no more than one past `limit` (to
    show that it grew too large). The first read asks for the whole file and one byte
    more: a buffer of `limit` bytes for each small record would cost more than reading it."""
    parts: list[bytes] = []
    total = 0
    want = size + 1
    while limit is None or total <= limit:
        part = os.read(fd, want if limit is None else min(want, limit + 1 - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
        want = 1 << 16  # the end, or what was added while it was read
    return b"".join(parts)


def read_regular(path: Path) -> bytes:
    """A regular file's bytes, whatever their size (the tool's own index and logs); OSError
    for anything else, without waiting on a FIFO or reading a device."""
    return read_limited(path, None)


def json_bytes(data: Any, *, indent: int | None = 2) -> bytes:
    separators = None if indent else (",", ":")
    text = json.dumps(data, indent=indent, ensure_ascii=False, separators=separators)
    return (text + "\n").encode("utf-8")


def write_json(path: Path, data: Any, *, overwrite: bool = True, indent: int | None = 2) -> None:
    atomic_write(path, json_bytes(data, indent=indent), overwrite=overwrite)


def remove(path: Path) -> bool:
    """Delete a file; False if it was not there."""
    try:
        retrying(path.unlink)
    except FileNotFoundError:
        return False
    return True


class SideFile(Generic[M]):
    """A file the tool keeps beside the data (a log, a cache), as one pydantic model: read
    whole, and None when it is missing, unreadable or not of its model (it only helps, so a
    damaged one is written afresh); written whole and atomically, and a write that fails is
    no error."""

    def __init__(self, path: Path, model: type[M]) -> None:
        self.path = path
        self.model = model

    def load(self) -> M | None:
        try:
            return self.model.model_validate_json(read_regular(self.path))
        except (OSError, ValueError):
            return None

    def save(self, value: M) -> None:
        with contextlib.suppress(OSError, StoreError):
            ensure_private_dir(self.path.parent)
            atomic_write(self.path, value.model_dump_json(by_alias=True).encode("utf-8"))
