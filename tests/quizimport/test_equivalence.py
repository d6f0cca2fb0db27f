"""Grading equivalence: for each imported question, the kit's grader gives the score the source's own
rules give. The source rules are written here a second time, independently of the importers, from
Moodle's and QTI's documentation, and applied to the *source* files (read with the standard
library: these fixtures are ours), for every response of a small space (each choice, each subset,
each pairing, typed answers around the accepted ones)."""

from __future__ import annotations

import itertools
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest

from cc2desktop.core.learning.quiz import grade
from tests.quizimport.conftest import FIX, by_id, run_import


# --- Moodle's rules, from its documentation ---------------------------------------------------------
def frac(a: ET.Element) -> float:
    return float(a.get("fraction", "0")) / 100.0


def answers(q: ET.Element) -> list[ET.Element]:
    return [a for a in q.findall("answer") if (a.findtext("text") or "").strip()]


def moodle_wildcard(pattern: str, response: str, usecase: bool) -> bool:
    """Moodle short answer: the response trimmed, ``*`` any text, case per ``usecase``."""
    response = unicodedata.normalize("NFC", response.strip())
    rx = "^" + ".*".join(re.escape(p) for p in re.split(r"\*+", pattern)) + "$"
    return re.match(rx, response, 0 if usecase else re.IGNORECASE) is not None and response != ""


def moodle_score(q: ET.Element, response) -> float:  # noqa: ANN001
    kind = q.get("type")
    ans = answers(q)
    if kind == "multichoice":
        ids = [chr(97 + i) for i in range(len(ans))]
        fr = dict(zip(ids, map(frac, ans)))
        if q.findtext("single", "true").strip().lower() in ("true", "1"):
            return fr.get(response, 0.0)
        return min(1.0, max(0.0, sum(fr[r] for r in response)))
    if kind == "truefalse":
        for a in ans:
            if (a.findtext("text").strip().lower() == "true") == response:
                return frac(a)
    if kind == "shortanswer":
        usecase = q.findtext("usecase", "0").strip() == "1"
        for a in ans:
            if moodle_wildcard(a.findtext("text").strip(), response, usecase):
                return frac(a)
        return 0.0
    if kind == "numerical":
        units = {u.findtext("unit_name"): float(u.findtext("multiplier")) for u in q.iter("unit")}
        m = re.match(r"^\s*([-+]?[\d.]+)\s*(\S*)\s*$", response)
        if not m:
            return 0.0
        value = float(m.group(1)) / units.get(m.group(2), 1.0)
        for a in ans:
            t = a.findtext("text").strip()
            if t == "*" or abs(value - float(t)) <= float(a.findtext("tolerance", "0")) + 1e-9:
                return frac(a)
        return 0.0
    if kind == "matching":
        subs = [s for s in q.findall("subquestion") if (s.findtext("text") or "").strip()]
        right = sum(1 for s, r in zip(subs, response) if s.find("answer").findtext("text") == r)
        return right / len(subs)
    if kind == "gapselect":
        opts = [o.findtext("text") for o in q.findall("selectoption")]
        gaps = [int(n) for n in re.findall(r"\[\[(\d+)\]\]", q.find("questiontext").findtext("text"))]
        return sum(1 for n, r in zip(gaps, response) if opts[n - 1] == r) / len(gaps)
    raise AssertionError(kind)


@pytest.fixture(scope="module")
def moodle(tmp_path_factory):
    out = tmp_path_factory.mktemp("moodle")
    _report, quiz = run_import(FIX / "moodle_fr.xml", out)
    src = [q for q in ET.parse(FIX / "moodle_fr.xml").getroot().findall("question") if q.get("type") != "category"]
    names = {q.findtext("name/text"): q for q in src}
    return quiz, names


def _imported(quiz: dict, name_prompt: str) -> dict:
    return next(q for q in quiz["questions"] if name_prompt in q["prompt"]["fr"])


