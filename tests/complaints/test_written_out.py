"""What a department would read although no pattern of digits or at sign holds it: addresses
spelled out in words, and names the writer gives of themselves in any free text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints.redaction import EMAIL, ID_NUMBER, PHONE, REPORTER, redact


@pytest.mark.parametrize(
    "address",
    [
        "hoa a còng gmail chấm com",
        "hoa a cong gmail cham com",
        "hoa at gmail dot com",
        "hoa(at)gmail.com",
        "hoa (at) gmail (dot) com",
        "hoa[at]gmail[dot]com",
        "hoa @ gmail . com",
        "hoa @gmail.com",
        "nguyen.van.an a còng yahoo chấm com chấm vn",
        "nguyen chấm an at quangtri dot gov dot vn",
        "hoa1990 A CÒNG GMAIL",
        "hoa a còng gmail",
        "hoa（at）gmail．com",
        "hoa\u200ba còng\u200bgmail chấm com",
        "ｈｏａ at ｇｍａｉｌ dot ｃｏｍ",
    ],
)
def test_an_address_spelled_out_is_hidden(address):
    assert redact(f"Email của tôi: {address}, cảm ơn.") == f"Email của tôi: {EMAIL}, cảm ơn."


@pytest.mark.parametrize(
    "text",
    [
        "Tôi ở nhà at home cả ngày.",
        "Bà cụ con a còng lưng đi nộp hồ sơ.",
        "Cán bộ Hùng at phòng tiếp dân.",
        "Tôi nộp tại dichvucong.gov.vn chấm hết.",
        "chấm điểm at the end",
    ],
)
def test_words_that_only_sound_like_an_address_stay(text):
    assert redact(text) == text


LOCAL = st.from_regex(r"[a-z][a-z0-9._]{0,10}[a-z0-9]", fullmatch=True).filter(
    lambda s: ".." not in s
)
AT = st.sampled_from([" a còng ", " a cong ", " at ", "(at)", " [at] ", " @ ", "@ "])
DOT = st.sampled_from([" chấm ", " cham ", " dot ", ".", " . ", "(dot)", " [chấm] "])
DOMAIN = st.tuples(
    st.sampled_from(["gmail", "yahoo", "quangtri", "mail", "outlook"]),
    st.lists(st.sampled_from(["com", "vn", "gov", "net"]), min_size=1, max_size=2),
)
AROUND = st.sampled_from(["", "email ", "liên hệ qua ", "gửi giúp ", "(", "mail: "])
AFTER = st.sampled_from(["", ".", " nhé", ", cảm ơn", ")", " hoặc gọi tôi"])


@given(AROUND, LOCAL, AT, DOMAIN, DOT, AFTER)
def test_any_spelled_address_leaves_no_part_of_itself(before, local, at, domain, dot, after):
    """Nothing of the address is left: not its local part, nor its domain."""
    name, tops = domain
    address = local + at + name + "".join(dot + top for top in tops)
    redacted = redact(before + address + after)
    assert redacted == before + EMAIL + after


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("Tôi tên là Nguyễn Văn An, ở tổ 5.", "Tôi tên là R, ở tổ 5."),
        ("em tên Lan ở thôn 3", "em tên R ở thôn 3"),
        ("em tên Anh", "em tên R"),
        ("Tên tôi là Trần Thị Bích, tôi muốn phản ánh", "Tên tôi là R, tôi muốn phản ánh"),
        ("Chào cán bộ, mình là Hùng. Hôm qua", "Chào cán bộ, mình là R. Hôm qua"),
        ("Dạ em là Hoa ạ", "Dạ em là R ạ"),
        ("tôi là nguyễn văn an muốn hỏi", "tôi là R muốn hỏi"),
        ("TÔI TÊN LÀ NGUYỄN VĂN AN Ở TỔ 5", "TÔI TÊN LÀ R Ở TỔ 5"),
        ("TÔI LÀ NGUYỄN VĂN AN, Ở TỔ 5", "TÔI LÀ R, Ở TỔ 5"),
        ("toi ten la nguyen van an xin phan anh", "toi ten la R xin phan anh"),
        ("Họ tên: Lê Thị Hồng. Địa chỉ: tổ 5", "Họ tên: R. Địa chỉ: tổ 5"),
        ("Tôi là Nguyễn T. Hoa.", "Tôi là R."),
        ("Tôi tên Ｈùng nhé", "Tôi tên R nhé"),
        ("Tôi tên Hù\u200bng nhé", "Tôi tên R nhé"),
        ("Tôi\u200blà\u3000Nguyễn\u2009Thị\xa0Hoa，", "Tôi\u200blà\u3000R，"),
        ("tôi\u200btên\u200blà Lan", "tôi\u200btên\u200blà R"),
        ("My name is John Smith.", "My name is R."),
    ],
)
def test_a_name_the_writer_gives_of_themselves_is_hidden(story, redacted):
    """Without a reporter's name from the dialogue: a story filed anonymously, a question."""
    assert redact(story) == redacted.replace("R", REPORTER)


