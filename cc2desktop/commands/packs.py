"""``keys new|trust|list`` and ``pack build|verify|install|list|remove|export|check|repair``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cc2desktop.cli import Context


def register(sub: argparse._SubParsersAction) -> None:
    k = sub.add_parser("keys", help="publisher keys (sign and trust course packs)")
    ks = k.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    p = ks.add_parser("new", help="create a publisher key pair (KEYFILE and KEYFILE.pub); prints the key id")
    p.add_argument("--out", required=True, metavar="KEYFILE")
    p.add_argument("--name", default="", help="publisher name stored in the key files")
    p.set_defaults(func=keys_new)
    p = ks.add_parser("trust", help="trust a publisher's public key for pack installs")
    p.add_argument("pubkey", metavar="PUBKEYFILE")
    p.set_defaults(func=keys_trust)
    p = ks.add_parser("list", help="list trusted publisher keys")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=keys_list)

    pk = sub.add_parser("pack", help="course packs: build, verify, install, list, remove, export")
    ps = pk.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    p = ps.add_parser("build", help="build a signed .cc2pack from a course source folder")
    p.add_argument("src", metavar="SRC_DIR")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--key", required=True, metavar="KEYFILE")
    p.set_defaults(func=pack_build)
    p = ps.add_parser("verify", help="check a pack: well-formed, every hash right, signed by a trusted key")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=pack_verify)
    p = ps.add_parser("install", help="install or update a course from a pack file, a split pack (its folder, "
                                      "index or any part) or a URL; an interrupted install resumes")
    p.add_argument("source", metavar="FILE_OR_DIR_OR_URL")
    p.add_argument("--allow-downgrade", action="store_true", help="accept an older version than the installed one")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=pack_install)
    p = ps.add_parser("list", help="installed courses")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=pack_list)
    p = ps.add_parser("remove", help="uninstall a course (learner progress is kept)")
    p.add_argument("course_id", metavar="COURSE_ID")
    p.set_defaults(func=pack_remove)
    p = ps.add_parser("export", help="write an installed course back to a pack file (e.g. onto a USB stick)")
    p.add_argument("course_id", metavar="COURSE_ID")
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(func=pack_export)
    p = ps.add_parser("split", help="cut a pack into parts for a FAT32 stick (no file of 4 GiB or more); "
                                    "`pack install` reads the parts in place")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--part-size", default="1G", metavar="SIZE", type=_size_arg,
                   help="bytes per part, e.g. 700M or 2G (default 1G; at most 4G minus one byte)")
    p.set_defaults(func=pack_split)
    p = ps.add_parser("check", help="re-hash the installed content and report damage")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=pack_check)
    p = ps.add_parser("repair", help="repair damaged content from a pack file")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=pack_repair)


def _size_arg(text: str) -> int:
    """``700M``, ``2G``, ``65536``: a size in bytes (K, M, G are powers of 1024)."""
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    mult = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(t[-1:], 1)
    try:
        value = float(t[:-1] if mult > 1 else t)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 700M, 2G)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    return int(value * mult)


def pack_split(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import parts

    prog = _StderrProgress()
    index = parts.split_pack(Path(args.file), Path(args.out), part_size=min(args.part_size, parts.FAT32_MAX_FILE),
                             progress=prog)
    prog.done()
    print(index.path)
    return 0


class _StderrProgress:
    """One progress line on stderr at most every half second (overwritten in place on a tty)."""

    def __init__(self) -> None:
        self._last = 0.0
        self._tty = sys.stderr.isatty()
        self._shown = False

    def __call__(self, p) -> None:  # noqa: ANN001
        now = time.monotonic()
        final = p.total and p.done >= p.total
        if now - self._last < 0.5 and not final:
            return
        self._last = now
        if self._tty:
            sys.stderr.write("\r" + p.line() + "   ")
            self._shown = True
        else:
            sys.stderr.write(p.line() + "\n")
        sys.stderr.flush()

    def done(self) -> None:
        if self._tty and self._shown:
            sys.stderr.write("\n")


def keys_new(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import keys

    key = keys.generate(args.name)
    priv, pub = keys.write_key_pair(key, args.out)
    print(key.key_id)
    sys.stderr.write(f"private key: {priv} (keep it secret)\npublic key: {pub} (give it to centres: keys trust)\n")
    return 0


def keys_trust(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import keys

    pub = keys.load_public(args.pubkey)
    keys.trust(ctx.kit().paths, pub)
    print(pub.key_id)
    return 0


def keys_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import keys

    found = keys.trusted_keys(ctx.kit().paths)
    rows = [{"key_id": k, "name": v.name, "demo": k == keys.demo_public_key().key_id} for k, v in found.items()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['key_id']}  {r['name']}")
    return 0


def pack_build(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs.build import build_pack

    prog = _StderrProgress()
    res = build_pack(args.src, args.out, args.key, progress=prog)
    prog.done()
    print(json.dumps({"file": str(res.path), "course_id": res.manifest.id, "version": res.manifest.version,
                      "size": res.size, "sha256": res.sha256, "key_id": res.key_id,
                      "exam_key": str(res.exam_key_path) if res.exam_key_path else None}, ensure_ascii=False))
    return 0


def pack_verify(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import service

    prog = _StderrProgress()
    m = service.verify_pack(ctx.kit(), args.file, progress=prog)
    prog.done()
    info = {"ok": True, "id": m.id, "version": m.version, "files": len(m.files), "size": m.total_size}
    print(json.dumps(info) if args.json
          else f"OK {m.id} {m.version}: {len(m.files)} files, {m.total_size} bytes, signature trusted")
    return 0


def pack_install(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import service

    prog = _StderrProgress()
    res = service.install_pack(ctx.kit(), args.source, progress=prog, allow_downgrade=args.allow_downgrade)
    prog.done()
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False))
    else:
        extra = f" (from {res.previous_version})" if res.previous_version and res.status == "updated" else ""
        print(f"{res.status}: {res.course_id} {res.version}{extra}; {res.files_fetched}/{res.files} files "
              f"written, {res.bytes_fetched} bytes")
    return 0


def pack_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import service

    courses = service.list_courses(ctx.kit())
    if args.json:
        print(json.dumps(courses, ensure_ascii=False, indent=2))
        return 0
    if not courses:
        print("no course installed")
    for c in courses:
        title = c["title"].get("fr") or next(iter(c["title"].values()))
        print(f"{c['id']}\t{c['version']}\t{title}\t{','.join(c['languages'])}")
    return 0


def pack_remove(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import service

    out = service.remove_course(ctx.kit(), args.course_id)
    print(f"removed {args.course_id}; {out['blobs_removed']} files ({out['bytes_freed']} bytes) freed")
    return 0


def pack_export(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs import service

    prog = _StderrProgress()
    path = service.export_course(ctx.kit(), args.course_id, args.out, progress=prog)
    prog.done()
    print(path)
    return 0


def pack_check(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.errors import CCError
    from cc2desktop.core.packs import service

    prog = _StderrProgress()
    rep = service.verify_store(ctx.kit(), progress=prog)
    prog.done()
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
    else:
        for d in rep["damaged"]:
            print(f"{d['problem']}: {', '.join(d['courses'])}: {d['paths'][0]}")
        print(f"checked {rep['checked']} files, {len(rep['damaged'])} damaged")
    if rep["damaged"]:
        raise CCError(f"{len(rep['damaged'])} damaged file(s): repair with `pack repair FILE`", code="pack_damaged")
    return 0


def pack_repair(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.errors import CCError
    from cc2desktop.core.packs import service

    prog = _StderrProgress()
    out = service.repair_from_pack(ctx.kit(), args.file, progress=prog)
    prog.done()
    print(f"repaired {len(out['repaired'])} file(s)")
    if out["still_damaged"]:
        raise CCError(f"{len(out['still_damaged'])} damaged file(s) are not in {args.file}", code="pack_damaged")
    return 0
