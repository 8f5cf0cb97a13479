"""Facts about a file on disk for the audit trail: size and sha256, never its contents; and proof
that the file sent is the file that was checked."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileFacts:
    bytes: int
    sha256: str
    # Which file it was: device, inode, size and modification time, from the file that was hashed.
    identity: tuple[int, int, int, int] = (0, 0, 0, 0)
    # Whether the manifest's path was itself a link when checked (then the link may stay one).
    link: bool = False


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def file_facts(path: Path) -> FileFacts:
    """Hash in chunks so a 1 GB file costs 1 MB of memory; the identity comes from the open file."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        before = os.fstat(stream.fileno())
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    link = stat.S_ISLNK(os.lstat(path).st_mode)
    return FileFacts(bytes=size, sha256=digest.hexdigest(), identity=_identity(before), link=link)


def changed_since(path: Path, facts: FileFacts) -> str | None:
    """Why the file at `path` is no longer the one checked (swapped, appended to, replaced by a
    link, deleted), or None when it is the same file, untouched."""
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode) and not facts.link:
            return "it was replaced by a link to another file"
        info = os.stat(path)
    except FileNotFoundError:
        return "it no longer exists"
    except OSError as exc:
        return f"it can no longer be read ({exc.strerror})"
    if _identity(info) != facts.identity:
        return "it was replaced or changed (its size, time or inode differ)"
    return None


def changed_content(path: Path, facts: FileFacts) -> str | None:
    """The same check, and the bytes hashed again: what the site got must be what was checked."""
    moved = changed_since(path, facts)
    if moved is not None:
        return moved
    again = file_facts(path)
    if again.sha256 != facts.sha256:
        return "its bytes changed"
    return None
