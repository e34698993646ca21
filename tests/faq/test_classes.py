"""The classes of things people name, read in the catalogue's words (faq/classes.py)."""

import pytest

from faq.classes import PAPERS, TABLES, acts_named, classes_named
from faq.normalize import DATA_DIR, fold_word, is_filler, nfc, normalize


def _rows(*names: str) -> list[list[str]]:
    lines = [line for name in names for line in (DATA_DIR / name).read_text("utf-8").splitlines()]
    return [line.split("\t") for line in lines if line and line[0] != "#"]


def _entries() -> list[tuple[str, str]]:
    return [(instance, named) for instance, named, *_ in _rows(*TABLES)]


def _acts() -> list[tuple[str, str, list[str]]]:
    """The acts done to a paper: their words, the catalogue's, the kinds of paper they take."""
    return [(act, named, rest[0].split(", ")) for act, named, *rest in _rows(*TABLES) if rest]


@pytest.mark.parametrize(
    ("message", "named"),
    [
        ("đàn lợn nhà tôi chết vì dịch tả", {("dong", "vat"), ("dich", "benh")}),
        ("trau bo bi lo mom long mong", {("dich", "benh")}),  # typed bare: only the phrase
        ("ruộng lúa ngập hết sau trận lũ", {("cay", "trong"), ("thien", "tai")}),
        ("cho thue mo to nuoc o bai bien", {("vui", "choi", "giai", "tri", "duoi", "nuoc")}),
        ("mua bitcoin co hop phap khong", {("tai", "san", "ma", "hoa")}),  # no syllable: any typing
        # the red book is the land-use right's certificate: a mortgage on it is on land
        (
            "giải chấp sổ hồng ở đâu",
            {("xoa", "dang", "ki", "bien", "phap", "bao", "dam"), ("quyen", "su", "dung", "dat")},
        ),
    ],
)
def test_an_instance_names_its_class(message, named):
    assert set(classes_named(normalize(message))) == named


def test_every_instance_typed_as_listed_names_its_class():
    # an instance the normaliser rewrites ("ca nô" is read "công an nô") would never be read
    acts = {act for act, *_ in _acts()}
    for instance, named in _entries():
        if instance in acts:
            continue  # read with a paper (below)
        normalized = normalize(f"hỏi về {instance}")  # typed with diacritics
        key = tuple(map(fold_word, nfc(named).lower().split()))
        said = f" {' '.join(key)} " in f" {normalized.key} "
        assert said or key in classes_named(normalized), instance


def test_no_doing_is_a_cue_of_reissue_or_exchange():
    # "cấp lại" / "cấp đổi" are faq/action.py's: a doing listed there too would count twice
    lines = (DATA_DIR / "action_cues.txt").read_text("utf-8").splitlines()
    cues = {nfc(line.strip()).lower() for line in lines if line.strip() and line[0] not in "#["}
    assert not cues & {nfc(instance).lower() for instance, _ in _entries()}


def test_no_instance_is_a_filler_or_listed_twice():
    instances = [nfc(instance).lower() for instance, _ in _entries()]
    assert len(instances) == len(set(instances))
    # a word without diacritics is read only in a message typed with them, where "cua" is a
    # crab and not "của"
    one_word = [word for word in instances if " " not in word and word != fold_word(word)]
    assert not [word for word in one_word if is_filler(word)]


@pytest.mark.parametrize(
    "message",
    [
        "ga tau o dau",  # "ga" typed bare is a station as often as a chicken
        "anh cán bộ đòi tiền cà phê",  # a bribe, not a crop
        "cá nhân kinh doanh khai thuế",  # "cá" of "cá nhân" is no fish
        "hỗ trợ thiệt hại do thiên tai sau bão",  # the class itself is said already
        "mổ sỏi thận có được bảo hiểm y tế chi trả không",  # a kidney stone is no mineral
        "xấu hổ quá, tôi làm mất giấy khai sinh của con",  # "hổ" of "xấu hổ" is no tiger
        "đổ bê tông sân nhà có cần giấy phép xây dựng không",  # "bê" of "bê tông" is no calf
        "cán bộ lươn lẹo, hẹn mãi không trả hồ sơ",  # "lươn lẹo" is no eel
        "tôi ở thủ đô, hộ chiếu làm ở đâu",  # "đô" of "thủ đô" is no dollar
    ],
)
def test_no_class_is_read_into_other_words(message):
    assert classes_named(normalize(message)) == []