@pytest.mark.parametrize(
    "text",
    [
        "tôi là người dân ở phường 1",
        "Tôi là Người dân, tôi muốn hỏi",
        "Tôi là Chủ tịch UBND xã",
        "tôi là Phó Chủ tịch Hội Nông dân",
        "tôi là hộ kinh doanh cá thể",
        "Tôi là Đảng viên",
        "Tôi là Anh trai của người nộp hồ sơ",
        "Tôi là Thành viên tổ hòa giải",
        "con là sinh viên năm 2",
        "cán bộ tên Hùng đòi tiền",
        "Chị Nguyễn Thị Mai, trưởng phòng, không tiếp",
        "anh ấy tên là Trần Văn B ở Phòng Tài nguyên",
        "ghi tên tôi vào danh sách",
        "cho em hỏi em tên gì",
        "tôi là gì của cán bộ đó",
    ],
)
def test_roles_officials_and_other_peoples_names_stay(text):
    """«là» also says what one is; an official's name is what the complaint is about."""
    assert redact(text) == text


GIVEN = st.sampled_from(["Lan", "Hùng", "Tuấn", "Hoa", "Anh", "Minh", "Ngọc Ánh", "Thu Hà"])
FAMILY = st.sampled_from(["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Đặng"])
MIDDLE = st.sampled_from(["", "Văn ", "Thị ", "Đức ", "Thị Thu "])
BY_NAME = st.sampled_from(
    ["tôi tên là", "Tôi tên", "em tên là", "tên tôi là", "tên em là", "mình tên", "Họ tên:"]
)
BY_BEING = st.sampled_from(["tôi là", "Tôi là", "em là", "mình là", "Dạ em là", "cháu là"])
BEFORE = st.sampled_from(["", "Chào anh chị, ", "Xin chào. ", "Kính gửi UBND, "])
THEN = st.sampled_from(["", ".", ", ở tổ 5", " ạ", " xin phản ánh", ", sđt 0912345678"])
SPELLINGS = st.sampled_from(["as typed", "lower", "upper", "bare"])


def _spelled(text: str, how: str) -> str:
    from complaints.text import fold

    return {"as typed": text, "lower": text.lower(), "upper": text.upper(), "bare": fold(text)}[how]


@given(BEFORE, BY_NAME, FAMILY, MIDDLE, GIVEN, THEN, SPELLINGS)
def test_no_word_of_an_introduced_full_name_is_left(
    before, intro, family, middle, given, then, how
):
    name = _spelled(f"{family} {middle}{given}", how)
    introduced = f"{before}{_spelled(intro, how)} "
    assert redact(introduced + name + then) == introduced + REPORTER + redact(then)


