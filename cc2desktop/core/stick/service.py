"""Lay out, check and repair a USB stick (``cc2desktop usb prepare|verify|repair``).

Layout::

    STICK/
      LISEZMOI.txt                      short FR/EN instructions
      cc2stick.json                     the signed manifest of every file below (written last)
      Connexions-Citoyennes/            the app, in portable mode
        cc2desktop(.exe), _internal/    the one-folder build
        cc2desktop-portable             the marker: data lives in cc2data/ beside it
        cc2desktop.sh                   Linux: starts the app even where the stick's files are not
                                        executable (FAT sticks mounted "showexec")
        cc2data/                        made at first start (learner data: never in the manifest)
      packs/                            course packs: X.cc2pack, or split: X.cc2pack.parts.json + .001…

Everything is checked before the first byte is written: FAT32/exFAT names, case collisions, paths
too long for Windows, files of 4 GiB or more (packs that large are split into parts), and the free
space (counting the stick's cluster size). Every file is written under a temporary name, flushed,
then renamed; the manifest is removed first and written last, so an interrupted preparation never
leaves a stick that looks complete.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from cc2desktop import __version__
from cc2desktop.core import crypto, system
from cc2desktop.core.jobs import Job
from cc2desktop.core.packs import parts as partsmod
from cc2desktop.core.paths import PORTABLE_DATA_DIRNAME, PORTABLE_MARKER
from cc2desktop.core.stick import manifest as mf
from cc2desktop.core.stick.manifest import Entry, StickError
from cc2desktop.core.stick.rules import layout_problems

APP_DIR = "Connexions-Citoyennes"
PACKS_DIR = "packs"
README = "LISEZMOI.txt"
LAUNCHER = "cc2desktop.sh"
TMP_SUFFIX = ".cc2tmp"
CHUNK = 1024 * 1024
#: FAT directory entries, the manifest and a little slack, on top of the files' clusters.
SPACE_MARGIN = 2 * 1024 * 1024

README_TEXT = """\
Connexions Citoyennes — clé USB
================================

FRANÇAIS
- Windows : ouvrez le dossier Connexions-Citoyennes, puis double-cliquez sur cc2desktop.exe.
- Linux : ouvrez un terminal et tapez : sh /chemin/de/la/cle/Connexions-Citoyennes/cc2desktop.sh
- Vos données (profils, progression) restent sur la clé, dans Connexions-Citoyennes/cc2data.
  Ne retirez pas la clé pendant que l'application est ouverte.
- Installer un cours sur un autre PC : Fichier > Installer un cours depuis une clé USB, dossier packs.
- Une clé abîmée ? Un animateur peut la vérifier : cc2desktop usb verify CLE
  et la réparer : cc2desktop usb repair CLE --from DOSSIER_OU_AUTRE_CLE

ENGLISH
- Windows: open the Connexions-Citoyennes folder, then double-click cc2desktop.exe.
- Linux: open a terminal and type: sh /path/to/the/stick/Connexions-Citoyennes/cc2desktop.sh
- Your data (profiles, progress) stays on the stick, in Connexions-Citoyennes/cc2data.
  Do not pull the stick out while the app is open.
- To install a course on another PC: File > Install a course from a USB stick, folder packs.
- A damaged stick? A facilitator can check it: cc2desktop usb verify STICK
  and repair it: cc2desktop usb repair STICK --from FOLDER_OR_OTHER_STICK
""".replace("\n", "\r\n")  # Notepad on old Windows wants CRLF

MARKER_TEXT = "Portable mode: the data lives in cc2data/ beside this file.\r\n"

#: Linux launcher. FAT sticks are often mounted with only *.exe marked executable ("showexec"):
#: then the app's launcher is copied to a temporary folder (with a link to the libraries on the
#: stick) and started from there; CC2_LAUNCHER_DIR keeps the data on the stick (portable mode).
LAUNCHER_TEXT = """\
#!/bin/sh
# Starts Connexions Citoyennes from this folder (portable mode: data in cc2data/ beside it).
here=$(cd "$(dirname "$0")" && pwd)
export CC2_LAUNCHER_DIR="$here"
if [ -x "$here/cc2desktop" ]; then
  exec "$here/cc2desktop" "$@"