@pytest.mark.parametrize(
    ("message", "code"),
    [
        # the catalogue says "dịch bệnh động vật"; the farmer says what died of what
        ("đàn lợn bị dịch tả phải tiêu hủy, xin hỗ trợ thế nào", "1.013997"),
        # "phương tiện hoạt động vui chơi, giải trí dưới nước"
        ("tôi muốn xóa đăng ký chiếc mô tô nước", "2.001211"),
        # "tiền không đủ tiêu chuẩn lưu thông"
        ("đổi tiền rách ở đâu", "2.001077"),
        # "phân bón"
        ("nhập khẩu phân đạm cần giấy phép gì", "1.007929"),
        # "khoáng sản": people name the mine (not the water a licence "khai thác" also draws)
        ("giấy phép khai thác mỏ sắp hết hạn, xin gia hạn thế nào", "1.014266"),
        # "hộ kinh doanh": people name the shop or the stall
        ("tiệm tạp hóa của mẹ tôi phải khai thuế ra sao", "1.011022"),
        ("bán ở chợ thì có phải đăng ký không", "1.001612"),
        # doings (faq/data/doings.tsv): what is asked done, as the catalogue's names lead
        # "xóa đăng ký biện pháp bảo đảm bằng quyền sử dụng đất"
        ("giải chấp sổ đỏ ở đâu", "1.011443"),
        # "giải thể doanh nghiệp"
        ("muốn dẹp công ty thì làm sao", "2.002023"),
        # "trở lại quốc tịch Việt Nam ở trong nước"
        ("xin lại quốc tịch việt nam", "2.002038"),
        # "đăng ký đóng, cấp thẻ BHYT": health insurance is bought, the catalogue "đóng"
        ("mẹ em không đi làm thì mua bảo hiểm y tế ở đâu", "1.001939"),
        # "chấm dứt hoạt động chi nhánh"
        ("muốn đóng chi nhánh công ty ở tỉnh khác", "2.002020"),
        # "tổ chức hành nghề luật sư" is a lawyers' office or a law firm
        ("dang ky hoat dong cong ty luat o dau", "1.002010"),
        # "chấm dứt tham gia trợ giúp pháp lý", as "thôi kinh doanh" is "chấm dứt hoạt động"
        ("văn phòng luật sư muốn thôi tham gia trợ giúp pháp lý", "2.000840"),
        # "yêu cầu trợ giúp pháp lý": the citizen's side, not the lawyer's "đăng ký tham gia"
        ("nhà nghèo bị kiện thì xin trợ giúp pháp lý ở đâu", "2.000829"),
        # "đăng ký nhận cha, mẹ, con", though the message also speaks of marriage
        ("chưa cưới mà có con, làm giấy nhận cha cho con cần gì", "1.001022"),
        # "đăng ký mua, thuê mua nhà ở xã hội": the buyer's side, not the investor's "bán"
        ("công nhân lương thấp muốn mua nhà ở xã hội thì nộp hồ sơ ở đâu", "1.014632"),
        # ... and the tenant's ("thuê" without the investor's "cho")
        ("sinh viên mới ra trường muốn thuê nhà ở xã hội thì nộp đơn ở đâu", "1.014632"),
        ("vo chong toi muon thue nha o xa hoi can giay to gi", "1.014632"),
        ("doanh nghiệp cho thuê nhà ở xã hội cần thủ tục gì", "1.115150"),
        # "... có yếu tố nước ngoài tại khu vực biên giới": where the family lives says it
        ("con tôi sinh ở xã biên giới, bố cháu là người Lào, làm khai sinh ở đâu", "1.000110"),
        (
            "bà ngoại người Trung Quốc sống bên kia biên giới mất khi sang thăm, khai tử thế nào",
            "1.004827",
        ),
        # opening a shop names the household business: its registration, or what is asked
        ("mở quán cà phê cần giấy tờ gì", "1.001612"),
        ("mở quán cà phê thì khai thuế thế nào", "1.011022"),
        # "đăng ký thay đổi vốn điều lệ": a company's capital raised or lowered, not the
        # State Bank's approval for a bank's ("chấp thuận tăng, giảm mức vốn điều lệ")
        ("công ty cổ phần của tôi muốn giảm vốn điều lệ thì làm sao", "2.002009"),
        ("cong ty muon tang von dieu le len 10 ty thi lam the nao", "2.002009"),
        # "thực hiện nghĩa vụ tham gia Công an nhân dân": people «đi nghĩa vụ công an»
        ("thằng em muốn đi nghĩa vụ công an chứ không đi bộ đội", "1.001303"),
        # "... của tổ chức tín dụng phi ngân hàng": a finance company is one
        (
            "công ty tài chính của chúng tôi muốn tự nguyện đóng cửa một chi nhánh ở tỉnh,"
            " thủ tục ra sao",
            "1.001650",
        ),
        (
            "cty tài chính muốn dời trụ sở chính qua tỉnh khác thì xin chấp thuận thế nào",
            "1.003272",
        ),
        # "... lưu động": an officer who comes up or down to the family («lên tận nơi»)
        (
            "bà nội mất ở nhà, trên núi xa xã lắm, cán bộ tư pháp có lên tận nơi làm khai tử không",
            "1.000419",
        ),
        (
            "con mới sinh mà nhà ở bản xa, đường sạt không đi được, xã có cử người xuống tận"
            " bản làm khai sinh không",
            "1.003583",
        ),
    ],
)
def test_a_named_thing_or_doing_finds_the_catalogues_procedure(matcher, message, code):
    assert matcher.search(message).matches[0].code == code


