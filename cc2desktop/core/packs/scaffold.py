"""``course new DIR``: a course source folder (docs/course-source-format.md) that ``pack build``
accepts as it is — one module, one capsule with a sample quiz — for authors to fill in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cc2desktop.core.errors import CCError
from cc2desktop.core.packs.manifest import COURSE_ID_RE, LANG_RE

_WORDS = {
    "fr": {"course": "Nouveau cours", "module": "Module 1", "capsule": "Capsule 1",
           "summary": "Ce que la capsule apporte.", "description": "Présentation du cours.",
           "q": "Cette question d'exemple sera remplacée par le quiz importé. La réponse est « Vrai ».",
           "why": "Remplacez ce quiz : cc2desktop quiz import EXPORT.xml --out capsules/m1c1"},
    "en": {"course": "New course", "module": "Module 1", "capsule": "Capsule 1",
           "summary": "What the capsule brings.", "description": "About the course.",
           "q": "This sample question is replaced by the imported quiz. The answer is \"True\".",
           "why": "Replace this quiz: cc2desktop quiz import EXPORT.xml --out capsules/m1c1"},
}
README = """# {title}

Dossier source d'un cours (docs/course-source-format.md) / course source folder.

    cc2desktop quiz import export-moodle.xml --out {capsule}   # quiz.json + images/
    cc2desktop keys new --out editeur.key                      # once: the publisher key
    cc2desktop pack build {dir} --out {id}.cc2pack --key editeur.key

Add each capsule's video as `video.mp4` in its folder and name it in course.json
(`"video": {{"standard": "video.mp4"}}`), with subtitles and transcripts if you have them.
"""


class ScaffoldError(CCError):
    code = "course_new"


def _texts(langs: list[str], key: str, title: str | None = None) -> dict[str, str]:
    return {lang: (title if title else _WORDS.get(lang, _WORDS["en"])[key]) for lang in langs}


def new_course(folder: str | Path, *, course_id: str | None = None, title: str | None = None,
               languages: list[str] | None = None) -> dict:
    folder = Path(folder)
    langs = languages or ["fr"]
    for lang in langs:
        if not re.match(LANG_RE, lang):
            raise ScaffoldError(f"{lang!r} is not a language code (fr, en…)")
    if len(set(langs)) != len(langs):
        raise ScaffoldError("a language is given twice")
    cid = course_id or re.sub(r"[^a-z0-9._-]+", "-", folder.resolve().name.lower()).strip("-._")[:64] or "cours"
    if not re.match(COURSE_ID_RE, cid):
        raise ScaffoldError(f"course id {cid!r}: lower-case letters, digits, '.', '_' and '-' only")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} already exists and is not empty")
    cap_dir = folder / "capsules" / "m1c1"
    course: dict[str, Any] = {
        "schema": 1, "id": cid, "version": "0.1.0", "languages": langs,
        "title": _texts(langs, "course", title), "description": _texts(langs, "description"),
        "publisher": "",
        "modules": [{"id": "m1", "title": _texts(langs, "module"), "capsules": [{
            "id": "m1c1", "title": _texts(langs, "capsule"), "summary": _texts(langs, "summary"),
            "dir": "capsules/m1c1", "quiz": "quiz.json",
            "completion": {"min_watched": 0, "quiz_required": True},
        }]}],
    }
    quiz = {"id": "m1c1-quiz", "mastery_score": 0.6, "questions": [
        {"id": "q1", "type": "true_false", "prompt": _texts(langs, "q"), "answer": True,
         "explanation": _texts(langs, "why")}]}
    cap_dir.mkdir(parents=True, exist_ok=True)
    (folder / "course.json").write_text(json.dumps(course, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (cap_dir / "quiz.json").write_text(json.dumps(quiz, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(README.format(title=course["title"][langs[0]], capsule=f"{folder}/capsules/m1c1",
                                                    dir=folder, id=cid), encoding="utf-8")
    return {"id": cid, "dir": str(folder), "capsule_dir": str(cap_dir), "languages": langs}
