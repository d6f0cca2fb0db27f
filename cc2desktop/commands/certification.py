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
    q = csub.add_parser("revocations", help="the certificate revocation lists this PC holds (offline checks)")
    q.add_argument("--import", dest="import_file", metavar="FILE", help="keep this signed list (from "
                   "'server revocations --out') if it is newer than the one held")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=certificate_revocations)

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
    q.add_argument("--revoke", metavar="CODE", help="revoke this certificate: its /verify page says so, and the "
                   "signed revocation list PCs receive (sync, USB replies) names it")
    q.add_argument("--reason", metavar="TEXT", help="why it is revoked (kept on the server)")
    q.add_argument("--key", metavar="FILE", help="the certificate issuer's key that signs the revocation list "
                   "(default: as serve: <data dir>/keys/certificate-issuer.key, else the DEMO key)")
    q.set_defaults(func=server_certificates)
    q = ssub.add_parser("revocations", help="the signed certificate revocation list (to put in a course pack)")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--key", metavar="FILE", help="the certificate issuer's key (default: as serve)")
    q.add_argument("--out", metavar="FILE", help="write the list there (default: print it)")
    q.set_defaults(func=server_revocations)
    q = ssub.add_parser("flags", help="answer-sharing flags for review (a flag never revokes anything)")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--status", choices=("open", "dismissed", "confirmed"), help="only flags in this state")
    q.add_argument("--review", metavar="FLAG_ID", help="record a person's conclusion on this flag (--set)")
    q.add_argument("--set", dest="set_status", choices=("open", "dismissed", "confirmed"), default="dismissed")
    q.add_argument("--note", metavar="TEXT", help="what the review found")
    q.add_argument("--rescan", action="store_true", help="look again at every graded sheet with today's answer "
                   "frequencies (sheets graded while a question had too few answers to count)")
    q.add_argument("--courses", metavar="DIR", help="with --rescan: the published courses (default: as serve)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=server_flags)

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
        sim.add_argument("--exam-behaviour", choices=("scripted", "cohort", "sharing"), default="scripted",
                         help="scripted: some all wrong, the others all right; cohort: an honest cohort; "
                              "sharing: learners copying one shared answer sheet (needs --exam-key)")
        sim.add_argument("--exam-start", metavar="ISO", help="when the simulated exams start (UTC; default now)")
        sim.add_argument("--exam-spread-h", type=float, default=1.0, metavar="H",
                         help="exams start within this many hours of --exam-start")
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
                               seed=getattr(args, "seed", 0) or 0, behaviour=args.exam_behaviour,
                               start=args.exam_start, spread_h=args.exam_spread_h)
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
    kit = ctx.kit() if ctx.paths.db_path.exists() else None  # codes and revocation lists live there
    res = verify_any(what, keys_dir=ctx.paths.keys_dir, kit=kit)
    if not res.valid and not res.revoked and res.source == "code" and args.server and pl.normalize_code(what):
        res = _verify_online(args.server, pl.normalize_code(what), res)
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
    elif res.valid or res.revoked:
        from cc2desktop.core.certification.document import conditions_text

        c = res.claims
        if res.revoked:
            print(f"REVOKED on {str(res.revoked_at)[:10]}: this certificate was withdrawn by the programme")
        else:
            print(f"VALID{' (DEMO key: a specimen, not a real certificate)' if res.demo else ''}")
        print(f"who: {c['name']}\nwhat: {c['course_title']} ({c['course_id']})\nwhen: {c['date']}\n"
              f"score: {c['score']}%\nexam: {conditions_text(bool(c.get('proctored')), 'en')}\ncode: {c['code']}")
        print(revocation_line(res))
    else:
        sys.stderr.write(f"cc2desktop: INVALID: {res.reason}\n")
    return 0 if res.valid else 1


def revocation_line(res) -> str:  # noqa: ANN001
    """What an offline check knows of revocation, and how old that knowledge is."""
    if res.source == "server":
        return "revocation: checked with the server just now"
    if res.list_issued_at is None:
        return "revocation: no revocation list on this PC: a revoked certificate cannot be recognised offline"
    got = f", received {res.list_received_at[:10]}" if res.list_received_at else f" (from a {res.list_source})"
    return f"revocation: list of {res.list_issued_at[:10]} ({res.list_age_days:g} days old{got})"


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