@given(BEFORE, BY_BEING, GIVEN, THEN)
def test_a_given_name_with_capitals_after_an_introduction_is_hidden(before, intro, given, then):
    redacted = redact(f"{before}{intro} {given}{then}")
    assert REPORTER in redacted
    assert not set(given.split()) & set(redacted.replace(",", " ").split())


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("gọi không chín một hai ba bốn năm sáu bảy tám nhé", "gọi P nhé"),
        ("số không chín một hai 345678", "số P"),
        ("sđt 0912 ba bốn năm 678", "sđt P"),
        ("khong chin mot hai ba bon nam sau bay tam", "P"),
        ("zero nine one two three four five six seven eight", "P"),
        ("CCCD không bốn năm không chín tám không không một hai ba bốn", "CCCD I"),
        ("gọi không\u200bchín\u3000một hai ba，bốn năm sáu bảy tám", "gọi P"),
        ("sđt ０９１２ ba bốn năm ６７８", "sđt P"),
    ],
)
def test_a_number_said_in_words_is_hidden(story, redacted):
    assert redact(story) == redacted.replace("P", PHONE).replace("I", ID_NUMBER)


@pytest.mark.parametrize(
    "text",
    [
        "từ năm 2023, năm 2024 vẫn chưa xong",
        "hẹn hai ba lần, mất năm sáu tháng",
        "đòi một hai triệu, tôi đi ba bốn lần",
        "ba bốn năm sáu bảy tám chín",  # seven digits: no phone nor ID
    ],
)
def test_numbers_in_words_that_are_no_phone_stay(text):
    assert redact(text) == text


DIGIT_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


@given(
    st.sampled_from("35789"),
    st.lists(st.integers(0, 9), min_size=8, max_size=8),
    st.lists(st.booleans(), min_size=9, max_size=9),
    st.sampled_from([" ", ", ", " - ", ". "]),
)
def test_any_mobile_said_partly_in_words_is_hidden(second, rest, in_words, separator):
    digits = [0, int(second), *rest]
    in_words = [True, True, True, *in_words][: len(digits)]  # three words at least
    said = separator.join(
        DIGIT_WORDS[d] if word else str(d) for d, word in zip(digits, in_words, strict=True)
    )
    assert redact(f"Liên hệ {said} nhé") == f"Liên hệ {PHONE} nhé"


