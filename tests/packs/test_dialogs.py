"""The three pack dialogs, offscreen, on real packs, a real store and a real 127.0.0.1 server."""

import os
import shutil

import pytest

from cc2desktop.core.packs import service
from cc2desktop.core.packs.build import build_pack
from tests.support.packs_server import LiveServer

from .conftest import make_course

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("CC2_SHOTS")  # set to a folder to keep screenshots, e.g. "/tmp"


def _shot(w, name):
    if SHOTS:
        w.grab().save(f"{SHOTS}/{name}.png")


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory, publisher_key):
    d = tmp_path_factory.mktemp("dlg")
    v1 = build_pack(make_course(d / "v1", video_bytes=50_000), d / "course-1.0.0.cc2pack", publisher_key)
    v2 = build_pack(make_course(d / "v2", version="1.1.0", video_bytes=50_000, changed={"m2c2"}),
                    d / "course-1.1.0.cc2pack", publisher_key)
    return v1, v2


def _idle(qtbot, dlg):
    qtbot.waitUntil(lambda: not dlg.busy, timeout=20_000)


def test_install_from_usb_lists_packs_installs_and_shows_changes(qtbot, runner, trusted_kit, two_versions, tmp_path):
    from cc2desktop.ui.packs.dialogs import InstallFromMediaDialog

    v1, v2 = two_versions
    stick = tmp_path / "media" / "KOFI-USB"
    (stick / "cours").mkdir(parents=True)
    shutil.copy(v1.path, stick / "cours")
    (stick / "cours" / "abime.cc2pack").write_bytes(b"not a pack")
    dlg = InstallFromMediaDialog(trusted_kit.packs, runner, roots=[tmp_path / "media"])
    qtbot.addWidget(dlg)
    dlg.show()
    _idle(qtbot, dlg)
    assert dlg.model.rowCount() == 2
    statuses = sorted(dlg.model.item(i, 2).text() for i in range(2))
    assert statuses == ["Damaged or not a course pack", "Not installed"]
    assert dlg.selected_row()["id"] == "test-course" and dlg.install_button.isEnabled()
    _shot(dlg, "packs-usb-list")
    dlg.install_button.click()
    _idle(qtbot, dlg)
    assert dlg.result.status == "installed" and "Course installed (capsules: 4)." in dlg.status.text()
    assert [c["version"] for c in service.list_courses(trusted_kit)] == ["1.0.0"]
    # then a newer version picked with the file dialog's path
    dlg.install_file(str(v2.path))
    _idle(qtbot, dlg)
    assert dlg.result.status == "updated"
    text = dlg.status.text()
    assert "Updated from 1.0.0 to 1.1.0." in text and "(3) is kept" in text
    assert "Capsules changed: 1, added: 0, removed: 0." in text
    assert dlg.model.item(1, 2).text() == "Older than the installed version" and not dlg.install_button.isEnabled()
    _shot(dlg, "packs-usb-updated")


def test_install_error_is_shown_in_one_sentence_and_changes_nothing(qtbot, runner, kit, two_versions, tmp_path):
    from cc2desktop.ui.packs.dialogs import InstallFromMediaDialog

    dlg = InstallFromMediaDialog(kit.packs, runner, roots=[tmp_path / "nothing"])
    qtbot.addWidget(dlg)
    _idle(qtbot, dlg)
    assert "No course pack found" in dlg.status.text()
    dlg.install_file(str(two_versions[0].path))  # signed by a key this kit does not trust
    _idle(qtbot, dlg)
    assert "does not trust" in dlg.status.text() and service.list_courses(kit) == []
    _shot(dlg, "packs-usb-untrusted")


def test_catalog_dialog_downloads_and_updates(qtbot, runner, trusted_kit, two_versions, tmp_path):
    from cc2desktop.ui.packs.dialogs import CatalogDialog

    v1, v2 = two_versions
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(v1.path, served)
    with LiveServer(served) as srv:
        srv.wire.delay = 0.01
        dlg = CatalogDialog(trusted_kit.packs, runner, catalog_url=srv.url + "/api/v1/catalog")
        qtbot.addWidget(dlg)
        dlg.show()
        _idle(qtbot, dlg)
        assert dlg.model.rowCount() == 1 and dlg.model.item(0, 3).text() == "Not installed"
        assert dlg.install_button.isEnabled() and dlg.install_button.text() == "Download and install"
        dlg.install_button.click()
        qtbot.waitUntil(lambda: dlg.progress.isVisible(), timeout=5000)
        _idle(qtbot, dlg)
        assert dlg.result.status == "installed"
        assert dlg.model.item(0, 3).text() == "Installed" and "Downloaded:" in dlg.status.text()
        assert trusted_kit.settings.get("packs.catalog_url") == srv.url + "/api/v1/catalog"
        shutil.copy(v2.path, served)
        dlg.refresh()
        _idle(qtbot, dlg)
        assert dlg.model.item(0, 3).text() == "Update: 1.0.0 → 1.1.0" and dlg.install_button.text() == "Update"
        _shot(dlg, "packs-catalog-update")
        dlg.install_button.click()
        _idle(qtbot, dlg)
        assert dlg.result.status == "updated" and dlg.result.files_fetched == 1
        assert "Capsules changed: 1," in dlg.status.text()


