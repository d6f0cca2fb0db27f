"""What a running server is configured with (:class:`ServeConfig`) and what is wrong with it
(:func:`config_warnings`).

One list feeds both places that show it: ``serve`` prints each warning as one line on stderr and in
its log at start, and the admin page's warnings screen translates them by ``code`` (with
``params``). Checks are cheap (no pack is hashed): the admin page runs them on every view.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

log = logging.getLogger(__name__)

#: Active devices above which a SQLite database is worth moving to PostgreSQL.
SQLITE_DEVICES_LIMIT = 100

ERROR, WARNING, INFO = "error", "warning", "info"
_LEVEL_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass
class ServeConfig:
    """How ``serve`` was started: where its files are and the address it answers on."""

    data_dir: Path
    packs_dir: Path | None = None
    courses_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    public_url: str | None = None
    log_path: Path | None = None

    def address(self) -> str:
        """The address PCs type: ``--public-url``, else host:port (the LAN address when the server
        listens on every interface)."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = self.host
        if is_unspecified(host):
            host = next(iter(lan_addresses()), "127.0.0.1")
        return f"http://{_bracket(host)}:{self.port}"


@dataclass(frozen=True)
class ConfigWarning:
    code: str
    level: str                       # error | warning | info
    message: str                     # one line, English (stderr, log)
    params: dict[str, Any] = field(default_factory=dict)


def config_warnings(hub: Any, cfg: ServeConfig | None) -> list[ConfigWarning]:
    """Every configuration problem of this server, most serious first."""
    out: list[ConfigWarning] = []
    certifier = getattr(hub, "certifier", None)
    courses = dict(getattr(certifier, "courses", None) or {})
    courses_dir = str(cfg.courses_dir) if cfg is not None and cfg.courses_dir else ""
    from cc2desktop.server.relay.upstream import upstream_of

    up = upstream_of(hub)
    if up is not None:  # a centre's hub: it grades nothing, the central server does
        out += _relay_warnings(hub, up, cfg)
    elif not courses:
        out.append(ConfigWarning(
            "no_course", ERROR,
            "this server can grade no course: no published course with its exam key in "
            f"{courses_dir or '(no folder)'}; "
            "exam claims sent here are refused as unknown_course", {"dir": courses_dir}))
    else:
        ids = sorted({cid for cid, _ in courses})
        listed = ", ".join(ids)
        out.append(ConfigWarning("courses", INFO, f"courses graded here: {listed}", {"courses": listed}))
    if courses:
        from cc2desktop.server.certification import legacy_commitments

        legacy = legacy_commitments(courses)
        if legacy:
            out.append(ConfigWarning(
                "unsalted_exam_key", WARNING,
                f"the pack of {', '.join(legacy[:3])} commits to its exam answer key with an unsalted digest: anyone "
                "holding the pack can recover the key by trying every answer; rebuild it (cc2desktop pack build)",
                {"courses": ", ".join(legacy[:3])}))
    if certifier is not None and _is_demo_issuer(certifier.issuer_key):
        out.append(ConfigWarning(
            "demo_issuer_key", WARNING,
            "certificates are signed with the DEMO key, with which anyone can forge them: put this server's key in "
            "<data dir>/keys/certificate-issuer.key or pass --key FILE", {}))
    demo_packs = _demo_signed_packs(cfg)
    if demo_packs:
        out.append(ConfigWarning(
            "demo_publisher", WARNING,
            f"{len(demo_packs)} course pack(s) here are signed with the DEMO publisher key "
            f"({', '.join(demo_packs[:3])}): "
            "sign real courses with your own key (cc2desktop keys new)",
            {"count": len(demo_packs), "packs": ", ".join(demo_packs[:3])}))
    if cfg is not None and cfg.packs_dir is not None and not _packs_in(cfg.packs_dir):
        out.append(ConfigWarning(
            "no_packs", INFO, f"PCs cannot download courses from this server: no .cc2pack file in {cfg.packs_dir}",
            {"dir": str(cfg.packs_dir)}))
    if cfg is not None and is_loopback(cfg.host):
        out.append(ConfigWarning(
            "loopback_only", INFO,
            f"the server answers only on this computer ({cfg.host}): other PCs cannot reach it; "
            "start it with --host 0.0.0.0",
            {"host": cfg.host}))
    if courses and cfg is not None and not cfg.public_url and (is_loopback(cfg.host) or is_unspecified(cfg.host)):
        out.append(ConfigWarning(
            "no_public_url", WARNING,
            "certificates will not carry an address others can open to verify them: pass --public-url URL", {}))
    dialect = hub.engine.dialect.name
    if dialect == "sqlite":
        from cc2desktop.server.models import Device

        with hub.ReadSession() as s:
            n = s.scalar(select(func.count()).select_from(Device).where(Device.revoked_at.is_(None))) or 0
        if n > SQLITE_DEVICES_LIMIT:
            out.append(ConfigWarning(
                "sqlite_many_devices", WARNING,
                f"{n} PCs sync with this SQLite database: above {SQLITE_DEVICES_LIMIT}, move it to PostgreSQL "
                "(--db postgresql+psycopg://…)", {"devices": n, "limit": SQLITE_DEVICES_LIMIT}))
    out.sort(key=lambda w: _LEVEL_ORDER[w.level])
    return out


