"""What every importer shares: the refusal of one question, the report, and extracted images.

An importer yields :class:`Item` objects (a question in the course format, texts still in one
language, plus the images it shows) or :class:`Refusal` objects (the question's name, its line in
the source and a reason the author can act on). :class:`Refused` is raised inside a converter to
refuse the question at hand; anything else that goes wrong with one question is turned into a
refusal by :func:`guarded`, so one bad question never stops the others.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cc2desktop.core.errors import CCError

MAX_IMAGE_BYTES = 20 * 1024 * 1024  # one decoded image
MAX_IMAGES_BYTES = 300 * 1024 * 1024  # all images of one import
MAX_NAME = 80  # characters of a question name in a report


class QuizImportError(CCError):
    """The file as a whole cannot be read (not found, not this format, hostile XML, too large)."""

    code = "quiz_import"

    def __init__(self, message: str, *, line: int | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.line = line


class Refused(Exception):
    """Raised while converting one question: that question is refused with this reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Refusal:
    question: str
    line: int | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "line": self.line, "reason": self.reason}


@dataclass
class Item:
    """One imported question: ``question`` is course-format JSON whose texts are plain strings
    (one language); :func:`cc2desktop.core.quizimport.writer.localise` turns them into ``{lang: text}``."""

    question: dict[str, Any]
    name: str
    line: int | None
    source_type: str
    images: list["Blob"] = field(default_factory=list)
    idnumber: str | None = None
    category: str | None = None


def short_name(name: str | None, fallback: str = "") -> str:
    text = " ".join(str(name or "").split()) or fallback
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


# --- images ---------------------------------------------------------------------------------------
_MAGIC = [(b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
          (b"BM", "bmp")]


def sniff_image(head: bytes) -> str | None:
    for magic, ext in _MAGIC:
        if head.startswith(magic):
            return ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


@dataclass
class Blob:
    sha256: str
    size: int
    ext: str
    path: Path  # the temporary copy
    name: str = ""  # the name it had in the source

    @property
    def rel(self) -> str:
        """Its path in the output folder (relative to quiz.json)."""
        return f"images/{self.sha256[:24]}.{self.ext}"


class MediaError(Exception):
    pass


class BlobWriter:
    """Receives one image's bytes (or base64 text, streamed) into a temporary file while hashing."""

    def __init__(self, store: "MediaStore", name: str) -> None:
        self.store, self.name = store, name
        fd, tmp = tempfile.mkstemp(dir=store.dir, suffix=".part")
        self.fh: BinaryIO | None = os.fdopen(fd, "wb")
        self.tmp = Path(tmp)
        self.h = hashlib.sha256()
        self.size = 0
        self.head = b""
        self._b64 = ""
        self.error: str | None = None

    def write(self, data: bytes) -> None:
        if self.error or not data:
            return
        self.size += len(data)
        if self.size > MAX_IMAGE_BYTES or self.store.total + self.size > MAX_IMAGES_BYTES:
            self.error = f"image {self.name!r} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
            return
        if len(self.head) < 16:
            self.head += data[: 16 - len(self.head)]
        self.h.update(data)
        assert self.fh is not None
        self.fh.write(data)

    def feed_base64(self, text: str) -> None:
        """Base64 text as it arrives, in any chunks: decoded four characters at a time, so the
        encoded image is never held whole."""
        if self.error:
            return
        s = self._b64 + "".join(text.split())
        n = len(s) - len(s) % 4
        if n:
            try:
                self.write(base64.b64decode(s[:n], validate=True))
            except (binascii.Error, ValueError):
                self.error = f"image {self.name!r} is not valid base64"
        self._b64 = s[n:]

    def finish(self) -> Blob:
        if self._b64 and not self.error:
            tail = self._b64 + "=" * (-len(self._b64) % 4)
            try:
                self.write(base64.b64decode(tail, validate=True))
            except (binascii.Error, ValueError):
                self.error = f"image {self.name!r} is not valid base64"
            self._b64 = ""
        if self.fh is not None:
            self.fh.close()
            self.fh = None
        if self.error:
            self.tmp.unlink(missing_ok=True)
            raise MediaError(self.error)
        ext = sniff_image(self.head)
        if ext is None:
            self.tmp.unlink(missing_ok=True)
            raise MediaError(f"file {self.name!r} is not a PNG, JPEG, GIF, WebP or BMP image")
        return self.store._keep(self.tmp, self.h.hexdigest(), self.size, ext, self.name)

    def abort(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
        self.tmp.unlink(missing_ok=True)


class MediaStore:
    """Images extracted during one import, deduplicated by SHA-256 in a temporary folder."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="cc2-quizimport-"))
        self.blobs: dict[str, Blob] = {}
        self.total = 0

    def writer(self, name: str) -> BlobWriter:
        return BlobWriter(self, name)

    def add_bytes(self, name: str, data: bytes) -> Blob:
        w = self.writer(name)
        try:
            w.write(data)
            return w.finish()
        except BaseException:
            w.abort()
            raise

    def add_stream(self, name: str, fh: BinaryIO, chunk: int = 1 << 16) -> Blob:
        w = self.writer(name)
        try:
            while True:
                b = fh.read(chunk)
                if not b:
                    break
                w.write(b)
                if w.error:
                    break
            return w.finish()
        except BaseException:
            w.abort()
            raise

    def _keep(self, tmp: Path, sha: str, size: int, ext: str, name: str) -> Blob:
        if sha in self.blobs:
            tmp.unlink(missing_ok=True)
            return self.blobs[sha]
        final = self.dir / f"{sha}.{ext}"
        tmp.replace(final)
        self.total += size
        blob = Blob(sha, size, ext, final, name)
        self.blobs[sha] = blob
        return blob

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "MediaStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()
