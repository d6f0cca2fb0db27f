"""The public pack must not let anyone recover the exam's answer key. Packs used to carry the SHA-256
of the key file: over the small answer space of an exam, trying every answer sheet finds the one
whose digest matches. They now carry an HMAC under a secret salt that only the key file (the
server) holds: the same search finds nothing."""

from __future__ import annotations

import itertools
import json
import time

from cc2desktop.core.crypto import b64url
from cc2desktop.core.packs.exam_key import ExamKey, load_exam_key
from cc2desktop.core.packs.manifest import parse_manifest, strip_answer_key

L = lambda fr, en: {"fr": fr, "en": en}  # noqa: E731
KEY = {"e1": "b", "e2": True, "e3": "c", "e4": False, "e5": "a", "e6": True, "e7": "b", "e8": False}


def _questions(with_answers: bool) -> list[dict]:
    out = []
    for i, (qid, ans) in enumerate(KEY.items()):
        q = {"id": qid, "prompt": L(f"Question {i}", f"Question {i}")}
        if isinstance(ans, bool):
            q["type"] = "true_false"
        else:
            q["type"] = "single"
            q["choices"] = [{"id": c, "text": L(c, c)} for c in "abc"]
        if with_answers:
            q["answer"] = ans
        out.append(q)
    return out


def _course(exam: dict) -> dict:
    return {"schema": 1, "id": "key-course", "version": "1.0.0", "languages": ["fr", "en"], "title": L("C", "C"),
            "description": L("D", "D"),
            "modules": [{"id": "m1", "title": L("M", "M"), "capsules": [{"id": "c1", "title": L("c", "c")}]}],
            "certification": {"exam_mastery": 0.7, "exam": exam}}


def brute_force(manifest) -> tuple[dict | None, int, float]:
    """The attack on a public manifest: every answer sheet of the exam's answer space, as the key
    file ``pack build`` would have written, digested and compared with the pack's commitment.
    Returns (the key found or None, sheets tried, seconds)."""
    exam = manifest.certification.exam
    target = exam.answer_key_sha256 or exam.answer_key_hmac
    shipped = [q.model_dump(mode="json", exclude_none=True) for q in exam.questions]
    spaces = [[c["id"] for c in q["choices"]] if q["type"] == "single" else [True, False] for q in shipped]
    t0 = time.perf_counter()
    tried = 0
    for combo in itertools.product(*spaces):
        tried += 1
        for schema in (1, 2):  # an attacker tries the new layout as well (without the salt he lacks)
            candidate = {"type": "cc2desktop-exam-key", "schema": schema, "course_id": manifest.id,
                         "course_version": manifest.version, "exam_id": exam.id, "exam_mastery": 0.7,
                         "questions": [{**q, "answer": a} for q, a in zip(shipped, combo)]}
            import hashlib

            from cc2desktop.core.crypto import canonicalize

            if hashlib.sha256(canonicalize(candidate)).hexdigest() == target:
                return {q["id"]: a for q, a in zip(shipped, combo)}, tried, time.perf_counter() - t0
    return None, tried, time.perf_counter() - t0


def test_the_unsalted_digest_gives_the_key_away_and_the_salted_hmac_does_not(tmp_path):
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.packs.packfile import PackReader
    from cc2desktop.core.paths import assets_dir

    # the format packs had: the exam ships with answer_key_sha256 of the unsalted key file
    old_key = ExamKey.model_validate({"schema": 1, "course_id": "key-course", "course_version": "1.0.0",
                                      "exam_id": "final", "exam_mastery": 0.7, "questions": _questions(True)})
    old = parse_manifest(_course({"id": "final", "questions": [strip_answer_key(q) for q in _questions(True)],
                                  "answer_key_sha256": old_key.sha256}))
    found, tried, seconds = brute_force(old)
    assert found == KEY, "the old commitment gives the answer key away"
    print(f"old format: answer key recovered after {tried} of 1296 sheets in {seconds:.3f} s")

    # the format pack build writes now: HMAC under a salt only the key file holds
    src = tmp_path / "src"
    (src / "exam").mkdir(parents=True)
    (src / "exam" / "exam.json").write_text(json.dumps({"id": "final", "questions": _questions(True)}))
    course = _course("exam/exam.json")
    course["certification"]["exam"] = "exam/exam.json"
    (src / "course.json").write_text(json.dumps(course))
    res = build_pack(src, tmp_path / "new.cc2pack", assets_dir() / "keys" / "demo-publisher.key")
    from cc2desktop.core.packs import keys

    demo = keys.demo_public_key()
    with PackReader(res.path, {demo.key_id: demo}) as r:
        new = r.manifest
    text = json.dumps(new.to_json_obj())
    assert "answer_key_sha256" not in text and new.certification.exam.answer_key_hmac
    found, tried, seconds = brute_force(new)
    assert found is None and tried == 1296, "the whole answer space was tried in vain"
    print(f"new format: nothing found in all {tried} sheets ({seconds:.3f} s)")
    # the server, holding the key file, still binds key and pack; a key with another salt does not match
    key = load_exam_key(res.exam_key_path)
    assert key.matches(new.certification.exam.answer_key_hmac, None)
    other = ExamKey.model_validate({**key.to_json_obj(), "salt": b64url(b"\0" * 32)})
    assert not other.matches(new.certification.exam.answer_key_hmac, None)
    assert res.exam_key_path.stat().st_mode & 0o077 == 0  # the key file is the server's secret: 0600


def test_the_server_still_reads_an_old_pack_and_warns_about_it(tmp_path, course_pack):
    """A pack published before (unsalted digest, key file of schema 1) is still graded, and the
    server's configuration warnings name it for a rebuild."""
    from cc2desktop.core.packs import keys
    from cc2desktop.core.packs.exam_key import key_path_for, write_exam_key
    from cc2desktop.core.packs.packfile import sign_manifest, write_pack
    from cc2desktop.core.paths import assets_dir
    from cc2desktop.server.certification import legacy_commitments, load_courses
    from cc2desktop.server.checks import config_warnings

    assert legacy_commitments(load_courses(course_pack.parent)) == []
    old_key = ExamKey.model_validate({"schema": 1, "course_id": "key-course", "course_version": "1.0.0",
                                      "exam_id": "final", "exam_mastery": 0.7, "questions": _questions(True)})
    m = parse_manifest(_course({"id": "final", "questions": [strip_answer_key(q) for q in _questions(True)],
                                "answer_key_sha256": old_key.sha256}))
    folder = tmp_path / "courses"
    folder.mkdir()
    data, sig = sign_manifest(m, keys.load_private(assets_dir() / "keys" / "demo-publisher.key"))
    write_pack(folder / "old.cc2pack", data, sig, [])
    write_exam_key(old_key, key_path_for(folder / "old.cc2pack"))
    courses = load_courses(folder)
    assert list(courses) == [("key-course", "1.0.0")] and legacy_commitments(courses) == ["key-course 1.0.0"]

    from cc2desktop.server.app import create_app
    from cc2desktop.server.certification import setup

    app = create_app(f"sqlite:///{tmp_path / 'hub.sqlite3'}")  # a real hub grading from that folder
    setup(app, courses_dir=folder, data_dir=tmp_path / "data", public_url="http://127.0.0.1:9")
    try:
        codes = [w.code for w in config_warnings(app.state.hub, None)]
    finally:
        app.state.hub.close()
    assert "unsalted_exam_key" in codes