@pytest.mark.parametrize(
    "text",
    [
        "Họ nói với tôi là Nghị định 123/2024/NĐ-CP không áp dụng.",
        "Cán bộ trả lời tôi là Quyết định 15/QĐ-UBND đã hết hạn.",
        "Anh ấy nói với tôi là Lê Văn Tám (phó chủ tịch) đã ký.",
        "Cán bộ hẹn tôi là Thứ Hai quay lại.",
        "Cán bộ báo cho tôi là Hà Nội chưa gửi công văn.",
        "Họ bảo em là Hồ sơ thiếu giấy khai sinh.",
        "Chị ấy dặn tôi là Phòng Tư pháp sẽ gọi.",
    ],
)
def test_what_someone_told_the_writer_is_no_introduction(text):
    """«nói với tôi là …» reports what was said: a decree, a day, the official who signed."""
    assert redact(text) == text


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("Tôi là dân, tôi là Nguyễn Văn An.", "Tôi là dân, tôi là R."),
        ("Em là con, em tên là Lan ạ", "Em là con, em tên là R ạ"),
        ("Họ nói với tôi là chờ. Tôi là Trần Thị Bích.", "Họ nói với tôi là chờ. Tôi là R."),
    ],
)
def test_an_introduction_after_another_use_of_its_words_is_read(story, redacted):
    assert redact(story) == redacted.replace("R", REPORTER)


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 15 tháng 12 năm 2024 không một ai trả lời.",
        "Tháng 11 năm 2024 ba bốn lần tôi lên xã.",
        "Từ tháng 3 năm hai không hai tư không ai nghe máy.",
        "Nộp ngày 2 tháng 5 năm 2023, không một lời giải thích, năm sáu lần hẹn.",
    ],
)
def test_dates_and_negations_are_no_number_said_in_words(text):
    """«năm» is also the year, «không» also «no one»."""
    assert redact(text) == text


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("gọi không chín một hai ba bốn năm 1990 nhé", "gọi P nhé"),
        ("sđt không chín một hai ba bốn năm sáu bảy tám không ai nghe", "sđt P không ai nghe"),
    ],
)
def test_a_number_said_in_words_next_to_a_year_or_a_negation_is_still_hidden(story, redacted):
    assert redact(story) == redacted.replace("P", PHONE)


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("Họ và tên người phản ánh: Nguyễn Văn An", "Họ và tên người phản ánh: R"),
        ("Họ tên chủ hộ: Trần Thị Bích, tổ 5", "Họ tên chủ hộ: R, tổ 5"),
        ("Tôi, Nguyễn Văn An, xin phản ánh", "Tôi, R, xin phản ánh"),
        ("tôi , Trần Thị Mai , ở tổ 3 xin phản ánh", "tôi , R , ở tổ 3 xin phản ánh"),
        ("Cháu ,Lê Minh Tuấn xin hỏi", "Cháu ,R xin hỏi"),
        ("Tôi tên là Nguyễn\nVăn An\nĐịa chỉ: tổ 5", "Tôi tên là R\nĐịa chỉ: tổ 5"),
        ("email hoa a còng gờ meo chấm com nhé", "email E nhé"),
        ("MST 3200123456 đồng ý cấp", "MST I đồng ý cấp"),
    ],
)
def test_forms_and_spellings_that_left_the_writer_shown(story, redacted):
    expected = redacted.replace("R", REPORTER).replace("E", EMAIL).replace("I", ID_NUMBER)
    assert redact(story) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tên cán bộ: Lê Văn Hùng",
        "Tôi, Chủ tịch xã, xin trả lời",
        "Tên: Cấp giấy phép xây dựng",
        "Tôi là Nguyễn\nHôm qua tôi lên xã",
    ],
)
def test_an_official_a_procedure_or_a_sum_stays(text):
    """«Tôi là Nguyễn» alone is a name; the next line is not the rest of it."""
    assert redact(text).replace(REPORTER, "Nguyễn") == text


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("em tên lan nè, em ở tổ 2", "em tên R nè, em ở tổ 2"),
        ("tôi tên hoa nhá cảm ơn", "tôi tên R nhá cảm ơn"),
        ("mình tên thu á, hỏi về hộ khẩu", "mình tên R á, hỏi về hộ khẩu"),
        ("tui tên tâm nha", "tui tên R nha"),
        ("em tên Lan nè", "em tên R nè"),
    ],
)
def test_a_particle_after_a_name_typed_in_lower_case_is_shown(story, redacted):
    """The name is hidden; the particle said after it («nè», «nhá», «á») is no part of it."""
    assert redact(story) == redacted.replace("R", REPORTER)


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("Tôi là Trần Văn\nBình Nè, ở tổ 5", "Tôi là R Nè, ở tổ 5"),
        ("Dạ con là Lê Thị\nHoa Á, con hỏi về sổ đỏ", "Dạ con là R Á, con hỏi về sổ đỏ"),
        ("Em tên Phạm Thị\nThu Hà\nĐịa chỉ: thôn 3", "Em tên R\nĐịa chỉ: thôn 3"),
        ("tôi là lê thị\nhoa ở tổ 5", "tôi là R ở tổ 5"),
        ("Tôi tên là Võ Văn\nTuấn Nhé", "Tôi tên là R Nhé"),
    ],
)
def test_a_name_broken_after_its_middle_word_goes_on_over_the_line(story, redacted):
    """No name ends at «Văn» or «Thị»: the given name on the next line is the rest of it, and a
    particle after it, capitalised by the keyboard at the line's start, may be shown."""
    assert redact(story) == redacted.replace("R", REPORTER)