def test_catalog_download_can_be_cancelled(qtbot, runner, trusted_kit, two_versions, tmp_path):
    from cc2desktop.ui.packs.dialogs import CatalogDialog

    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(two_versions[0].path, served)
    with LiveServer(served) as srv:
        srv.wire.delay = 0.3
        dlg = CatalogDialog(trusted_kit.packs, runner, catalog_url=srv.url + "/api/v1/catalog")
        qtbot.addWidget(dlg)
        dlg.show()
        _idle(qtbot, dlg)
        dlg.install_button.click()
        qtbot.waitUntil(lambda: dlg.cancel_button.isVisible(), timeout=5000)
        dlg.cancel_button.click()
        _idle(qtbot, dlg)
        assert "Cancelled" in dlg.status.text() and service.list_courses(trusted_kit) == []


def test_verify_content_reports_and_repairs(qtbot, runner, trusted_kit, two_versions):
    from cc2desktop.ui.packs.dialogs import VerifyContentDialog

    v1 = two_versions[0]
    service.install_pack(trusted_kit, v1.path)
    blob = service.file_path(trusted_kit, "test-course", "capsules/m1c1/video.mp4")
    blob.write_bytes(b"\0" * 100)
    dlg = VerifyContentDialog(trusted_kit.packs, runner)
    qtbot.addWidget(dlg)
    dlg.show()
    _idle(qtbot, dlg)
    assert dlg.model.rowCount() == 1 and "capsules/m1c1/video.mp4" in dlg.model.item(0).text()
    assert "Damaged files: 1." in dlg.status.text() and dlg.repair_button.isEnabled()
    _shot(dlg, "packs-verify-damaged")
    dlg.repair_from(str(v1.path))
    _idle(qtbot, dlg)
    assert dlg.model.rowCount() == 0 and "Files repaired: 1. Everything is intact." in dlg.status.text()
    assert not dlg.repair_button.isEnabled()
    _shot(dlg, "packs-verify-repaired")


def test_catalog_address_forms():
    from cc2desktop.core.errors import CCError
    from cc2desktop.core.packs.remote import catalog_url

    cat = "http://192.168.1.10:8765/api/v1/catalog"
    for typed in ("192.168.1.10:8765", " http://192.168.1.10:8765 ", "http://192.168.1.10:8765/",
                  "192.168.1.10:8765/api/v1", "192.168.1.10:8765/api/v1/", cat):
        assert catalog_url(typed) == cat, typed
    assert catalog_url("https://cours.example.org/static/catalog.json") == "https://cours.example.org/static/catalog.json"
    assert catalog_url("hub.local") == "http://hub.local/api/v1/catalog"
    for bad, code in (("", "pack_no_catalog"), ("ftp://hub.local", "pack_bad_address"), ("http://", "pack_bad_address"),
                      ("hub.local:port", "pack_bad_address")):
        with pytest.raises(CCError) as e:
            catalog_url(bad)
        assert e.value.code == code, bad


def test_catalog_dialog_starts_from_the_enrolled_server(qtbot, runner, trusted_kit, two_versions, tmp_path):
    """A PC enrolled with a hub: "Download courses" opens on the hub's address and lists its
    courses; the base address typed without http:// works too."""
    from cc2desktop.core.sync.client import SyncClient
    from tests.support.live_server import ThreadedServer
    from cc2desktop.server.app import create_app
    from cc2desktop.ui.packs.dialogs import CatalogDialog

    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(two_versions[0].path, served)
    app = create_app(f"sqlite:///{tmp_path / 'hub.sqlite3'}", packs_dir=served)
    with ThreadedServer(app) as srv:
        SyncClient(trusted_kit).enrol(srv.url, app.state.hub.new_enrolment_code())
        # the packs controller opens the dialog on this address (read off the GUI thread)
        dlg = CatalogDialog(trusted_kit.packs, runner, catalog_url=trusted_kit.packs.catalog_address())
        qtbot.addWidget(dlg)
        dlg.show()
        assert dlg.url_edit.text() == srv.url
        _idle(qtbot, dlg)
        assert dlg.model.rowCount() == 1 and dlg.model.item(0, 3).text() == "Not installed"
        dlg.url_edit.setText(srv.url.removeprefix("http://"))
        dlg.refresh()
        _idle(qtbot, dlg)
        assert dlg.model.rowCount() == 1 and dlg.rows[0]["id"] == "test-course"
        dlg.url_edit.setText("ftp://nowhere")
        dlg.refresh()
        _idle(qtbot, dlg)
        assert "not a server address" in dlg.status.text()
        _shot(dlg, "packs-catalog-enrolled")
    app.state.hub.close()
