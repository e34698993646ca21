"""The classes of things people name, read in the catalogue's words (faq/classes.py)."""

import pytest

from faq.classes import classes_named
from faq.normalize import normalize


@pytest.mark.parametrize(
    ("message", "named"),
    [
        ("đàn lợn nhà tôi chết vì dịch tả", {("dong", "vat"), ("dich", "benh")}),
        ("trau bo bi lo mom long mong", {("dich", "benh")}),  # typed bare: only the phrase
        ("ruộng lúa ngập hết sau trận lũ", {("cay", "trong"), ("thien", "tai")}),
    ],
)
def test_an_instance_names_its_class(message, named):
    assert set(classes_named(normalize(message))) == named


@pytest.mark.parametrize(
    "message",
    [
        "ga tau o dau",  # "ga" typed bare is a station as often as a chicken
        "anh cán bộ đòi tiền cà phê",  # a bribe, not a crop
        "cá nhân kinh doanh khai thuế",  # "cá" of "cá nhân" is no fish
        "hỗ trợ thiệt hại do thiên tai sau bão",  # the class itself is said already
    ],
)
def test_no_class_is_read_into_other_words(message):
    assert ("thien", "tai") not in classes_named(normalize(message))
    assert ("dong", "vat") not in classes_named(normalize(message))
    assert ("cay", "trong") not in classes_named(normalize(message))


def test_support_after_an_epidemic_finds_the_livestock_procedure(matcher):
    # the catalogue says "dịch bệnh động vật"; the farmer says what died of what
    result = matcher.search("đàn lợn bị dịch tả phải tiêu hủy, xin hỗ trợ thế nào")
    assert result.matches[0].code == "1.013997"
