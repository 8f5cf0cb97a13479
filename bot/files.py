"""Facts about a file on disk for the audit trail: size and sha256, never its contents."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileFacts:
    bytes: int
    sha256: str


def file_facts(path: Path) -> FileFacts:
    """Hash in chunks so a 1 GB file costs 1 MB of memory."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileFacts(bytes=size, sha256=digest.hexdigest())
