"""Hostile input is refused with a reason and writes nothing; messy real-world exports are repaired
where the intent is clear, and a broken question costs only itself."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest

from cc2desktop.core.quizimport import QuizImportError, import_file
from tests.quizimport.conftest import FIX, run_import

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJ"
                       "RU5ErkJggg==")
Q = ('<question type="truefalse"><name><text>{name}</text></name><questiontext format="html"><text>{text}</text>'
     '</questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text>'
     '</answer></question>')


def moodle(tmp_path: Path, body: str, name: str = "q.xml",
           prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> Path:
    p = tmp_path / name
    p.write_bytes((prolog + "<quiz>\n" + body + "\n</quiz>\n").encode("utf-8"))
    return p


def refused_whole(src: Path, tmp_path: Path) -> QuizImportError:
    out = tmp_path / "out"
    with pytest.raises(QuizImportError) as exc:
        import_file(src, out)
    assert not out.exists()
    return exc.value


def test_a_declared_encoding_that_is_not_a_text_encoding_reads_as_utf8(tmp_path):
    """``encoding="base64"`` names a codec Python has, but not one that decodes text."""
    src = moodle(tmp_path, Q.format(name="Q1", text="Données ?"), prolog='<?xml version="1.0" encoding="base64"?>\n')
    out = tmp_path / "out"
    import_file(src, out)
    assert "Données ?" in (out / "quiz.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("doctype,why", [
    ('<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "entity"),
    ('<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>', "entity"),
    ('<!DOCTYPE quiz [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]>', "entit"),
])
def test_xxe_entity_expansion_and_external_dtd_are_refused(tmp_path, doctype, why):
    text = "&xxe;&d;" if "ENTITY" in doctype else "ok"
    src = moodle(tmp_path, Q.format(name="A", text=text), prolog='<?xml version="1.0"?>\n' + doctype + "\n")
    err = refused_whole(src, tmp_path)
    assert why in err.message.lower() and err.line is not None


def test_an_external_dtd_is_never_loaded(tmp_path):
    """QTI 1.2 files name their DTD; it is not fetched, so what it declares never reaches the text."""
    (tmp_path / "evil.dtd").write_text('<!ENTITY secret "SECRET-FROM-DTD">', encoding="utf-8")
    src = moodle(tmp_path, Q.format(name="A", text="avant &secret; après"),
                 prolog='<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "evil.dtd">\n')
    _report, quiz = run_import(src, tmp_path / "o")
    assert quiz["questions"][0]["prompt"]["fr"] == "avant &secret; après"


def test_deep_nesting_is_refused(tmp_path):
    deep = "<div>" * 5000 + "x" + "</div>" * 5000
    src = moodle(tmp_path, Q.format(name="A", text=deep))
    err = refused_whole(src, tmp_path)
    assert "nested deeper" in err.message


def test_messy_export_is_repaired(tmp_path):
    """Whitespace and a BOM before <?xml, stray ]]>, &nbsp; and a bare &, Python booleans, duplicated
    elements, missing format attributes, Windows-1252 bytes in a UTF-8 file, a bare < in text."""
    body = ('<question type="category"><category><text>$course$/top</text></category></question>'
            '<question type="multichoice"><name><text>Côte & Sénégal</text></name>'
            '<questiontext><text>Un choix]]&gt; oui ]]> non&nbsp;: 3 &lt; 5 et 2 < 4 ?</text></questiontext>'
            '<questiontext format="html"><text>doublon ignoré</text></questiontext>'
            '<single>True</single><single>False</single><shuffleanswers>False</shuffleanswers>'
            '<answer fraction="100"><text>Oui</text></answer><answer fraction="0"><text>Non</text></answer></question>'
            '<question type="shortanswer"><name><text>Accents</text></name>'
            '<questiontext><text>Ville ?</text></questiontext>'
            '<usecase>False</usecase><answer fraction="100"><text>Thi\x00s</text></answer></question>')
    raw = ("\n \ufeff  " + '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>' + body + "</quiz>").encode("utf-8")
    raw = raw.replace("\x00".encode(), b"\xe8")  # a lone Windows-1252 è in a UTF-8 file
    src = tmp_path / "messy.xml"
    src.write_bytes(raw)
    report, quiz = run_import(src, tmp_path / "o")
    assert report.imported == 2 and report.refused == []
    mc, sa = quiz["questions"]
    assert mc["type"] == "single" and mc["prompt"]["fr"] == "Un choix]]> oui ]]> non\u00a0: 3 < 5 et 2 < 4 ?"
    assert sa["accept"][0]["text"] == "Thiès" and sa["match"] == "case_insensitive"


def test_one_broken_question_is_refused_alone_and_the_next_ones_import(tmp_path):
    body = "\n".join([Q.format(name="Avant", text="Premier"),
                      '<question type="truefalse"><name><text>Cassée</text></name><questiontext><text>x</b></text>',
                      "</questiontext></question>",
                      Q.format(name="Après", text="Dernier"),
                      '<question type="multichoice"><name><text>Sans réponse</text></name><questiontext><text>?</text>'
                      '</questiontext><answer fraction="0"><text>a</text></answer>'
                      '<answer fraction="0"><text>b</text></answer></question>',
                      '<question type="truefalse"><name><text>Image absente</text></name><questiontext format="html">'
                      '<text><![CDATA[<img src="@@PLUGINFILE@@/absente.png">]]></text></questiontext>'
                      '<answer fraction="100"><text>true</text></answer></question>',
                      '<question type="truefalse"><name><text>Image distante</text></name><questiontext format="html">'
                      '<text><![CDATA[<p>Vu ?</p><img src="https://exemple.org/a.png">]]></text></questiontext>'
                      '<answer fraction="100"><text>true</text></answer></question>',
                      '<question type="truefalse"><name><text>Image cassée</text></name><questiontext format="html">'
                      '<text><![CDATA[<img src="@@PLUGINFILE@@/x.png">]]></text><file name="x.png" encoding="base64">'
                      '!!!pas du base64!!!</file></questiontext>'
                      '<answer fraction="100"><text>true</text></answer></question>'])
    src = moodle(tmp_path, body)
    report, quiz = run_import(src, tmp_path / "o")
    assert [q["prompt"]["fr"] for q in quiz["questions"]] == ["Premier", "Dernier"]
    reasons = {r.question: (r.line, r.reason) for r in report.refused}
    assert reasons["?"][0] == 4 and "XML error at line 4" in reasons["?"][1]
    assert "no answer gives any credit" in reasons["Sans réponse"][1]
    assert "not included in the export" in reasons["Image absente"][1]
    assert "remote image" in reasons["Image distante"][1]
    assert "not valid base64" in reasons["Image cassée"][1]


def test_not_xml_not_gift_and_empty_files(tmp_path):
    for name, data in (("vide.xml", b""), ("binaire.xml", b"\x00\x01\x02" * 50), ("texte.gift", b"rien ici\n"),
                       ("html.xml", b"<html><body>page</body></html>")):
        src = tmp_path / name
        src.write_bytes(data)
        err = refused_whole(src, tmp_path)
        assert err.message


def _zip(tmp_path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]], name: str = "p.zip") -> Path:
    p = tmp_path / name
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in entries:
            z.writestr(n, data)
    return p


def test_hostile_zips_are_refused(tmp_path):
    item = (FIX / "qti21" / "items" / "nombre.xml").read_bytes()
    for entries, why in (
        ([("../../evil.xml", item)], "unsafe path"),
        ([("/abs/item.xml", item)], "unsafe path"),
        ([("bomb.xml", b"<" + b"a" * (60 * 1024 * 1024) + b">")], "compressed more than"),
        ([(f"f{i}.txt", b"") for i in range(10_001)], "more than 10000 files"),
    ):
        err = refused_whole(_zip(tmp_path, entries), tmp_path)
        assert why in err.message, err.message


def test_zip_image_outside_the_package_is_refused_with_its_item(tmp_path):
    bad = (FIX / "qti21" / "items" / "choix.xml").read_text(encoding="utf-8")
    bad = bad.replace("../images/carte.png", "../../../etc/passwd")
    good = (FIX / "qti21" / "items" / "nombre.xml").read_bytes()
    src = _zip(tmp_path, [("items/choix.xml", bad.encode()), ("items/nombre.xml", good), ("images/carte.png", PNG)])
    report, quiz = run_import(src, tmp_path / "o")
    assert [q["id"] for q in quiz["questions"]] == ["nombre"]
    assert "is not in the package" in report.refused[0].reason


def test_gift_liberal_where_the_intent_is_clear(tmp_path):
    src = tmp_path / "x.gift"
    src.write_bytes("\ufeff::Vrai::Dakar est au Sénégal.{VRAI}\n\n::Réponse seule::Capitale ?{Dakar}\n\n"
                    "::Bloc aéré::Choisissez.{\n=oui\n\n~non\n}\n".encode("utf-8"))
    report, quiz = run_import(src, tmp_path / "o")
    assert [q["type"] for q in quiz["questions"]] == ["true_false", "text", "single"] and report.refused == []
