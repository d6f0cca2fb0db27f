from tests.relay.conftest import relay
from tests.sync.conftest import add_events, add_learner, enrolled


def test_smoke(central, hub_a, make_kit):
    from cc2desktop.core.sync.client import SyncClient
    pc = enrolled(make_kit("pc1"), hub_a)
    lid = add_learner(pc)
    add_events(pc, lid, 30)
    SyncClient(pc).sync()
    rep = relay(hub_a)
    print(rep)
    assert rep.sent == 30 and rep.stored == 30
    assert central.hub.stats()["events"] == 30
    rep = relay(hub_a)
    assert rep.sent == 0
