"""Three tiers and open records: ``server upstream`` (enrol a centre's hub with the central server),
``server relay`` (one relay round now), ``server xapi export``; ``serve --relay-interval``,
``serve --lrs URL --lrs-auth USER:KEY`` and what ``serve`` runs in the background for them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

from cc2desktop.cli import Context
from cc2desktop.commands.base import DB_HELP


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    for a in parser._actions:  # noqa: SLF001 - argparse has no public accessor
        if isinstance(a, argparse._SubParsersAction):  # noqa: SLF001
            return a
    return None


def _server_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    server = sub.choices.get("server")
    ssub = _subparsers(server) if server is not None else None
    if ssub is None:
        server = sub.add_parser("server", help="server administration")
        ssub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    return ssub


def _db_options(q: argparse.ArgumentParser) -> None:
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--data-dir", dest="serve_data_dir", metavar="DIR", help="the server's data directory")


def register(sub: argparse._SubParsersAction) -> None:
    ssub = _server_actions(sub)
    q = ssub.add_parser("upstream", help="enrol this centre's hub with the central server (once): it then relays "
                                         "its PCs' events up and what concerns its learners down")
    q.add_argument("url", metavar="URL", help="the central server's address")
    q.add_argument("--code", required=True, help="a centre enrolment code from the central server "
                                                 "(cc2desktop server enrolment-code --for-hub)")
    q.add_argument("--name", help="this centre's name, as the central server shows it")
    _db_options(q)
    q.set_defaults(func=server_upstream)

    q = ssub.add_parser("relay", help="one relay round with the central server now (push up, pull down)")
    _db_options(q)
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.add_argument("--max-pages", type=int, metavar="N", help="stop after N pages each way (the rest next time)")
    q.set_defaults(func=server_relay)

    q = ssub.add_parser("xapi", help="learning records as xAPI 1.0.3 statements")
    xsub = q.add_subparsers(dest="xapi_command", metavar="ACTION", required=True)
    x = xsub.add_parser("export", help="write one xAPI statement per learning event to a JSON Lines file")
    x.add_argument("--db", metavar="FILE|URL", required=True, help=DB_HELP)
    x.add_argument("--out", required=True, metavar="FILE.jsonl")
    x.add_argument("--since", metavar="CURSOR", help="only events after this cursor (printed by the last export)")
    _xapi_options(x)
    x.set_defaults(func=xapi_export)

    ecode = ssub.choices.get("enrolment-code")
    if ecode is not None:
        ecode.add_argument("--for-hub", action="store_true",
                           help="a code for a centre's hub (cc2desktop server upstream), not for a PC")
        inner = ecode.get_default("func")
        ecode.set_defaults(func=lambda args, ctx: _centre_code(inner, args, ctx))

    serve = sub.choices.get("serve")
    if serve is not None:
        serve.add_argument("--relay-interval", type=float, default=60.0, metavar="SECONDS",
                           help="a centre's hub: seconds between relay rounds with the central server (default 60)")
        serve.add_argument("--lrs", metavar="URL", help="forward learning records to this xAPI LRS as they arrive "
                                                        "(its statements endpoint's base, e.g. https://lrs.example/xAPI)")
        serve.add_argument("--lrs-auth", metavar="USER:KEY", help="the LRS's HTTP Basic credentials")
        _xapi_options(serve)


def _xapi_options(p: argparse.ArgumentParser) -> None:
    from cc2desktop.server.xapi.statements import DEFAULT_HOME_PAGE, DEFAULT_IRI_BASE

    p.add_argument("--iri-base", default=DEFAULT_IRI_BASE, metavar="IRI",
                   help=f"base of activity ids (default {DEFAULT_IRI_BASE})")
    p.add_argument("--home-page", default=DEFAULT_HOME_PAGE, metavar="URL",
                   help=f"the programme's homePage in actors' accounts (default {DEFAULT_HOME_PAGE})")


def _centre_code(inner: Callable, args: argparse.Namespace, ctx: Context) -> int:
    if not getattr(args, "for_hub", False):
        return inner(args, ctx)
    from cc2desktop.commands.sync import open_hub

    hub = open_hub(args, ctx)
    try:
        print(hub.new_enrolment_code(uses=1, ttl_days=max(1, args.days), label=args.label,
                                     centre=args.centre, role="centre"))
    finally:
        hub.close()
    return 0


def server_upstream(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.commands.sync import open_hub
    from cc2desktop.server.relay import upstream

    hub = open_hub(args, ctx)
    try:
        if upstream.upstream_of(hub) is None:  # the central server, or a server holding an answer key: refused
            upstream.refuse_to_become_hub(hub, None, Path(args.serve_data_dir or ctx.paths.root))
        out = upstream.enrol(hub, args.url, args.code, args.name)
    finally:
        hub.close()
    print(f"this hub relays to {out['url']} as centre {out['centre_id']}")
    if not out["issuer_keys"]:
        sys.stderr.write("note: the central server named no certificate issuer key (it grades nothing yet)\n")
    return 0


def server_relay(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.commands.sync import open_hub
    from cc2desktop.server.relay import upstream

    from cc2desktop.server.runtime import tune_collector

    hub = open_hub(args, ctx)
    tune_collector()
    try:
        rep = upstream.Relay(hub, max_pages=args.max_pages).round()
    finally:
        hub.close()
    if args.json:
        print(json.dumps(rep.to_dict()))
    else:
        print(f"up: {rep.sent} events ({rep.stored} new at the central server, {rep.refused} refused), "
              f"{rep.devices} PCs, {rep.learners} learners, {rep.links} links; "
              f"down: {rep.received} events, {rep.items} items, {rep.backfilled} back-filled; "
              f"left: {rep.backlog_up} up, {rep.backlog_down} down"
              + ("; more next round" if rep.more else ""))
    return 0


def xapi_export(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.commands.sync import db_url_of
    from cc2desktop.server.xapi import export

    out = export.export_file(db_url_of(args, ctx), Path(args.out), since=args.since,
                             config=_xapi_config(args), progress=lambda n: sys.stderr.write(f"\r{n} statements"))
    sys.stderr.write("\n")
    print(json.dumps({"statements": out["statements"], "skipped": out["skipped"], "cursor": out["cursor"],
                      "out": str(args.out)}))
    return 0


def _xapi_config(args: argparse.Namespace) -> Any:
    from cc2desktop.server.xapi.statements import XapiConfig

    return XapiConfig(iri_base=args.iri_base, home_page=args.home_page)
