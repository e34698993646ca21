"""What a citizen who writes an office's initials notices: «tờ khai HQ» is read as customs (hải
quan), not as Korea; «TT» as the procedure (thủ tục), «KN» as a complaint (khiếu nại), «QT» as
the province, «NN» as abroad, while the words beside the letters still choose the catalogue's
other reading («vận tải QT» is quốc tế, «HTX NN» nông nghiệp). Messages written for these
tests, not taken from any evaluation split; answers from the shipped catalogue."""

from __future__ import annotations

import pytest

from faq.normalize import normalize

MARRIAGE_FOREIGN = "2.000806"


def reads(message: str) -> str:
    return normalize(message).text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("khai sai tờ khai HQ thì sửa ntn", "tờ khai hải quan"),
        ("làm thủ tục hq cho hàng tạm nhập", "thủ tục hải quan"),
        ("TT thế nào ạ", "thủ tục thế nào"),
        ("muốn KN thì gửi đơn ở đâu", "muốn khiếu nại"),
        ("cty em ở QT muốn mở thêm chi nhánh", "ở quảng trị"),
        ("hãng tàu NN muốn hoàn thuế", "hãng tàu nước ngoài"),
        ("thay đổi ND đăng ký cần gì", "thay đổi nội dung"),
        ("chậm nộp HSKT quý thì bị phạt bn", "nộp hồ sơ khai thuế"),
        ("tiền bồi thường GPMB thấp quá", "bồi thường giải phóng mặt bằng"),
        ("KN QĐHC của UBND huyện", "khiếu nại quyết định hành chính"),
        ("đoàn KT của huyện xuống cơ sở em 2 lần", "đoàn kiểm tra"),
        ("hàng nhập được miễn KT chất lượng không", "miễn kiểm tra"),
        ("DS tỉnh QT bao nhiêu", "tỉnh quảng trị"),
        ("cửa hàng muốn nghỉ KD 3 tháng", "nghỉ kinh doanh"),
        ("ngừng hoạt động 1 năm giờ KD lại được không", "kinh doanh lại"),
    ],
)
def test_an_office_initialism_reads_as_the_office_means_it(typed, meant):
    assert meant in reads(typed)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("cty vận tải QT xin giấy phép", "vận tải quốc tế"),
        ("hạn nộp tờ khai QT thuế TNCN", "tờ khai quyết toán"),
        ("HTX NN muốn đổi tên", "hợp tác xã nông nghiệp"),
        ("muốn cập nhật TT cá nhân", "cập nhật thông tin"),
        ("mở TT sát hạch lái xe", "trung tâm sát hạch"),
        # where two readings fit the word beside alike, the one the catalogue writes there in
        # more names: «trung tâm trọng tài» (12 names), not «thông tin trọng yếu» (1)
        ("TT trọng tài đổi chủ tịch", "trung tâm trọng tài"),
        ("công ty làm dịch vụ KT", "dịch vụ kiểm toán"),
        ("khai nhầm muốn hủy TK hải quan", "hủy tờ khai"),
        ("đi ĐK kinh doanh ở đâu", "đăng ký kinh doanh"),
    ],
)
def test_the_words_beside_the_initials_still_choose_another_reading(typed, meant):
    assert meant in reads(typed)


def test_kt_is_no_death_registration():
    assert "khai tử" not in reads("đoàn KT xuống kiểm tra hồ sơ")
    assert "đăng ký khai tử" in reads("dkkt cho bà ở đâu")


def test_marrying_someone_from_abroad_written_nn_reaches_the_foreign_marriage(matcher):
    result = matcher.search("TT đăng ký kết hôn với người NN cần gì")
    assert result.best is not None and result.best.code == MARRIAGE_FOREIGN


def test_a_complaint_about_a_decision_written_kn_reaches_complaint_procedures(matcher):
    result = matcher.search("muốn KN quyết định thu hồi đất của UBND huyện thì làm đơn gửi ai")
    assert result.best is not None and "khiếu nại" in result.best.name.lower()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # a general list's reading (iftc: «TS» tài sản, «TK» tài khoản, «HT» hạch toán, «TN»
        # thế nào) yields to the catalogue's beside the catalogue's own words
        ("cơ sở em sản xuất giống TS", "giống thủy sản"),
        ("thẩm định TK tàu cá vỏ thép", "thẩm định thiết kế tàu"),
        ("HT đăng ký thuế báo lỗi", "hệ thống đăng ký"),
        ("cá nhân có TN từ nước ngoài", "có thu nhập"),
        ("đi CT chữ ký ở xã", "chứng thực chữ ký"),
        ("nghiệm thu hoàn thành CT", "hoàn thành công trình"),
        # office initials no list reads as an office means them
        ("lập CN hạch toán phụ thuộc", "lập chi nhánh hạch toán"),
        ("đổi người đứng đầu CN", "đầu chi nhánh"),
        ("nộp hồ sơ ở Sở TP", "sở tư pháp"),
        ("nhà ĐT nước ngoài góp vốn", "nhà đầu tư"),
        ("xin ý kiến BTC về khoản vay", "bộ tài chính"),
        ("chuyển CHK nội địa", "cảng hàng không"),
        ("yêu cầu đổi CHV", "chấp hành viên"),
    ],
)
def test_initials_read_as_the_catalogue_and_the_offices_write_them(typed, meant):
    assert meant in reads(typed)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("tuyển CN may mặc", "tuyển công nhân"),
        ("lập CT khấu trừ thuế cho người lao động", "chứng từ khấu trừ"),
        ("mất ĐT rồi", "điện thoại"),
        ("tạo TK định danh", "tài khoản định danh"),
        ("làm tn để đăng ký", "làm thế nào"),
    ],
)
def test_initials_alone_keep_their_everyday_reading(typed, meant):
    assert meant in reads(typed)


def test_fish_breeding_written_ts_reaches_the_aquaculture_breeding_certificate(matcher):
    result = matcher.search("cơ sở em sản xuất giống TS, xin GCN đủ ĐK cần hs gì")
    assert result.best is not None
    assert "giống thủy sản" in result.best.name.lower().replace("thuỷ", "thủy")


def test_asking_to_replace_the_enforcement_officer_written_chv_is_answered(matcher):
    result = matcher.search("thi hành án mà CHV là người quen của bên kia, xin đổi CHV thế nào")
    assert result.best is not None and result.best.code == "1.003201"


def test_an_income_written_tn_is_no_how_question(matcher):
    result = matcher.search("Cá nhân có TN từ nước ngoài thì khai thuế TNCN ở đâu")
    assert result.intent == "place"
    assert result.best is not None and "thu nhập cá nhân" in result.best.name.lower()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("vợ em QT Hàn Quốc muốn xin thẻ thường trú", "quốc tịch hàn quốc"),
        ("chồng tôi QT Mỹ, con sinh ở Đông Hà", "quốc tịch mỹ"),
        ("bạn em có QT Lào sang làm việc", "quốc tịch lào"),
    ],
)
def test_initials_before_a_country_read_as_a_nationality(typed, meant):
    # «QT» alone is the province, yet before a country it is a nationality, never Quảng Trị
    assert meant in reads(typed)
    assert "quảng trị" not in reads(typed)


def test_a_nationality_written_qt_reaches_the_foreign_element(matcher):
    # «QT Nhật» names a foreign husband: the marriage with a foreign element
    result = matcher.search("em muốn đăng ký kết hôn với anh người yêu QT Nhật, hồ sơ gồm gì")
    assert result.best is not None and result.best.code == MARRIAGE_FOREIGN
