"""``kit.sync``: status, one exchange with the server, enrolment, USB bundles, in the facade calling
style. An exchange runs in a long-job thread; its apply steps are short write transactions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cc2desktop.core.changes import Changes, Done
from cc2desktop.core.sync.service import SyncService, SyncStatus


def report_changes(report: Any) -> Changes:
    """What an exchange changed here: the sync state always; learners, progress and certificates
    when the server sent some; what the broadcast items' kinds changed (forum, announcements…)."""
    if report is None:
        return Changes(pending_sync=True)
    return Changes(pending_sync=True, learners=report.profiles > 0, progress=report.pulled > 0 or report.profiles > 0,
                   certificates=report.items > 0 or report.pulled > 0) | report.changes


class Sync:
    def __init__(self, kit: Any) -> None:
        self.kit = kit
        self.service = SyncService(kit)

    # ------------------------------------------------------------------------------ reads
    def status(self) -> SyncStatus:
        return self.service.status()

    def next_delay(self) -> float:
        return self.service.next_delay()

    def refused(self) -> list[dict]:
        """Events the server refused (kept aside here with their reason, never resent alone)."""
        return self.service.refused()

    # ------------------------------------------------------------------------------ refused events
    def export_refused(self, path: Path) -> Done[Path]:
        return Done(self.service.export_refused(Path(path)))

    def release_refused(self, ids: list[str] | None = None) -> Done[int]:
        """Send these refused events again with the next sync (all when ``ids`` is None)."""
        return Done(self.service.release_refused(ids), Changes(pending_sync=True))

    # ------------------------------------------------------------------------------ exchanges
    def sync_now(self, job: Any = None) -> Done[SyncStatus]:
        """Probe the server, then push and pull. A network failure is in the status, not raised."""
        st = self.service.run_once(job)
        return Done(st, self.kit.changed(report_changes(self.service.last_report)))

    def enrol(self, url: str, code: str, name: str | None = None) -> Done[dict]:
        return Done(self.service.enrol(url, code, name), Changes(pending_sync=True))

    def claim_account(self, code: str, pin: str) -> Done[dict]:
        from cc2desktop.core.sync.client import SyncClient

        client = SyncClient(self.kit, retries=1)
        out = client.claim(code, pin)
        return Done(out, self.kit.changed(report_changes(client.report)))

    def learner_code(self, learner_id: str) -> Done[str]:
        """The learner's code (``XXXX-XXXX``), given here if she has none yet: with her PIN, it
        brings her account to another PC ("I already have an account")."""
        from cc2desktop.core.sync.client import ensure_learner_code

        with self.kit.write() as s:
            code = ensure_learner_code(s, learner_id)
        return Done(code)

    def export_bundle(self, directory: Path, code: str | None = None,
                      claims: list[tuple[str, str]] | None = None) -> Done[Path]:
        return Done(self.service.export_bundle(directory, code, claims), Changes(pending_sync=True))

    def pairing_code(self) -> str:
        """This PC's pairing code: a facilitator compares it before accepting this PC's USB bundles."""
        from cc2desktop.core import crypto
        from cc2desktop.core.sync import keys
        from cc2desktop.core.sync.bundles import pairing_code

        return pairing_code(crypto.public_b64url(keys.load_or_create_device_key(self.kit.paths.keys_dir)))

    def import_bundle(self, path: Path) -> Done[dict]:
        from cc2desktop.core.sync.client import SyncClient

        client = SyncClient(self.kit)
        out = client.import_bundle(Path(path))
        return Done(out, self.kit.changed(report_changes(client.report)))
