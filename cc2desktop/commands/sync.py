"""Sync commands: ``serve``, ``server …`` (admin), ``device enrol``, ``sync`` (+ ``status``,
``export``, ``import``, ``claim``) and ``demo simulate``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from cc2desktop.cli import Context
from cc2desktop.commands.base import DB_HELP, add_pin_options, read_pin


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run the hub / central sync server")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; a LAN hub uses 0.0.0.0)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    p.add_argument("--data-dir", dest="serve_data_dir", metavar="DIR", help="the server's data directory")
    p.add_argument("--packs", metavar="DIR", help="folder of .cc2pack files to offer (default: DATA_DIR/packs)")
    p.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDRESS",
                   help="a reverse proxy in front of the hub whose X-Forwarded-For names the client (repeatable; "
                        "by default the header is ignored)")
    p.set_defaults(func=serve)

    p = sub.add_parser("server", help="server administration (enrolment codes, statistics, revocation)")
    ssub = p.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    for name, fn, hlp in (("enrolment-code", enrolment_code, "print a new device enrolment code"),
                          ("stats", server_stats, "events, learners, devices, certificates stored"),
                          ("revoke", server_revoke, "revoke a device's token"),
                          ("admin-password", server_admin_password,
                           "set or reset the password of the admin page (/admin/); signs every browser out")):
        q = ssub.add_parser(name, help=hlp)
        q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
        q.set_defaults(func=fn)
        if name == "enrolment-code":
            q.add_argument("--label", help="what the code is for (shown on the admin page)")
            q.add_argument("--centre", help="the centre whose PCs use it (their learners' figures by centre)")
            q.add_argument("--uses", type=int, default=1, help="how many PCs may use it (default 1)")
            q.add_argument("--days", type=int, default=7, help="valid for this many days (default 7)")
        if name == "stats":
            q.add_argument("--json", action="store_true")
        if name == "revoke":
            q.add_argument("device", metavar="DEVICE_ID")

    p = sub.add_parser("device", help="this PC's enrolment with a server")
    dsub = p.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    q = dsub.add_parser("enrol", help="enrol this PC with a server using a code from its administrator")
    q.add_argument("url", metavar="URL")
    q.add_argument("--code", required=True)
    q.add_argument("--name", help="a name for this PC (shown to the administrator)")
    q.set_defaults(func=device_enrol)
    q = dsub.add_parser("pairing-code", help="this PC's pairing code (a facilitator compares it before "
                                             "importing this PC's USB bundles)")
    q.set_defaults(func=device_pairing_code)

    p = sub.add_parser("sync", help="push this PC's events and pull what the server holds (or an action)")
    p.set_defaults(func=sync_now)
    ysub = p.add_subparsers(dest="sync_command", metavar="ACTION")
    q = ysub.add_parser("status", help="pending and synced events, last sync, last error")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=sync_status)
    q = ysub.add_parser("refused", help="events the server refused, kept aside on this PC (list, export, send again)")
    q.add_argument("--json", action="store_true")
    q.add_argument("--export", metavar="FILE", help="write them whole, with their reasons, to a JSON file")
    q.add_argument("--release", action="store_true", help="put them back in the queue for the next sync")
    q.set_defaults(func=sync_refused)
    q = ysub.add_parser("export", help="write a signed USB bundle of this PC's unsynced events")
    q.add_argument("dir", metavar="DIR")
    q.add_argument("--code", help="enrolment code, for a PC that syncs only by USB (first bundle)")
    q.add_argument("--claim", action="append", default=[], metavar="LEARNER_CODE:PIN",
                   help="bring a learner's account to this PC (sealed for the server; repeatable; prefer "
                        "--claims-stdin: a command line is visible to others)")
    q.add_argument("--claims-stdin", action="store_true",
                   help="read LEARNER_CODE:PIN lines from standard input (as --claim)")
    q.set_defaults(func=sync_export)
    q = ysub.add_parser("import", help="forward a PC's bundle (writes the reply next to it) or apply a reply")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--db", metavar="FILE|URL", help="import straight into this server database (on the hub): "
                                                    "a SQLite file path or a database URL")
    q.set_defaults(func=sync_import)
    q = ysub.add_parser("claim", help="\"I already have an account\": bring a learner's history to this PC")
    q.add_argument("code", metavar="LEARNER_CODE")
    add_pin_options(q, required=True, help="the learner's PIN")
    q.set_defaults(func=sync_claim)

    p = sub.add_parser("demo", help="demo data")
    msub = p.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    q = msub.add_parser("simulate", help="fill the data dir with realistic learner activity")
    q.add_argument("--learners", type=int, default=20)
    q.add_argument("--days", type=int, default=14)
    q.add_argument("--seed", type=int, default=0)
    q.add_argument("--course", default="demo-intro-civictech")
    q.add_argument("--countries", type=int, default=None, metavar="N",
                   help="learners from N countries (default 15, up to 24)")
    q.add_argument("--campaigns", default="", metavar="CODE,CODE",
                   help="campaign codes given to about a third of the new learners (femmes…: to women only)")
    q.add_argument("--claimed", action="store_true",
                   help="learners claimed on this PC (sync claim) also study here, after the new ones")
    q.set_defaults(func=demo_simulate)


def db_url_of(args: argparse.Namespace, ctx: Context) -> str:
    """``--db`` as a URL or a plain SQLite file path; default: server.sqlite3 in the data dir."""
    from cc2desktop.server.db import resolve_db_url

    return resolve_db_url(getattr(args, "db", None), getattr(args, "serve_data_dir", None) or ctx.paths.root)


def open_hub(args: argparse.Namespace, ctx: Context):  # noqa: ANN202
    from cc2desktop.core.errors import CCError

    try:
        from cc2desktop.server.hub import Hub
    except ImportError as exc:
        raise CCError(f"the server needs the 'server' extra (pip install cc2desktop[server]): {exc.name}") from exc
    try:
        hub = Hub(db_url_of(args, ctx))
    except CCError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable database: one line
        raise CCError(f"cannot open the server database: {type(exc).__name__}: {exc}") from exc
    from cc2desktop.server.relay.upstream import attach as attach_upstream, refuse_grading_keys

    if attach_upstream(hub):  # a centre's hub: grading stays at the central server
        try:
            refuse_grading_keys(hub, getattr(args, "courses", None), getattr(args, "key", None),
                                Path(getattr(args, "serve_data_dir", None) or ctx.paths.root))
        except CCError:
            hub.close()
            raise
        return hub
    from cc2desktop.commands.certification import attach_certification

    attach_certification(hub, args, ctx)  # grade exam claims as they are stored (push or USB import)
    return hub


def serve(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.errors import CCError

    try:
        import uvicorn

        from cc2desktop.server.app import create_app, uvicorn_options
    except ImportError as exc:
        raise CCError(f"the server needs the 'server' extra (pip install cc2desktop[server]): {exc.name}") from exc
    from cc2desktop.core import filemodes

    root = filemodes.private_dir(Path(args.serve_data_dir or ctx.paths.root))
    log_path = root / "server.log"
    filemodes.create_private_file(log_path)
    _log_to_file(log_path)
    hub = open_hub(args, ctx)
    packs = Path(args.packs) if args.packs else root / "packs"
    app = create_app("", hub=hub, packs_dir=packs, trusted_proxies=args.trusted_proxy)
    from cc2desktop.server import admin, checks
    from cc2desktop.server.certification import add_routes

    add_routes(app)  # GET /verify/<code>
    certifier = getattr(hub, "certifier", None)
    cfg = checks.ServeConfig(data_dir=root, packs_dir=packs, courses_dir=getattr(certifier, "courses_dir", None),
                             host=args.host, port=args.port, public_url=getattr(args, "public_url", None),
                             log_path=log_path)
    site = admin.mount(app, cfg)
    say = sys.stderr.write
    say(f"cc2desktop hub on http://{args.host}:{args.port}/api/v1/health (packs from {packs}; log {log_path})\n")
    say(f"admin page: {cfg.address()}/admin/\n")
    checks.announce(checks.config_warnings(hub, cfg), say)
    setup_code = site.auth.new_setup_code()
    if setup_code:
        line = (f"first start: open {cfg.address()}/admin/ and type the setup code {setup_code} "
                "to choose the admin password")
        say(line + "\n")
        logging.getLogger("cc2desktop.server").warning(line)

    from cc2desktop.server import background

    # a centre's hub relays to the central server; --lrs forwards statements as they arrive
    stop_background = background.start(hub, relay_interval=getattr(args, "relay_interval", 60.0),
                                       lrs=getattr(args, "lrs", None), lrs_auth=getattr(args, "lrs_auth", None),
                                       iri_base=getattr(args, "iri_base", None),
                                       home_page=getattr(args, "home_page", None), say=say)
    from cc2desktop.server.runtime import tune_collector

    tune_collector()  # the modules and app loaded so far frozen out of the collector; server thresholds
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", **uvicorn_options())
    finally:
        stop_background()
    return 0


def _log_to_file(path: Path) -> None:
    """The server's log file (warnings and what the server decides), beside its data."""
    from logging.handlers import RotatingFileHandler

    handler = RotatingFileHandler(path, maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    top = logging.getLogger("cc2desktop")
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.ERROR)  # a bug is still seen on the console
    top.addHandler(handler)
    top.addHandler(console)
    top.setLevel(logging.INFO)
    top.propagate = False  # the console gets the one-line messages serve prints itself


