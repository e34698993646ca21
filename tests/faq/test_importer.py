"""The importer on text copied from real catalogue records (dichvucong.gov.vn)."""

import gzip
import json
import unicodedata

from faq.importer import (
    import_catalogue,
    parse_channels,
    parse_documents,
    parse_steps,
    topic_key,
)

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
# 1.001193 Thủ tục đăng ký khai sinh
KHAI_SINH = HEADER + "Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí"
# a record with a fee in money and the detail in parentheses
WITH_FEE = (
    HEADER + "Trực tuyến2 Ngày làm việc70,000 VNĐ(70.000 đồng/Giấy chứng nhận)"
    "Dịch vụ bưu chính2 Ngày làm việc70,000 VNĐ(70.000 đồng/Giấy chứng nhận)"
)
# 1.014061 Cấp thẻ căn cước: a description that itself says "Trực tiếp" mid-sentence
CAN_CUOC = (
    HEADER + "Trực tiếp7 Ngày làm việcKhông có thông tin- Trực tiếp tại địa điểm tiếp dân của "
    "Công an cấp xã. - Thời hạn giải quyết: Không quá 07 ngày làm việc.Trực tuyến7 Ngày làm "
    "việcKhông có thông tin- Thông qua Cổng dịch vụ công quốc gia."
)
# nested parentheses in the fee detail, from a Ministry of Finance record
NESTED = (
    HEADER + "Trực tiếp20 Ngày làm việc2,500,000 Việt Nam Đồng(Phí : Đồng (Từ ngày 01/7/2025 "
    "áp dụng Thông tư số 64/2025/TT-BTC))20 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ."
)


def test_time_and_fee_rows_per_channel():
    times, fees = parse_channels(KHAI_SINH)
    assert [t["channel"] for t in times] == ["Trực tuyến", "Dịch vụ bưu chính", "Trực tiếp"]
    assert all(t["amount"] == 1 and t["unit"] == "" for t in times)
    assert {f["amount"] for f in fees} == {"Miễn phí"}


def test_money_fee_keeps_amount_and_detail():
    times, fees = parse_channels(WITH_FEE)
    assert times[0] == {"channel": "Trực tuyến", "amount": 2, "unit": "Ngày làm việc", "note": ""}
    assert fees[1] == {
        "channel": "Dịch vụ bưu chính",
        "amount": "70,000 VNĐ",
        "note": "70.000 đồng/Giấy chứng nhận",
    }


def test_channel_word_inside_a_description_does_not_start_a_row():
    times, fees = parse_channels(CAN_CUOC)
    assert [t["channel"] for t in times] == ["Trực tiếp", "Trực tuyến"]
    assert times[0]["note"].startswith("- Trực tiếp tại địa điểm")
    assert fees[0]["amount"] == ""  # "Không có thông tin" is no information, not a fee


def test_nested_parentheses_stay_in_the_fee_note():
    times, fees = parse_channels(NESTED)
    assert fees[0]["amount"] == "2,500,000 Việt Nam Đồng"
    assert fees[0]["note"].endswith("64/2025/TT-BTC)")
    assert times[0]["note"] == "20 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ."


def test_documents_are_split_with_their_copies_and_without_form_files():
    flat = (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượng03 ảnh màu kích thước 2x3 cm1 bản chính"
        "Đơn đề nghị cấp lại chứng chỉ theo mẫu quy định tại Phụ lục XVI Thông tư số "
        "14/2025/TT-BXD.văn bản đề nghị.docx1 bản chính,1 bản sao"
    )
    assert parse_documents(flat) == [
        {"name": "03 ảnh màu kích thước 2x3 cm", "copies": "1 bản chính"},
        {
            "name": "Đơn đề nghị cấp lại chứng chỉ theo mẫu quy định tại Phụ lục XVI Thông tư số "
            "14/2025/TT-BXD.",
            "copies": "1 bản chính,1 bản sao",
        },
    ]


def test_steps_split_on_lines_and_inline_step_markers():
    flat = "- Bước 1: Nộp hồ sơ. - Bước 2: Nhận kết quả.\n+ Bước 3: Lưu ý"
    assert parse_steps(flat) == ["Bước 1: Nộp hồ sơ.", "Bước 2: Nhận kết quả.", "Bước 3: Lưu ý"]


def test_level_variants_share_a_topic_key():
    assert (
        topic_key("Cấp lại thẻ căn cước")
        == topic_key("Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)")
        == topic_key("Thủ tục cấp lại thẻ căn cước (cấp TW)")
    )


def _record(code: str, name: str, level: str, flat: str = KHAI_SINH) -> dict:
    return {
        "ma_thu_tuc": code,
        "ten_thu_tuc": name,
        "cap_thuc_hien": level,
        "cach_thuc_thuc_hien": flat,
        "thanh_phan_ho_so": "",
        "trinh_tu_thuc_hien": "",
        "yeu_cau_dieu_kien": "Không có thông tin",
        "detail_url": f"https://dichvucong.gov.vn/{code}",
    }


def test_import_writes_nfc_records_grouped_by_topic(tmp_path):
    src = tmp_path / "dump.jsonl.gz"
    records = [
        _record("2.001194", "Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)", "Cấp tỉnh"),
        _record("1.014064", unicodedata.normalize("NFD", "Cấp lại thẻ căn cước"), "Cấp xã"),
        _record("1.001193", "Thủ tục đăng ký khai sinh", "Cấp xã", WITH_FEE),
    ]
    with gzip.open(src, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

    stats = import_catalogue(src, tmp_path / "kb")

    assert (stats.procedures, stats.topics) == (3, 2)
    with gzip.open(stats.out_file, "rt", encoding="utf-8") as lines:
        rows = {row["code"]: row for row in map(json.loads, lines)}
    assert rows["1.014064"]["name"] == unicodedata.normalize("NFC", "Cấp lại thẻ căn cước")
    assert rows["2.001194"]["topic"] == rows["1.014064"]["topic"] == "1.014064"  # xã first
    assert rows["1.001193"]["fee_rows"][0]["amount"] == "70,000 VNĐ"
    assert rows["1.001193"]["url"] == "https://dichvucong.gov.vn/1.001193"
    assert rows["1.001193"]["eligibility"] == ""


def test_import_is_reproducible(tmp_path):
    src = tmp_path / "dump.jsonl"
    src.write_text(json.dumps(_record("1.001193", "Thủ tục đăng ký khai sinh", "Cấp xã")) + "\n")
    first = import_catalogue(src, tmp_path / "a").out_file.read_bytes()
    second = import_catalogue(src, tmp_path / "b").out_file.read_bytes()
    assert first == second
