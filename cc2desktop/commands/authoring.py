"""``quiz import`` (Moodle XML, GIFT, QTI → quiz.json) and ``course new`` (a course source folder)."""

from __future__ import annotations

import argparse
import json
import sys

from cc2desktop.cli import Context


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser("quiz", help="quizzes for course authors: import from Moodle, GIFT or QTI")
    qs = q.add_subparsers(dest="quiz_command", metavar="ACTION", required=True)
    p = qs.add_parser("import", help="convert a Moodle XML, GIFT or QTI quiz into the course format "
                      "(quiz.json + images)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("moodle", "gift", "qti", "auto"), default="auto")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write quiz.json and images/ into "
                   "(a capsule's folder)")
    p.add_argument("--lang", default="fr", metavar="LANG", help="language of the texts (fr, en…; default fr)")
    p.add_argument("--exam", action="store_true", help="write exam.json (a final exam, up to 500 questions)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=quiz_import)

    c = sub.add_parser("course", help="course source folders for authors")
    cs = c.add_subparsers(dest="course_command", metavar="ACTION", required=True)
    p = cs.add_parser("new", help="create a course source folder (course.json, one module, one capsule, a sample quiz)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--id", default=None, help="course id (default: from the folder name)")
    p.add_argument("--title", default=None, help="course title")
    p.add_argument("--lang", default="fr", metavar="LANGS", help="course languages, comma separated (default fr)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=course_new)


def quiz_import(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.quizimport import QuizImportError, import_file

    lang = (args.lang or "fr").strip().lower()
    try:
        if not (2 <= len(lang) <= 3 and lang.isalpha() and lang.isascii()):
            raise QuizImportError(f"--lang {args.lang!r}: give a language code such as fr or en")
        report = import_file(args.file, args.out, fmt=args.format, lang=lang, exam=args.exam)
    except QuizImportError as exc:
        rep = getattr(exc, "report", None)
        if args.json and rep is not None:
            print(json.dumps(rep.to_json(), ensure_ascii=False, indent=2))
        where = f"{args.file}:{exc.line}" if exc.line else str(args.file)
        sys.stderr.write(f"cc2desktop: {where}: {exc.message}\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - never a traceback for an author's file
        why = " ".join(str(exc).split())
        sys.stderr.write(f"cc2desktop: {args.file}: cannot be imported ({type(exc).__name__}: {why})\n")
        return 1
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.by_type.items()))
        print(f"{report.imported} question(s) imported ({kinds}) into {report.written}"
              + (f", {report.images} image(s)" if report.images else ""))
        for r in report.refused:
            print(f"refused: line {r.line}: {r.question}: {r.reason}")
    return 0


def course_new(args: argparse.Namespace, ctx: Context) -> int:
    from cc2desktop.core.packs.scaffold import new_course

    langs = [x.strip().lower() for x in str(args.lang).split(",") if x.strip()]
    res = new_course(args.dir, course_id=args.id, title=args.title, languages=langs)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        print(f"course {res['id']} created in {res['dir']}")
        sys.stderr.write(f"next: cc2desktop quiz import EXPORT.xml --out {res['capsule_dir']}\n")
    return 0