@pytest.mark.parametrize(
    ("message", "code"),
    [
        # everyday verbs for the catalogue's (faq/data/doings.tsv); none of these wordings is
        # one the table was measured on
        # «trả góp», «trả dần» a tax debt: "nộp dần tiền thuế nợ"
        ("công ty đang nợ thuế, xin trả góp được không", "1.008588"),
        ("tiem minh no thue, muon tra gop tung thang duoc khong", "1.008588"),
        # allowed to work again after a suspension: "phục hồi hoạt động"
        (
            "cơ sở bị đình chỉ vì vi phạm phòng cháy, sửa xong muốn được hoạt động trở lại",
            "3.000494",
        ),
        (
            "quán karaoke bị đình chỉ hoạt động, khắc phục rồi xin cho hoạt động lại ở đâu",
            "3.000494",
        ),
        # a blocked account opened again: "mở khóa"
        ("tài khoản định danh điện tử bị khóa, muốn mở lại thì làm thế nào", "3.000275"),
        # «dời» an office: "thay đổi (địa điểm)"
        # the office comes to the house: "lưu động"
        (
            "ông nội nằm liệt giường không đi được, xin cán bộ xã đến tận nhà làm khai tử",
            "1.000419",
        ),
        ("bố mất ở nhà, có cán bộ tới tận nhà đăng ký khai tử không", "1.000419"),
        # a father «nhận con»: "đăng ký nhận cha, mẹ, con"
        # a pension drawn elsewhere: "chuyển hưởng"
        ("bố tôi chuyển về quê sống, chuyển nơi nhận lương hưu thế nào", "1.001742"),
        # «chuyển thành» another kind of company: "chuyển đổi"
        (
            "công ty tnhh một thành viên nhận thêm người góp vốn, chuyển thành hai thành viên",
            "2.002033",
        ),
        # a card handed back: "thu hồi thẻ"
        ("công chứng viên nghỉ hưu có phải nộp lại thẻ không", "1.013832"),
        # «cập nhật» a land certificate: "đăng ký biến động ... thay đổi thông tin"
        ("sổ đỏ đứng tên cũ, tôi đã đổi tên, cập nhật thông tin trên sổ thế nào", "1.013833"),
        # «chặt cây»: "chặt hạ cây xanh"
        ("cây trước cổng sắp đổ, muốn chặt cây thì xin phép ở đâu", "1.002693"),
    ],
)
def test_an_everyday_verb_finds_the_catalogues_procedure(matcher, message, code):
    assert matcher.search(message).matches[0].code == code


