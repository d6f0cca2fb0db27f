"""Every error code a user can meet has a sentence in French and in English: the codes core raises
(found by reading its source: ``code="…"`` arguments and ``code = "…"`` class attributes), and those
of the hub's routes, which reach the desktop through a sync. A code added without a sentence fails."""

from __future__ import annotations

import ast
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
SCANNED = [*sorted((ROOT / "cc2desktop" / "core").rglob("*.py")), ROOT / "cc2desktop" / "server" / "hub.py",
           ROOT / "cc2desktop" / "server" / "app.py",
           ROOT / "cc2desktop" / "server" / "relay" / "errors.py"]  # a claim checked at the central server
#: codes built with an f-string, and what they expand to (learning.service.validate_profile)
FSTRING_CODES = {"f'{key}_invalid'": ["gender_invalid", "age_band_invalid", "category_invalid"]}


def raised_codes() -> dict[str, str]:
    """code → the first place it appears."""
    found: dict[str, str] = {}
    for path in SCANNED:
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values = []
            if isinstance(node, ast.Call):
                values = [kw.value for kw in node.keywords if kw.arg == "code"]
            elif isinstance(node, ast.ClassDef):
                values = [st.value for st in node.body if isinstance(st, ast.Assign)
                          and any(isinstance(t, ast.Name) and t.id == "code" for t in st.targets)]
            for v in values:
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    found.setdefault(v.value, f"{where}:{v.lineno}")
                elif isinstance(v, ast.JoinedStr):
                    src = ast.unparse(v)
                    assert src in FSTRING_CODES, f"{where}:{v.lineno}: error code built as {src}: list what it gives"
                    for c in FSTRING_CODES[src]:
                        found.setdefault(c, f"{where}:{v.lineno}")
    return found


def test_the_scan_finds_the_codes_it_should():
    codes = raised_codes()
    # one of each kind: keyword in core, class attribute in core, f-string, hub class attribute, hub keyword
    assert {"name_empty", "pin_wrong", "gender_invalid", "unauthorized", "bad_enrolment_code"} <= set(codes)
    assert len(codes) > 100


def test_every_error_code_has_a_french_and_an_english_sentence(qapp):
    from cc2desktop.ui.shell import errors, i18n
    from tools import i18n as dev_i18n

    codes = raised_codes()
    missing = {c: where for c, where in codes.items() if c not in errors.known_codes()}
    assert not missing, f"error codes without a sentence in ui/shell/errors.py: {missing}"
    dev_i18n.build_qm()
    try:
        i18n.set_language("en")
        en = {c: errors.error_text(c) for c in codes}
        i18n.set_language("fr")
        fr = {c: errors.error_text(c) for c in codes}
    finally:
        i18n.set_language("en")
    assert all(en.values()) and all(fr.values())
    untranslated = sorted(c for c in codes if fr[c] == en[c])
    assert not untranslated, f"no French sentence for: {untranslated}"


def test_a_core_refusal_reaches_a_french_learner_in_french(qapp):
    """A core refusal (the exam is not open to her yet) reaches the learner in her language, never as
    the English one-liner of the log."""
    from cc2desktop.core.certification.exam import ExamError
    from cc2desktop.ui.shell import errors, i18n
    from tools import i18n as dev_i18n

    dev_i18n.build_qm()
    exc = ExamError("not yet eligible for the exam: still to do c2", code="exam_not_eligible")
    try:
        i18n.set_language("fr")
        text = errors.error_text(exc)
    finally:
        i18n.set_language("en")
    assert "still to do" not in text and "capsules" in text and text != errors.error_text(exc)


def test_an_unknown_code_gets_a_generic_sentence_and_is_logged(qapp, caplog):
    from cc2desktop.core.errors import CCError
    from cc2desktop.ui.shell import errors

    with caplog.at_level("WARNING", logger="cc2desktop"):
        text = errors.error_text(CCError("something odd", code="never_seen"))
    assert text == errors.texts()["error"] and "never_seen" in caplog.text
