"""Participants lists as facilitators write them (French or English labels, accents or not, `;` or `,`,
UTF-8 with or without BOM, Windows-1252, UTF-16), one bad row refused alone with its line; and the
dashboard's CSV export for French spreadsheets, with formulas neutralised. Real SQLite files."""

import csv
import io

import pytest

from cc2desktop.core.errors import ValidationError
from cc2desktop.core.facilitation import service

FRENCH_LIST = (
    "Nom;Genre;Pays;Catégorie;Tranche d'âge;Téléphone\n"
    "Fatou Diallo;Femme;Sénégal;Étudiant·e;18 à 24 ans;77 000 00 00\n"
    "Koffi Mensah;Homme;TG;média;25 à 34 ans;\n"
    "Aminata Koné;F;ML;Société civile;45 ans ou plus;\n"
    "Ibrahim Sawadogo;H;Burkina Faso;Autorité publique;31;\n"
    "\n"
    "Mariam Touré;Femme;Atlantide;Étudiant·e;;\n"      # line 7: unknown country
    ";Femme;SN;;;\n"                                     # line 8: no name
    "Awa Ndiaye;Femelle?;SN;;;\n"                        # line 9: gender not understood
    "Rokia Traoré;Préfère ne pas répondre;ml;ETUDIANTE;moins de 18 ans;\n"
)


def _members(kit, fs, group):
    with kit.session() as s:
        return {m.display_name: m for m in service.members(s, fs, group)}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("sep", [";", ","])
def test_the_app_s_own_french_labels_in_any_encoding_and_separator(fac, tmp_path, encoding, sep):
    kit, fs = fac
    with kit.session() as s:
        service.create_group(s, fs, "Soir")
    text = FRENCH_LIST.replace(";", sep)
    if encoding == "cp1252":
        text = text.replace("Koné;F;ML;Société civile", "Koné;F;ML;Societe civile")  # typed without accents
    path = tmp_path / "liste.csv"
    path.write_bytes(text.encode(encoding))
    rep = kit.facilitation.enrol_csv(fs, "Soir", path).value
    assert (rep.created, rep.enrolled, rep.already) == (5, 5, 0)
    assert [(e.line, e.code, e.value) for e in rep.errors] == [
        (7, "country_invalid", "Atlantide"), (8, "name_empty", ""), (9, "gender_invalid", "Femelle?")]
    assert rep.ignored_columns == ["Téléphone"]
    m = _members(kit, fs, "Soir")
    assert set(m) == {"Fatou Diallo", "Koffi Mensah", "Aminata Koné", "Ibrahim Sawadogo", "Rokia Traoré"}
    assert (m["Fatou Diallo"].gender, m["Fatou Diallo"].country, m["Fatou Diallo"].category) == ("f", "SN", "student")
    assert (m["Koffi Mensah"].category, m["Aminata Koné"].category) == ("media", "civil_society")
    assert (m["Ibrahim Sawadogo"].country, m["Ibrahim Sawadogo"].category) == ("BF", "public_authority")
    assert (m["Rokia Traoré"].gender, m["Rokia Traoré"].category) == ("na", "student")
    ages = {lr.name: lr.age_band for lr in map(kit.learning.learner, (x.learner_id for x in m.values()))}
    assert ages == {"Fatou Diallo": "18-24", "Koffi Mensah": "25-34", "Aminata Koné": "45+",
                    "Ibrahim Sawadogo": "25-34", "Rokia Traoré": "u18"}
    # the same file again adds nobody; fixing the bad lines adds only them
    rep = kit.facilitation.enrol_csv(fs, "Soir", path).value
    assert (rep.created, rep.enrolled, rep.already, len(rep.errors)) == (0, 0, 5, 3)


def test_english_headers_first_and_last_names_and_codes(fac, tmp_path):
    from cc2desktop.core.db.models import Learner

    kit, fs = fac
    with kit.session() as s:
        service.create_group(s, fs, "Evening")
        known = service.new_learner(s, fs, "Known One")
        s.get(Learner, known).code = "K7Q2M4XZ"
    path = tmp_path / "list.csv"
    path.write_text("First name,Last name,GENDER,Country,You are,Learner code\n"
                    "Grace,Mensah,Woman,Ghana,Civil society,\n"
                    ",,,,,k7q2m4xz\n"
                    "John,Doe,Man,Nowhere Land,Media,\n", encoding="utf-8")
    rep = kit.facilitation.enrol_csv(fs, "Evening", path).value
    assert (rep.created, rep.enrolled) == (1, 2)
    assert [(e.line, e.code) for e in rep.errors] == [(4, "country_invalid")]
    assert set(_members(kit, fs, "Evening")) == {"Grace Mensah", "Known One"}


@pytest.mark.parametrize("content, code", [
    (b"Telephone;Ville\n770000000;Dakar\n", "csv_header"),
    (b"Nom;Genre\n", "csv_empty"),
    (b"\n\n", "csv_empty"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "csv_unreadable"),
])
def test_a_file_that_is_no_participants_list_is_refused_whole_and_changes_nothing(fac, tmp_path, content, code):
    kit, fs = fac
    with kit.session() as s:
        service.create_group(s, fs, "G")
    path = tmp_path / "liste.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as e:
        kit.facilitation.enrol_csv(fs, "G", path)
    assert e.value.code == code and e.value.params["file"] == "liste.csv"
    assert kit.learning.learners() == []


def test_export_for_french_spreadsheets_neutralises_formulas(fac, tmp_path):
    from cc2desktop.core.reports.export import CsvStyle, safe_cell, write_tables

    kit, fs = fac
    with kit.session() as s:
        service.create_group(s, fs, "G")
        ids = [service.new_learner(s, fs, n, gender=g) for n, g in
               (("=HYPERLINK(\"http://x\";\"clic\")", "f"), ("+221 77 000", "m"), ("@SUM(A1)", "f"), ("Awa", "f"))]
        service.enrol(s, fs, "G", ids)
    d = kit.facilitation.dashboard(fs)
    style = CsvStyle.french(headers={"name": "Nom", "gender": "Genre", "progress_pct": "Progression %"},
                            values={"gender": {"female": "Femme", "male": "Homme"}.get},
                            names={"learners": "apprenants"}, hidden=("learner_id",))
    [path] = write_tables([d.learners], tmp_path / "export", style)
    assert path.name == "apprenants.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    head = rows[0]
    assert head[:2] == ["Nom", "code"] and "Progression %" in head and "learner_id" not in head
    names = {r[0] for r in rows[1:]}
    assert names == {"'=HYPERLINK(\"http://x\";\"clic\")", "'+221 77 000", "'@SUM(A1)", "Awa"}
    genders = {r[0]: r[head.index("Genre")] for r in rows[1:]}
    assert genders["Awa"] == "Femme" and genders["'+221 77 000"] == "Homme"
    assert safe_cell(12.5, ",") == "12,5" and safe_cell(-3) == -3 and safe_cell("-3") == "'-3"
    assert safe_cell("\tcmd") == "'\tcmd" and safe_cell(None) == ""