fi
run=$(mktemp -d "${TMPDIR:-/tmp}/cc2desktop.XXXXXX") || exit 1
cp "$here/cc2desktop" "$run/cc2desktop" && chmod 700 "$run/cc2desktop" || exit 1
ln -s "$here/_internal" "$run/_internal" || exit 1
"$run/cc2desktop" "$@"
status=$?
rm -rf "$run"
exit $status
"""


@dataclass
class Item:
    """One file to write on the stick."""

    rel: str
    size: int
    src: Path | None = None  # copied from this file…
    offset: int = 0  # …from this byte (a part of a split pack)
    data: bytes | None = None  # …or this content
    index_of: partsmod.PartsIndex | None = None  # a split pack's index (written after its parts)
    split: dict | None = None  # for an index written here: {"name", "size", "part_size", "parts": [Item]}
    sha256: str = ""  # once written


@dataclass
class Plan:
    stick: Path
    items: list[Item]
    app_dir: str | None
    stale: list[Path] = field(default_factory=list)  # files of an earlier layout to remove
    needed: int = 0
    free: int = 0
    trust: list[Any] = field(default_factory=list)  # publisher keys to trust in the stick's data folder

    @property
    def total_bytes(self) -> int:
        return sum(i.size for i in self.items)


def _report(job: Job | None, done: float, total: float | None, text: str) -> None:
    if job is not None:
        job.progress(done, total, text)
        job.check()


# --- plan -------------------------------------------------------------------------------------
def _app_files(app: Path) -> list[tuple[str, Path]]:
    """The build's files, relative to it; links, a running stick's own data and temporary files left out."""
    out = []
    for dirpath, dirnames, filenames in os.walk(app):
        d = Path(dirpath)
        if d == app:
            dirnames[:] = [n for n in dirnames if n != PORTABLE_DATA_DIRNAME]
        dirnames[:] = sorted(n for n in dirnames if n != "__pycache__")
        for name in sorted(filenames):
            if d == app and name in (PORTABLE_MARKER, LAUNCHER):
                continue
            if name.endswith(TMP_SUFFIX):
                continue
            p = d / name
            if p.is_symlink():
                # FAT cannot store links; the build's links (Linux: _internal/libQt6*.so.6 →
                # PySide6/Qt/lib/…, ~90 MB if copied as files) are not needed: each library finds
                # its neighbours through its own RUNPATH
                continue
            out.append((p.relative_to(app).as_posix(), p))
    return out


def _check_app(app: Path) -> None:
    names = {p.name for p in app.iterdir()} if app.is_dir() else set()
    if not ({"cc2desktop", "cc2desktop.exe"} & names) or "_internal" not in names:
        raise StickError(f"{app} is not a build of the app (no cc2desktop executable and _internal/ folder): "
                         "make one with `bash packaging/dev.sh build`", code="stick_app")


def _pack_sources(packs: Path) -> list[Path]:
    """Packs of a folder: ``*.cc2pack`` files and split packs' indexes (their parts follow them)."""
    if not packs.is_dir():
        raise StickError(f"{packs} is not a folder of course packs", code="stick_packs")
    found = sorted(p for p in packs.iterdir() if p.is_file() and (
        p.name.lower().endswith(".cc2pack") or partsmod.is_index(p)))
    if not found:
        raise StickError(f"no course pack (*.cc2pack) in {packs}", code="stick_packs")
    return found


