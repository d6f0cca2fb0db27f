"""``usb prepare|verify|repair``: USB sticks that carry the app and course packs; ``desktop install|
remove``: the app in the applications menu and double-click on packs and sync files
(docs/distribution.md)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from cc2desktop.cli import Context
from cc2desktop.core.jobs import Job


def register(sub: argparse._SubParsersAction) -> None:
    u = sub.add_parser("usb", help="USB sticks: lay out the app and courses, check them, repair them")
    us = u.add_subparsers(dest="usb_command", metavar="ACTION", required=True)
    p = us.add_parser("prepare", help="put the app (portable mode) and course packs on a stick, with a signed "
                                      "manifest and a short FR/EN LISEZMOI.txt; checks names, sizes and free "
                                      "space before writing anything")
    p.add_argument("stick", metavar="STICK", help="the stick's folder (where it is mounted, e.g. E:\\ or /media/…)")
    p.add_argument("--app", metavar="BUILD_DIR", type=Path,
                   help="the one-folder build to copy (default: the build this command runs from, if any)")
    p.add_argument("--packs", metavar="DIR", type=Path, help="a folder of course packs (*.cc2pack, split packs)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=usb_prepare)
    p = us.add_parser("verify", help="re-hash everything on a stick against its manifest; names each damaged file")
    p.add_argument("stick", metavar="STICK")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=usb_verify)
    p = us.add_parser("repair", help="rewrite a stick's damaged or missing files from a good source")
    p.add_argument("stick", metavar="STICK")
    p.add_argument("--from", dest="source", required=True, metavar="DIR_OR_STICK",
                   help="another stick, the build folder, a folder of packs…: good copies are found by content")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=usb_repair)

    d = sub.add_parser("desktop", help="this user's applications menu and file associations (.cc2pack, .cc2sync)")
    ds = d.add_subparsers(dest="desktop_command", metavar="ACTION", required=True)
    p = ds.add_parser("install", help="add the app to the applications menu with its icon; double-click on a "
                                      "course pack or a sync file opens it in the app (which asks first)")
    p.set_defaults(func=desktop_install)
    p = ds.add_parser("remove", help="undo `desktop install`")
    p.set_defaults(func=desktop_remove)


class StderrJob(Job):
    """Progress of long work on stderr: one line at most every half second (in place on a terminal)."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self._last = 0.0
        self._tty = sys.stderr.isatty()
        self._shown = False

    def progress(self, done: float, total: float | None = None, text: str = "") -> None:
        now = time.monotonic()
        final = bool(total) and done >= (total or 0)
        if now - self._last < 0.5 and not final:
            return
        self._last = now
        mib = 1024 * 1024
        pct = f"{100 * done / total:3.0f}% " if total else ""
        line = f"{self.what}: {pct}{done / mib:.1f}/{(total or 0) / mib:.1f} MiB {text}"[:150]
        sys.stderr.write(("\r" + line.ljust(150)) if self._tty else line + "\n")
        sys.stderr.flush()
        self._shown = True

    def done(self) -> None:
        if self._tty and self._shown:
            sys.stderr.write("\n")


def usb_prepare(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.stick.facade import running_build

    app = args.app or running_build()
    job = StderrJob("prepare")
    try:
        r = ctx.kit().stick.prepare(args.stick, app=app, packs=args.packs, job=job)
    finally:
        job.done()
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
    else:
        what = ", ".join(([f"the app ({r['app']}/)"] if r["app"] else []) + r["packs"])
        print(f"prepared {r['stick']}: {what}; {r['files']} files, {r['bytes'] / 1048576:.1f} MiB, "
              f"manifest signed by {r['signer']}")
    return 0


def usb_verify(args: argparse.Namespace, ctx: Context) -> int:
    job = StderrJob("verify")
    try:
        r = ctx.kit().stick.verify(args.stick, job=job)
    finally:
        job.done()
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
    else:
        for d in r["damaged"]:
            print(f"damaged: {d['path']} ({_problem(d['problem'])})")
        signer = f"signed by {r['signer']}{'' if r['signer_known'] else ' (a PC this one does not know)'}"
        print(f"{'ok' if r['ok'] else 'DAMAGED'}: {r['files']} files, {r['bytes'] / 1048576:.1f} MiB checked; "
              f"{signer}, prepared {r['created_at']}")
    if not r["ok"]:
        n = len(r["damaged"])
        sys.stderr.write(f"cc2desktop: {n} damaged file{'s' if n > 1 else ''} on {args.stick} "
                         f"(repair: cc2desktop usb repair STICK --from DIR_OR_STICK)\n")
        return 1
    return 0


def _problem(code: str) -> str:
    return {"missing": "missing", "size": "wrong size", "hash": "content changed",
            "unreadable": "cannot be read"}.get(code, code)


def usb_repair(args: argparse.Namespace, ctx: Context) -> int:
    job = StderrJob("repair")
    try:
        r = ctx.kit().stick.repair(args.stick, args.source, job=job)
    finally:
        job.done()
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
    else:
        for d in r["repaired"]:
            print(f"repaired: {d['path']}")
        if r["manifest_restored"]:
            print("repaired: cc2stick.json (from the source stick)")
        for d in r["unrepaired"]:
            print(f"NOT repaired: {d['path']} ({d['why']})")
        if not r["repaired"] and not r["unrepaired"]:
            print("nothing to repair: every file is intact")
    if r["unrepaired"]:
        sys.stderr.write(f"cc2desktop: {len(r['unrepaired'])} file(s) could not be repaired from {args.source}\n")
        return 1
    return 0


def desktop_install(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core import desktop

    for what in desktop.install():
        print(what)
    return 0


def desktop_remove(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core import desktop

    removed = desktop.remove()
    for what in removed:
        print(what)
    if not removed:
        print("nothing to remove")
    return 0
