"""What a citizen typing as people chat on Zalo or Facebook notices: teencode letters («ckồng»,
«bjết», «nkà»), chat shorthands («bn ơi», «bh e», «nhiu tiền»), a number's chat unit («50 k»,
«13t»), an address by its initials («P. Đông Lương») and English words borrowed into a
Vietnamese question («onl», «email»). Messages written for these tests, not taken from any
evaluation split; answers from the shipped catalogue."""

from __future__ import annotations

import pytest

from faq.english import to_vietnamese
from faq.normalize import normalize

ID_CARD_REISSUE = "1.014064"
ID_CARD_UNDER_14 = "1.014062"
CRIMINAL_RECORD = "3.000333"
DRIVING_LICENCE_EXCHANGE = "3.000347"
DRIVING_LICENCE_REISSUE = "3.000348"
MARRIAGE_FOREIGN = "2.000806"


def reads(message: str) -> str:
    return normalize(message).text


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("mk mún lm lại cccd thì cần j", ID_CARD_REISSUE),
        # «12t» is 12 tuổi: the catalogue splits the card at fourteen
        ("con e 12t, lm căn cước cho cháu ở đâu ạ", ID_CARD_UNDER_14),
        ("e năm nay 13t mún lm cccd thì cần j", ID_CARD_UNDER_14),
        ("e mun xin lý lịch tư pháp thì nộp ở đâu ạ", CRIMINAL_RECORD),
        ("ckồng e là người Hàn, mún đăng ký kết hôn thì nộp hs ở đâu ạ", MARRIAGE_FOREIGN),
        ("mất bằng lái r, lm lại mất nhiu tiền v", DRIVING_LICENCE_REISSUE),
    ],
)
def test_a_question_in_chat_spelling_reaches_its_procedure(matcher, message, code):
    result = matcher.search(message)
    assert result.best is not None and result.best.code == code


@pytest.mark.parametrize(
    "message",
    ["bn ơi cho mình hỏi đổi bằng lái ở đâu", "các bn ơi đổi bằng lái ở đâu v"],
)
def test_a_friend_addressed_as_bn_is_no_question_about_a_fee(matcher, message):
    # «bn» is bao nhiêu in «bn tiền», but «bạn» when someone is addressed
    result = matcher.search(message)
    assert result.intent == "place"
    assert result.best is not None and result.best.code == DRIVING_LICENCE_EXCHANGE


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("lm hộ chiếu nhiêu tiền v mn", "fee"),  # the South's «nhiêu» is bao nhiêu
        ("lm lại giấy khai sinh mất nhiu ngày", "time"),
        ("lm lại giấy khai sinh mất bao nhiêu ngày", "time"),
        ("nộp hs xin giấy phép xây dựng onl đc hok", "online"),
    ],
)
def test_what_a_chat_question_asks_is_read(matcher, message, intent):
    assert matcher.search(message).intent == intent


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ckồng e", "chồng em"),
        ("nkà e", "nhà em"),
        ("e mún bjết", "em muốn biết"),
        ("mìnk thík", "mình thích"),
        ("cko e hỏi", "cho em hỏi"),  # typed bare: no English word starts with «ck»
        ("xjn cấp lại", "xin cấp lại"),
        ("bjờ e phải lm sao", "bây giờ em phải làm sao"),
        ("bh e phải lm sao", "bây giờ em phải làm sao"),
        ("mấy h ạ", "mấy giờ ạ"),
        ("nộp thêm j nx", "nộp thêm gì nữa"),
        ("tg xử lý bao lâu", "thời gian xử lý bao lâu"),
        ("bsung hồ sơ", "bổ sung hồ sơ"),
        ("nộp bổ xung", "nộp bổ sung"),
        ("có được hong ạ", "có được không ạ"),
    ],
)
def test_chat_spellings_read_as_the_words_they_stand_for(typed, meant):
    assert reads(typed) == meant


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("sổ bh bị mất", "sổ bảo hiểm bị mất"),  # «bh» alone stays bảo hiểm
        ("phí bn tiền", "phí bao nhiêu tiền"),  # and «bn» bao nhiêu before what is counted
        ("thẻ bị hong rồi", "thẻ bị hỏng rồi"),  # a broken card typed with a slip
        ("đăng ký tg bảo hiểm", "đăng ký tham gia bảo hiểm"),  # the catalogue's reading
        ("bh phải đóng bao nhiêu", "bảo hiểm phải đóng bao nhiêu"),  # no pronoun: insurance
        ("tôi muốn đi Hong Kong", "tôi muốn đi hồng kông"),  # a place, not «không kong»
        ("tôi ở khu H", "tôi ở khu h"),  # a letter of an address, not an hour
        ("vận chuyển vat liệu nổ", "vận chuyển vật liệu nổ"),  # a material, no tax
    ],
)
def test_a_shorthand_keeps_its_other_meaning_where_the_words_beside_it_say_so(typed, meant):
    assert reads(typed) == meant


