"""The importer on text copied from real catalogue records (dichvucong.gov.vn)."""

import gzip
import json
import unicodedata

from faq.importer import (
    convert,
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


# Document names with their forms' files glued on, as the portal's flattened table gives them
# (the file names are the portal's own), and what a citizen should read instead.
GLUED_FORMS = {
    # one file after a full stop, a «;» or a bracket
    "Tờ khai đề nghị cấp thị thực, gia hạn tạm trú (mẫu NA5) ban hành kèm theo Thông tư số "
    "22/2023/TT-BCA ngày 30/6/2023 của Bộ Công an.NA5 (1).doc": "Tờ khai đề nghị cấp thị thực, "
    "gia hạn tạm trú (mẫu NA5) ban hành kèm theo Thông tư số 22/2023/TT-BCA ngày 30/6/2023 của "
    "Bộ Công an.",
    "a) Tờ khai tham gia bảo hiểm y tế;Mau01-BK(BHYT).doc": "a) Tờ khai tham gia bảo hiểm y tế;",
    "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)"
    ".1.MuCT01banhnhkmtheoThngts53.doc": "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành "
    "kèm theo Thông tư số 53/2025/TT-BCA).",
    "Đơn xin thường trú;Mẫu-NA12,-Đơn-xin-thường-trú-cho-người-nước-ngoài.-doc.doc": (
        "Đơn xin thường trú;"
    ),
    # glued to the last word, or to a decree's code
    "Đơn đề nghị cấp đổi thẻ bảo hiểm y tếMau01-ĐN(BHYT) (1).doc": (
        "Đơn đề nghị cấp đổi thẻ bảo hiểm y tế"
    ),
    "Văn bản đề nghị cấp giấy phép theo Mẫu 03, Phụ lục I Nghị định số 23/2026/NĐ-CPMau03.docx": (
        "Văn bản đề nghị cấp giấy phép theo Mẫu 03, Phụ lục I Nghị định số 23/2026/NĐ-CP"
    ),
    "Đơn xin ký kết hợp đồng lao động, người lao động trong Công an nhân dân32-Mẫu số 01-Đơn ký "
    "kết LĐHĐ CAND.doc": "Đơn xin ký kết hợp đồng lao động, người lao động trong Công an nhân dân",
    "Bản khai kinh nghiệm theo Mẫu số 20 trước thời điểm chứng chỉ hết hạnmau so 20.doc": (
        "Bản khai kinh nghiệm theo Mẫu số 20 trước thời điểm chứng chỉ hết hạn"
    ),
    # several files end to end, the last one sometimes without its extension
    "Phụ lục I mẫu điều lệ (Thông tư 98/2020/TT-BTC).Phụ lục I mẫu điều lệ.docxPHỤ LỤC III báo "
    "cáo bạch.docxPHỤ LỤC V báo cáo bạch tóm tắt.docx": "Phụ lục I mẫu điều lệ (Thông tư "
    "98/2020/TT-BTC).",
    "Đơn đề nghị của thuyền viên theo mẫu;MẪU VĂN BẢN ĐỀ NGHỊ (6).docxMẫu đơn (2)": (
        "Đơn đề nghị của thuyền viên theo mẫu;"
    ),
    # a file whose name holds dots and a date's numbers, after a form code of the text
    "Bản khai cá nhân (Mẫu số 03)Mẫu 03.TT41.doc": "Bản khai cá nhân (Mẫu số 03)",
    "Văn bản đề nghị (theo Mẫu số 02.ĐK Phụ lục IV Thông tư 80/2025/TT-BNNMT)Mẫu số 02.ĐK.docx": (
        "Văn bản đề nghị (theo Mẫu số 02.ĐK Phụ lục IV Thông tư 80/2025/TT-BNNMT)"
    ),
}


def test_form_files_glued_to_a_document_are_left_out():
    for glued, clean in GLUED_FORMS.items():
        flat = "Tên giấy tờMẫu đơn, tờ khaiSố lượng" + glued + "1 bản chính"
        assert parse_documents(flat) == [{"name": clean, "copies": "1 bản chính"}], glued


def test_a_document_named_only_by_its_form_file_is_kept_without_the_extension():
    """Its file's name is the only name the portal gives the document (not dropped)."""
    flat = "Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị theo mẫu.docx1 bản chính"
    assert parse_documents(flat) == [{"name": "Đơn đề nghị theo mẫu", "copies": "1 bản chính"}]


def test_a_file_extension_the_text_talks_about_stays():
    flat = (
        "Tên giấy tờMẫu đơn, tờ khaiSố lượngBáo cáo kèm theo tệp định dạng đuôi “.doc” và tệp "
        "định dạng đuôi “.pdf” chứa nội dung đã quét1 bản chính"
    )
    assert "“.doc”" in parse_documents(flat)[0]["name"]


def test_steps_split_on_lines_and_inline_step_markers():
    flat = "- Bước 1: Nộp hồ sơ. - Bước 2: Nhận kết quả.\n+ Bước 3: Lưu ý"
    assert parse_steps(flat) == ["Bước 1: Nộp hồ sơ.", "Bước 2: Nhận kết quả.", "Bước 3: Lưu ý"]


def test_a_hard_wrapped_line_carries_on_its_step():
    """The portal wraps some steps mid-sentence, even mid-word: the rest is no step of its own
    (it was shown as a bullet «kiện buôn bán thuốc thú y…»); list items stay items."""
    flat = (
        "- Bước 1: Cơ quan cấp Giấy chứng nhận đủ điều\nkiện buôn bán thuốc thú y.\n"
        "- Bước 2: Nộp hồ sơ gồm:\na) Đơn đề nghị;\n(ii) bản sao giấy phép.\n+ nộp lệ phí."
    )
    assert parse_steps(flat) == [
        "Bước 1: Cơ quan cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc thú y.",
        "Bước 2: Nộp hồ sơ gồm:",
        "a) Đơn đề nghị;",
        "(ii) bản sao giấy phép.",
        "nộp lệ phí.",
    ]


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


def test_form_files_pasted_into_the_eligibility_go_and_the_text_after_them_stays():
    # 1.009537: the portal pasted part of a document table into the conditions
    record = _record("1.009537", "Chấp thuận tổ chức lại công ty chứng khoán", "Cấp bộ")
    record["yeu_cau_dieu_kien"] = (
        "Hợp đồng nguyên tắc;mẫu 80 - hợp đồng hợp nhất, xác nhận.docx1 bản chính+ Giấy đề "
        "nghị.mẫu 79.docx1 bản chính+ Danh sách nhân sự;Mẫu số 67 - Bảng thông tin cá nhân"
        ".docx11.docxMẫu số 68 danh sách cổ đông.docx1 bản chính"
    )
    assert convert(record)["eligibility"] == (
        "Hợp đồng nguyên tắc;1 bản chính+ Giấy đề nghị.1 bản chính+ Danh sách nhân sự;1 bản chính"
    )


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