@pytest.mark.parametrize(
    ("message", "code"),
    [
        # everyday nouns for the catalogue's objects (the last section of classes.tsv); none of
        # these wordings is one the table was measured on
        # «hóa đơn lẻ»: the invoice the tax office issues "theo từng lần phát sinh"
        (
            "doanh nghiệp không đăng ký hóa đơn, khách đòi xuất hóa đơn lẻ "
            "thì lên chi cục thuế xin",
            "1.010339",
        ),
        ("xin hoa don le cho lan ban hang nay o dau", "1.010339"),
        ("xin hóa đơn lẻ khi bán xe cũ cho công ty", "1.010339"),
        # a pension paid «qua tài khoản ngân hàng»: "lĩnh bằng tài khoản cá nhân"
        (
            "lương hưu đang nhận ở bưu điện, giờ muốn chuyển sang nhận qua "
            "tài khoản ngân hàng thì làm sao",
            "2.000740",
        ),
        ("me toi muon nhan luong huu qua tai khoan ngan hang thay vi tien mat", "2.000740"),
        # «nhà công vụ»: "nhà ở công vụ", housing that is public property
        # «căn hộ»: "nhà ở"; «pano», «bảng quảng cáo»: "biển quảng cáo";
        # «nhân viên»: "người lao động"
        ("người nước ngoài mua căn hộ sắp hết thời hạn sở hữu thì xin gia hạn thế nào", "1.012890"),
        ("làm pano quảng cáo ngoài trời có cần xin phép vị trí không", "2.001921"),
        ("muốn dựng bảng quảng cáo lớn bên quốc lộ thì xin chấp thuận vị trí ở đâu", "2.001921"),
        (
            "công ty đại chúng phát hành cổ phiếu cho nhân viên theo ESOP thì đăng ký ở đâu",
            "1.009728",
        ),
        # health insurance «hộ gia đình»: "người chỉ tham gia BHYT"
        (
            "vợ chồng tôi làm nông, muốn mua bảo hiểm y tế hộ gia đình cho cả nhà "
            "thì đăng ký ở đâu",
            "1.001939",
        ),
        ("bhyt ho gia dinh nam nay dong bao nhieu, dang ky o dau", "1.001939"),
    ],
)
def test_an_everyday_noun_finds_the_catalogues_procedure(matcher, message, code):
    assert matcher.search(message).matches[0].code == code


@pytest.mark.parametrize(
    "message",
    [
        "vợ tôi người Trung Quốc muốn vào quốc tịch Việt Nam thì cần giấy tờ gì",
        "người nước ngoài sống ở Việt Nam lâu năm muốn nhập tịch thì làm sao",
    ],
)
def test_joining_the_nationality_in_everyday_words_is_naturalisation(matcher, message):
    # «vào quốc tịch», «nhập tịch»: "nhập quốc tịch" (in the country or abroad), not "thôi"
    assert matcher.search(message).matches[0].code in {"2.002039", "2.002797"}