def enrolment_code(args: argparse.Namespace, ctx: Context) -> int:
    hub = open_hub(args, ctx)
    try:
        print(hub.new_enrolment_code(uses=max(1, args.uses), ttl_days=max(1, args.days), label=args.label,
                                     centre=args.centre))
    finally:
        hub.close()
    return 0


def server_stats(args: argparse.Namespace, ctx: Context) -> int:
    hub = open_hub(args, ctx)
    try:
        st = hub.stats()
    finally:
        hub.close()
    if args.json:
        print(json.dumps(st))
    else:
        for k, v in st.items():
            print(f"{k}: {v}")
    return 0


def server_revoke(args: argparse.Namespace, ctx: Context) -> int:
    hub = open_hub(args, ctx)
    try:
        hub.revoke(args.device)
    finally:
        hub.close()
    print(f"revoked {args.device}")
    return 0


def server_admin_password(args: argparse.Namespace, ctx: Context) -> int:
    """Typed twice at a terminal, else the first line of stdin."""
    from cc2desktop.core.errors import ValidationError
    from cc2desktop.server.admin.auth import AdminAuth, AdminError

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("new admin password: ")
        if getpass.getpass("the same again: ") != password:
            raise ValidationError("the two passwords differ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    hub = open_hub(args, ctx)
    try:
        AdminAuth(hub).set_password(password)
    except AdminError as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    finally:
        hub.close()
    print("admin password set; every browser is signed out")
    return 0


def device_enrol(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.sync.client import SyncClient

    out = SyncClient(ctx.kit()).enrol(args.url, args.code, args.name)
    print(f"enrolled as device {out['device_id']} with {out['server_url']}")
    return 0


def sync_now(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.sync.client import SyncClient

    def progress(stage: str, n: int, _total: int) -> None:
        sys.stderr.write(f"\r{stage}: {n} events")
        sys.stderr.flush()

    from cc2desktop.core.sync.facade import report_changes

    client = SyncClient(ctx.kit(), progress=progress)
    try:
        rep = client.sync()
    finally:
        ctx.kit().changed(report_changes(client.report))  # e.g. a renamed learner: the start-up cache
    sys.stderr.write("\n")
    print(f"pushed {rep.pushed}, refused {rep.rejected}, pulled {rep.pulled}, items {rep.items}")
    return 0


def sync_status(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.sync.client import status

    st = status(ctx.kit())
    if args.json:
        print(json.dumps({k: st[k] for k in ("pending", "synced", "last_sync", "last_error")}))
    else:
        print(f"server: {st['server_url'] or 'not enrolled'}")
        print(f"pending: {st['pending']}  synced: {st['synced']}  refused: {st['rejected']}")
        print(f"last sync: {st['last_sync'] or 'never'}")
        if st["last_error"]:
            print(f"last error: {st['last_error']}")
    return 0


def sync_refused(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.sync import client as C

    kit = ctx.kit()
    rows = C.refused_events(kit)
    if args.export:
        print(C.export_refused(kit, Path(args.export)))
    if args.release:
        sys.stderr.write(f"{C.release_refused(kit)} event(s) will be sent again at the next sync\n")
    elif args.json:
        print(json.dumps(rows, ensure_ascii=False))
    elif not args.export:
        for r in rows:
            print(f"{r['created_at'][:16]}  {r['learner_name'] or r['learner_id']}  {r['type']}  {r['reason']}  "
                  f"({r['size']} bytes)  {r['id']}")
        if not rows:
            print("no refused event")
    return 0


def sync_export(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.sync.client import SyncClient

    from cc2desktop.core.errors import ValidationError

    claims = []
    lines = [ln.strip() for ln in sys.stdin.read().splitlines() if ln.strip()] if args.claims_stdin else []
    for c in [*args.claim, *lines]:
        code, sep, pin = c.partition(":")
        if not sep or not pin:
            raise ValidationError(f"--claim wants LEARNER_CODE:PIN, got {c!r}")
        claims.append((code, pin))
    path = SyncClient(ctx.kit()).export_bundle(Path(args.dir), code=args.code, claims=claims)
    print(path)
    return 0


def sync_import(args: argparse.Namespace, ctx: Context) -> int:
    if args.db:
        hub = open_hub(args, ctx)
        try:
            src = Path(args.file)
            from cc2desktop.core.sync import bundles

            reply = hub.import_bundle(bundles.read_file(src))
        finally:
            hub.close()
        from cc2desktop.core.sync.bundles import SUFFIX

        out = src.with_name(src.name.removesuffix(SUFFIX) + ".reply" + SUFFIX)
        out.write_bytes(reply)
        print(out)
        return 0
    from cc2desktop.core.sync.client import SyncClient

    from cc2desktop.core.sync.facade import report_changes

    client = SyncClient(ctx.kit())
    res = client.import_bundle(Path(args.file))
    ctx.kit().changed(report_changes(client.report))
    if res["kind"] == "push":
        print(res["reply"])
    else:
        print(f"acknowledged {res['acked']}, refused {res['rejected']}, received {res['pulled']} events"
              + "".join(f"; {n} is now on this PC" for n in res["claimed"])
              + "".join(f"; account not brought ({e})" for e in res["claim_errors"]))
    return 0


def sync_claim(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.sync.client import SyncClient

    from cc2desktop.core.sync.facade import report_changes

    client = SyncClient(ctx.kit())
    p = client.claim(args.code, read_pin(args) or "")
    ctx.kit().changed(report_changes(client.report))
    print(f"{p['display_name']} ({p['code']}) is now on this PC")
    return 0


def demo_simulate(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.sync.simulate import simulate

    r = simulate(ctx.kit(), args.learners, args.days, seed=args.seed, course_id=args.course,
                 countries=args.countries, campaigns=[c for c in args.campaigns.split(",") if c.strip()],
                 claimed=args.claimed)
    print(json.dumps({"learners": r.learners, "women": r.women, "events": r.events, "by_type": r.by_type}))
    return 0


def device_pairing_code(args: argparse.Namespace, ctx: Context) -> int:
    print(ctx.kit().sync.pairing_code())
    return 0
