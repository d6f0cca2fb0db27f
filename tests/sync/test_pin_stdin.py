"""Every command that takes --pin also takes --pin-stdin (a command line is visible to every user
of the PC); --pin keeps working for existing scripts."""

import io
import json

import pytest

from cc2desktop.cli import main
from cc2desktop.core.db.models import Learner
from cc2desktop.core.sync.client import SyncClient
from tests.sync.conftest import add_learner, enrolled


def _stdin(monkeypatch, text):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_learner_add_and_account_claim_read_the_pin_from_stdin(server, make_kit, tmp_path, monkeypatch, capsys):
    home = enrolled(make_kit("home"), server)
    lid = add_learner(home, "Mariam", pin="4826")
    SyncClient(home).sync()
    with home.session() as s:
        code = s.get(Learner, lid).code
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "device", "enrol", server.url, "--code",
                 server.hub.new_enrolment_code()]) == 0
    _stdin(monkeypatch, "4826\n")
    assert main(["--data-dir", str(other), "sync", "claim", code, "--pin-stdin"]) == 0
    assert "Mariam" in capsys.readouterr().out
    _stdin(monkeypatch, "1357\n")
    assert main(["--data-dir", str(other), "learner", "add", "--name", "Kofi", "--pin-stdin", "--json"]) == 0
    kofi = json.loads(capsys.readouterr().out)
    from cc2desktop.core.kit import Kit
    from cc2desktop.core.learning import pins
    from cc2desktop.core.paths import resolve_data_paths

    with Kit(resolve_data_paths(other)) as k, k.session() as s:
        assert pins.verify_pin("1357", s.get(Learner, kofi["id"]).pin_hash)
    # --pin still works, and both at once are refused
    assert main(["--data-dir", str(other), "learner", "add", "--name", "Ama", "--pin", "2468"]) == 0
    with pytest.raises(SystemExit):
        main(["--data-dir", str(other), "learner", "add", "--name", "X", "--pin", "2468", "--pin-stdin"])