@pytest.mark.parametrize(
    ("message", "named"),
    [
        ("muốn bán lại phần vốn góp cho người khác", ("chuyen", "nhuong")),
        ("giai chap so do o dau", ("xoa", "dang", "ki", "bien", "phap", "bao", "dam")),
        ("sao y giấy tờ ở đâu", ("chung", "thuc", "ban", "sao")),
        ("muốn dẹp công ty thì làm sao", ("giai", "the")),
        # unemployment insurance is drawn too: its benefit, not the one-off withdrawal
        ("muốn rút bảo hiểm thất nghiệp", ("huong", "tro", "cap", "that", "nghiep")),
        ("rut bhtn o dau", ("huong", "tro", "cap", "that", "nghiep")),
        (
            "đăng ký đi nghĩa vụ công an",
            ("thuc", "hien", "nghia", "vu", "tham", "gia", "cong", "an"),
        ),
    ],
)
def test_a_doing_is_read_in_the_catalogues_words(message, named):
    # faq/data/doings.tsv: what people ask done, as the catalogue's names lead
    assert named in classes_named(normalize(message))


def test_unemployment_insurance_drawn_is_not_the_one_off_withdrawal():
    # «rút bảo hiểm» alone is the one-off social-insurance withdrawal; the longer doing wins
    named = classes_named(normalize("rút bảo hiểm thất nghiệp ở đâu"))
    assert ("huong", "bao", "hiem", "xa", "hoi", "mot", "lan") not in named


@pytest.mark.parametrize(
    "message",
    [
        "xin công nhận hộ nghèo ở xã",  # "nhận hộ" of "công nhận hộ nghèo" is no proxy
        "lam the nao de dang ky tam tru",  # "làm thế" is not "làm thẻ"
        "hồ sơ bị trả về, phải làm lại từ đầu à",  # a step of any procedure, not a re-issue
        "tiền đã chuyển thành công chưa",  # moved successfully, no conversion
        "nhận con dấu mới ở công an",  # a seal received, not a child acknowledged
        "lớp cập nhật kiến thức pháp luật",  # training, no change registered
        "đời sống khó khăn quá",  # «dời» is read only typed with its marks
        "hồ sơ bị giao lại cho phòng khác",  # a dossier passed on, no work handed over
    ],
)
def test_no_doing_is_read_into_other_words(message):
    assert classes_named(normalize(message)) == []


@pytest.mark.parametrize(
    "message",
    [
        "doanh nghiệp cho thuê nhà ở xã hội",  # the investor's, not the tenant's "thuê" in it
        "cho thue mua nha o xa hoi",  # nor the buyer's "mua" in "cho thuê mua"
    ],
)
def test_the_words_of_an_instance_read_are_not_read_again(message):
    assert classes_named(normalize(message)) == []


def test_every_act_typed_as_listed_with_each_paper_of_its_kind_is_read_as_the_act():
    papers = _rows(PAPERS)
    assert {kind for _, kind in papers} == {kind for *_, kinds in _acts() for kind in kinds}
    for act, named, kinds in _acts():
        key = tuple(map(fold_word, nfc(named).lower().split()))
        for paper, kind in papers:
            if kind in kinds:
                normalized = normalize(f"hỏi về {act} {paper} ở đâu")
                found = acts_named(normalized)
                assert [a.named for a in found] == [key], (act, paper)
                # the paper is where the message says it (faq.classes reads its words folded)
                words = [normalized.tokens[i] for i in found[0].paper]
                assert words == [fold_word(w) for w in normalize(paper).tokens], (act, paper)


@pytest.mark.parametrize(
    ("message", "copy"),
    [
        ("vì sao y tế xã không cấp thẻ bảo hiểm", False),  # "vì sao" is why: no "sao y" (a copy)
        ("tại sao y bạ của mẹ bị giữ lại", False),
        ("chứng thực hợp đồng chuyển nhượng sổ đỏ ở đâu", False),  # a contract, not a paper
        ("làm lại căn cước vì sai thông tin ngày sinh", False),  # no civil status record
        # the register copies civil status records itself: a copy asked for, of no paper
        ("sao y giấy khai sinh ở đâu", True),
    ],
)
def test_no_act_on_a_paper_is_read_into_other_words(message, copy):
    normalized = normalize(message)
    assert acts_named(normalized) == []
    assert (("chung", "thuc", "ban", "sao") in classes_named(normalized)) == copy


