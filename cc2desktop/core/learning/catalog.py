"""The courses a learner can follow, as plain data with absolute file paths.

Two sources: installed packs (``cc2desktop.core.packs.service``: every manifest in one transaction,
file paths from the manifest) and course source folders (``course.json``, see
docs/course-source-format.md) — used by tests, by authors previewing a course and, in a source
checkout, by the demo course in ``assets/demo-course`` until its pack is installed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cc2desktop.core.errors import NotFoundError
from cc2desktop.core.learning.texts import expert_line, pick  # noqa: F401 - pick re-exported

ENV_COURSE_DIRS = "CC2_COURSE_DIRS"


@dataclass
class Capsule:
    id: str
    module_id: str
    title: dict
    summary: dict = field(default_factory=dict)
    expert: str = ""  # "Name, role" as the author wrote it
    expert_role: dict = field(default_factory=dict)  # the role alone, {lang: text}
    experts: list[str] = field(default_factory=list)  # ids of the course's experts who speak in it
    duration_s: float = 0.0
    videos: dict[str, Path] = field(default_factory=dict)  # rendition → file
    subtitles: dict[str, Path] = field(default_factory=dict)  # lang → file
    transcripts: dict[str, Path] = field(default_factory=dict)
    quiz: Path | None = None  # quiz.json of a course source folder
    quiz_data: dict | None = None  # the quiz inline, as in an installed pack's manifest
    min_watched: float = 0.9
    quiz_required: bool = True
    resolve: Callable[[str], Path] | None = None  # pack path → file (images of an inline quiz)

    @property
    def has_quiz(self) -> bool:
        return self.quiz is not None or self.quiz_data is not None

    def expert_line(self, lang: str, fallbacks: list[str] | tuple[str, ...] = ()) -> str:
        return expert_line(self.expert, self.expert_role, lang, fallbacks)

    def load_quiz(self):  # noqa: ANN201 - a learning.quiz.Quiz
        from cc2desktop.core.learning.quiz import load_quiz, quiz_from_dict

        if self.quiz_data is not None:
            return quiz_from_dict(self.quiz_data, resolve=self.resolve)
        if self.quiz is None:
            raise KeyError(f"capsule {self.id} has no quiz")
        return load_quiz(self.quiz)


@dataclass
class Module:
    id: str
    title: dict
    capsules: list[Capsule]


@dataclass
class Course:
    id: str
    version: str
    languages: list[str]
    title: dict
    description: dict
    modules: list[Module]
    source: str = ""  # "pack" | folder path
    experts: list[dict] = field(default_factory=list)  # {"id", "name", "role": {lang: text}, "gender", "country"}
    publisher: str = ""

    def credits(self) -> list[dict]:
        """The speakers with the capsules they speak in (course order): the course's credits page.
        A capsule that names its expert only in text (an older pack) is credited by that text."""
        by_id = {e["id"]: {**e, "capsules": []} for e in self.experts}
        loose: dict[str, dict] = {}
        for c in self.capsules:
            for x in c.experts:
                if x in by_id:
                    by_id[x]["capsules"].append(c.id)
            if not c.experts and c.expert:
                name = c.expert.split(",")[0].strip()
                loose.setdefault(name, {"id": "", "name": name, "role": {}, "gender": "na", "country": "na",
                                        "capsules": []})["capsules"].append(c.id)
        return [e for e in by_id.values() if e["capsules"]] + list(loose.values())

    def capsule(self, capsule_id: str) -> Capsule:
        for m in self.modules:
            for c in m.capsules:
                if c.id == capsule_id:
                    return c
        raise KeyError(capsule_id)

    @property
    def capsules(self) -> list[Capsule]:
        return [c for m in self.modules for c in m.capsules]

    def content_language(self, ui_lang: str) -> str:
        return ui_lang if ui_lang in self.languages else (self.languages[0] if self.languages else ui_lang)

    def outline(self) -> dict:
        """The small JSON shape of the start-up cache (titles only)."""
        return {
            "id": self.id, "version": self.version, "languages": self.languages, "title": self.title,
            "modules": [{"id": m.id, "title": m.title,
                         "capsules": [{"id": c.id, "title": c.title, "duration_s": c.duration_s} for c in m.capsules]}
                        for m in self.modules],
        }


def course_from_dict(data: dict[str, Any], resolve: Callable[[str], Path], source: str = "") -> Course:
    """Build a Course from course.json / manifest data; ``resolve(relpath)`` gives the file."""
    modules = []
    for m in data.get("modules", []):
        caps = []
        for c in m.get("capsules", []):
            base = (c.get("dir") or "").strip("/")

            def res(rel: str | None, base: str = base) -> Path | None:
                if not rel:
                    return None
                return resolve(f"{base}/{rel}" if base else rel)

            video = c.get("video") or {}
            if isinstance(video, str):
                video = {"standard": video}
            comp = c.get("completion") or {}
            quiz = c.get("quiz")
            caps.append(Capsule(
                id=c["id"], module_id=m["id"], title=c.get("title") or {}, summary=c.get("summary") or {},
                expert=c.get("expert") or "", expert_role=c.get("expert_role") or {},
                experts=[str(x) for x in c.get("experts") or []],
                duration_s=float(c.get("duration_s") or 0),
                videos={k: p for k, v in video.items() if (p := res(v)) is not None},
                subtitles={k: p for k, v in (c.get("subtitles") or {}).items() if (p := res(v)) is not None},
                transcripts={k: p for k, v in (c.get("transcript") or {}).items() if (p := res(v)) is not None},
                quiz=res(quiz) if isinstance(quiz, str) else None,
                quiz_data=quiz if isinstance(quiz, dict) else None,
                min_watched=float(comp.get("min_watched", 0.9)),
                quiz_required=bool(comp.get("quiz_required", bool(quiz))),
                resolve=resolve,
            ))
        modules.append(Module(id=m["id"], title=m.get("title") or {}, capsules=caps))
    return Course(id=data["id"], version=str(data.get("version", "")), languages=list(data.get("languages") or ["fr"]),
                  title=data.get("title") or {}, description=data.get("description") or {}, modules=modules,
                  source=source, experts=[dict(e) for e in data.get("experts") or [] if isinstance(e, dict)],
                  publisher=str(data.get("publisher") or ""))


def load_course_dir(folder: str | Path) -> Course:
    folder = Path(folder)
    data = json.loads((folder / "course.json").read_text(encoding="utf-8-sig"))
    return course_from_dict(data, lambda rel: folder / rel, source=str(folder))


def _as_dict(obj: Any) -> dict:
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_json_obj"):  # packs.manifest.Manifest
        return obj.to_json_obj()
    for name in ("model_dump", "dict"):
        if hasattr(obj, name):
            return getattr(obj, name)(mode="json") if name == "model_dump" else getattr(obj, name)()
    raise TypeError(f"cannot read a manifest of type {type(obj).__name__}")


def _manifest_course(manifest: dict) -> dict:
    """Manifests may nest the course structure under ``course``; accept both shapes."""
    return manifest.get("course", manifest) if "modules" not in manifest else manifest


def _resolver(course_id: str, files: dict[str, Path]) -> Callable[[str], Path]:
    def resolve(rel: str) -> Path:
        try:
            return files[rel]
        except KeyError:
            raise NotFoundError(f"{rel!r} is not a file of course {course_id!r}", code="pack_no_file") from None

    return resolve


def default_source_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get(ENV_COURSE_DIRS, "").split(os.pathsep) if p]
    return dirs


def load_courses(kit: Any = None, extra_dirs: list[Path] | tuple = ()) -> list[Course]:
    """Installed packs first, then course source folders (env ``CC2_COURSE_DIRS``, ``extra_dirs``)."""
    courses: dict[str, Course] = {}
    if kit is not None:
        from cc2desktop.core.packs import service as packs

        for manifest in packs.installed_manifests(kit):  # one transaction for every installed course
            files = packs.file_map(kit, manifest)
            course = course_from_dict(_manifest_course(_as_dict(manifest)), _resolver(manifest.id, files),
                                      source="pack")
            courses[course.id] = course
    for folder in [*default_source_dirs(), *extra_dirs]:
        if (Path(folder) / "course.json").is_file():
            c = load_course_dir(folder)
            courses.setdefault(c.id, c)
    return list(courses.values())