def _plan_pack(src: Path, part_size: int, split_above: int, trusted: dict[str, Any], plan: Plan) -> list[Item]:
    """Items for one pack (split when too large for FAT32); the pack is opened to be sure it is one."""
    from cc2desktop.core.packs.packfile import PackReader

    try:
        with PackReader(src, None) as r:
            key_id = r.signature.key_id
            name = r.name
    except Exception as exc:
        msg = getattr(exc, "message", None) or str(exc)
        raise StickError(f"{src.name} is not a valid course pack: {msg}", code="stick_packs") from None
    if key_id in trusted:
        plan.trust.append(trusted[key_id])
    base = f"{PACKS_DIR}/"
    if partsmod.is_index(src):  # already split: copy the index and its parts as they are
        index = partsmod.read_index(src)
        return [Item(base + p.name, p.size, src=index.part_path(p)) for p in index.parts] + [
            Item(base + src.name, src.stat().st_size, src=src)]
    size = src.stat().st_size
    if size <= split_above:
        return [Item(base + name, size, src=src)]
    n = -(-size // part_size)
    items = [Item(base + partsmod.part_name(name, i + 1), min(part_size, size - i * part_size), src=src,
                  offset=i * part_size) for i in range(n)]
    index_item = Item(base + partsmod.index_name(name), 200 + 120 * n,
                      split={"name": name, "size": size, "part_size": part_size, "parts": items})
    return [*items, index_item]


def plan(stick: Path, *, app: Path | None = None, packs: Path | None = None,
         part_size: int = partsmod.DEFAULT_PART_SIZE, split_above: int = partsmod.FAT32_MAX_FILE,
         trusted: dict[str, Any] | None = None, space: system.DiskSpace | None = None) -> Plan:
    """What ``prepare`` would write, checked against the FAT rules and the free space. Raises
    StickError before anything is written. Packs larger than ``split_above`` bytes are split into
    parts of ``part_size``. ``space``: the stick's free space and cluster size (read from the stick
    when None)."""
    stick = Path(stick)
    if not stick.is_dir():
        raise StickError(f"{stick} is not a folder (the stick must be plugged in and mounted)", code="stick_missing")
    if app is None and packs is None:
        raise StickError("nothing to put on the stick: give --app BUILD_DIR and/or --packs DIR", code="stick_empty")
    p = Plan(stick, [], APP_DIR if app is not None else None)
    if app is not None:
        app = Path(app)
        _check_app(app)
        if stick.resolve() in [app.resolve(), *app.resolve().parents]:
            raise StickError("the stick cannot be inside the app's folder", code="stick_app")
        for rel, src in _app_files(app):
            p.items.append(Item(f"{APP_DIR}/{rel}", src.stat().st_size, src=src))
        p.items.append(Item(f"{APP_DIR}/{PORTABLE_MARKER}", len(MARKER_TEXT.encode()), data=MARKER_TEXT.encode()))
        if (app / "cc2desktop").exists():
            p.items.append(Item(f"{APP_DIR}/{LAUNCHER}", len(LAUNCHER_TEXT.encode()), data=LAUNCHER_TEXT.encode()))
    if packs is not None:
        for src in _pack_sources(Path(packs)):
            p.items.extend(_plan_pack(src, part_size, split_above, trusted or {}, p))
    p.items.append(Item(README, len(README_TEXT.encode()), data=README_TEXT.encode("utf-8")))

    problems = layout_problems([(i.rel, i.size) for i in p.items])
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise StickError(f"cannot be written on a FAT32/exFAT stick: {problems[0]}{more}", code="stick_layout")

    # files of an earlier preparation that this one does not write again
    planned = {i.rel.casefold() for i in p.items}
    try:
        old = mf.read(stick)
    except StickError:
        old = None
    if old is not None:
        p.stale = [stick / e.path for e in old.files if e.path.casefold() not in planned and (stick / e.path).is_file()]

    ds = space or system.disk_space(stick)
    replaced = sum(ds.allocated(_size_or_zero(stick / i.rel)) for i in p.items)
    replaced += sum(ds.allocated(_size_or_zero(f)) for f in [*p.stale, stick / mf.FILENAME])
    p.needed = sum(ds.allocated(i.size) for i in p.items) + ds.allocated(64 * 1024 + 150 * len(p.items))
    p.free = ds.free + replaced
    if p.needed + SPACE_MARGIN > p.free:
        raise StickError(f"not enough space on the stick: {p.needed / 1048576:.0f} MiB needed, "
                         f"{ds.free / 1048576:.0f} MiB free (nothing was written)", code="stick_space")
    return p


def _size_or_zero(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


# --- writing ----------------------------------------------------------------------------------
def _open_write(target: Path) -> Any:
    target.parent.mkdir(parents=True, exist_ok=True)
    return open(system.extended_path(target), "wb")


def _write_item(stick: Path, item: Item, progress: Callable[[int], None]) -> str:
    """Write one item under a temporary name, flush, rename; returns its SHA-256."""
    target = stick / item.rel
    tmp = target.with_name(target.name + TMP_SUFFIX)
    h = hashlib.sha256()
    try:
        with _open_write(tmp) as out:
            if item.data is not None:
                out.write(item.data)
                h.update(item.data)
                progress(len(item.data))
            else:
                assert item.src is not None
                with open(item.src, "rb") as src:
                    src.seek(item.offset)
                    left = item.size
                    while left > 0:
                        b = src.read(min(CHUNK, left))
                        if not b:
                            raise StickError(f"{item.src.name} changed while it was being copied", code="stick_io")
                        out.write(b)
                        h.update(b)
                        left -= len(b)
                        progress(len(b))
            out.flush()
            os.fsync(out.fileno())
        os.replace(system.extended_path(tmp), system.extended_path(target))
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    if item.rel.endswith((f"/{LAUNCHER}", f"{APP_DIR}/cc2desktop")) and hasattr(os, "chmod"):
        try:
            os.chmod(target, 0o755)  # where the file system keeps modes (ext4, exFAT with some mounts)
        except OSError:
            pass
    return h.hexdigest()


def prepare(stick: Path, *, app: Path | None = None, packs: Path | None = None, keys_dir: Path,
            part_size: int = partsmod.DEFAULT_PART_SIZE, split_above: int = partsmod.FAT32_MAX_FILE,
            trusted: dict[str, Any] | None = None, job: Job | None = None,
            space: system.DiskSpace | None = None) -> dict[str, Any]:
    """Lay out ``stick`` (see the module doc); returns a summary. ``keys_dir``: where this PC's stick
    signing key lives. ``trusted``: this PC's trusted publisher keys (a pack's publisher among them
    is trusted by the stick's app too)."""
    p = plan(stick, app=app, packs=packs, part_size=part_size, split_above=split_above, trusted=trusted,
             space=space)
    key = mf.signer_key(keys_dir)
    stick = p.stick
    (stick / mf.FILENAME).unlink(missing_ok=True)  # the stick is incomplete until the end
    for f in p.stale:
        f.unlink(missing_ok=True)
    total = p.total_bytes
    done = 0
    entries: list[Entry] = []
    t0 = time.monotonic()

    def progress(n: int, rel: str = "") -> None:
        nonlocal done
        done += n
        _report(job, done, total, rel)

    for item in p.items:
        if item.split is not None:  # the index of a pack split here, once its parts are written
            index = {"format": partsmod.FORMAT, "version": 1, "name": item.split["name"], "size": item.split["size"],
                     "part_size": item.split["part_size"],
                     "parts": [{"name": Path(i.rel).name, "size": i.size, "sha256": i.sha256}
                               for i in item.split["parts"]]}
            item.data = (json.dumps(index, indent=1) + "\n").encode("utf-8")
            item.size = len(item.data)
        item.sha256 = _write_item(stick, item, functools.partial(progress, rel=item.rel))
        entries.append(Entry(item.rel, item.size, item.sha256))
    if p.app_dir and p.trust:
        from cc2desktop.core.packs import keys as keymod
        from cc2desktop.core.paths import DataPaths

        data = DataPaths(stick / p.app_dir / PORTABLE_DATA_DIRNAME, "portable")
        for pub in p.trust:
            if pub.key_id != keymod.demo_public_key().key_id:
                keymod.trust(data, pub)
    doc = mf.document(entries, key=key, app_dir=p.app_dir, packs_dir=PACKS_DIR,
                      created_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), app_version=__version__)
    _write_item(stick, Item(mf.FILENAME, 0, data=mf.dump(doc)), lambda n: None)
    return {"stick": str(stick), "files": len(entries), "bytes": total, "app": p.app_dir,
            "packs": sorted({e.path for e in entries if e.path.startswith(PACKS_DIR + "/")
                             and (e.path.endswith(".cc2pack") or e.path.endswith(partsmod.INDEX_SUFFIX))}),
            "signer": crypto.key_id(key), "seconds": round(time.monotonic() - t0, 1)}


# --- verify -----------------------------------------------------------------------------------
def _hash_file(path: Path, progress: Callable[[int], None], job: Job | None = None) -> str:
    h = hashlib.sha256()
    with open(system.extended_path(path), "rb") as fh:
        while b := fh.read(CHUNK):
            h.update(b)
            progress(len(b))
            if job is not None:
                job.check()
    return h.hexdigest()


def check_files(stick: Path, entries: Iterable[Entry], job: Job | None = None) -> list[dict[str, str]]:
    """Re-hash every entry: [{"path", "problem": missing | size | hash | unreadable}] for the bad ones."""
    entries = list(entries)
    total = sum(e.size for e in entries)
    done = 0
    bad = []

    def progress(n: int, rel: str) -> None:
        nonlocal done
        done += n
        _report(job, done, total, rel)

    for e in entries:
        path = Path(stick) / e.path
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            bad.append({"path": e.path, "problem": "missing"})
            progress(e.size, e.path)
            continue
        except OSError:
            bad.append({"path": e.path, "problem": "unreadable"})
            progress(e.size, e.path)
            continue
        if size != e.size:
            bad.append({"path": e.path, "problem": "size"})
            progress(e.size, e.path)
            continue
        try:
            sha = _hash_file(path, functools.partial(progress, rel=e.path), job)
        except OSError:
            bad.append({"path": e.path, "problem": "unreadable"})
            continue
        if sha != e.sha256:
            bad.append({"path": e.path, "problem": "hash"})
    return bad


def verify(stick: Path, *, known_signers: Iterable[str] = (), job: Job | None = None) -> dict[str, Any]:
    """Re-hash everything against the manifest. ``damaged`` names each bad file."""
    m = mf.read(Path(stick))
    damaged = check_files(Path(stick), m.files, job)
    return {"stick": str(stick), "ok": not damaged, "files": len(m.files), "bytes": sum(e.size for e in m.files),
            "damaged": damaged, "signer": m.signer, "signer_known": m.signer in set(known_signers),
            "created_at": m.created_at, "app_version": m.app_version}


# --- repair -----------------------------------------------------------------------------------
class _Source:
    """Good copies of files, looked up by content: a file at the same place on another stick, any
    file of the same size and SHA-256 anywhere under the source (a build folder, a packs folder…),
    a byte range of an unsplit pack for a part, or text the app writes itself."""

    def __init__(self, root: Path, job: Job | None) -> None:
        self.root = Path(root)
        self.job = job
        self._by_size: dict[int, list[Path]] | None = None
        self._by_name: dict[str, list[Path]] = {}
        self._hashes: dict[Path, str] = {}

    def _index(self) -> dict[int, list[Path]]:
        if self._by_size is None:
            self._by_size = {}
            for dirpath, dirnames, filenames in os.walk(self.root):
                dirnames[:] = [d for d in dirnames if d not in (PORTABLE_DATA_DIRNAME, "__pycache__")]
                for n in filenames:
                    f = Path(dirpath) / n
                    try:
                        if f.is_file():
                            self._by_size.setdefault(f.stat().st_size, []).append(f)
                            self._by_name.setdefault(n, []).append(f)
                    except OSError:
                        continue
        return self._by_size

    def _sha(self, path: Path) -> str | None:
        if path not in self._hashes:
            try:
                self._hashes[path] = _hash_file(path, lambda n: None, self.job)
            except OSError:
                return None
        return self._hashes[path]

    def find(self, e: Entry, stick: Path) -> Item | None:
        generated = {README: README_TEXT, PORTABLE_MARKER: MARKER_TEXT, LAUNCHER: LAUNCHER_TEXT}
        text = generated.get(Path(e.path).name)
        if text is not None and hashlib.sha256(text.encode("utf-8")).hexdigest() == e.sha256:
            return Item(e.path, e.size, data=text.encode("utf-8"))
        same_place = self.root / e.path
        candidates = [same_place] if same_place.is_file() else []
        candidates += [c for c in self._index().get(e.size, []) if c != same_place]
        for c in candidates:
            try:
                if c.stat().st_size == e.size and self._sha(c) == e.sha256:
                    return Item(e.path, e.size, src=c)
            except OSError:
                continue
        return self._from_whole_pack(e, stick)

    def _from_whole_pack(self, e: Entry, stick: Path) -> Item | None:
        """A part ``X.cc2pack.NNN``: its byte range of ``X.cc2pack`` if the source has that pack."""
        name = Path(e.path).name
        base, _, num = name.rpartition(".")
        if not (num.isdigit() and base.lower().endswith(".cc2pack")):
            return None
        try:
            index = partsmod.read_index(stick / Path(e.path).parent / partsmod.index_name(base))
        except partsmod.PartsError:
            return None
        self._index()
        i = int(num) - 1
        if not 0 <= i < len(index.parts) or index.parts[i].sha256 != e.sha256:
            return None
        for whole in self._by_name.get(base, []):
            try:
                if whole.stat().st_size != index.size:
                    continue
                h = hashlib.sha256()
                with open(whole, "rb") as fh:
                    fh.seek(i * index.part_size)
                    left = e.size
                    while left > 0:
                        b = fh.read(min(CHUNK, left))
                        if not b:
                            break
                        h.update(b)
                        left -= len(b)
                if h.hexdigest() == e.sha256:
                    return Item(e.path, e.size, src=whole, offset=i * index.part_size)
            except OSError:
                continue
        return None


def repair(stick: Path, source: Path, *, job: Job | None = None) -> dict[str, Any]:
    """Rewrite each damaged or missing file of ``stick`` from a good copy found in ``source`` (another
    stick, a build folder, a packs folder…), matched by SHA-256. A stick whose manifest is damaged or
    gone takes the source stick's manifest (when the source is a prepared stick)."""
    stick, source = Path(stick), Path(source)
    if not source.is_dir():
        raise StickError(f"{source} is not a folder or a stick", code="stick_source")
    manifest_from_source = False
    try:
        m = mf.read(stick)
    except StickError as exc:
        if exc.code not in ("stick_manifest", "stick_no_manifest"):
            raise
        try:
            m = mf.read(source)
        except StickError:
            raise exc from None
        manifest_from_source = True
    damaged = check_files(stick, m.files, job)
    src = _Source(source, job)
    repaired, unrepaired = [], []
    for i, bad in enumerate(damaged):
        e = m.entry(bad["path"])
        assert e is not None
        _report(job, i, len(damaged), e.path)
        item = src.find(e, stick)
        if item is None:
            unrepaired.append({**bad, "why": "no good copy in the source"})
            continue
        sha = _write_item(stick, item, lambda n: None)
        if sha != e.sha256:  # the source changed under us
            unrepaired.append({**bad, "why": "the copy did not match"})
            continue
        repaired.append(bad)
    if manifest_from_source and not unrepaired:
        raw = (source / mf.FILENAME).read_bytes()
        _write_item(stick, Item(mf.FILENAME, len(raw), data=raw), lambda n: None)
    return {"stick": str(stick), "source": str(source), "repaired": repaired, "unrepaired": unrepaired,
            "ok": not unrepaired, "manifest_restored": manifest_from_source and not unrepaired}
