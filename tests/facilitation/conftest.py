import pytest

from tests.support.facilitation import PASSWORD


@pytest.fixture
def fac(kit):
    """(kit, facilitator session) with one facilitator account."""
    from cc2desktop.core.facilitation import accounts

    with kit.session() as s:
        accounts.add_facilitator(s, "Awa", PASSWORD)
    with kit.session() as s:
        fs = accounts.authenticate(s, "Awa", PASSWORD)
    return kit, fs


