"""core.crypto: RFC 8785 canonical JSON (the examples of the RFC, number formatting against known values),
base64url, key files in the current and earlier formats, signatures over JSON, the secret hasher."""

import json
import struct

import pytest
from hypothesis import given, settings, strategies as st

from cc2desktop.core import crypto
from cc2desktop.core.crypto import CanonicalJSONError, canonicalize, number_to_string


def test_rfc8785_section_3_2_2_example():
    data = json.loads('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
                      ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
                      ' "literals": [null, true, false]}')
    assert canonicalize(data) == (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}').encode()


def test_rfc8785_sorting_by_utf16_code_units():
    data = {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\U0001f600": "Emoji: Grinning Face", "\u0080": "Control",
            "\u00f6": "Latin Small Letter O With Diaeresis"}
    keys = list(json.loads(canonicalize(data)))
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


# From RFC 8785 appendix B (IEEE-754 bit pattern → expected ES6 string)
@pytest.mark.parametrize("bits, expected", [
    ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"), ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"), ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"), ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"), ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"), ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"), ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"), ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"), ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
])
def test_rfc8785_numbers(bits, expected):
    x = struct.unpack(">d", bytes.fromhex(bits))[0]
    assert number_to_string(x) == expected


def test_refuses_non_json():
    for bad in (float("nan"), float("inf"), 2**60 + 1, {1: 2}, object()):
        with pytest.raises(CanonicalJSONError):
            canonicalize(bad)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1,
                                            2**53 - 1) | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=5), kids, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_canonical_is_stable_and_round_trips(v):
    b = canonicalize(v)
    # ES prints 3.6e16 as "36000000000000000": a JCS reader reads every number as a double
    back = json.loads(b, parse_int=lambda t: int(t) if abs(int(t)) < 2**53 else float(t))
    assert canonicalize(back) == b


# --- base64url -------------------------------------------------------------------------------------
def test_base64url_round_trips_and_refuses_other_alphabets():
    for n in range(40):
        data = bytes(range(n))
        assert crypto.b64url_decode(crypto.b64url(data)) == data and "=" not in crypto.b64url(data)
    assert crypto.b64url_decode("-_8") == b"\xfb\xff"
    for bad in ("+/8", "ab cd", "é", "a"):
        with pytest.raises(ValueError):
            crypto.b64url_decode(bad)
    with pytest.raises(ValueError):
        crypto.b64_decode("not base64!")