_COPY = {"2.000815"}  # chứng thực bản sao từ bản chính
_CORRECTION = {"1.004859", "2.000748"}  # thay đổi, cải chính, bổ sung thông tin hộ tịch
_TRANSLATION = {"2.000992", "2.001008"}  # chứng thực chữ ký người dịch


@pytest.mark.parametrize(
    ("message", "codes"),
    [
        # a certified copy of a paper, not the paper: «sao y», «chứng thực», «công chứng»
        ("sao y căn cước ở đâu", _COPY),
        ("sao y cccd o dau", _COPY),
        ("sao y giấy phép lái xe ở đâu", _COPY),
        ("sao y bang lai xe o xa duoc khong", _COPY),
        ("sao y hộ chiếu mất bao nhiêu tiền", _COPY),
        ("chứng thực căn cước ở đâu", _COPY),
        ("chung thuc ho chieu o dau", _COPY),
        ("chứng thực học bạ ở xã được không", _COPY),
        ("cong chung hoc ba o dau", _COPY),
        ("công chứng sổ hộ khẩu ở đâu", _COPY),
        ("photo cong chung bang tot nghiep", _COPY),
        ("sao y sổ đỏ hết bao nhiêu", _COPY),
        # a wrong name or date in a civil status record is corrected, not registered again
        ("làm lại giấy khai sinh vì sai ngày sinh", _CORRECTION),
        ("lam lai giay khai sinh vi sai ngay sinh", _CORRECTION),
        ("giấy khai sinh của con bị sai ngày sinh, sửa ở đâu", _CORRECTION),
        ("sua ten trong giay khai sinh cho con", _CORRECTION),
        ("giấy kết hôn ghi nhầm ngày sinh của vợ", _CORRECTION),
        ("giay ket hon viet sai ten chong", _CORRECTION),
    ],
)
def test_an_act_done_to_a_paper_finds_the_acts_procedure_not_the_papers(matcher, message, codes):
    assert matcher.search(message).matches[0].code in codes


@pytest.mark.parametrize(
    "message",
    [
        "dịch thuật công chứng bằng đại học ở đâu",
        "dich thuat cong chung ho chieu",
        "dich cong chung giay khai sinh sang tieng anh",
    ],
)
def test_a_translation_of_a_paper_finds_the_translators_certification(matcher, message):
    # the translator's signature is certified, not the paper issued
    assert matcher.search(message).matches[0].code in _TRANSLATION


@pytest.mark.parametrize(
    ("message", "codes"),
    [
        # "vì sao", "tại sao" (why) before «y tế», «y bạ» ask no copy
        ("vì sao y tế xã không cấp thẻ bảo hiểm", {"2.000639", "1.001939", "1.002759"}),
        ("vi sao y te xa khong cap the bhyt", {"2.000639", "1.001294", "1.001939"}),
        # the paper itself, when that is what is asked for
        ("làm lại căn cước", {"1.014064"}),
        ("lam lai can cuoc", {"1.014064"}),
        ("đổi giấy phép lái xe", {"3.000347"}),
        ("doi giay phep lai xe", {"3.000347"}),
        # a signature or a contract certified is no copy of a paper
        ("chứng thực chữ ký trên giấy ủy quyền ở đâu", {"2.000884"}),
        ("chứng thực hợp đồng mua bán nhà", {"2.001035"}),
    ],
)
def test_no_act_on_a_paper_takes_the_paper_or_another_act_from_its_procedure(
    matcher, message, codes
):
    assert matcher.search(message).matches[0].code in codes
