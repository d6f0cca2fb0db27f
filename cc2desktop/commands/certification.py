"""Certification commands: ``certificate list|export|status``, ``verify``, ``server certificates``
and the ``--certify K`` option of ``demo simulate``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cc2desktop.cli import Context
from cc2desktop.commands.base import DB_HELP, subparsers_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("certificate", help="certificates and exam claims on this PC")
    csub = p.add_subparsers(dest="certificate_command", metavar="ACTION", required=True)
    q = csub.add_parser("list", help="exam claims and the server's decisions (certified / not passed / pending)")
    q.add_argument("--learner", metavar="ID", help="only this learner")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(func=certificate_list)
    q = csub.add_parser("export", help="save a certificate as a PDF (A4, French or English)")
    q.add_argument("id", metavar="ID", help="certificate id or verification code")
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--lang", choices=("fr", "en"), default="fr")
    q.add_argument("--badge", metavar="FILE.jwt", help="also save the Open Badges 3.0 credential (VC-JWT)")
    q.set_defaults(func=certificate_export)
    q = csub.add_parser("status", help="a learner's eligibility checklist for a course")
    q.add_argument("--learner", required=True, metavar="ID")
    q.add_argument("--course", required=True, metavar="COURSE_ID")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=certificate_status)

    p = sub.add_parser("verify", help="check a certificate offline: a PDF file, its QR payload, its code "
                                      "or its Open Badges file (.jwt)")
    p.add_argument("what", metavar="FILE.pdf|PAYLOAD|CODE|FILE.jwt")
    p.add_argument("--json", action="store_true")
    p.add_argument("--server", metavar="URL", help="for a code not on this PC: ask this server's /verify page")
    p.set_defaults(func=verify)

    # ``server certificates``: beside the sync domain's ``server`` actions when they are registered
    server = sub.choices.get("server")
    ssub = subparsers_of(server) if server is not None else None
    if ssub is None:
        server = sub.add_parser("server", help="server administration")
        ssub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    q = ssub.add_parser("certificates", help="certificates and refusals decided by the server")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--learner", metavar="ID")
    q.add_argument("--json", action="store_true")
    q.add_argument("--revoke", metavar="CODE", help="revoke this certificate (its /verify page then says so)")
    q.set_defaults(func=server_certificates)

    # ``serve`` options of certification (the sync domain's ``serve`` calls attach_certification)
    serve = sub.choices.get("serve")
    if serve is not None:
        serve.add_argument("--courses", metavar="DIR",
                           help="published course packs (*.cc2pack) with their .exam-key.json "
                            "(default: <data dir>/courses)")
        serve.add_argument("--key", metavar="FILE", help="certificate-signing Ed25519 key, PEM (default: "
                           "<data dir>/keys/certificate-issuer.key, else the DEMO key)")
        serve.add_argument("--public-url", metavar="URL", help="this server's public address, printed on certificates")

    # ``demo simulate --certify K``: wraps the sync domain's simulation when it is registered
    demo = sub.choices.get("demo")
    dsub = subparsers_of(demo) if demo is not None else None
    sim = dsub.choices.get("simulate") if dsub is not None else None
    if sim is not None:
        sim.add_argument("--certify", type=int, default=0, metavar="K",
                         help="K simulated learners complete the course and submit exam claims (some failing)")
        sim.add_argument("--exam-key", metavar="FILE", help="the course's exam key (so that some claims pass)")
        inner = sim.get_default("func")
        sim.set_defaults(func=lambda args, ctx: _simulate_with_certify(inner, args, ctx))


def attach_certification(hub, args: argparse.Namespace, ctx: Context):  # noqa: ANN001, ANN201
    """Wire the grading hook into a hub opened by a CLI command (serve, sync import --db…)."""
    from cc2desktop.server.certification import attach

    root = Path(getattr(args, "serve_data_dir", None) or ctx.paths.root)
    courses = getattr(args, "courses", None)
    public = getattr(args, "public_url", None)
    if not public and getattr(args, "port", None):
        public = f"http://{getattr(args, 'host', '127.0.0.1')}:{args.port}"
    return attach(hub, courses_dir=Path(courses) if courses else root / "courses", data_dir=root,
                  key_path=Path(args.key) if getattr(args, "key", None) else None, public_url=public)


def _simulate_with_certify(inner, args: argparse.Namespace, ctx: Context) -> int:  # noqa: ANN001
    rc = inner(args, ctx) if inner is not None else 0
    if rc or not getattr(args, "certify", 0):
        return rc
    from cc2desktop.core.certification.simulate import simulate_certification
    from cc2desktop.core.errors import CCError

    from cc2desktop.core.packs.service import list_courses

    installed = [c["id"] for c in list_courses(ctx.kit())]
    course = getattr(args, "course", None)
    if course not in installed:
        if not installed:
            raise CCError("no course installed to certify (cc2desktop pack install FILE)")
        course = installed[0]
    r = simulate_certification(ctx.kit(), args.certify, course,
                               exam_key=Path(args.exam_key) if args.exam_key else None,
                               seed=getattr(args, "seed", 0) or 0)
    print(json.dumps({"certify": {"claims": r.claims, "meant_to_pass": r.meant_to_pass, "course": course}}))
    return 0


def certificate_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.certification.service import list_certificates

    rows = list_certificates(ctx.kit(), args.learner)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no exam claim on this PC")
    for r in rows:
        score = "" if r["score"] is None else f" {r['score']}%"
        extra = f" code {r['code']}" if r["code"] else (f" ({', '.join(r['reasons'])})" if r["reasons"] else "")
        print(f"{r['id']}  {r['learner_name'] or r['learner']}  {r['course']}  {r['state']}{score}{extra}")
    return 0


def certificate_export(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.certification.service import find_certificate, view_of

    d = find_certificate(ctx.kit(), args.id)
    view = view_of(d)
    if args.badge:
        from cc2desktop.core.errors import CCError

        if not d.badge:
            raise CCError("this certificate has no Open Badges credential (issued by an older server)")
        Path(args.badge).write_text(d.badge + "\n", encoding="ascii")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["cc2desktop", "-platform", "offscreen"])  # noqa: F841
    from cc2desktop.ui.certification.pdf import render_certificate_pdf

    out = render_certificate_pdf(view, Path(args.out), args.lang)
    print(out)
    return 0


def certificate_status(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.certification.service import eligibility

    e = eligibility(ctx.kit(), args.learner, args.course)
    if args.json:
        print(json.dumps(e, ensure_ascii=False, indent=2))
        return 0
    for i in e["items"]:
        print(f"[{'x' if i['done'] else ' '}] {i['kind']} {i['id']}")
    print(f"exam: {e['state']}, attempts left {e['attempts_left']}/{e['attempts_allowed']}")
    return 0


def verify(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.certification import payload as pl
    from cc2desktop.core.certification.service import verify_any

    what = args.what
    kit = None
    if not what.startswith(pl.PREFIX) and not what.lower().endswith(".pdf") and ctx.paths.db_path.exists():
        kit = ctx.kit()
    res = verify_any(what, keys_dir=ctx.paths.keys_dir, kit=kit)
    if not res.valid and res.source == "code" and args.server and pl.normalize_code(what):
        res = _verify_online(args.server, pl.normalize_code(what), res)
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
    elif res.valid:
        c = res.claims
        print(f"VALID{' (DEMO key: a specimen, not a real certificate)' if res.demo else ''}")
        print(f"who: {c['name']}\nwhat: {c['course_title']} ({c['course_id']})\nwhen: {c['date']}\n"
              f"score: {c['score']}%\ncode: {c['code']}")
    else:
        sys.stderr.write(f"cc2desktop: INVALID: {res.reason}\n")
    return 0 if res.valid else 1


def _verify_online(server: str, code: str, offline):  # noqa: ANN001, ANN202
    import requests

    from cc2desktop.core.certification import keys as keymod
    from cc2desktop.core.certification import payload as pl
    from cc2desktop.core.certification.service import VerifyResult

    try:
        r = requests.get(f"{server.rstrip('/')}/verify/{code}", params={"format": "json"}, timeout=(5, 15))
    except requests.RequestException as exc:
        return VerifyResult(False, f"{offline.reason}; the server could not be reached ({type(exc).__name__})", None,
                            source="server")
    if r.status_code != 200:
        return VerifyResult(False, "the server knows no valid certificate with this code", None, source="server")
    try:  # the server's answer is itself checked against the trusted keys
        trusted = keymod.trusted_issuers()
        claims = pl.verify(r.json()["payload"], trusted)
    except (ValueError, KeyError, pl.PayloadError) as exc:
        return VerifyResult(False, f"the server's answer does not verify: {exc}", None, source="server")
    if claims.code != code:
        return VerifyResult(False, "the server answered with another certificate", None, source="server")
    return VerifyResult(True, None, claims.as_dict(), keymod.is_demo_key(trusted[claims.issuer]), "server")


def server_certificates(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.errors import CCError

    try:
        from cc2desktop.server import db as sdb
        from cc2desktop.server.certification import list_certificates
    except ImportError as exc:
        raise CCError(f"the server needs the 'server' extra (pip install cc2desktop[server]): {exc.name}") from exc
    url = sdb.resolve_db_url(args.db, ctx.paths.root)
    try:
        engine = sdb.make_server_engine(url)
        sdb.upgrade(engine)
    except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable database: one line
        detail = " ".join(str(exc).split())[:200]
        raise CCError(f"cannot open the server database: {type(exc).__name__}: {detail}") from exc
    try:
        if args.revoke:
            from cc2desktop.server.certification import revoke

            with sdb.make_sessionmaker(engine).begin() as s:
                code = revoke(s, args.revoke)
            print(f"revoked {code}")
            return 0
        with sdb.make_sessionmaker(engine)() as s:
            rows = list_certificates(s, learner_id=args.learner)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        score = "" if r["score"] is None else f" {r['score']}%"
        extra = f" code {r['code']}" if r["code"] else f" ({', '.join(r['reasons'])})"
        print(f"{r['decided_at'][:16]}  {r['learner_name'] or r['learner']}  {r['course']}  {r['state']}{score}{extra}")
    if not rows:
        print("no claim decided yet")
    return 0
