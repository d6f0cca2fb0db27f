"""The manifest model: a valid manifest round-trips; each kind of error names its field."""

import hashlib
import json

import pytest

from cc2desktop.core.packs.manifest import (
    XAPI_INTERACTION_TYPES,
    ManifestError,
    check_pack_path,
    parse_manifest,
)


def _f(path, data=b"x"):
    return {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def T(fr, en=None):
    return {"fr": fr, "en": en or fr + " (en)"}


def valid():
    choices = [{"id": "a", "text": T("Oui")}, {"id": "b", "text": T("Non")}]
    return {
        "schema": 1,
        "id": "demo-x",
        "version": "1.2.0",
        "languages": ["fr", "en"],
        "title": T("Cours"),
        "description": T("Desc"),
        "publisher": "Connexions Citoyennes",
        "modules": [{
            "id": "m1", "title": T("Module"),
            "capsules": [{
                "id": "m1c1", "title": T("Capsule"), "summary": T("Résumé"), "expert": "A. B.",
                "duration_s": 48.5,
                "video": {"standard": "capsules/m1c1/video.mp4", "low": "capsules/m1c1/video-low.mp4"},
                "subtitles": {"fr": "capsules/m1c1/subtitles.fr.vtt"},
                "transcript": {"fr": "capsules/m1c1/transcript.fr.md", "en": "capsules/m1c1/transcript.en.md"},
                "resources": [{"path": "resources/guide.pdf", "title": T("Guide"), "kind": "pdf"}],
                "quiz": {"id": "m1c1-quiz", "mastery_score": 0.6, "questions": [
                    {"id": "q1", "type": "single", "prompt": T("?"), "choices": choices, "answer": "a",
                     "explanation": T("car")},
                    {"id": "q2", "type": "multiple", "prompt": T("?"), "choices": choices, "answer": ["a", "b"]},
                    {"id": "q3", "type": "true_false", "prompt": T("?"), "answer": True},
                    {"id": "q4", "type": "numeric", "prompt": T("?"), "answer": 54, "tolerance": 0},
                    {"id": "q5", "type": "text", "prompt": T("?"), "answer": ["données ouvertes", "open data"]},
                    {"id": "q6", "type": "ordering", "prompt": T("?"), "items": choices, "answer": ["b", "a"]},
                    {"id": "q7", "type": "matching", "prompt": T("?"), "left": [{"id": "l1", "text": T("g")}],
                     "right": [{"id": "r1", "text": T("d")}], "answer": {"l1": "r1"}},
                    {"id": "q8", "type": "gaps", "prompt": T("Le [[g1]] vaut [[g2]]."), "gaps": [
                        {"id": "g1", "type": "single", "choices": choices, "answer": "a"},
                        {"id": "g2", "type": "numeric", "answer": 3, "tolerance": 0.5}]},
                ]},
                "completion": {"min_watched": 0.9, "quiz_required": True},
            }],
        }],
        "certification": {
            "required_capsules": "all", "quiz_mastery": 0.6, "exam_mastery": 0.7, "exam_attempts": 3,
            "exam_time_limit_s": 1800, "move_on": "CompletedAndPassed",
            "exam": {"id": "final", "questions": [
                {"id": "e1", "type": "single", "prompt": T("?"), "choices": choices},
                {"id": "e2", "type": "true_false", "prompt": T("?")},
            ]},
        },
        "files": [_f(p) for p in ["capsules/m1c1/video.mp4", "capsules/m1c1/video-low.mp4",
                                  "capsules/m1c1/subtitles.fr.vtt", "capsules/m1c1/transcript.fr.md",
                                  "capsules/m1c1/transcript.en.md", "resources/guide.pdf"]],
    }


def test_valid_manifest_round_trips_and_navigates():
    m = parse_manifest(json.dumps(valid()).encode())
    assert m.schema_version == 1 and m.version_tuple == (1, 2, 0)
    assert [c.id for c in m.capsules()] == ["m1c1"]
    cap = m.capsule("m1c1")
    assert cap.quiz.questions[3].answer == 54 and cap.quiz.questions[4].answer == ["données ouvertes", "open data"]
    assert {q.xapi_interaction_type for q in cap.quiz.questions} == set(XAPI_INTERACTION_TYPES.values())
    assert m.certification.exam.questions[0].answer is None
    assert m.required_capsule_ids() == ["m1c1"]
    assert m.text(m.title, "en") == "Cours (en)" and m.text(m.title, "wo") == "Cours"
    assert m.file("resources/guide.pdf").size == 1
    again = parse_manifest(m.to_json_obj())
    assert again == m
    assert "answer" not in json.dumps(m.to_json_obj()["certification"]["exam"])


def _err(mutate):
    data = valid()
    mutate(data)
    with pytest.raises(ManifestError) as exc:
        parse_manifest(json.dumps(data).encode())
    return exc.value.message


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["modules"][0]["capsules"][0]["title"].pop("en"),
     "modules[0].capsules[0].title: missing language 'en'"),
    (lambda d: d["modules"][0]["capsules"][0].pop("id"), "modules[0].capsules[0].id"),
    (lambda d: d.__setitem__("version", "1.0"), "field version"),
    (lambda d: d["files"][0].__setitem__("sha256", "zz"), "files[0].sha256"),
    (lambda d: d["files"][1].__setitem__("path", "../evil"), "files[1].path"),
    (lambda d: d["files"].pop(0), "'capsules/m1c1/video.mp4' is not listed in files"),
    (lambda d: d["certification"]["exam"]["questions"][0].__setitem__("answer", "a"),
     "the exam must not ship its answer"),
    (lambda d: d["modules"][0]["capsules"][0]["quiz"]["questions"][0].pop("answer"), "needs its answer"),
    (lambda d: d["modules"][0]["capsules"][0]["quiz"]["questions"][0].__setitem__("answer", "z"),
     "quiz.questions[0].answer"),
    (lambda d: d.__setitem__("surprise", 1), "field surprise"),
    (lambda d: d["certification"].__setitem__("required_capsules", ["nope"]), "unknown capsule 'nope'"),
    (lambda d: d["files"].append(dict(d["files"][0], path="CAPSULES/m1c1/video.mp4")), "duplicate"),
    (lambda d: d["modules"][0]["capsules"][0]["quiz"]["questions"][1].__setitem__("type", "essay"), "type"),
])
def test_errors_name_the_field(mutate, expected):
    msg = _err(mutate)
    assert expected in msg, msg
    assert "\n" not in msg


def test_schema_version_and_json_errors():
    assert "unknown manifest schema version 2" in _err(lambda d: d.__setitem__("schema", 2))
    with pytest.raises(ManifestError, match="not valid JSON"):
        parse_manifest(b"{not json")
    with pytest.raises(ManifestError, match="not UTF-8"):
        parse_manifest(b'{"schema": "\xff"}')
    with pytest.raises(ManifestError, match="too large"):
        parse_manifest(b" " * (9 * 1024 * 1024))
    with pytest.raises(ManifestError, match="not valid JSON"):
        parse_manifest(b'{"schema": NaN}')


@pytest.mark.parametrize("path", ["../a", "/etc/passwd", "a\\b", "C:x", "a/../b", "a\x00b", "a//b", "./a",
                                  "con.txt", "manifest.json", "e\u0301.txt", "a/b ", ""])
def test_unsafe_paths_refused(path):
    assert check_pack_path(path)


def test_safe_paths_accepted():
    for p in ["capsules/m1c1/video.mp4", "resources/guide-v2.pdf", "é.txt", "a/b/c.d"]:
        assert check_pack_path(p) is None, p
