"""The same exchanges with the server on a real PostgreSQL cluster (initdb + pg_ctl in a temp dir)."""

from __future__ import annotations

from tests.sync import test_e2e


def test_two_pcs_and_a_usb_pc_on_postgresql(pg_server, make_kit, tmp_path):
    test_e2e.test_two_pcs_and_a_usb_pc_end_with_identical_histories(pg_server, make_kit, tmp_path)


def test_replay_and_conflict_on_postgresql(pg_server, make_kit):
    test_e2e.test_replay_is_a_noop_and_a_changed_body_is_refused(pg_server, make_kit)


def test_migrations_are_idempotent_on_postgresql(pg_url):
    from cc2desktop.server.hub import Hub

    Hub(pg_url).close()
    hub = Hub(pg_url)  # a second start finds the schema current
    assert hub.stats() == {"events": 0, "learners": 0, "devices": 0, "certificates": 0, "certified": 0,
                           "not_passed": 0}
    hub.close()
