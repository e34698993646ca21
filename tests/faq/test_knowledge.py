import re
import tomllib

from faq.knowledge import SPELLINGS, as_title, load_knowledge
from faq.normalize import DATA_DIR, normalize


def test_bundled_catalogue_has_every_procedure_and_one_topic_per_level_group(kb):
    assert len(kb.procedures) == 2642
    assert len(kb.topics) < len(kb.procedures)
    assert all(p.code == p.topic for p in kb.topics)


def test_a_procedure_carries_what_an_answer_needs(kb):
    card = kb.procedures["1.014061"]  # Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên
    assert card.level == "Cấp xã"
    assert card.agency == "Công an cấp Xã"
    assert card.online
    assert {row.text for row in card.time_rows} == {"7 ngày làm việc"}
    assert card.documents and card.steps
    assert card.url.startswith("https://dichvucong.gov.vn/")
    assert {v.code for v in card.variants} == {"2.000200", "1.001247"}
    assert "làm căn cước" in card.aliases


def test_variants_point_back_to_their_topic(kb):
    provincial = kb.procedures["2.000200"]
    assert provincial.topic == "1.014061"
    assert "1.014061" in {v.code for v in provincial.variants}


def test_fees_are_parsed_from_the_real_record(kb):
    birth = kb.procedures["1.001193"]  # Thủ tục đăng ký khai sinh
    assert {row.amount for row in birth.fee_rows} == {"Miễn phí"}
    assert {row.channel for row in birth.fee_rows} == {
        "Trực tuyến",
        "Dịch vụ bưu chính",
        "Trực tiếp",
    }


def test_curated_answers_are_loaded(kb):
    assert "/report" in kb.curated["phan-anh"].answer_vi
    assert kb.get("vneid") is kb.curated["vneid"]


def test_a_written_answer_is_titled_with_the_brand_spelt_as_its_owner_spells_it(kb, matcher):
    # typed in lower case as people ask it; offered and quoted as a title
    assert kb.curated["vneid"].title == "VNeID là gì"
    assert kb.curated["nop-truc-tuyen"].title == "Nộp hồ sơ trực tuyến như thế nào"
    best = matcher.search("vneid là gì").best
    assert best is not None and best.name == "VNeID là gì"


def test_a_title_keeps_a_brand_first_and_is_not_changed_twice():
    assert as_title("cài đặt vneid trên điện thoại") == "Cài đặt VNeID trên điện thoại"
    assert as_title("vssid không đăng nhập được?") == "VssID không đăng nhập được?"
    assert as_title("VNeID là gì") == "VNeID là gì"
    assert as_title("Cấp lại Giấy chứng nhận do bị mất") == "Cấp lại Giấy chứng nhận do bị mất"


def test_an_operators_question_is_titled_by_the_same_spellings(tmp_path):
    (tmp_path / "curated.toml").write_text(
        '[[answer]]\nid = "cccd"\nquestions = ["cccd hết hạn làm ở đâu"]\n'
        'answer_vi = "Công an xã."\n',
        encoding="utf-8",
    )
    assert load_knowledge(tmp_path).curated["cccd"].title == "CCCD hết hạn làm ở đâu"


def test_the_spellings_are_those_the_curated_file_writes():
    # a brand the answers spell (VNeID) and a question types in lower case is listed, spelt as
    # the answers spell it; none is listed that the curated file does not use
    curated = tomllib.loads((DATA_DIR / "curated.toml").read_text("utf-8"))
    texts = [text for a in curated["answer"] for text in (*a["questions"], a["answer_vi"])]
    texts += [alias for topic in curated["topic"] for alias in topic["aliases"]]
    words = {word for text in texts for word in re.findall(r"\w+", text)}
    spelt = {word.lower(): word for word in words if word[1:] != word[1:].lower()}
    assert {lower for lower in spelt if lower in words} <= SPELLINGS.keys()
    assert all(spelt.get(lower, word) == word for lower, word in SPELLINGS.items())
    assert SPELLINGS.keys() <= {word.lower() for word in words}


def test_operator_curated_file_replaces_the_bundled_one(tmp_path):
    (tmp_path / "curated.toml").write_text(
        '[[answer]]\nid = "gio"\nquestions = ["mấy giờ mở cửa"]\nanswer_vi = "7 giờ 30."\n'
        '[[topic]]\ncode = "1.001193"\naliases = ["giấy khai sinh cho bé"]\n',
        encoding="utf-8",
    )
    kb = load_knowledge(tmp_path)
    assert list(kb.curated) == ["gio"]
    assert kb.procedures["1.001193"].aliases == ("giấy khai sinh cho bé",)
    assert kb.procedures["1.014061"].aliases == ()


def test_a_data_dir_without_curated_file_keeps_the_bundled_one(tmp_path):
    assert "vneid" in load_knowledge(tmp_path).curated


def test_every_curated_alias_names_a_catalogue_procedure_and_keeps_a_topic_word(kb):
    curated = tomllib.loads((DATA_DIR / "curated.toml").read_text("utf-8"))
    for entry in curated["topic"]:
        assert entry["code"] in kb.procedures
        for alias in entry["aliases"]:
            assert normalize(alias).content, alias