def certificate_revocations(args: argparse.Namespace, ctx: Context) -> int:
    kit = ctx.kit()
    if args.import_file:
        kept = kit.certification.import_revocations(Path(args.import_file)).value
        print("revocation list kept" if kept else "this PC already holds this list or a newer one")
    rows = kit.certification.revocation_status()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("no revocation list on this PC (it comes with sync, USB replies and course packs)")
    for r in rows if not args.json else []:
        print(f"issuer {r['issuer']}: list of {r['issued_at'][:10]} ({r['age_days']:g} days old), "
              f"{r['revoked']} revoked, from {r['source']}")
    return 0


def server_certificates(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server.certification import list_certificates

    engine, sdb = _server_db(args, ctx)
    try:
        if args.revoke:
            from cc2desktop.core.certification.keys import issuer_key
            from cc2desktop.server.certification import revoke
            from cc2desktop.server.hub import Hub

            key = issuer_key(ctx.paths.root, Path(args.key) if args.key else None)
            hub = Hub(sdb.resolve_db_url(args.db, ctx.paths.root))
            try:
                with hub.Session.begin() as s:
                    code = revoke(s, args.revoke, reason=args.reason, issuer_key=key, hub=hub)
            finally:
                hub.close()
            print(f"revoked {code} (the signed revocation list goes to every PC with its next sync or USB reply)")
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


def _server_db(args: argparse.Namespace, ctx: Context):  # noqa: ANN202
    """(engine, server db module) of ``--db``, migrated; one-line errors."""
    from cc2desktop.core.errors import CCError

    try:
        from cc2desktop.server import db as sdb
    except ImportError as exc:
        raise CCError(f"the server needs the 'server' extra (pip install cc2desktop[server]): {exc.name}") from exc
    url = sdb.resolve_db_url(args.db, ctx.paths.root)
    try:
        engine = sdb.make_server_engine(url)
        sdb.upgrade(engine)
    except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable database: one line
        detail = " ".join(str(exc).split())[:200]
        raise CCError(f"cannot open the server database: {type(exc).__name__}: {detail}") from exc
    return engine, sdb


def server_revocations(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.certification.keys import issuer_key
    from cc2desktop.server.revocations import build

    key = issuer_key(ctx.paths.root, Path(args.key) if args.key else None)
    engine, sdb = _server_db(args, ctx)
    try:
        with sdb.make_sessionmaker(engine)() as s:
            doc = build(s, key)
    finally:
        engine.dispose()
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"{args.out}: {len(doc['revoked'])} revoked certificate(s), list of {doc['issued_at']}")
    else:
        sys.stdout.write(text)
    return 0


def server_flags(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import sharing

    engine, sdb = _server_db(args, ctx)
    try:
        if args.review:
            with sdb.make_sessionmaker(engine).begin() as s:
                out = sharing.review(s, args.review, args.set_status, args.note)
            print(json.dumps(out) if args.json else f"flag {out['id']}: {out['status']}")
            return 0
        if args.rescan:
            from cc2desktop.server.certification import load_courses

            courses = load_courses(Path(args.courses) if args.courses else ctx.paths.root / "courses")
            with sdb.make_sessionmaker(engine).begin() as s:
                touched = sharing.rescan(s, courses)
            sys.stderr.write(f"{len(touched)} flag(s) created or extended\n")
        with sdb.make_sessionmaker(engine)() as s:
            rows = sharing.list_flags(s, status=args.status)
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no answer-sharing flag")
    for f in rows:
        print(f"{f['id'][:8]}  {f['status']:9}  {f['centre']}  {f['course']}  {len(f['claims'])} sheets  "
              f"from {f['claims'][0]['submitted_at'][:16]}")
        for c in f["claims"]:
            print(f"    {c['submitted_at'][:16]}  {c.get('name') or c['learner_id']}  {c.get('state') or 'pending'}"
                  f"{'' if c.get('score') is None else ' ' + str(c['score']) + '%'}  {c.get('code') or ''}")
        shared = sorted({tuple(x[:2]) for e in f["evidence"] for x in e["shared_wrong"]})
        print(f"    same unusual wrong answers: {', '.join(f'{q}={r}' for q, r in shared[:8])}")
    return 0
