"""Quiz import: Moodle XML, GIFT and QTI (2.1/3.0 items, IMS packages, QTI 1.2 Common Cartridge) into
the course source format (docs/quiz-import.md). Pure Python; XML through defusedxml.

:func:`import_file` reads the source, converts each question on its own (refusing, with a reason,
those that cannot be graded as in their source), writes ``quiz.json`` (or ``exam.json``) and the
extracted images into ``out_dir`` and returns a :class:`Report`. When no question can be imported
it raises :class:`QuizImportError` (nothing is written) naming the file, the line and the reason.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cc2desktop.core.quizimport.model import MediaStore, QuizImportError, Refusal

FORMATS = ("moodle", "gift", "qti")


@dataclass
class Report:
    format: str
    file: str
    imported: int
    by_type: dict[str, int] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    written: str | None = None
    images: int = 0

    def to_json(self) -> dict:
        return {"format": self.format, "file": self.file, "imported": self.imported, "by_type": dict(self.by_type),
                "refused": [r.to_json() for r in self.refused]}


def detect(path: Path) -> str:
    """moodle, gift or qti, from the file's first bytes (and its name when the bytes do not tell)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16384)
    except OSError as exc:
        raise QuizImportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "qti"
    text = head.decode("utf-8", errors="replace")
    if "\x00" in text:  # UTF-16
        text = head.decode("utf-16", errors="replace")
    low = text.lower()
    if "<quiz" in low and "<question" in low:
        return "moodle"
    if any(tag in low for tag in ("assessmentitem", "qti-assessment-item", "questestinterop", "imsqti")):
        return "qti"
    if "<quiz" in low:
        return "moodle"
    if path.suffix.lower() in (".gift", ".txt") or ("{" in text and "}" in text):
        return "gift"
    if path.suffix.lower() == ".xml":
        return "moodle"
    raise QuizImportError("cannot tell the file's format: give --format moodle, gift or qti", line=1)


def read(path: Path, fmt: str, media: MediaStore) -> list:
    if fmt == "moodle":
        from cc2desktop.core.quizimport import moodle

        return moodle.read(path, media)
    if fmt == "gift":
        from cc2desktop.core.quizimport import gift

        return gift.read(path, media)
    if fmt == "qti":
        from cc2desktop.core.quizimport import qti

        return qti.read(path, media)
    raise QuizImportError(f"unknown format {fmt!r} (moodle, gift, qti or auto)")


def _existing(target: Path, lang: str) -> dict | None:
    """The quiz already in the output folder when it holds another language (then ``lang`` is
    merged into it); None when there is none or it is in ``lang`` only (then it is replaced)."""
    import json

    from cc2desktop.core.quizimport.writer import languages_of

    if not target.is_file():
        return None
    try:
        data = json.loads(target.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return None
    return data if languages_of(data) - {lang} else None


def import_file(path: str | Path, out_dir: str | Path, *, fmt: str = "auto", lang: str = "fr",
                exam: bool = False, quiz_id: str | None = None) -> Report:
    from cc2desktop.core.quizimport import writer

    path = Path(path)
    if not path.is_file():
        raise QuizImportError(f"{path}: no such file")
    fmt = detect(path) if fmt in (None, "", "auto") else fmt
    with MediaStore() as media:
        try:
            results = read(path, fmt, media)
        except QuizImportError:
            raise
        except (zipfile.BadZipFile, UnicodeError, OSError) as exc:
            raise QuizImportError(f"cannot read the file: {exc}") from exc
        existing = _existing(Path(out_dir) / ("exam.json" if exam else "quiz.json"), lang)
        qid = quiz_id or (existing or {}).get("id") or writer.quiz_id_from(path.stem, "exam" if exam else "quiz")
        built = writer.build(results, lang, qid, exam=exam)
        if existing is not None and built.imported:
            # another language of the same questions: its texts join the existing quiz (a quiz
            # with no question in common, such as `course new`'s sample, is replaced)
            merged, count, problems = writer.merge_language(existing, built.quiz, lang)
            if count:
                built.quiz, built.imported = merged, count
                built.refused += [Refusal(q, None, why) for q, why in problems]
        report = Report(fmt, str(path), built.imported, built.by_type, built.refused, images=len(built.blobs))
        if built.imported == 0:
            first = built.refused[0] if built.refused else None
            if first is None:
                raise QuizImportError("no question found", line=None, code="quiz_import_empty")
            more = f" (and {len(built.refused) - 1} more refused)" if len(built.refused) > 1 else ""
            err = QuizImportError(f"question {first.question!r}: {first.reason}{more}", line=first.line,
                                  code="quiz_import_empty")
            err.report = report  # type: ignore[attr-defined]
            raise err
        report.written = str(writer.write(built, Path(out_dir), exam=exam))
    return report
