"""RFC 8785 canonical JSON: the examples of the RFC, and number formatting against known values."""

import json
import struct

import pytest
from hypothesis import given, settings, strategies as st

from cc2desktop.core.packs.canonical import CanonicalJSONError, canonicalize, number_to_string


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
