"""Speakers and campaigns in the course format: pack build refuses an expert without metadata, the
app's credits page shows who speaks (FR/EN), the new-profile dialog offers the courses' campaigns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from tests.support.cert_server import write_course_source


def _build(tmp_path, edit):
    from cc2desktop.core.packs.build import build_pack
    from cc2desktop.core.paths import assets_dir

    src = write_course_source(tmp_path / "src", edit)
    out = tmp_path / "out" / "c.cc2pack"
    out.parent.mkdir()
    return out, lambda: build_pack(src, out, assets_dir() / "keys" / "demo-publisher.key")


def test_pack_build_refuses_an_expert_without_metadata(tmp_path):
    from cc2desktop.core.errors import CCError

    def legacy(d):
        d["modules"][0]["capsules"][0]["expert"] = "Awa Ndiaye, juriste"

    out, build = _build(tmp_path / "a", legacy)
    with pytest.raises(CCError, match="expert 'Awa Ndiaye, juriste' has no metadata"):
        build()
    assert not out.exists() and not list(out.parent.iterdir())

    def no_gender(d):
        d["experts"] = [{"id": "an", "name": "Awa Ndiaye", "role": {"fr": "Juriste", "en": "Lawyer"}, "country": "SN"}]
        d["modules"][0]["capsules"][0]["experts"] = ["an"]

    out, build = _build(tmp_path / "b", no_gender)
    with pytest.raises(CCError, match="gender"):
        build()
    assert not out.exists()

    def unknown_ref(d):
        d["modules"][0]["capsules"][0]["experts"] = ["nobody"]

    with pytest.raises(CCError, match="nobody"):
        _build(tmp_path / "c", unknown_ref)[1]()

    def explicit_na(d):
        d["experts"] = [{"id": "an", "name": "Awa Ndiaye", "role": {"fr": "Juriste", "en": "Lawyer"},
                         "gender": "na", "country": "na"}]
        d["modules"][0]["capsules"][0]["experts"] = ["an"]
        d["modules"][0]["capsules"][0]["expert"] = "Awa Ndiaye, juriste"

    out, build = _build(tmp_path / "d", explicit_na)
    build()
    from cc2desktop.core.packs.packfile import PackReader

    with PackReader(out, None) as r:
        assert [(e.name, e.gender, e.country) for e in r.manifest.speakers()] == [("Awa Ndiaye", "na", "na")]


def test_demo_course_credits_its_seven_speakers():
    from cc2desktop.core.learning.catalog import load_course_dir
    from cc2desktop.core.paths import assets_dir

    course = load_course_dir(assets_dir() / "demo-course")
    credits = course.credits()
    assert len(credits) == 7 and all(c["capsules"] and c["gender"] in ("f", "m") for c in credits)
    assert sum(c["gender"] == "f" for c in credits) == 4


@pytest.mark.gui
def test_credits_page_and_campaign_choice(qtbot):
    from cc2desktop.core.learning.catalog import load_course_dir
    from cc2desktop.core.paths import assets_dir
    from cc2desktop.ui.learner.credits import CreditsPage, SpeakerCard
    from cc2desktop.ui.learner.profile_dialogs import CreateProfileDialog

    course = load_course_dir(assets_dir() / "demo-course")
    page = CreditsPage()
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.set_course(course, "fr")
    cards = page.findChildren(SpeakerCard)
    assert len(cards) == 7 and cards[0].name.text() == "Mariam Ouédraogo"
    assert "Chercheuse" in cards[0].role.text() and "Burkina Faso" in cards[0].where.text()
    page.set_language("en")
    assert "researcher" in cards[0].role.text() and "Qu'est-ce" not in cards[0].where.text()
    assert not page.empty.isVisible()
    page.set_course(None, "en")
    qtbot.waitUntil(lambda: not page.findChildren(SpeakerCard), timeout=2000)
    assert page.empty.isVisible() and page.empty.text() == "This course does not name its speakers."

    dlg = CreateProfileDialog("fr")
    qtbot.addWidget(dlg)
    assert not dlg.form.isRowVisible(dlg.campaign)
    dlg.set_campaigns([{"code": "femmes-2025", "title": {"fr": "100 % femmes", "en": "100% women"}}])
    assert dlg.form.isRowVisible(dlg.campaign) and dlg.campaign.itemText(1) == "100 % femmes"
    dlg.campaign.setCurrentIndex(1)
    dlg.name.setText("Awa")
    assert dlg.values()["campaign"] == "femmes-2025"
    QApplication.sendEvent(dlg, QEvent(QEvent.LanguageChange))
    assert dlg.campaign.currentData() == "femmes-2025"  # a language switch keeps the choice