def test_moodle_choice_questions_score_as_in_moodle(moodle):
    quiz, src = moodle
    for name, needle in (("Drapeau du Sénégal", "drapeau"), ("Budget en ligne", "Qui peut lire")):
        q, s = _imported(quiz, needle), src[name]
        for c in q["choices"]:
            assert grade(q, c["id"]).score == pytest.approx(moodle_score(s, c["id"])), (name, c["id"])
    q, s = _imported(quiz, "Cochez les principes"), src["Principes des données ouvertes"]
    ids = [c["id"] for c in q["choices"]]
    for n in range(len(ids) + 1):
        for subset in itertools.combinations(ids, n):
            assert grade(q, list(subset)).score == pytest.approx(moodle_score(s, subset)), subset
    # negative marking: a wrong pick costs in the single choice, never below 0 in the multiple one
    assert grade(_imported(quiz, "Qui peut lire"), "b").score == pytest.approx(-0.5)
    assert grade(q, ["a", "c"]).score == 0.0


def test_moodle_true_false_short_answer_numerical(moodle):
    quiz, src = moodle
    q, s = _imported(quiz, "loi d'accès"), src["Loi d'accès"]
    for r in (True, False):
        assert grade(q, r).score == moodle_score(s, r)
    q, s = _imported(quiz, "capitale du Sénégal"), src["Capitale"]
    for r in ("Dakar", " dakar ", "DAKAR", "Dakkar", "dak", "Dak*", "Thiès", "dakar!", "Dakar Plateau", "da kar"):
        assert grade(q, r).score == pytest.approx(moodle_score(s, r)), r
    q, s = _imported(quiz, "kilomètres"), src["Distance"]
    for r in ("70", "74.9", "75", "76", "85", "86", "70 km", "70000 m", "60000 m", "abc", "-70"):
        assert grade(q, r).score == pytest.approx(moodle_score(s, r)), r


def test_moodle_matching_and_gaps(moodle):
    quiz, src = moodle
    q, s = _imported(quiz, "sigle"), src["Sigles"]
    rights = {r["id"]: r["text"]["fr"] for r in q["right"]}
    for combo in itertools.product(list(rights), repeat=len(q["left"])):
        resp = dict(zip([x["id"] for x in q["left"]], combo))
        assert grade(q, resp).score == pytest.approx(moodle_score(s, [rights[c] for c in combo])), combo
    q, s = _imported(quiz, "publiques doivent"), src["Phrase à trous"]
    names = [{c["id"]: c["text"]["fr"] for c in g["choices"]} for g in q["gaps"]]
    for combo in itertools.product(*[list(n) for n in names]):
        resp = {g["id"]: c for g, c in zip(q["gaps"], combo)}
        assert grade(q, resp).score == pytest.approx(moodle_score(s, [n[c] for n, c in zip(names, combo)])), combo


def test_moodle_ordering_and_cloze_by_hand(moodle):
    """Worked from qtype_ordering's and multianswer's documentation."""
    quiz, _ = moodle
    q = _imported(quiz, "étapes dans l'ordre")  # relative to the next item, excluding the last
    assert grade(q, ["a", "b", "c", "d"]).score == 1.0
    assert grade(q, ["a", "b", "d", "c"]).score == pytest.approx(1 / 3)  # only a→b is right
    assert grade(q, ["d", "c", "b", "a"]).score == 0.0
    assert grade(q, ["b", "c", "d", "a"]).score == pytest.approx(2 / 3)  # b→c, c→d
    q = _imported(quiz, "budget est voté")  # weights 1, 2, 1
    assert grade(q, {"g1": "a", "g2": "12", "g3": "Loi de finances"}).score == 1.0
    assert grade(q, {"g1": "a", "g2": "11", "g3": "finances"}).score == pytest.approx((1 + 0 + 0.5) / 4)
    assert grade(q, {"g1": "b", "g2": "12"}).score == pytest.approx(2 / 4)


# --- GIFT: the same rules, read from the GIFT text by hand --------------------------------------------
def test_gift_scores_follow_the_gift_weights(tmp_path):
    _r, quiz = run_import(FIX / "gift_fr.gift", tmp_path)
    q = _imported(quiz, "principes")  # ~%50% ~%50% ~%-100%: no "=" so several may be ticked
    assert q["type"] == "multiple"
    expected = {(): 0, ("a",): .5, ("b",): .5, ("a", "b"): 1, ("a", "b", "c"): 0, ("c",): 0, ("a", "c"): 0}
    for resp, want in expected.items():
        assert grade(q, list(resp)).score == pytest.approx(want), resp
    q = _imported(quiz, "ONG")  # =full =%50%organisation*
    for resp, want in {"Organisation non gouvernementale": 1, "organisation des nations": .5, "ONG": 0}.items():
        assert grade(q, resp).score == pytest.approx(want), resp
    q = _imported(quiz, "entre 1 et 5")  # {#1..5}
    for resp, want in {"1": 1, "5": 1, "3,5": 1, "0.9": 0, "5.1": 0}.items():
        assert grade(q, resp).score == want, resp
    q = _imported(quiz, "indépendant")  # =1960:0 =%50%1960:2
    for resp, want in {"1960": 1, "1961": .5, "1958": .5, "1957": 0}.items():
        assert grade(q, resp).score == pytest.approx(want), resp
    q = _imported(quiz, "loi d'accès")  # {FALSE#wrong feedback#right feedback}
    assert grade(q, False).correct and grade(q, False).feedback == ({"fr": "Exact."},)
    assert grade(q, True).feedback == ({"fr": "Pas encore : c'est un projet."},)