def test_a_price_in_thousands_is_no_no():
    assert "không" not in normalize("lệ phí 50 k có đúng ko").tokens[:4]
    assert reads("lệ phí 50 k") == reads("lệ phí 50k")


def test_an_age_in_chat_is_an_age_but_a_lorry_weighs_tonnes():
    assert "tuổi" in reads("e 13t mún lm cccd")
    assert "tuổi" not in reads("xe tải 5t đăng kiểm ở đâu")
    # after no person: tonnes of goods, floors of a house
    assert "tuổi" not in reads("chở 5t hàng cần giấy phép gì")
    assert "tuổi" not in reads("xây nhà 3t ở xã có cần giấy phép không")
    assert reads("con 10t tuổi") == "con 10t tuổi"  # no «tuổi tuổi»


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("ở P. Đông Lương, TP. Đông Hà", "ở phường đông lương thành phố đông hà"),
        ("x.Gio Linh H. Vĩnh Linh", "xã gio linh huyện vĩnh linh"),
        ("Q.1", "quận 1"),
        ("đến mấy h. Cảm ơn", "đến mấy giờ cảm ơn"),  # a sentence that ends on the hour
    ],
)
def test_an_address_by_its_initials_names_its_places(typed, meant):
    assert reads(typed) == meant


@pytest.mark.parametrize(
    "typed", ["P.S. cho em hỏi", "x.nhận tạm trú", "gửi abc@p.com", "xem h.gov.vn"]
)
def test_a_letter_and_a_dot_that_name_no_place_add_no_level(typed):
    words = reads(typed).split()
    assert not {"phường", "xã", "huyện", "quận"} & set(words)


def test_english_words_borrowed_into_a_question_are_read():
    assert reads(to_vietnamese("gửi email cho xã")) == "gửi thư điện tử cho xã"
    assert reads(to_vietnamese("nộp hs onl")) == "nộp hồ sơ trực tuyến"
    assert reads(to_vietnamese("download mẫu đơn")) == "tải về mẫu đơn"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("giấy phép lái xe bị mất thì lm s", "làm sao"),
        ("thủ tục hq ra s ạ", "ra sao"),
        ("bn trai e người Úc", "bạn trai"),
        # the catalogue's initials (miễn kiểm, mua hàng) never take a chat pronoun
        ("doanh nghiep mk dinh dau tu", "mình dinh"),
        ("mh mua hàng online", "mình mua"),
    ],
)
def test_chat_shorthands_of_a_question_are_read(typed, meant):
    assert meant in reads(typed)


def test_a_boyfriend_written_bn_asks_no_price(matcher):
    result = matcher.search("bn trai e ng Úc sắp hết hạn visa, gia hạn tạm trú cho ảnh thì lm s")
    assert result.intent != "fee"
    assert result.best is not None and "gia hạn tạm trú" in result.best.name.lower()