# --- key files -------------------------------------------------------------------------------------
def test_key_files_round_trip_and_earlier_formats_stay_readable(tmp_path):
    from cryptography.hazmat.primitives import serialization

    key = crypto.generate_key()
    assert crypto.write_private_key(tmp_path / "k.key", key, "Awa's PC")
    crypto.write_public_key(tmp_path / "k.pub", key, "Awa's PC")
    assert (tmp_path / "k.key").stat().st_mode & 0o777 == 0o600
    read, name = crypto.read_private_key(tmp_path / "k.key")
    assert crypto.private_raw(read) == crypto.private_raw(key) and name == "Awa's PC"
    assert crypto.public_raw(crypto.read_public_key(tmp_path / "k.pub")[0]) == crypto.public_raw(key)
    assert crypto.public_raw(crypto.read_public_key(tmp_path / "k.key")[0]) == crypto.public_raw(key)
    assert not crypto.write_private_key(tmp_path / "k.key", crypto.generate_key())  # never replaced silently
    assert crypto.private_raw(crypto.read_private_key(tmp_path / "k.key")[0]) == crypto.private_raw(key)
    # earlier formats: a device key as 32 raw bytes, PEM issuer keys, the publisher JSON files
    (tmp_path / "raw.key").write_bytes(crypto.private_raw(key))
    assert crypto.private_raw(crypto.read_private_key(tmp_path / "raw.key")[0]) == crypto.private_raw(key)
    (tmp_path / "pem.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    (tmp_path / "pem.pub").write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    assert crypto.private_raw(crypto.read_private_key(tmp_path / "pem.key")[0]) == crypto.private_raw(key)
    assert crypto.public_raw(crypto.read_public_key(tmp_path / "pem.pub")[0]) == crypto.public_raw(key)
    from pathlib import Path

    repo_keys = Path(__file__).resolve().parents[1] / "assets" / "keys"
    demo = crypto.read_private_key(repo_keys / "demo-publisher.key")[0]  # cc2desktop-publisher-key
    assert crypto.key_id(demo) == "6d893047564b5f64"
    assert crypto.read_public_key(repo_keys / "demo-publisher.pub")[1].startswith("Connexions Citoyennes DEMO")
    assert crypto.key_id(crypto.read_private_key(repo_keys / "DEMO-ONLY-certificate-issuer.key")[0], 8)


@pytest.mark.parametrize("content", [b"", b"{", b'{"alg": "RSA"}', b"x" * 31, b"x" * 100_000,
                                     b'{"type": "cc2desktop-ed25519-key", "alg": "Ed25519", "private_key": "AAAA"}'])
def test_a_damaged_key_file_is_refused_with_one_line(tmp_path, content):
    (tmp_path / "bad.key").write_bytes(content)
    with pytest.raises(crypto.KeyFileError) as exc:
        crypto.read_private_key(tmp_path / "bad.key")
    assert "\n" not in str(exc.value)


def test_json_signatures_verify_in_canonical_and_earlier_forms():
    key = crypto.generate_key()
    pub = crypto.public_b64url(key)
    value = {"answers": {"e1": 54.0, "e2": "données"}, "v": 1}
    assert crypto.verify_json(pub, crypto.sign_json(key, value), value)
    for legacy in (json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode(),
                   json.dumps(value, separators=(",", ":"), sort_keys=True).encode()):
        assert legacy != canonicalize(value)  # 54.0 → 54, UTF-8 vs \u escapes
        assert crypto.verify_json(pub, key.sign(legacy), value)
    assert not crypto.verify_json(pub, crypto.sign_json(key, value), {**value, "v": 2})
    assert not crypto.verify_json("not a key", b"sig", value)


# --- secrets ---------------------------------------------------------------------------------------
def test_secrets_hash_verify_and_foreign_hashes_are_bounded():
    import base64
    import hashlib

    h1, h2 = crypto.hash_secret("4826", n=16, r=1), crypto.hash_secret("4826", n=16, r=1)
    assert h1 != h2 and h1.startswith("scrypt$16$1$1$")
    assert crypto.verify_secret("4826", h1) and not crypto.verify_secret("4827", h1)
    default = crypto.hash_secret("un mot de passe")
    assert default.startswith(f"scrypt${2**14}$8$1$") and crypto.verify_secret("un mot de passe", default)
    # a hash an earlier version wrote (PBKDF2, base64url), as stored on servers
    salt = b"0123456789abcdef"
    dk = hashlib.pbkdf2_hmac("sha256", b"2468", salt, 1000)
    pbkdf2 = f"pbkdf2_sha256$1000${crypto.b64url(salt)}${crypto.b64url(dk)}"
    assert crypto.verify_secret("2468", pbkdf2) and not crypto.verify_secret("2469", pbkdf2)
    # cost parameters out of bounds are refused before any work (a hash may come from another PC)
    dk = hashlib.scrypt(b"2468", salt=salt, n=2**10, r=8, p=1, dklen=32)
    stored = f"scrypt${2**10}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(dk).decode()}"
    assert crypto.verify_secret("2468", stored)
    for bad in (stored.replace("$1024$", "$1048576$"), stored.replace("$1024$", "$1000$"),
                stored.replace("$8$1$", "$8$64$"), pbkdf2.replace("$1000$", "$99999999$"),
                "garbage", "", None, "scrypt$x$y$z$a$b"):
        assert not crypto.verify_secret("2468", bad)
