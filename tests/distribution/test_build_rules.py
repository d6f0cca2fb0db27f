"""What ships in a build, decided in tools/build_app.py (fast checks; the real tree is checked in
test_built_app.py)."""

import re

import pytest

from tools import build_app


def test_assets_are_shipped_by_inclusion_only(tmp_path):
    a = tmp_path / "assets"
    for rel in ("fonts/DejaVuSans.ttf", "fonts/LICENSE-DejaVu.txt", "i18n/x_fr.qm", "i18n/x_fr.ts",
                "keys/demo-publisher.key", "keys/demo-publisher.pub", "keys/centre-issuer.pub",
                "packs/demo.cc2pack", "packs/demo.cc2pack.exam-key.json", "demo-course/exam/exam.json",
                "demo-course/course.src.json"):
        (a / rel).parent.mkdir(parents=True, exist_ok=True)
        (a / rel).write_text("x")
    shipped = {f"{dest}/{src.name}" for src, dest in build_app.bundled_assets(tmp_path, demo=True)}
    assert shipped == {"assets/fonts/DejaVuSans.ttf", "assets/fonts/LICENSE-DejaVu.txt", "assets/i18n/x_fr.qm",
                       "assets/keys/demo-publisher.pub", "assets/keys/centre-issuer.pub", "assets/packs/demo.cc2pack"}
    without_demo = {f"{dest}/{src.name}" for src, dest in build_app.bundled_assets(tmp_path, demo=False)}
    assert without_demo == shipped - {"assets/keys/demo-publisher.pub", "assets/packs/demo.cc2pack"}


def test_dropping_a_library_takes_what_only_it_needed_and_refuses_to_break_a_kept_one():
    deps = {"gtk3.so": {"libgtk-3.so.0", "libQt6Gui.so.6"}, "libgtk-3.so.0": {"libcairo.so.2"},
            "ffmpeg.so": {"libQt6Quick.so.6", "libcairo.so.2", "libQt6Gui.so.6"}, "libQt6Quick.so.6": set(),
            "libQt6Gui.so.6": set(), "libcairo.so.2": set(), "libpdf.so": {"libQt6Pdf.so.6"}, "libQt6Pdf.so.6": set()}
    toc = [(f"PySide6/Qt/x/{n}", n, "BINARY") for n in deps]
    drop = re.compile(r"gtk3\.so|libpdf\.so")
    kept = {e[1] for e in build_app.prune(toc, drop, imports=lambda src: deps[src])}
    # gtk3 and libgtk-3 go; cairo stays (ffmpeg needs it); Pdf goes with its only user
    assert kept == {"ffmpeg.so", "libQt6Quick.so.6", "libQt6Gui.so.6", "libcairo.so.2"}
    with pytest.raises(SystemExit, match="ffmpeg.so needs libQt6Quick.so.6"):
        build_app.prune(toc, re.compile(r"libQt6Quick"), imports=lambda src: deps[src])


def test_the_real_drop_list_keeps_what_the_app_uses():
    keep = ["PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", "PySide6/Qt/plugins/platforms/libqxcb.so",
            "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/lib/libQt6Quick.so.6",
            "PySide6/Qt/translations/qtbase_fr.qm", "PySide6/Qt/translations/qt_fr.qm",
            "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "PySide6/Qt/plugins/imageformats/libqjpeg.so"]
    assert not [k for k in keep if build_app.DROP.search(k)]
    drop = ["PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/translations/qtbase_de.qm",
            "PySide6/Qt/plugins/platforms/libqwayland.so", "PySide6/Qt/lib/libQt6Pdf.so.6",
            "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so"]
    assert all(build_app.DROP.search(d) for d in drop)
