"""``facilitator add``, ``group add|list|enrol``, ``report``: facilitator tools from the command line.

Group and report commands act as a facilitator: ``--facilitator NAME`` (default: the only facilitator
on this PC) and the password from a prompt, or from the first line of stdin with ``--password-stdin``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cc2desktop.cli import Context


def add_auth(p: argparse.ArgumentParser) -> None:
    p.add_argument("--facilitator", metavar="NAME", help="facilitator account (default: the only one on this PC)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")


def register(sub: argparse._SubParsersAction) -> None:
    fac = sub.add_parser("facilitator", help="facilitator accounts")
    fsub = fac.add_subparsers(dest="facilitator_cmd", metavar="ACTION", required=True)
    p = fsub.add_parser("add", help="create a facilitator account (asks for a password); once a PC has one, "
                                    "an existing facilitator signs in to add others")
    p.add_argument("--name", required=True)
    p.add_argument("--password-stdin", action="store_true",
                   help="read the new password from the first line of stdin (and an existing facilitator's "
                        "password from the second, when one is needed)")
    p.add_argument("--facilitator", metavar="NAME", help="existing facilitator who adds this one "
                                                         "(default: the only one on this PC)")
    p.set_defaults(func=facilitator_add)
    p = fsub.add_parser("list", help="list facilitator accounts")
    p.set_defaults(func=facilitator_list)
    p = fsub.add_parser("pair", help="accept the USB bundles of the PC that wrote FILE (compare the code it "
                                     "shows: cc2desktop device pairing-code, or Sync menu on that PC)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--code", help="the 6-digit pairing code that PC shows (without it: print this bundle's code)")
    add_auth(p)
    p.set_defaults(func=facilitator_pair)
    p = fsub.add_parser("tallies", help="check the dashboard's running tallies against the event log "
                                        "(exit 1 if they differ); --rebuild recomputes them from the log")
    p.add_argument("--rebuild", action="store_true", help="recompute every tally from the event log")
    p.set_defaults(func=facilitator_tallies)

    grp = sub.add_parser("group", help="groups of learners (facilitators only)")
    gsub = grp.add_subparsers(dest="group_cmd", metavar="ACTION", required=True)
    p = gsub.add_parser("add", help="create a group")
    p.add_argument("name")
    add_auth(p)
    p.set_defaults(func=group_add)
    p = gsub.add_parser("list", help="list groups")
    add_auth(p)
    p.set_defaults(func=group_list)
    p = gsub.add_parser("enrol", help="enrol learners (ids or codes) or a CSV of participants in a group")
    p.add_argument("name")
    p.add_argument("learners", nargs="*", metavar="LEARNER_ID")
    p.add_argument("--csv", metavar="FILE", help="CSV with a header: name[,gender,country,category,age_band,code]")
    add_auth(p)
    p.set_defaults(func=group_enrol)

    p = sub.add_parser("report", help="learner report: one CSV row per learner, or a PDF with charts")
    p.add_argument("--group", metavar="NAME", help="only this group (default: all learners)")
    p.add_argument("--format", choices=("csv", "pdf"), required=True)
    p.add_argument("--out", metavar="FILE", required=True)
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="period start (inclusive)")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="period end (inclusive)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="PDF language (default fr)")
    add_auth(p)
    p.set_defaults(func=report)


def _read_password(args: argparse.Namespace, *, confirm: bool = False, prompt: str = "Password: ") -> str:
    from cc2desktop.core.errors import ValidationError

    if getattr(args, "password_stdin", False):
        pw = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        if not sys.stdin.isatty():
            raise ValidationError("no terminal to ask for the password: use --password-stdin")
        pw = getpass.getpass(prompt)
        if confirm and getpass.getpass("Password again: ") != pw:
            raise ValidationError("the two passwords differ")
    return pw


def signin(args: argparse.Namespace, ctx: Context, prompt: str = "Password: "):  # noqa: ANN202
    from cc2desktop.core.errors import ValidationError
    from cc2desktop.core.facilitation import accounts

    kit = ctx.kit()
    name = args.facilitator
    if not name:
        with kit.session() as s:
            names = accounts.list_facilitators(s)
        if len(names) != 1:
            raise ValidationError("no facilitator account on this PC: create one with `cc2desktop facilitator add`"
                                  if not names else "several facilitators on this PC: choose one with --facilitator")
        name = names[0]
    pw = _read_password(args, prompt=prompt)
    return accounts.sign_in(kit, name, pw)


def facilitator_add(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.facilitation import accounts

    pw = _read_password(args, confirm=True)
    with ctx.kit().session() as s:
        first = not accounts.list_facilitators(s)
    by = None if first else signin(args, ctx, prompt="Password of an existing facilitator: ")
    with ctx.kit().session() as s:
        accounts.add_facilitator(s, args.name, pw, by=by)
    print(f"facilitator {' '.join(args.name.split())} created")
    return 0


def facilitator_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.facilitation import accounts

    with ctx.kit().session() as s:
        for n in accounts.list_facilitators(s):
            print(n)
    return 0


def facilitator_tallies(args: argparse.Namespace, ctx: Context) -> int:
    """Counts only (no learner ids): the tallies are derived data, safe to check or rebuild by anyone."""
    from cc2desktop.core.reports import tallies

    kit = ctx.kit()
    if args.rebuild:
        with kit.write() as s:
            rows = tallies.rebuild(s.connection())
        print(json.dumps({"rebuilt": rows}))
        return 0
    with kit.read() as s:
        diff = tallies.differences(s.connection(), limit=1_000_000)
    print(json.dumps({"differences": {k: len(v) for k, v in diff.items()}}))
    return 1 if diff else 0


def group_add(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.facilitation import service

    fs = signin(args, ctx)
    with ctx.kit().session() as s:
        g = service.create_group(s, fs, args.name)
    print(f"group {g.name} created ({g.id})")
    return 0


def group_list(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.facilitation import service

    fs = signin(args, ctx)
    with ctx.kit().session() as s:
        for g in service.list_groups(s, fs):
            print(f"{g.name}\t{g.members} learner(s)\t{g.id}")
    return 0


def group_enrol(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.errors import ValidationError
    from cc2desktop.core.facilitation import service

    if not args.learners and not args.csv:
        raise ValidationError("give learner ids or codes, or --csv FILE")
    fs = signin(args, ctx)
    created = enrolled = 0
    errors = []
    with ctx.kit().session() as s:
        if args.csv:
            rep = service.enrol_csv(s, fs, args.name, args.csv)
            created, enrolled, errors = rep.created, rep.enrolled, rep.errors
        if args.learners:
            enrolled += service.enrol(s, fs, args.name, args.learners)
    for e in errors:
        sys.stderr.write(f"{args.csv}: line {e.line}: {e.code}" + (f" ({e.value!r})" if e.value else "") + "\n")
    print(f"{enrolled} learner(s) enrolled in {args.name}" + (f" ({created} new profile(s))" if created else "")
          + (f"; {len(errors)} line(s) refused" if errors else ""))
    return 1 if errors else 0


def report(args: argparse.Namespace, ctx: Context) -> int:
    from pathlib import Path

    from cc2desktop.core.facilitation.service import check_date
    from cc2desktop.core.reports import dashboard

    start = check_date(args.start) if args.start else None
    end = check_date(args.end) if args.end else None
    fs = signin(args, ctx)
    kit = ctx.kit()
    with kit.session() as s:
        f = dashboard.Filters(dashboard.resolve_group(s, args.group), start, end)
        d = dashboard.load(s, fs, f, capsule_total=dashboard.course_capsule_total(kit) or None)
    out = Path(args.out)
    if args.format == "csv":
        d.learners.write_csv(out)
    else:
        from cc2desktop.ui.facilitator.report_pdf import render_report_pdf

        fac = kit.facilitation
        titles = fac.capsule_titles()
        render_report_pdf(d, out, lang=args.lang, group_name=args.group, titles=titles,
                          questions=fac.question_texts({r[0] for r in d.questions.rows}))
    print(f"{out} ({len(d.learners.rows)} learner(s))")
    return 0


def facilitator_pair(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.facilitation import centre

    if not args.code:
        print(centre.pairing_of(Path(args.file))["pairing_code"])
        return 0
    fs = signin(args, ctx)
    print(centre.pair(ctx.kit(), fs, Path(args.file), args.code))
    return 0
