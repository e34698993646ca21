import gzip

from faq.catalogue_words import build, catalogue_names, catalogue_texts, encode, write
from faq.importer import KB_FILE
from faq.normalize import CATALOGUE_WORDS_FILE, DATA_DIR


def test_the_shipped_file_is_what_the_shipped_catalogue_gives():
    shipped = gzip.decompress((DATA_DIR / CATALOGUE_WORDS_FILE).read_bytes())
    kb_file = DATA_DIR / KB_FILE
    built = build(catalogue_names(kb_file), catalogue_texts(kb_file))
    assert shipped == encode(built), "run gopy faq import"


def test_abbreviations_are_the_initials_of_the_catalogues_phrases():
    names = [
        "Cấp giấy chứng nhận đủ điều kiện kinh doanh thuốc",
        "Cấp lại giấy chứng nhận hành nghề",
        "Thu hồi giấy chứng nhận kiểm định",
        "Xác nhận điều kiện kinh doanh xăng dầu",
        "Đăng ký thay đổi vốn điều lệ của công ty",
    ]
    data = build(names)
    assert data["abbreviations"]["gcn"] == [["giấy chứng nhận", 3]]
    assert "dkkd" not in data["abbreviations"]  # in two names only: no habit of the catalogue
    assert "của công" not in str(data["abbreviations"])  # no phrase with a function word
    assert data["pairs"]["chứng nhận"] == 3
    # each run of three words with how many names write it: what tells two readings apart
    assert data["triples"]["giấy chứng nhận"] == 3
    assert data["triples"]["vốn điều lệ"] == 1


def test_write_puts_the_file_beside_the_catalogue(tmp_path):
    written = write(DATA_DIR / KB_FILE, tmp_path)
    assert written.name == CATALOGUE_WORDS_FILE
    assert written.read_bytes() == (DATA_DIR / CATALOGUE_WORDS_FILE).read_bytes()