def _relay_warnings(hub: Any, up: dict, cfg: ServeConfig | None) -> list[ConfigWarning]:
    """A centre's hub: where it relays, and whether the relay works."""
    from cc2desktop.server.relay.upstream import backlog_up

    out = [ConfigWarning("centre_hub", INFO, f"this hub relays to {up['url']}; exams are graded there",
                         {"url": up["url"]})]
    waiting = backlog_up(hub)
    if up.get("last_error_code"):
        since = (up.get("last_success_at") or "never")[:16].replace("T", " ")
        out.append(ConfigWarning(
            "relay_failing", WARNING,
            f"the relay to {up['url']} fails ({up['last_error_code']}: {up.get('last_error') or ''}); last success: "
            f"{since}; {waiting} activities wait to go up (they are kept here and sent when it works again)",
            {"url": up["url"], "error": up.get("last_error") or up["last_error_code"], "since": since,
             "waiting": waiting}))
    elif not up.get("last_success_at"):
        out.append(ConfigWarning("relay_never", INFO, f"no relay round with {up['url']} yet", {"url": up["url"]}))
    if cfg is not None:
        from cc2desktop.core.certification.keys import ISSUER_KEY_FILE

        key = Path(cfg.data_dir) / "keys" / ISSUER_KEY_FILE
        if key.is_file():
            out.append(ConfigWarning(
                "issuer_key_on_hub", WARNING,
                f"a certificate-signing key sits in {key}: this hub never signs (the central server does); "
                "move it to the central server", {"path": str(key)}))
    return out


def announce(warnings: list[ConfigWarning], write: Any) -> None:
    """At start: each error or warning as one line to ``write`` (stderr) and to the log."""
    for w in warnings:
        if w.level in (ERROR, WARNING):
            write(f"warning: {w.message}\n")
            log.warning("%s [%s]", w.message, w.code)


# --- helpers --------------------------------------------------------------------------------------

def _is_demo_issuer(key: Any) -> bool:
    from cc2desktop.core.certification import keys as keymod

    try:
        return keymod.is_demo_key(key.public_key())
    except Exception:  # noqa: BLE001 - an unreadable key is reported elsewhere
        return False


def _packs_in(folder: Path | None) -> list[Path]:
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted(Path(folder).glob("*.cc2pack"))


def _demo_signed_packs(cfg: ServeConfig | None) -> list[str]:
    """Names of the packs offered or published here that the DEMO publisher key signed (only their
    signature file is read)."""
    if cfg is None:
        return []
    from cc2desktop.core.packs import keys as pkeys
    from cc2desktop.core.packs.packfile import PackReader

    demo = pkeys.demo_public_key().key_id
    names: list[str] = []
    seen: set[Path] = set()
    for folder in (cfg.packs_dir, cfg.courses_dir):
        for p in _packs_in(folder):
            if p.resolve() in seen:
                continue
            seen.add(p.resolve())
            try:
                with PackReader(p, None) as r:
                    if r.signature.key_id == demo and p.name not in names:
                        names.append(p.name)
            except Exception:  # noqa: BLE001 - a broken pack is the catalog's business, not a key warning
                continue
    return names


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host in ("", "*")


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def lan_addresses() -> list[str]:
    """This computer's private IPv4 addresses (what PCs of the centre type), best first; no packet
    is sent."""
    import socket

    found: list[str] = []
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.connect((probe, 9))  # UDP connect: only picks the route's source address
            ip = s.getsockname()[0]
            if ip not in found and not ipaddress.ip_address(ip).is_loopback:
                found.append(ip)
        except OSError:
            pass
        finally:
            s.close()
    try:
        for ip in socket.gethostbyname_ex(socket.gethostname())[2]:
            if ip not in found and not ipaddress.ip_address(ip).is_loopback:
                found.append(ip)
    except OSError:
        pass
    return [ip for ip in found if ipaddress.ip_address(ip).is_private] or found
