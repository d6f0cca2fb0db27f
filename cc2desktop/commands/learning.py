"""``learner add|list|import``: profiles for facilitators and scripts."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from cc2desktop.cli import Context
from cc2desktop.commands.base import add_pin_options, read_pin

CSV_COLUMNS = ("name", "pin", "gender", "country", "age_band", "category")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("learner", help="learner profiles on this computer")
    lsub = p.add_subparsers(dest="learner_command", metavar="ACTION", required=True, parser_class=type(p))
    a = lsub.add_parser("add", help="create a profile; prints its id")
    a.add_argument("--name", required=True, help="display name")
    add_pin_options(a, help="optional 4–6 digit PIN")
    a.add_argument("--gender", default=None, help="f, m, x (other) or na (prefers not to say)")
    a.add_argument("--country", default=None, help="ISO 3166 code, e.g. SN")
    a.add_argument("--age-band", default=None, help="u18, 18-24, 25-34, 35-44 or 45+")
    a.add_argument("--category", default=None, help="student, civil_society, media, public_authority, other")
    a.add_argument("--campaign", default=None, help="the outreach campaign that brought her (a code the course "
                                                    "pack lists, e.g. femmes-2025)")
    a.add_argument("--json", action="store_true", help="print the profile as JSON")
    a.set_defaults(func=add)
    e = lsub.add_parser("edit", help="change a profile's self-declared fields or campaign (empty value: clear)")
    e.add_argument("id", metavar="ID")
    for opt in ("--gender", "--country", "--age-band", "--category", "--campaign"):
        e.add_argument(opt, default=None)
    e.add_argument("--json", action="store_true", help="print the profile as JSON")
    e.set_defaults(func=edit)
    ls = lsub.add_parser("list", help="list profiles")
    ls.add_argument("--json", action="store_true", help="a JSON array")
    ls.set_defaults(func=list_)
    im = lsub.add_parser("import", help="create profiles from a CSV file (all or nothing)")
    im.add_argument("csv", metavar="CSV", help="header row: " + ",".join(CSV_COLUMNS))
    im.add_argument("--json", action="store_true", help="print the created profiles as JSON")
    im.set_defaults(func=import_)


def add(args: argparse.Namespace, ctx: Context) -> int:
    info = ctx.kit().learning.create_learner(args.name, read_pin(args), gender=args.gender, country=args.country,
                                             age_band=args.age_band, category=args.category,
                                             campaign=args.campaign).value
    print(json.dumps(info.as_json(), ensure_ascii=False) if args.json else info.id)
    return 0


def edit(args: argparse.Namespace, ctx: Context) -> int:
    fields = {k: getattr(args, k) for k in ("gender", "country", "age_band", "category", "campaign")
              if getattr(args, k) is not None}
    info = ctx.kit().learning.update_learner(args.id, **fields).value
    print(json.dumps(info.as_json(), ensure_ascii=False) if args.json else info.id)
    return 0


def list_(args: argparse.Namespace, ctx: Context) -> int:
    people = ctx.kit().learning.profiles.list()
    if args.json:
        print(json.dumps([p.as_json() for p in people], ensure_ascii=False, indent=2))
    else:
        for p in people:
            print(f"{p.id}  {p.name}{'  (PIN)' if p.has_pin else ''}")
    return 0


def read_csv(path: str) -> list[dict]:
    """Rows as dicts; raises ValidationError naming the first bad row (nothing is written)."""
    from cc2desktop.core.errors import ValidationError
    from cc2desktop.core.learning.service import validate_profile

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(fh, dialect)
            header = [h.strip().lower() for h in next(reader, [])]
            if not header or "name" not in header:
                raise ValidationError(f"{path}: the first row must be the header {','.join(CSV_COLUMNS)}")
            unknown = [h for h in header if h not in CSV_COLUMNS]
            if unknown:
                raise ValidationError(f"{path}: unknown column {unknown[0]!r} (expected {','.join(CSV_COLUMNS)})")
            rows = []
            for line_no, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(header):
                    raise ValidationError(f"{path}: row {line_no}: {len(cells)} cells for {len(header)} columns")
                row = {k: (cells[i].strip() if i < len(cells) else "") or None for i, k in enumerate(header)}
                try:
                    validate_profile(**{k: row.get(k) for k in CSV_COLUMNS if k != "name"}, name=row.get("name") or "")
                except ValidationError as exc:
                    raise ValidationError(f"{path}: row {line_no}: {exc.message}") from exc
                rows.append({k: row.get(k) for k in CSV_COLUMNS})
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not a UTF-8 text file") from exc
    except csv.Error as exc:
        raise ValidationError(f"{path}: not a readable CSV file: {exc}") from exc
    if not rows:
        raise ValidationError(f"{path}: no learner rows after the header")
    return rows


def import_(args: argparse.Namespace, ctx: Context) -> int:
    rows = read_csv(args.csv)
    created = ctx.kit().learning.create_learners(rows).value
    if args.json:
        print(json.dumps([c.as_json() for c in created], ensure_ascii=False, indent=2))
    else:
        for c in created:
            print(f"{c.id}  {c.name}")
        sys.stderr.write(f"{len(created)} profile(s) created\n")
    return 0
