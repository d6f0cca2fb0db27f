"""Split packs: a ``.cc2pack`` cut into parts small enough for a FAT32 stick (no file of 4 GiB or more).

    course.cc2pack.parts.json    the index: {"format": "cc2pack-parts", "version": 1, "name":
                                 "course.cc2pack", "size": N, "part_size": P,
                                 "parts": [{"name": "course.cc2pack.001", "size": …, "sha256": …}, …]}
    course.cc2pack.001, .002, …  the pack's bytes, in order

Installing reads the parts in place as one file (:class:`JoinedFile`): nothing is reassembled on
disk, so a 10 GiB course needs no 10 GiB of scratch space. What proves the content is still the
pack's signed manifest (every file's SHA-256, checked as it streams); the parts' own hashes let the
stick doctor name the damaged part. An interrupted install resumes: the files already verified
into the store are kept (``service.install_pack``), the next run fetches only the rest.

``install_pack`` accepts the index, any part, or a folder holding one split pack.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from cc2desktop.core.errors import CCError
from cc2desktop.core.packs.progress import Cancelled, Meter, ProgressCallback, as_cancel

FORMAT = "cc2pack-parts"
INDEX_SUFFIX = ".parts.json"
FAT32_MAX_FILE = 4 * 1024**3 - 1  # the largest file FAT32 can hold
DEFAULT_PART_SIZE = 1024**3  # 1 GiB: small enough to copy and repair one part at a time
MIN_PART_SIZE = 64 * 1024
MAX_PARTS = 999
MAX_INDEX_BYTES = 256 * 1024
CHUNK = 1024 * 1024
_PART_RX = re.compile(r"^(?P<name>.+)\.(?P<n>\d{3})$")


class PartsError(CCError):
    code = "pack_parts"


@dataclass(frozen=True)
class Part:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PartsIndex:
    path: Path  # the index file
    name: str  # the whole pack's file name
    size: int
    part_size: int
    parts: tuple[Part, ...]

    @property
    def folder(self) -> Path:
        return self.path.parent

    def part_path(self, part: Part) -> Path:
        return self.folder / part.name

    def files(self) -> list[Path]:
        return [self.path, *(self.part_path(p) for p in self.parts)]


def index_name(pack_name: str) -> str:
    return pack_name + INDEX_SUFFIX


def is_index(path: Path) -> bool:
    return path.name.lower().endswith(".cc2pack" + INDEX_SUFFIX)


def part_name(pack_name: str, i: int) -> str:
    return f"{pack_name}.{i:03d}"


def find_index(source: Path) -> Path | None:
    """The parts index that ``source`` designates (the index itself, one of its parts, or a folder
    holding exactly one split pack); None when ``source`` is an ordinary pack file."""
    source = Path(source)
    if source.is_dir():
        found = sorted(p for p in source.iterdir() if is_index(p) and p.is_file())
        if not found:
            raise PartsError(f"no split pack (*.cc2pack{INDEX_SUFFIX}) in {source}")
        if len(found) > 1:
            raise PartsError(f"several split packs in {source}: name one of "
                             + ", ".join(p.name for p in found))
        return found[0]
    if is_index(source):
        return source
    m = _PART_RX.match(source.name)
    if m and m.group("name").lower().endswith(".cc2pack"):
        idx = source.with_name(index_name(m.group("name")))
        if idx.is_file():
            return idx
        raise PartsError(f"{source.name} is part of a split pack but {idx.name} is not beside it")
    return None


def read_index(path: Path) -> PartsIndex:
    """Parse and check an index (names, sizes, order); a one-line PartsError otherwise."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_INDEX_BYTES + 1)
    except OSError as exc:
        raise PartsError(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_INDEX_BYTES:
        raise PartsError(f"{path.name} is too large to be a parts index")
    try:
        d = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PartsError(f"{path.name} is not a valid parts index (damaged?): {exc}") from None
    if not isinstance(d, dict) or d.get("format") != FORMAT or d.get("version") != 1:
        raise PartsError(f"{path.name} is not a cc2pack parts index (format {FORMAT} version 1)")
    name, size, part_size, parts = d.get("name"), d.get("size"), d.get("part_size"), d.get("parts")
    if (not isinstance(name, str) or not name.lower().endswith(".cc2pack") or "/" in name or "\\" in name
            or path.name != index_name(name)):
        raise PartsError(f"{path.name}: bad pack name in the index")
    if not (isinstance(size, int) and size > 0 and isinstance(part_size, int) and part_size >= 1
            and isinstance(parts, list) and 0 < len(parts) <= MAX_PARTS):
        raise PartsError(f"{path.name}: bad sizes or part list in the index")
    out = []
    total = 0
    for i, p in enumerate(parts, 1):
        if not (isinstance(p, dict) and p.get("name") == part_name(name, i) and isinstance(p.get("size"), int)
                and 0 < p["size"] <= part_size and isinstance(p.get("sha256"), str)
                and re.fullmatch(r"[0-9a-f]{64}", p["sha256"])):
            raise PartsError(f"{path.name}: part {i} is badly described in the index")
        out.append(Part(p["name"], p["size"], p["sha256"]))
        total += p["size"]
    if total != size:
        raise PartsError(f"{path.name}: the parts add up to {total} bytes, the index says {size}")
    return PartsIndex(path, name, size, part_size, tuple(out))


def split_pack(pack: Path, out_dir: Path, *, part_size: int = DEFAULT_PART_SIZE,
               progress: ProgressCallback | None = None, cancel: Any = None) -> PartsIndex:
    """Cut ``pack`` into parts of ``part_size`` bytes in ``out_dir`` (each written under a temporary
    name, then renamed; the index last). Returns the index."""
    pack, out_dir = Path(pack), Path(out_dir)
    if not MIN_PART_SIZE <= part_size <= FAT32_MAX_FILE:
        raise PartsError(f"part size must be between {MIN_PART_SIZE} and {FAT32_MAX_FILE} bytes")
    is_cancelled = as_cancel(cancel)
    try:
        size = pack.stat().st_size
    except OSError as exc:
        raise PartsError(f"cannot read {pack.name}: {exc.strerror or exc}") from exc
    n = max(1, -(-size // part_size))
    if n > MAX_PARTS:
        raise PartsError(f"{pack.name} would need {n} parts (limit {MAX_PARTS}): choose larger parts")
    out_dir.mkdir(parents=True, exist_ok=True)
    meter = Meter(progress, "split", size)
    parts = []
    with open(pack, "rb") as src:
        for i in range(1, n + 1):
            name = part_name(pack.name, i)
            meter.item = name
            tmp = out_dir / (name + ".part")
            h = hashlib.sha256()
            written = 0
            try:
                with open(tmp, "wb") as dst:
                    while written < part_size:
                        b = src.read(min(CHUNK, part_size - written))
                        if not b:
                            break
                        dst.write(b)
                        h.update(b)
                        written += len(b)
                        meter.add(len(b))
                        if is_cancelled():
                            raise Cancelled()
                    dst.flush()
                    os.fsync(dst.fileno())
                os.replace(tmp, out_dir / name)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            parts.append({"name": name, "size": written, "sha256": h.hexdigest()})
    index = {"format": FORMAT, "version": 1, "name": pack.name, "size": size, "part_size": part_size, "parts": parts}
    idx_path = out_dir / index_name(pack.name)
    tmp = idx_path.with_name(idx_path.name + ".part")
    tmp.write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, idx_path)
    meter.finish()
    return read_index(idx_path)


def verify_parts(index: PartsIndex, progress: Callable[[int], None] | None = None) -> list[str]:
    """Names of the parts that are missing, of the wrong size or whose SHA-256 differs."""
    bad = []
    for p in index.parts:
        path = index.part_path(p)
        try:
            if path.stat().st_size != p.size:
                bad.append(p.name)
                continue
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                while b := fh.read(CHUNK):
                    h.update(b)
                    if progress:
                        progress(len(b))
            if h.hexdigest() != p.sha256:
                bad.append(p.name)
        except OSError:
            bad.append(p.name)
    return bad


class JoinedFile(io.RawIOBase):
    """The parts of a split pack read as one seekable file (what ``zipfile`` needs). Every part must
    be present with its indexed size, checked when opened (a clear error before any work)."""

    def __init__(self, index: PartsIndex) -> None:
        super().__init__()
        self.index = index
        self._starts: list[int] = []
        pos = 0
        for i, p in enumerate(index.parts, 1):
            path = index.part_path(p)
            try:
                actual = path.stat().st_size
            except OSError:
                raise PartsError(f"part {i} of {len(index.parts)} is missing: {p.name}") from None
            if actual != p.size:
                raise PartsError(f"part {i} of {len(index.parts)} ({p.name}) has {actual} bytes, "
                                 f"the index says {p.size} (copy it again)")
            self._starts.append(pos)
            pos += p.size
        self._size = pos
        self._pos = 0
        self._fh: Any = None
        self._open_i = -1

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        new = base + offset
        if new < 0:
            raise ValueError("negative seek position")
        self._pos = new
        return new

    def _part_at(self, pos: int) -> int:
        lo, hi = 0, len(self._starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def readinto(self, buf: Any) -> int:
        if self._pos >= self._size:
            return 0
        i = self._part_at(self._pos)
        if i != self._open_i:
            if self._fh is not None:
                self._fh.close()
            self._fh = open(self.index.part_path(self.index.parts[i]), "rb")
            self._open_i = i
        off = self._pos - self._starts[i]
        want = min(len(buf), self.index.parts[i].size - off)
        self._fh.seek(off)
        n = self._fh.readinto(memoryview(buf)[:want])
        if not n:
            raise PartsError(f"{self.index.parts[i].name} is shorter than the index says")
        self._pos += n
        return n

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        super().close()


def open_pack_file(path: Path) -> tuple[Any, str]:
    """An open binary file for a pack given as a file, or as a split pack (index, part, folder);
    and the name to show for it."""
    idx = find_index(Path(path))
    if idx is None:
        return open(path, "rb"), Path(path).name
    index = read_index(idx)
    # A small buffer: opening a pack reads every member's 30-byte local header, and a resumed
    # install must not pull a whole CHUNK of an already installed part for each; content is read
    # in CHUNKs, which go past the buffer.
    return io.BufferedReader(JoinedFile(index), buffer_size=io.DEFAULT_BUFFER_SIZE), index.name
