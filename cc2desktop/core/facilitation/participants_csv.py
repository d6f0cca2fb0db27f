"""Reading a participants list (CSV) the way facilitators really write them.

Liberal where the intent is clear:

- encodings: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252
  (Excel's "CSV" on a French Windows);
- separators: ``;`` (French spreadsheets), ``,`` or tab, taken from the header line;
- column names in French or English, with or without accents or capitals (``Nom``, ``name``,
  ``Catégorie``, ``Vous êtes``, ``Genre``, ``sexe``, ``Pays``, ``Tranche d'âge``…); separate
  first-name / last-name columns are joined; unknown columns are ignored (and listed);
- values as the app itself shows them in French or English (``Étudiant·e``, ``Média``, ``Société
  civile``, ``Femme``, ``Homme``, ``Préfère ne pas répondre``, ``18 à 24 ans``) or as codes (``F``,
  ``student``), a country by code or by name (``SN``, ``Sénégal``, ``senegal``), an age as a number.

A row that cannot be read is refused alone with its line number and an error code (the UI says it in
the user's language); the other rows go on. Only a file that is not a participants list at all
(no name column, not text) is refused as a whole.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cc2desktop.core.errors import ValidationError
from cc2desktop.core.learning import countries

MAX_BYTES = 5_000_000  # far above any class list; stops a wrong file (a video) early


def fold(text: str | None) -> str:
    """Lower case, no accents, letters and digits only: ``"Étudiant·e"`` → ``"etudiante"``."""
    t = unicodedata.normalize("NFKD", text or "")
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^0-9a-z+]", "", t)


HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "noms", "nometprenom", "nometprenoms", "prenometnom", "prenomsetnom", "nomprenom",
             "nomprenoms", "prenomnom", "nomcomplet", "fullname", "displayname", "participant", "participante",
             "apprenant", "apprenante", "learner"),
    "first_name": ("prenom", "prenoms", "firstname", "givenname"),
    "last_name": ("nomdefamille", "lastname", "surname", "familyname"),
    "gender": ("gender", "genre", "sexe", "sex"),
    "country": ("country", "pays", "nationalite", "nationality"),
    "category": ("category", "categorie", "vousetes", "youare", "profil", "profile", "statut", "status"),
    "age_band": ("ageband", "age", "trancheage", "tranchedage", "agegroup", "agerange", "classedage"),
    "code": ("code", "codeapprenant", "learnercode", "codeapprenante"),
}
_HEADER_OF = {alias: key for key, aliases in HEADERS.items() for alias in aliases}

GENDER_VALUES = {
    "f": ("f", "femme", "female", "woman", "women", "feminin", "fille", "w"),
    "m": ("m", "h", "homme", "male", "man", "men", "masculin", "garcon"),
    "x": ("x", "autre", "other", "nonbinaire", "nonbinary"),
    "na": ("na", "preferenepasrepondre", "prefernottosay", "prefersnottosay", "prefernottoanswer", "nr"),
}
CATEGORY_VALUES = {
    "student": ("student", "students", "etudiant", "etudiante", "etudiants", "etudiantes", "eleve", "eleves"),
    "civil_society": ("civilsociety", "societecivile", "osc", "ong", "ngo", "association", "cso"),
    "media": ("media", "medias", "journaliste", "journalist", "presse", "press"),
    "public_authority": ("publicauthority", "publicauthorities", "autoritepublique", "autoritespubliques",
                         "secteurpublic", "publicsector", "administration", "fonctionnaire"),
    "other": ("other", "autre", "autres", "others"),
}
NOT_STATED = {"", "nonprecise", "nonprecisee", "notstated", "notsaid", "nondit", "nonrenseigne", "unknown", "inconnu"}
_GENDER_OF = {alias: code for code, aliases in GENDER_VALUES.items() for alias in aliases}
_CATEGORY_OF = {alias: code for code, aliases in CATEGORY_VALUES.items() for alias in aliases}
_COUNTRY_OF = {fold(name): code for table in (countries.FRANCOPHONE_AFRICA, countries.OTHER_COUNTRIES)
               for code, names in table.items() for name in names.values()}
_BANDS = ((0, 17, "u18"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 200, "45+"))


@dataclass(frozen=True)
class RowError:
    """A refused row: its line in the file, an error code (``ui/shell/errors.py``) and the cell at fault."""

    line: int
    code: str
    value: str = ""


@dataclass
class ParticipantRow:
    line: int
    name: str
    fields: dict[str, str | None]  # gender, country, category, age_band: codes, or None
    code: str | None


@dataclass
class ParsedFile:
    rows: list[ParticipantRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def gender_code(value: str | None) -> str | None:
    v = fold(value)
    if v in NOT_STATED:
        return None
    if v in _GENDER_OF:
        return _GENDER_OF[v]
    raise ValidationError(f"unknown gender {value!r}", code="gender_invalid")


def category_code(value: str | None) -> str | None:
    v = fold(value)
    if v in NOT_STATED:
        return None
    if v in _CATEGORY_OF:
        return _CATEGORY_OF[v]
    if v.endswith("s") and v[:-1] in _CATEGORY_OF:
        return _CATEGORY_OF[v[:-1]]
    raise ValidationError(f"unknown category {value!r}", code="category_invalid")


def country_code(value: str | None) -> str | None:
    raw = (value or "").strip()
    v = fold(raw)
    if v in NOT_STATED:
        return None
    if len(raw) == 2 and countries.is_country(raw.upper()):
        return raw.upper()
    if v in _COUNTRY_OF:
        return _COUNTRY_OF[v]
    raise ValidationError(f"unknown country {value!r}", code="country_invalid")


def age_band_code(value: str | None) -> str | None:
    raw = (value or "").strip()
    v = fold(raw)
    if v in NOT_STATED:
        return None
    if raw in countries.AGE_BANDS:
        return raw
    if v in ("u18", "moinsde18ans", "under18", "moinsde18", "-18", "<18"):
        return "u18"
    numbers = [int(n) for n in re.findall(r"\d+", raw)]
    if len(numbers) == 2:  # "18 à 24 ans", "18-24"
        for lo, hi, code in _BANDS:
            if numbers == [lo, hi]:
                return code
    above = "+" in raw or re.search(r"plus|over|more", v)
    below = "<" in raw or re.search(r"moins|under", v)
    if len(numbers) == 1 and above and numbers[0] == 45:
        return "45+"
    if len(numbers) == 1 and below and numbers[0] == 18:
        return "u18"
    if len(numbers) == 1 and not above and not below and 5 <= numbers[0] <= 120:
        return next(code for lo, hi, code in _BANDS if lo <= numbers[0] <= hi)  # an age: its band
    raise ValidationError(f"unknown age band {value!r}", code="age_band_invalid")


def parse(path: Path) -> ParsedFile:
    """Read a participants file. Raises ValidationError (``csv_unreadable``, ``csv_header``,
    ``csv_empty``) only for a file that is not a participants list; row problems are in ``errors``."""
    path = Path(path)
    try:
        data = path.read_bytes()[: MAX_BYTES + 1]
    except OSError as exc:
        raise ValidationError(f"{path.name}: cannot read ({exc.strerror or exc})", code="csv_unreadable",
                              file=path.name) from exc
    if len(data) > MAX_BYTES or _binary(data):
        raise ValidationError(f"{path.name}: not a text (CSV) file", code="csv_unreadable", file=path.name)
    lines = decode(data).splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().strip(",;\t")), None)
    if start is None:
        raise ValidationError(f"{path.name}: the file is empty", code="csv_empty", file=path.name)
    reader = csv.reader(lines[start:], delimiter=_delimiter(lines[start]))
    header = next(reader)
    keys: list[str | None] = []
    out = ParsedFile()
    for h in header:
        key = _HEADER_OF.get(fold(h))
        if key is not None and key in keys:
            key = None  # a second column of the same meaning is ignored
        keys.append(key)
        if key is None and h.strip():
            out.ignored_columns.append(h.strip())
    if "name" not in keys and "last_name" not in keys and "first_name" not in keys and "code" not in keys:
        raise ValidationError(f"{path.name}: the first line must name the columns, including a name column",
                              code="csv_header", file=path.name)
    for cells in reader:
        line = start + reader.line_num
        if not any(c.strip() for c in cells):
            continue
        cell = {k: cells[i].strip() for i, k in enumerate(keys) if k is not None and i < len(cells)}
        name = cell.get("name") or " ".join(x for x in (cell.get("first_name"), cell.get("last_name")) if x)
        try:
            fields = {"gender": gender_code(cell.get("gender")), "country": country_code(cell.get("country")),
                      "category": category_code(cell.get("category")), "age_band": age_band_code(cell.get("age_band"))}
        except ValidationError as exc:
            which = exc.code.removesuffix("_invalid")
            out.errors.append(RowError(line, exc.code, cell.get(which, "")))
            continue
        out.rows.append(ParticipantRow(line, " ".join(name.split()), fields, (cell.get("code") or "").upper() or None))
    if not out.rows and not out.errors:
        raise ValidationError(f"{path.name}: no participant after the header line", code="csv_empty", file=path.name)
    return out


def _binary(data: bytes) -> bool:
    """NUL bytes in a file that is not UTF-16: a spreadsheet (.xlsx), a picture, a video."""
    return b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
