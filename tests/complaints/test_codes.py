import re

from hypothesis import given
from hypothesis import strategies as st

from complaints.codes import ALPHABET, new_code, parse_code

CODE = re.compile(r"PA-[0-9A-HJKMNP-TV-Z]{8}")


def test_new_codes_have_the_documented_shape_and_do_not_repeat():
    codes = {new_code() for _ in range(5000)}
    assert len(codes) == 5000
    assert all(CODE.fullmatch(code) for code in codes)


def test_parse_accepts_what_citizens_type():
    assert parse_code("PA-7K3M9QX2") == "PA-7K3M9QX2"
    assert parse_code("  pa-7k3m9qx2 ") == "PA-7K3M9QX2"
    assert parse_code("PA7K3M9QX2") == "PA-7K3M9QX2"
    assert parse_code("pa 7k3m9qx2") == "PA-7K3M9QX2"
    assert parse_code("ＰＡ－７Ｋ３Ｍ９ＱＸ２") == "PA-7K3M9QX2"


def test_parse_maps_confusable_letters_to_digits():
    assert parse_code("PA-OIL00000") == "PA-01100000"
    assert parse_code("pa-o1l0i000") == "PA-01101000"


def test_parse_rejects_anything_else():
    for text in [
        "",
        "PA-",
        "PA-7K3M9QX",
        "PA-7K3M9QX22",
        "PA-7K3M9QXU",
        "XX-7K3M9QX2",
        "7K3M9QX2",
        "PA--7K3M9QX2",
        "PA-7K3M 9QX2",
        "mã PA-7K3M9QX2",
        "PA-7K3M9QX!",
    ]:
        assert parse_code(text) is None, text


@given(st.text(alphabet=ALPHABET, min_size=8, max_size=8))
def test_every_code_survives_lower_case_and_a_missing_dash(body):
    assert parse_code("pa" + body.lower()) == "PA-" + body


@given(st.text())
def test_parse_never_crashes_and_returns_only_canonical_codes(text):
    result = parse_code(text)
    assert result is None or CODE.fullmatch(result)