# --- QTI: map_response and match_correct ----------------------------------------------------------------
def qti_map_response(mapping: dict[str, float], lower: float, upper: float, chosen: set[str]) -> float:
    return min(upper, max(lower, sum(mapping.get(c, 0.0) for c in chosen))) / upper


def test_qti_mapped_and_all_or_nothing_scores(tmp_path, qti21_zip, cc12_zip):
    _r, quiz = run_import(qti21_zip, tmp_path / "a")
    q = by_id(quiz)["multiple"]
    src_ids = {"a": "SN", "b": "ML", "c": "CI", "d": "BF"}
    mapping = {"SN": 1, "CI": 1, "ML": -2}
    for n in range(5):
        for subset in itertools.combinations("abcd", n):
            want = qti_map_response(mapping, 0, 2, {src_ids[x] for x in subset})
            assert grade(q, list(subset)).score == pytest.approx(want), subset
    q = by_id(quiz)["ordre"]  # match_correct: all or nothing
    for perm in itertools.permutations(["a", "b", "c"]):
        assert grade(q, list(perm)).score == (1.0 if list(perm) == ["b", "a", "c"] else 0.0)
    q = by_id(quiz)["texte"]  # mapped strings, case-insensitive entries
    for resp, want in {"Bamako": 1, "bamako": 1, "Bamaco": .5, "Dakar": 0}.items():
        assert grade(q, resp).score == want, resp
    q = by_id(quiz)["associer"]  # map_response, one point per pair
    assert grade(q, {"l1": "r1", "l2": "r3"}).score == 0.5
    _r, cc = run_import(cc12_zip, tmp_path / "b")
    q = next(x for x in cc["questions"] if x["type"] == "multiple")  # <and> with <not>: all or nothing
    for n in range(4):
        for subset in itertools.combinations("abc", n):
            assert grade(q, list(subset)).score == (1.0 if set(subset) == {"a", "c"} else 0.0), subset


def test_cloze_multiresponse_and_case_sensitive_gaps(tmp_path):
    """Moodle multianswer: MULTIRESPONSE sums its fractions (within 0..1), SHORTANSWER_C minds the
    case, each embedded answer weighs its {n:…} weight."""
    src = tmp_path / "cloze.xml"
    src.write_text(
        '<quiz><question type="multianswer"><name><text>Cloze</text></name><questiontext format="html"><text>'
        '<![CDATA[<p>Libertés : {2:MULTIRESPONSE:%50%expression~%50%réunion~%-100%stationner partout}. '
        'Sigle : {1:SHORTANSWER_C:=CENA~%50%Cena}. Vote : {1:MCV:=secret#Oui~public#Non}.</p>]]></text>'
        '</questiontext></question></quiz>', encoding="utf-8")
    _r, quiz = run_import(src, tmp_path / "o")
    q = quiz["questions"][0]
    assert [(g["type"], g.get("points", 1.0)) for g in q["gaps"]] == [("multiple", 2.0), ("text", 1.0), ("single", 1.0)]
    cases = [
        ({"g1": ["a", "b"], "g2": "CENA", "g3": "a"}, 1.0),
        ({"g1": ["a"], "g2": "Cena", "g3": "a"}, (2 * .5 + .5 + 1) / 4),
        ({"g1": ["a", "c"], "g2": "cena", "g3": "b"}, 0.0),  # 0.5 - 1 → 0; "cena" matches neither
        ({"g1": ["a", "b", "c"], "g2": " CENA ", "g3": "a"}, (0 + 1 + 1) / 4),
    ]
    for resp, want in cases:
        assert grade(q, resp).score == pytest.approx(want), resp
