"""``forum post|list|edit|delete|flag`` on a PC and ``server forum pending|flagged|approve|reject|hide|ban|
announce`` on the server (docs/forum.md)."""

from __future__ import annotations

import argparse
import json

from cc2desktop.cli import Context
from cc2desktop.commands.base import DB_HELP, add_pin_options, read_pin, subparsers_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forum", help="the course forum on this PC: write, read, flag")
    fsub = p.add_subparsers(dest="forum_command", metavar="ACTION", required=True, parser_class=type(p))
    q = fsub.add_parser("post", help="start a thread (--title) or reply to one (--thread); sent at the next sync")
    _learner(q)
    q.add_argument("--course", required=True, metavar="COURSE_ID")
    q.add_argument("--capsule", metavar="CAPSULE_ID", help="the capsule the new thread is about")
    q.add_argument("--thread", metavar="THREAD_ID", help="reply to this thread")
    q.add_argument("--title", metavar="TITLE", help="the new thread's title")
    q.add_argument("--text", required=True, metavar="TEXT")
    q.add_argument("--json", action="store_true", help='print {"id", "thread", "state"}')
    q.set_defaults(func=post)
    q = fsub.add_parser("list", help="a course's threads and posts as this PC shows them")
    q.add_argument("--course", required=True, metavar="COURSE_ID")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=list_)
    for name, hlp in (("edit", "change one of your posts (moderated again)"),
                      ("delete", "withdraw one of your posts"), ("flag", "report a post to the moderators")):
        q = fsub.add_parser(name, help=hlp)
        _learner(q)
        q.add_argument("--course", required=True, metavar="COURSE_ID")
        q.add_argument("post", metavar="POST_ID")
        if name == "edit":
            q.add_argument("--text", required=True)
        if name == "flag":
            q.add_argument("--reason", required=True)
        q.add_argument("--json", action="store_true")
        q.set_defaults(func=change, action=name)

    server = sub.choices.get("server")
    ssub = subparsers_of(server) if server is not None else None
    if ssub is None:
        return
    p = ssub.add_parser("forum", help="moderate the course forum (pending posts, flags, bans, announcements)")
    msub = p.add_subparsers(dest="server_forum_command", metavar="ACTION", required=True, parser_class=type(p))
    for name, hlp in (("pending", "posts awaiting moderation"), ("flagged", "approved posts that were flagged")):
        q = msub.add_parser(name, help=hlp)
        q.add_argument("--course", metavar="COURSE_ID")
        _db(q)
        q.set_defaults(func=server_list, action=name)
    for name, hlp in (("approve", "publish a pending post to every PC of its course"),
                      ("reject", "refuse a pending post (only its author sees it, with the reason)"),
                      ("hide", "hide an approved post everywhere (after a flag)")):
        q = msub.add_parser(name, help=hlp)
        q.add_argument("id", metavar="ID")
        if name in ("reject", "hide"):
            q.add_argument("--reason", metavar="TEXT")
        _db(q)
        q.set_defaults(func=server_decide, action=name)
    q = msub.add_parser("ban", help="refuse every post of this learner, pending and to come")
    q.add_argument("learner", metavar="LEARNER_ID")
    q.add_argument("--reason", metavar="TEXT")
    _db(q)
    q.set_defaults(func=server_decide, action="ban")
    q = msub.add_parser("announce", help="an announcement of the programme team (pinned, not moderated)")
    q.add_argument("--course", required=True, metavar="COURSE_ID")
    q.add_argument("--title", required=True)
    q.add_argument("--text", required=True)
    _db(q)
    q.set_defaults(func=server_decide, action="announce")


def _learner(q: argparse.ArgumentParser) -> None:
    q.add_argument("--learner", required=True, metavar="ID")
    add_pin_options(q)


def _db(q: argparse.ArgumentParser) -> None:
    q.add_argument("--db", metavar="FILE|URL", help=DB_HELP)
    q.add_argument("--json", action="store_true")


def _open(args: argparse.Namespace, ctx: Context):  # noqa: ANN202 - checks the PIN, returns the kit
    kit = ctx.kit()
    kit.learning.profiles.open(args.learner, read_pin(args))
    return kit


def post(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core import forum

    kit = _open(args, ctx)
    out = forum.write_post(kit, args.learner, args.course, args.text, thread=args.thread, title=args.title,
                           capsule=args.capsule)
    print(json.dumps(out) if args.json else f"{out['id']} ({out['state']})")
    return 0


def list_(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core import forum

    with ctx.kit().read() as s:
        threads = forum.threads(s, args.course)
    if args.json:
        print(json.dumps([t.as_json() for t in threads], ensure_ascii=False, indent=1))
        return 0
    for t in threads:
        print(f"{'[épinglé] ' if t.pinned else ''}{t.title}  ({t.id})")
        for p in t.posts:
            print(f"  {p.author} · {p.created_at[:16]} · {p.state}{': ' + p.reason if p.reason else ''}")
            print("    " + p.text.replace("\n", "\n    "))
    return 0


def change(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core import forum

    kit = _open(args, ctx)
    if args.action == "edit":
        out = forum.edit_post(kit, args.learner, args.course, args.post, args.text)
    elif args.action == "delete":
        out = forum.delete_post(kit, args.learner, args.course, args.post)
    else:
        out = forum.flag_post(kit, args.learner, args.course, args.post, args.reason)
    print(json.dumps(out) if args.json else f"{args.post}: {args.action}")
    return 0


def _hub(args: argparse.Namespace, ctx: Context):  # noqa: ANN202
    from cc2desktop.commands.sync import db_url_of
    from cc2desktop.core.errors import CCError

    try:
        from cc2desktop.server.hub import Hub

        return Hub(db_url_of(args, ctx))
    except CCError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable database: one line
        raise CCError(f"cannot open the server database: {type(exc).__name__}: {exc}") from exc


def server_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import forum

    hub = _hub(args, ctx)
    try:
        rows = forum.pending(hub, course=args.course) if args.action == "pending" else forum.flagged(hub)
    finally:
        hub.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            flags = f" · {r['flags']} signalement(s)" if r["flags"] else ""
            print(f"{r['id']}  [{r['course']}] {r['author']} · {r['created_at'][:16]}{flags}")
            print("    " + r["text"].replace("\n", "\n    "))
    return 0


def server_decide(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.server import forum

    hub = _hub(args, ctx)
    try:
        if args.action == "approve":
            out = forum.approve(hub, args.id)
        elif args.action == "reject":
            out = forum.reject(hub, args.id, args.reason)
        elif args.action == "hide":
            out = forum.hide(hub, args.id, args.reason)
        elif args.action == "ban":
            out = forum.ban(hub, args.learner, args.reason)
        else:
            out = forum.announce(hub, args.course, args.title, args.text)
    finally:
        hub.close()
    print(json.dumps(out, ensure_ascii=False) if args.json else f"{out.get('id') or out.get('learner')}: "
          f"{out.get('state') or 'banned'}")
    return 0
