"""What each importer writes: types, French texts, escapes, feedback, hints, images, refusals."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import TypeAdapter

from cc2desktop.core.packs.manifest import Quiz
from cc2desktop.core.quizimport import QuizImportError, detect, import_file
from tests.quizimport.conftest import FIX, by_id, run_import


def choice(q: dict, cid: str) -> dict:
    return next(c for c in q["choices"] if c["id"] == cid)


def test_moodle_every_type_with_french_texts_feedback_and_images(tmp_path):
    report, quiz = run_import(FIX / "moodle_fr.xml", tmp_path)
    TypeAdapter(Quiz).validate_python(quiz)  # what pack build checks
    assert report.format == "moodle" and report.imported == 11
    assert report.by_type == {"single": 2, "multiple": 1, "true_false": 1, "text": 1, "numeric": 1, "matching": 1,
                              "ordering": 1, "gaps": 3, "description": 1}
    assert [(r.question, r.line) for r in report.refused] == [("Rédaction", 126), ("Calcul", 130), ("Inconnu", 134)]
    assert "not auto-grad" not in report.refused[0].reason and "teacher" in report.refused[0].reason
    assert "'hotspot3d' is not supported" in report.refused[2].reason
    qs = by_id(quiz)
    flag = qs["drapeau-sn"]  # <idnumber> kept as the question id
    assert flag["format"] == "html" and flag["points"] == 2.0
    prompt = flag["prompt"]["fr"]
    assert "<strong>drapeau</strong>" in prompt and "script" not in prompt and "onclick" not in prompt
    src = prompt.split('src="')[1].split('"')[0]
    data = (tmp_path / src).read_bytes()
    assert src == f"images/{hashlib.sha256(data).hexdigest()[:24]}.png" and data.startswith(b"\x89PNG")
    assert choice(flag, "a") == {"id": "a", "text": {"fr": "Sénégal"}, "feedback": {"fr": "Oui : l'étoile est verte."}}
    assert flag["hints"] == [{"fr": "Pensez à l'étoile."}]
    assert flag["outcome_feedback"]["partial"] == {"fr": "Votre réponse est partiellement correcte."}
    tf = next(q for q in quiz["questions"] if q["type"] == "true_false")
    assert tf["prompt"]["fr"] == "Le Sénégal a une loi d'accès à l'information.\nRéfléchissez bien."
    assert tf["answer"] is False and tf["feedback"]["true"] == {"fr": "Pas encore : un projet de loi existe."}
    # the description became the context of the question after it
    after = next(q for q in quiz["questions"] if "context" in q)
    assert after["context"]["fr"] == "<p>Lisez : <em>la mairie publie son budget en ligne</em>.</p>"
    cloze = next(q for q in quiz["questions"] if "budget est voté" in q["prompt"]["fr"])
    assert [g["type"] for g in cloze["gaps"]] == ["single", "numeric", "text"] and cloze["gaps"][1]["points"] == 2.0
    numeric = next(q for q in quiz["questions"] if q["type"] == "numeric")
    assert numeric["units"] == [{"unit": "km", "multiplier": 1.0}, {"unit": "m", "multiplier": 1000.0}]


def test_gift_grammar_escapes_formats_and_refusals(tmp_path):
    report, quiz = run_import(FIX / "gift_fr.gift", tmp_path)
    TypeAdapter(Quiz).validate_python(quiz)
    assert report.format == "gift" and report.imported == 12
    assert [(r.question, r.line, r.reason.split(" ")[0]) for r in report.refused] == [
        ("Essai", 42, "essay"), ("Cassée", 51, "the")]
    qs = by_id(quiz)
    cap = qs["capitale-sn"]  # "// [id:capitale-sn]"
    assert cap["explanation"] == {"fr": "La capitale est Dakar depuis 1960."}
    assert choice(cap, "b")["feedback"] == {"fr": "C'était la capitale de l'AOF."}
    esc = next(q for q in quiz["questions"] if "Écrivez" in q["prompt"]["fr"])
    assert esc["prompt"]["fr"] == "Combien font 2 \\+ 2 = ? Écrivez {4} avec : et ~ et # et \\ sans souci."
    assert esc["accept"][0]["feedback"] == {"fr": "Oui : bien = vu"}
    md = next(q for q in quiz["questions"] if "principes" in q["prompt"]["fr"])
    assert md["format"] == "html" and "<strong>principes</strong>" in md["prompt"]["fr"]
    assert choice(md, "a")["text"] == {"fr": "Accessibles à tous"}  # Markdown emphasis dropped from an answer
    missing = next(q for q in quiz["questions"] if "_____" in q["prompt"]["fr"])
    assert missing["prompt"]["fr"] == "Les données publiques doivent être _____ par défaut."
    assert missing["answer"] == "b"
    rng = next(q for q in quiz["questions"] if "entre 1 et 5" in q["prompt"]["fr"])
    assert (rng["answer"], rng["tolerance"]) == (3.0, 2.0)
    html_q = next(q for q in quiz["questions"] if "budget" in q["prompt"]["fr"])
    assert choice(html_q, "a")["text"] == {"fr": "L'Assemblée <nationale>"}  # [plain] answer kept literally
    assert choice(html_q, "a")["feedback"] == {"fr": "<b>Oui</b>"}
    assert html_q["context"]["fr"] == "<p>Lisez l'<em>étude de cas</em> ci-dessous.</p>"
    assert qs["q4"]["type"] == "true_false" and qs["q4"]["answer"] is True


def test_qti_package_items_and_refusals(tmp_path, qti21_zip):
    report, quiz = run_import(qti21_zip, tmp_path)
    TypeAdapter(Quiz).validate_python(quiz)
    assert report.format == "qti" and report.imported == 9
    assert {r.question: r.reason.split(" ")[0] for r in report.refused} == {
        "Rédaction (items/redaction.xml)": "extended", "Zone sur la carte (items/zone.xml)": "hotspotInteraction"}
    qs = by_id(quiz)
    assert qs["choix"]["choices"][0]["feedback"] == {"fr": "Non, il passe au Mali."}  # feedbackInline
    assert qs["choix"]["outcome_feedback"] == {"right": {"fr": "Bravo, c'est le fleuve Sénégal."}}
    assert "images/" in qs["choix"]["prompt"]["fr"] and (tmp_path / "images").is_dir()
    assert qs["trous"]["type"] == "gaps" and [g["type"] for g in qs["trous"]["gaps"]] == ["single", "text"]
    assert qs["glisser"]["grading"] == "all_or_nothing" and qs["glisser"]["prompt"]["fr"].count("[[g") == 2
    assert qs["paires"]["answer"] == {"l1": "r1", "l2": "r2"} and qs["nombre"]["type"] == "numeric"


def test_qti3_item_and_common_cartridge(tmp_path, cc12_zip):
    report, quiz = run_import(FIX / "qti30_item.xml", tmp_path / "a")
    q = quiz["questions"][0]
    assert q["type"] == "multiple" and q["weights"] == {"a": 0.5, "b": -1.0, "c": 0.5}
    assert "<strong>données personnelles</strong>" in q["prompt"]["fr"]
    report, quiz = run_import(cc12_zip, tmp_path / "b")
    assert [q["type"] for q in quiz["questions"]] == ["single", "multiple", "true_false", "text"]
    first = quiz["questions"][0]
    assert first["explanation"] == {"fr": "<p>Depuis 2022, le mandat est de 5 ans.</p>"}
    assert first["choices"][0]["feedback"] == {"fr": "<p>C'était l'ancien mandat des conseillers.</p>"}
    assert "images/" in first["prompt"]["fr"]  # $IMS-CC-FILEBASE$ resolved inside the cartridge
    assert quiz["questions"][3]["answer"] == ["CENA", "C.E.N.A."]
    assert [r.reason.split(" ")[0] for r in report.refused] == ["essay"]


def test_single_qti_item_on_disk_finds_its_package_images(tmp_path):
    _r, quiz = run_import(FIX / "qti21" / "items" / "choix.xml", tmp_path)
    assert "images/" in quiz["questions"][0]["prompt"]["fr"]


def test_format_detection_and_exam_output(tmp_path, qti21_zip):
    assert detect(FIX / "moodle_fr.xml") == "moodle" and detect(FIX / "gift_fr.gift") == "gift"
    assert detect(qti21_zip) == "qti" and detect(FIX / "qti30_item.xml") == "qti"
    report, exam = run_import(FIX / "gift_fr.gift", tmp_path, exam=True)
    assert exam["id"] == "gift_fr" and "mastery_score" not in exam and (tmp_path / "exam.json").is_file()


def test_nothing_importable_writes_nothing_and_names_line_and_reason(tmp_path):
    src = tmp_path / "essais.gift"
    src.write_text("::A::Racontez.{}\n\n::B::Et encore.{}\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(QuizImportError) as exc:
        import_file(src, out)
    assert exc.value.line == 1 and "'A'" in exc.value.message and "(and 1 more refused)" in exc.value.message
    assert not out.exists()


def test_descriptions_only_and_trailing_description(tmp_path):
    src = tmp_path / "d.gift"
    src.write_text("Premier texte seul.\n\n::Q::Vrai ?{T}\n\nÀ retenir : la fin.\n", encoding="utf-8")
    _r, quiz = run_import(src, tmp_path / "o")
    q = quiz["questions"][0]
    assert q["context"] == {"fr": "Premier texte seul."} and q["explanation"] == {"fr": "À retenir : la fin."}


def test_display_order_is_fixed_once_and_never_gives_the_answer_away(tmp_path):
    _r, quiz = run_import(FIX / "moodle_fr.xml", tmp_path / "a")
    _r, again = run_import(FIX / "moodle_fr.xml", tmp_path / "b")
    assert quiz == again  # deterministic
    order = next(q for q in quiz["questions"] if q["type"] == "ordering")
    assert [i["id"] for i in order["items"]] != order["answer"]
    match = next(q for q in quiz["questions"] if q["type"] == "matching")
    assert [r["id"] for r in match["right"]] != ["r1", "r2", "r3", "r4"]
    src = tmp_path / "ordre.xml"
    src.write_text('<quiz><question type="multichoice"><name><text>Ordre</text></name><questiontext><text>?</text>'
                   '</questiontext><shuffleanswers>0</shuffleanswers>' + "".join(
                       f'<answer fraction="{100 if i == 0 else 0}"><text>{t}</text></answer>'
                       for i, t in enumerate(["un", "deux", "trois", "quatre", "Toutes ces réponses"])) +
                   "</question></quiz>", encoding="utf-8")
    _r, kept = run_import(src, tmp_path / "c")
    assert [c["id"] for c in kept["questions"][0]["choices"]] == ["a", "b", "c", "d", "e"]


def test_second_language_joins_the_same_questions(tmp_path):
    """A bilingual course: the French export, then the English one of the same questions, into one
    quiz.json whose texts have both languages; a question that differs is named, not merged."""
    fr = tmp_path / "banque.gift"
    fr.write_text("::Capitale::Quelle est la capitale du Sénégal ?{=Dakar#Bravo ~Thiès ~Saint-Louis}\n\n"
                  "::Budget::Le budget est voté par {~le maire =l'Assemblée}.\n\n"
                  "::Vrai::[html]L'eau bout à <b>100 °C</b>.{T}\n\n::Seule::Question sans version anglaise.{T}\n",
                  encoding="utf-8")
    en = tmp_path / "bank.gift"
    en.write_text("::Capital::What is the capital of Senegal?{=Dakar#Well done ~Thiès ~Saint-Louis}\n\n"
                  "::Budget::The budget is voted by {~the mayor =the Assembly}.\n\n"
                  "::True::Water boils at 100 °C.{T}\n\n::Extra::Not in French.{F}\n", encoding="utf-8")
    out = tmp_path / "capsule"
    run_import(fr, out, lang="fr")
    report, quiz = run_import(en, out, lang="en")
    assert report.imported == 3
    assert [(r.question, r.line) for r in report.refused] == [("q4", None)]
    assert "the en version differs" in report.refused[0].reason
    q1, q2, q3 = quiz["questions"][:3]
    assert q1["prompt"] == {"fr": "Quelle est la capitale du Sénégal ?", "en": "What is the capital of Senegal?"}
    assert {c["id"]: c["text"] for c in q1["choices"]}["a"] == {"fr": "Dakar", "en": "Dakar"}
    assert {c["id"]: c.get("feedback") for c in q1["choices"]}["a"] == {"fr": "Bravo", "en": "Well done"}
    assert q2["prompt"]["en"] == "The budget is voted by _____."
    assert q3["format"] == "html" and q3["prompt"]["en"] == "<p>Water boils at 100 °C.</p>"
    assert quiz["questions"][3]["prompt"] == {"fr": "Question sans version anglaise."}  # kept, flagged above
    # the French file again (corrected): its texts are replaced, the English ones stay
    fr.write_text(fr.read_text(encoding="utf-8").replace("Quelle est", "Quelle est donc"), encoding="utf-8")
    _report, quiz = run_import(fr, out, lang="fr")
    assert quiz["questions"][0]["prompt"] == {"fr": "Quelle est donc la capitale du Sénégal ?",
                                              "en": "What is the capital of Senegal?"}
