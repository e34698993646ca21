import json

import pytest

from complaints.departments import (
    DepartmentDataError,
    find_department,
    load_departments,
    match_department,
    parse_departments,
)


@pytest.fixture(scope="module")
def departments():
    return load_departments()


def codes(matches) -> list[str]:
    return [department.code for department, _ in matches]


def test_the_bundled_list_has_the_offices_citizens_deal_with(departments):
    by_code = {d.code: d for d in departments}
    for code in ("STP", "CA", "THUE", "BHXH", "TTHCC", "PDONGHA", "PDONGHOI"):
        assert code in by_code
    assert by_code["CA"].name("vi") == "Công an tỉnh Quảng Trị"
    assert by_code["CA"].name("en") == "Quảng Trị Provincial Police"
    assert all(d.name_vi and d.name_en for d in departments)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("công an phường", "CA"),
        ("cong an phuog", "CA"),
        ("CSGT", "CA"),
        ("bên thuế", "THUE"),
        ("chi cuc thue khu vuc", "THUE"),
        ("bảo hiểm xã hội", "BHXH"),
        ("bhxh", "BHXH"),
        ("bộ phận một cửa", "TTHCC"),
        ("so tu phap quang tri", "STP"),
        ("stp", "STP"),
        ("làm sổ đỏ", "SNNMT"),
        ("UBND phường Đông Hà", "PDONGHA"),
        ("uỷ ban nhân dân phường nam đông hà", "PNAMDONGHA"),
        ("tax office", "THUE"),
    ],
)
def test_citizens_words_find_the_office(departments, typed, expected):
    assert codes(match_department(typed, departments))[0] == expected


def test_ambiguous_text_offers_each_likely_office(departments):
    assert set(codes(match_department("một cửa phường Đồng Hới", departments))[:2]) == {
        "PDONGHOI",
        "TTHCC",
    }


def test_unrelated_text_matches_nothing(departments):
    for typed in ("", "   ", "bệnh viện", "trường học", "xyz"):
        assert match_department(typed, departments) == [], typed


def test_scores_are_sorted_and_limited(departments):
    matches = match_department("phường", departments, limit=2)
    assert len(matches) == 2
    assert matches[0][1] >= matches[1][1]


def test_find_by_code_in_any_case(departments):
    assert find_department(" thue ", departments).code == "THUE"
    assert find_department("NOPE", departments) is None


def test_an_admin_copy_replaces_the_bundled_list(tmp_path):
    entry = {
        "code": "XLAOBAO",
        "kind": "commune",
        "name_vi": "UBND xã Lao Bảo",
        "name_en": "Lao Bảo Commune People's Committee",
        "aliases": ["lao bảo"],
        "notify_chat": "telegram:-100123",
    }
    (tmp_path / "departments.json").write_text(json.dumps({"departments": [entry]}), "utf-8")
    (only,) = load_departments(tmp_path)
    assert (only.code, only.notify_chat) == ("XLAOBAO", "telegram:-100123")
    assert codes(match_department("xa lao bao", [only])) == ["XLAOBAO"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "stp"}, "upper-case"),
        ({"code": "S"}, "upper-case"),
        ({"name_en": " "}, "required"),
        ({"kind": "district"}, "kind"),
    ],
)
def test_bad_entries_are_refused_with_a_reason(change, message):
    entry = {
        "code": "STP",
        "kind": "provincial",
        "name_vi": "Sở Tư pháp",
        "name_en": "Department of Justice",
    }
    with pytest.raises(DepartmentDataError, match=message):
        parse_departments([{**entry, **change}])


def test_duplicate_codes_and_missing_fields_are_refused():
    entry = {"code": "STP", "kind": "provincial", "name_vi": "Sở Tư pháp", "name_en": "Justice"}
    with pytest.raises(DepartmentDataError, match="duplicate"):
        parse_departments([entry, entry])
    with pytest.raises(DepartmentDataError, match="bad entry"):
        parse_departments([{"code": "STP"}])