@pytest.mark.parametrize(
    "text",
    [
        "Tôi là Nguyễn Văn An\nCán bộ xã đòi tiền",
        "Tôi là Lê Thị Hoa\nHôm qua tôi lên xã",
        "Tôi tên Trần Minh\nSáng nay tôi nộp hồ sơ",
    ],
)
def test_a_whole_name_ends_at_its_line(text):
    """A name that can end where its line does is not read on into the next line."""
    name = text.split(" ", 2)[2].split("\n")[0]
    assert redact(text) == text.replace(name, REPORTER)


@pytest.mark.parametrize(
    "text",
    [
        "chị em , Trần Văn Bình là cán bộ địa chính, đòi 2 triệu",
        "Anh em, Nguyễn Văn Hùng ở UBND xã không tiếp dân",
        "bà con, Lê Văn Tám là công an xã hay gây khó dễ",
        "Các cháu, Phạm Thị Lan là văn thư phường",
        "anh Minh, Nguyễn Thị Lan là cán bộ tư pháp",
    ],
)
def test_a_comma_after_a_call_to_people_introduces_no_one(text):
    """«chị em», «bà con», «các cháu» before a comma call to people; the name after it is an
    official's, whom the complaint is about, and is not shown as the reporter's."""
    assert redact(text) == text


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("Thưa anh chị, em, Nguyễn Thị Lan, xin phản ánh", "Thưa anh chị, em, R, xin phản ánh"),
        ("Kính gửi bà con, cháu, Lê Văn Tâm, ở thôn 3", "Kính gửi bà con, cháu, R, ở thôn 3"),
        ("Hôm qua con, Trần Thị Mai, lên xã", "Hôm qua con, R, lên xã"),
    ],
)
def test_a_pronoun_after_a_call_to_people_is_still_the_writer(story, redacted):
    """Only a kinship word right before «em», «con», «cháu» makes it a group's noun."""
    assert redact(story) == redacted.replace("R", REPORTER)


@pytest.mark.parametrize(
    "pronoun",
    ["tôi", "Tôi", "toi", "em", "mình", "minh", "tui", "tớ", "cháu", "chau", "con", "tao"],
)
def test_every_pronoun_before_a_comma_introduces_the_name_after_it(pronoun):
    """The comma's quick check knows the pronouns the pattern knows (``PRONOUNS``)."""
    if pronoun.isascii():
        story, name = f"{pronoun}, le thi hoa, o to 5 xin phan anh", "le thi hoa"
    else:
        story, name = f"{pronoun}, Lê Thị Hoa, ở tổ 5 xin phản ánh", "Lê Thị Hoa"
    assert redact(story) == story.replace(name, REPORTER)


@pytest.mark.parametrize(
    ("story", "redacted"),
    [
        ("tôi là hà văn an ở tổ 5", "tôi là R ở tổ 5"),
        ("em là mai thị lan nhé", "em là R nhé"),
        ("mình là tô văn hùng, ở xã Cam Hiếu", "mình là R, ở xã Cam Hiếu"),
        ("toi la phung minh an, xin hoi", "toi la R, xin hoi"),
        ("Tôi là hà minh tuấn muốn hỏi", "Tôi là R muốn hỏi"),
        ("cháu là chu thị ngọc ánh ạ", "cháu là R ạ"),
    ],
)
def test_a_name_in_lower_case_after_la_is_read_by_its_family_or_middle_name(story, redacted):
    """After «là» a run in lower case is a name when it starts with a family name, or when its
    second word is «văn» or «thị» and a given name follows."""
    assert redact(story) == redacted.replace("R", REPORTER)


@pytest.mark.parametrize(
    "text",
    [
        "tôi là dân thị xã Quảng Trị",
        "tôi là người thị trấn",
        "tôi là cao tuổi rồi",
        "em là mai mốt mới đi được",
        "tôi là văn thư của xã",
        "tôi là bên văn phòng xã",
        "em là bên thị trấn Cam Lộ",
        "toi la ben van phong",
    ],
)
def test_words_after_la_that_only_look_like_a_family_or_middle_name_stay(text):
    assert redact(text) == text
