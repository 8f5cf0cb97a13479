"""Reading a multipart/form-data body in chunks: files go straight to disk, hashed as they arrive."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

_CHUNK = 256 * 1024


@dataclass
class UploadedFile:
    filename: str
    path: Path
    size: int
    sha256: str


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)


class _Collector:
    def __init__(self, spool_dir: Path) -> None:
        self.spool_dir = spool_dir
        self.form = Form()
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[str, bytes] = {}
        self._value = bytearray()
        self._stream: IO[bytes] | None = None
        self._digest: Any = None
        self._size = 0
        self._path: Path | None = None

    def on_part_begin(self) -> None:
        self._headers = {}
        self._value = bytearray()
        self._stream = None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.decode("latin-1").lower()] = self._header_value
        self._header_field = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get("content-disposition", b""))
        if b"filename" in params:
            # Kept open across callbacks until the part ends, so no context manager here.
            handle = tempfile.NamedTemporaryFile(dir=self.spool_dir, delete=False, prefix="upload-")  # noqa: SIM115
            self._stream = handle
            self._path = Path(handle.name)
            self._digest = hashlib.sha256()
            self._size = 0

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._stream is not None:
            self._stream.write(chunk)
            self._digest.update(chunk)
            self._size += len(chunk)
        else:
            self._value += chunk

    def on_part_end(self) -> None:
        _, params = parse_options_header(self._headers.get("content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if self._stream is not None and self._path is not None:
            self._stream.close()
            filename = params.get(b"filename", b"").decode("utf-8", "replace")
            self.form.files[name] = UploadedFile(filename, self._path, self._size, self._digest.hexdigest())
            self._stream = None
        else:
            self.form.fields[name] = self._value.decode("utf-8", "replace")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_form(content_type: str, body: Readable, length: int, spool_dir: Path) -> Form:
    """Parse a multipart body of `length` bytes from `body` without holding a file in memory."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise ValueError("multipart body without a boundary")
    collector = _Collector(spool_dir)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": collector.on_part_begin,
            "on_header_field": collector.on_header_field,
            "on_header_value": collector.on_header_value,
            "on_header_end": collector.on_header_end,
            "on_headers_finished": collector.on_headers_finished,
            "on_part_data": collector.on_part_data,
            "on_part_end": collector.on_part_end,
        },
    )
    remaining = length
    while remaining > 0:
        chunk = body.read(min(_CHUNK, remaining))
        if not chunk:
            raise ConnectionError("the upload stopped before its end")
        remaining -= len(chunk)
        parser.write(chunk)
    parser.finalize()
    return collector.form
