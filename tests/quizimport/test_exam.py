"""An imported final exam: the pack ships no part of the key (weights, accepted answers, feedback),
the exam page shows its images from the store, and the server grades it with the full key by
fractions, as Moodle would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.quizimport.conftest import FIX


@pytest.fixture
def exam_course(tmp_path, kit):
    from cc2desktop.core.packs import keys
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.packs.scaffold import new_course
    from cc2desktop.core.packs.service import install_pack
    from cc2desktop.core.quizimport import import_file

    course = tmp_path / "cours"
    new_course(course, course_id="cours-examen", languages=["fr"])
    import_file(FIX / "moodle_fr.xml", course / "exam", exam=True)
    data = json.loads((course / "course.json").read_text(encoding="utf-8"))
    data["certification"] = {"required_capsules": [], "exam": "exam/exam.json", "exam_mastery": 0.5}
    (course / "course.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    key = keys.generate("Éditeur")
    res = build_pack(course, tmp_path / "packs" / "cours.cc2pack", key)
    keys.trust(kit.paths, key.public)
    install_pack(kit, res.path)
    return res, key


def test_imported_exam_ships_no_key_shows_images_and_is_graded_by_fractions(qtbot, kit, exam_course):
    from cc2desktop.core.certification import service
    from cc2desktop.core.certification.decision import grade_exam
    from cc2desktop.core.learning.service import Profiles
    from cc2desktop.core.packs.manifest import key_fields_in
    from cc2desktop.server.certification import load_courses
    from cc2desktop.ui.certification.widgets import ExamPage

    res, key = exam_course
    shipped = res.manifest.certification.exam
    assert shipped.scoring == "fractions"
    for q in shipped.questions:
        assert not key_fields_in(q.model_dump(exclude_none=True, exclude_defaults=True)), q.id
    learner = Profiles(kit).create("Awa", None)
    view = service.start_exam(kit, learner.id, "cours-examen")
    assert len(view["images"]) == 1 and all(Path(p).is_file() for p in view["images"].values())
    page = ExamPage()
    qtbot.addWidget(page)
    att = view["attempt"]
    page.start(view["questions"], "fr", view["languages"], None, elapsed_s=view["elapsed_s"],
               attempt_id=att["attempt_id"], images=view["images"])
    flag = next(i for i, q in enumerate(view["questions"]) if q["id"] == "drapeau-sn")
    page.go(flag)
    assert page.prompt.textFormat() == Qt.RichText
    assert re.search(r'src="file://[^"]+"', page.prompt.text())
    gaps = next(i for i, q in enumerate(view["questions"]) if q["type"] == "gaps")
    page.go(gaps)
    assert "[1]" in page.prompt.text() and "[[g1]]" not in page.prompt.text()

    # the server's grading, with the key file written by pack build
    published = load_courses(res.path.parent, {key.key_id: key.public})[("cours-examen", "0.1.0")]
    full = {q["id"]: q for q in published.key_questions.values()}
    right = {}
    for qid, q in full.items():
        if q["type"] == "gaps":
            right[qid] = {g["id"]: (g["answer"][0] if g["type"] == "text" else g["answer"]) for g in q["gaps"]}
        elif q["type"] == "text":
            right[qid] = q["answer"][0]
        else:
            right[qid] = q["answer"]
    assert grade_exam(published, right)[0] == pytest.approx(1.0)
    half = dict(right, **{"drapeau-sn": "b", "q2": ["a"]})  # 0 of 2 points, then 0.5 of 1
    scaled, results = grade_exam(published, half)
    assert scaled == pytest.approx((12 - 2 - 0.5) / 12)
    assert {r["id"]: r["correct"] for r in results}["q2"] is False
