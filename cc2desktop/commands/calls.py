"""Calls for projects (docs/calls.md): ``call list|apply|status`` on a PC; ``server call create|list``
and ``server applications list|score|decide|export`` on the server."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cc2desktop.cli import Context
from cc2desktop.commands.base import DB_HELP, add_pin_options, read_pin, subparsers_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("call", help="calls for projects: list them, apply (certified learners), follow the status")
    csub = p.add_subparsers(dest="call_command", metavar="ACTION", required=True)
    q = csub.add_parser("list", help="the calls for projects of this PC's courses")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=call_list)
    q = csub.add_parser("apply", help="save a draft of, or submit, a learner's application")
    q.add_argument("--learner", required=True, metavar="ID")
    add_pin_options(q, help="the learner's PIN")
    q.add_argument("--call", required=True, metavar="CALL_ID")
    q.add_argument("--answers", required=True, metavar="FILE.json",
                   help="{field: answer}; a file field takes a path (relative to FILE.json)")
    q.add_argument("--draft", action="store_true", help="save as a draft on this PC (not sent)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=call_apply)
    q = csub.add_parser("status", help="a learner's applications and their status")
    q.add_argument("--learner", required=True, metavar="ID")
    add_pin_options(q, help="the learner's PIN")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=call_status)

    server = sub.choices.get("server")
    ssub = subparsers_of(server) if server is not None else None
    if ssub is None:
        server = sub.add_parser("server", help="server administration")
        ssub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    p = ssub.add_parser("call", help="publish calls for projects")
    csub = p.add_subparsers(dest="call_action", metavar="ACTION", required=True)
    q = csub.add_parser("create", help="check a call file and publish it to every PC of its course")
    q.add_argument("file", metavar="FILE.json")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=server_call_create)
    q = csub.add_parser("list", help="the calls published by this server")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=server_call_list)
    p = ssub.add_parser("applications", help="review the applications to a call")
    asub = p.add_subparsers(dest="applications_action", metavar="ACTION", required=True)
    q = asub.add_parser("list", help="the applications to a call (answers, scores, status)")
    q.add_argument("--call", metavar="ID")
    q.add_argument("--blind", action="store_true", help="without name, gender, country, category or centre")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=server_applications_list)
    q = asub.add_parser("score", help="a reviewer's score (0–100) of an application")
    q.add_argument("id", metavar="ID")
    q.add_argument("--reviewer", required=True, metavar="NAME")
    q.add_argument("--score", required=True, type=float, metavar="N")
    q.add_argument("--comment", metavar="TEXT")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=server_applications_score)
    q = asub.add_parser("decide", help="shortlist, select, waitlist or reject (the learner is told)")
    q.add_argument("id", metavar="ID")
    q.add_argument("--status", required=True, choices=("shortlisted", "selected", "waitlisted", "rejected"))
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=server_applications_decide)
    q = asub.add_parser("export", help="the reviewers' CSV sheet of a call")
    q.add_argument("--call", required=True, metavar="ID")
    q.add_argument("--blind", action="store_true", help="blind review: no name, gender, country, category or centre")
    q.add_argument("--out", metavar="FILE.csv", help="default: standard output")
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.set_defaults(func=server_applications_export)


def _print(value: Any, as_json: bool, text: str) -> int:
    sys.stdout.write((json.dumps(value, ensure_ascii=False) if as_json else text) + "\n")
    return 0


def _read_json(path: str, what: str) -> Any:
    from cc2desktop.core.errors import ValidationError

    p = Path(path)
    try:
        if p.stat().st_size > 4 * 1024 * 1024:
            raise ValidationError(f"{what} {p.name} is too large", code="bad_json")
        return json.loads(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ValidationError(f"cannot read {what} {p.name}: {exc.strerror or exc}", code="bad_json") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{what} {p.name} is not valid JSON: {str(exc).splitlines()[0][:120]}",
                              code="bad_json") from None


# --- the PC ----------------------------------------------------------------------------------------
def call_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.calls import service

    rows = service.list_calls(ctx.kit())
    text = "\n".join(f"{r['id']}\t{r['state']}\t{r['course']}\tcloses {r['closes']}\t{r['title']['fr']}"
                     for r in rows) or "no call for projects on this PC"
    return _print(rows, args.json, text)


def call_apply(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.calls import service

    answers = _read_json(args.answers, "answers file")
    res = service.apply(ctx.kit(), args.learner, read_pin(args), args.call, answers, draft=args.draft,
                        base_dir=Path(args.answers).resolve().parent)
    out = {"id": res["id"], "state": res["state"]}
    return _print(out, args.json, f"application {res['id']}: {res['state']}"
                  + (f" (version {res['version']}; it leaves with the next sync or USB stick)"
                     if res["state"] == "submitted" else ""))


def call_status(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.calls import service

    rows = service.status(ctx.kit(), args.learner, read_pin(args))
    text = "\n".join(f"{r['call']}\t{r['status']}\t{r['next_step']}" for r in rows) or "no application"
    return _print(rows, args.json, text)


# --- the server ------------------------------------------------------------------------------------
def _hub(args: argparse.Namespace, ctx: Context):  # noqa: ANN202
    from cc2desktop.commands.sync import open_hub

    return open_hub(args, ctx)


def server_call_create(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import calls

    doc = _read_json(args.file, "call file")
    from cc2desktop.core.calls.spec import check_call

    check_call(doc)  # before the database is opened: a bad file changes nothing
    hub = _hub(args, ctx)
    try:
        res = calls.create_call(hub, doc)
    finally:
        hub.close()
    return _print(res, args.json, f"call {res['id']} {res['state']} for the course {res['course']} "
                                  f"(broadcast {res['scope']} #{res['n']})")


def server_call_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import calls

    hub = _hub(args, ctx)
    try:
        with hub.ReadSession() as s:
            rows = calls.list_calls(s)
    finally:
        hub.close()
    return _print(rows, args.json, "\n".join(f"{r['id']}\t{r['course']}\tcloses {r['closes']}\t"
                                             f"{r['applications']} application(s)" for r in rows) or "no call")


def server_applications_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import calls

    hub = _hub(args, ctx)
    try:
        with hub.ReadSession() as s:
            rows = calls.list_applications(s, args.call, blind=args.blind)
    finally:
        hub.close()
    return _print(rows, args.json, "\n".join(
        f"{r['id']}\t{r['status']}\t{r.get('name') or ''}\t{r['submitted_at'] or ''}\t"
        f"score {'-' if r['score'] is None else r['score']}" for r in rows) or "no application")


def server_applications_score(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import calls

    hub = _hub(args, ctx)
    try:
        res = calls.score(hub, args.id, args.reviewer, args.score, args.comment)
    finally:
        hub.close()
    return _print(res, args.json, f"application {res['id']}: {res['reviewer']} scored {res['score']:g}")


def server_applications_decide(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import calls

    hub = _hub(args, ctx)
    try:
        res = calls.decide(hub, args.id, args.status)
    finally:
        hub.close()
    extra = f"; cohort {res['cohort']['group_name']}: {res['cohort']['members']} member(s)" if res.get("cohort") else ""
    return _print(res, args.json, f"application {res['id']}: {res['status']}{extra}")


def server_applications_export(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.errors import NotFoundError
    from cc2desktop.server import calls

    hub = _hub(args, ctx)
    try:
        with hub.ReadSession() as s:
            call = calls.get_call(s, args.call)
            if call is None:
                raise NotFoundError(f"no call {args.call!r}", code="call_unknown")
            rows = calls.list_applications(s, args.call, blind=args.blind, include_refused=False)
    finally:
        hub.close()
    data = calls.to_csv(rows, call, blind=args.blind)
    if args.out:
        Path(args.out).write_text(data, encoding="utf-8-sig")
        sys.stdout.write(f"{args.out}\n")
    else:
        sys.stdout.write(data)
    return 0
