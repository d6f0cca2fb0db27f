"""Facilitator sign-in: wrong passwords make each next try wait longer (kept in the database, so the
GUI and every CLI run share it); a try during the wait is refused without checking the password."""

import time

import pytest

from cc2desktop.core.errors import PermissionDeniedError
from cc2desktop.core.facilitation import accounts
from cc2desktop.core.kit import Kit
from tests.support.facilitation import PASSWORD


def test_wrong_passwords_back_off_and_a_new_process_keeps_the_wait(fac):
    kit, _fs = fac
    codes = []
    for _ in range(30):
        try:
            kit.facilitation.sign_in("Awa", "not the password")
        except PermissionDeniedError as exc:
            codes.append(exc.code)
    assert codes[:3] == ["bad_credentials"] * 3
    assert codes.count("bad_credentials") <= 4 and codes[-1] == "signin_backoff"  # the rest were not checked
    # during the wait even the right password is refused unchecked ...
    with pytest.raises(PermissionDeniedError) as err:
        kit.facilitation.sign_in("Awa", PASSWORD)
    assert err.value.code == "signin_backoff" and err.value.params["seconds"] >= 1
    # ... and another process (the CLI) sees the same wait
    other = Kit(kit.paths)
    try:
        with pytest.raises(PermissionDeniedError) as err:
            accounts.sign_in(other, "Awa", PASSWORD)
        assert err.value.code == "signin_backoff"
    finally:
        other.close()


def test_the_wait_ends_and_a_right_password_clears_it(fac, monkeypatch):
    kit, _fs = fac
    for _ in range(4):
        with pytest.raises(PermissionDeniedError):
            kit.facilitation.sign_in("Awa", "wrong")
    real = time.time
    monkeypatch.setattr(accounts.time, "time", lambda: real() + 60)
    assert kit.facilitation.sign_in("Awa", PASSWORD).name == "Awa"
    with kit.read() as s:
        assert accounts.signin_wait(s) == 0
