"""Programme figures on the server: ``server report`` (JSON, CSV, PDF) and ``server erase-learner``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from cc2desktop.cli import Context
from cc2desktop.commands.base import DB_HELP, subparsers_of


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from exc


def _server_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    server = sub.choices.get("server")
    ssub = subparsers_of(server) if server is not None else None
    if ssub is None:
        server = sub.add_parser("server", help="server administration")
        ssub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    return ssub


def register(sub: argparse._SubParsersAction) -> None:
    from cc2desktop.commands.facilitation import add_auth

    learner = sub.choices.get("learner")
    lsub = subparsers_of(learner) if learner is not None else None
    if lsub is not None:
        q = lsub.add_parser("erase", help="erase a learner on this PC and, at the next sync or USB exchange, "
                                          "everywhere (facilitators only)")
        q.add_argument("id", metavar="ID")
        q.add_argument("--json", action="store_true")
        add_auth(q)
        q.set_defaults(func=learner_erase)
    ssub = _server_actions(sub)
    q = ssub.add_parser("report", help="the programme's figures for funders (JSON, CSV or a one-page PDF)")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--format", choices=("json", "csv", "pdf"), default="json")
    q.add_argument("--out", metavar="FILE", help="write here (JSON and CSV default to stdout; a PDF needs it)")
    q.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD",
                   help="learners enrolled from this day (inclusive)")
    q.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD",
                   help="learners enrolled up to this day, and what they did until then (inclusive)")
    q.add_argument("--course", metavar="ID", help="only this course's progress, claims and certificates")
    q.add_argument("--public", action="store_true", help="counts of 1 to 4 people shown as \"<5\" "
                                                         "(CSV and PDF always are)")
    q.add_argument("--courses", metavar="DIR", help="published course packs (speakers, capsules, campaigns; "
                                                    "default: <data dir>/courses and <data dir>/packs)")
    q.set_defaults(func=server_report)
    q = ssub.add_parser("erase-learner", help="erase a learner everywhere (her PCs are told at their next sync); "
                                              "her certificate stays verifiable, without her name")
    q.add_argument("learner", metavar="LEARNER_ID")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=server_erase_learner)


def report_dirs(args: argparse.Namespace, ctx: Context) -> list[Path]:
    root = Path(getattr(args, "serve_data_dir", None) or ctx.paths.root)
    if getattr(args, "courses", None):
        return [Path(args.courses)]
    return [root / "courses", root / "packs"]


def server_report(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.commands.sync import open_hub
    from cc2desktop.core.errors import ValidationError
    from cc2desktop.core.reports import programme

    if args.format == "pdf" and not args.out:
        raise ValidationError("a PDF needs --out FILE.pdf", code="report_out")
    if args.start and args.end and args.start > args.end:
        raise ValidationError(f"--from {args.start} is after --to {args.end}", code="report_period")
    filters = programme.ReportFilters(args.start, args.end, args.course, args.public or args.format != "json")
    pub = programme.published(report_dirs(args, ctx))
    hub = open_hub(args, ctx)
    try:
        with hub.ReadSession() as s:
            report = programme.build(s.connection(), filters, pub)
    finally:
        hub.close()
    if args.format == "pdf":
        from cc2desktop.core.reports.programme_pdf import render

        sys.stdout.write(f"{render(report, Path(args.out))}\n")
        return 0
    data = programme.to_csv(report) if args.format == "csv" else json.dumps(report, ensure_ascii=False, indent=2)
    if args.out:
        out = Path(args.out)
        out.write_text(data if args.format == "json" else data, encoding="utf-8-sig" if args.format == "csv"
                       else "utf-8")
        sys.stdout.write(f"{out}\n")
    else:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
    return 0


def learner_erase(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.commands.facilitation import signin

    fs = signin(args, ctx)
    res = ctx.kit().learning.erase_learner(fs, args.id).value
    print(json.dumps(res) if args.json else f"erased {args.id} on this PC ({res['events']} events); "
          "the server and her other PCs follow at the next sync")
    return 0


def server_erase_learner(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.commands.sync import open_hub
    from cc2desktop.server.erase import erase_learner

    hub = open_hub(args, ctx)
    try:
        res = erase_learner(hub, args.learner)
    finally:
        hub.close()
    print(json.dumps(res) if args.json else f"erased {args.learner}: {res['events']} events, "
          f"{res['devices']} PC(s) to be told, {res['certificates']} certificate(s) kept without a name")
    return 0
