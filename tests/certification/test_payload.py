import zlib

import pytest
import qrcode

from cc2desktop.core.certification import keys
from cc2desktop.core.certification import payload as pl
from cc2desktop.core.certification.base45 import Base45Error, b45decode, b45encode


def test_base45_rfc9285_vectors():
    assert b45encode(b"AB") == "BB8"
    assert b45encode(b"Hello!!") == "%69 VD92EX0"
    assert b45encode(b"base-45") == "UJCLQE7W581"
    assert b45decode("QED8WEX0") == b"ietf!"
    assert b45decode("") == b""
    for bad in ("GGW", "A", "ab", "::::"):  # GGW = 65535+1: over two bytes; lowercase; bad length
        with pytest.raises(Base45Error):
            b45decode(bad)


def test_base45_round_trip_all_lengths():
    import os

    for n in range(70):
        data = os.urandom(n)
        assert b45decode(b45encode(data)) == data


def _claims(**kw):
    base = dict(code=pl.new_verification_code(), name="Aïssatou Ndèye Diallo-Kouyaté",
                course_id="demo-intro-civictech", course_title="Introduction à la CivicTech",
                date="2026-11-28", score=86)
    base.update(kw)
    return pl.CertificateClaims(**base)


def test_payload_is_compact_and_fits_a_version_11_qr():
    key = keys.load_private_key(keys.demo_private_key_path())
    p = pl.sign(_claims(), key)
    assert p.startswith("CC1:") and len(p) <= 360, len(p)
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(p)
    q.make(fit=True)
    assert q.version <= 11
    claims = pl.verify(p, keys.trusted_issuers())
    assert claims.name == "Aïssatou Ndèye Diallo-Kouyaté" and claims.score == 86
    assert claims.issuer == keys.key_id(key.public_key())


def _resign_body(p: str, edit) -> str:
    """Change claims inside a payload, keeping the original signature (what a forger can do)."""
    claims, body, sig = pl.decode_unverified(p)
    new = edit(body.decode()).encode()
    assert new != body
    return pl.PREFIX + b45encode(zlib.compress(new + sig))


@pytest.mark.parametrize("edit", [
    lambda b: b.replace("Aïssatou", "Fatou"),
    lambda b: b.replace('"s":86', '"s":99'),
    lambda b: b.replace("2026-11-28", "2025-11-28"),
    lambda b: b.replace("demo-intro-civictech", "advanced-civictech"),
    lambda b: b.replace("Introduction à la CivicTech", "Master en CivicTech"),
], ids=["name", "score", "date", "course_id", "course_title"])
def test_any_change_is_detected(edit):
    key = keys.load_private_key(keys.demo_private_key_path())
    p = _resign_body(pl.sign(_claims(), key), edit)
    with pytest.raises(pl.PayloadError) as err:
        pl.verify(p, keys.trusted_issuers())
    assert err.value.code == "cert_bad_signature"


def test_forged_signature_and_unknown_issuer_and_garbage(tmp_path):
    other = keys.generate_keypair(tmp_path / "other.key")
    forged = pl.sign(_claims(), other)
    with pytest.raises(pl.PayloadError) as err:
        pl.verify(forged, keys.trusted_issuers())
    assert err.value.code == "cert_unknown_issuer"
    # the forger claims the demo key id: the signature still fails
    body = _claims(issuer=keys.key_id(keys.load_public_key(keys.demo_public_key_path()))).to_json()
    sneaky = pl.PREFIX + b45encode(zlib.compress(body + other.sign(b"CC1" + body)))
    with pytest.raises(pl.PayloadError) as err:
        pl.verify(sneaky, keys.trusted_issuers())
    assert err.value.code == "cert_bad_signature"
    for junk in ("", "hello", "CC1:", "CC1:%%%%", "CC1:" + b45encode(zlib.compress(b"x" * 10)),
                 "CC1:" + b45encode(zlib.compress(b"\0" * 10_000_000))):
        with pytest.raises(pl.PayloadError):
            pl.verify(junk, keys.trusted_issuers())
    # a key dropped into the data dir's trusted-issuers folder is trusted: a key file, or a PEM file
    # as earlier versions wrote them
    from cryptography.hazmat.primitives import serialization

    from cc2desktop.core import crypto

    trusted_dir = tmp_path / "keys" / "trusted-issuers"
    crypto.write_public_key(trusted_dir / "other.pub", other)
    assert pl.verify(forged, keys.trusted_issuers(tmp_path / "keys")).name.startswith("Aïssatou")
    (trusted_dir / "other.pub").write_bytes(other.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    assert pl.verify(forged, keys.trusted_issuers(tmp_path / "keys")).name.startswith("Aïssatou")


def test_verification_codes_normalise_and_check():
    codes = {pl.new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    c = next(iter(codes))
    assert pl.normalize_code(c) == c
    assert pl.normalize_code(c.lower().replace("-", " ")) == c
    wrong = c[:-1] + ("0" if c[-1] != "0" else "1")
    assert pl.normalize_code(wrong) is None
    assert pl.normalize_code("ABC") is None
