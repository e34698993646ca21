"""Labels and long lines are cut after a whole word, with «…», never inside a word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handlers.labels import ELLIPSIS, OPTION_LABEL_LIMIT, cut

_WORDS = st.lists(
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạđ,;", min_size=1, max_size=12),
    min_size=1,
    max_size=30,
).map(" ".join)


@given(_WORDS, st.integers(min_value=5, max_value=120))
def test_a_cut_ends_after_a_whole_word(text: str, limit: int) -> None:
    shown = cut(text, limit)
    assert len(shown) <= limit
    if shown == text:
        return
    assert shown.endswith(ELLIPSIS)
    head = shown.removesuffix(ELLIPSIS)
    assert text.startswith(head)
    rest = text[len(head) :]
    first_word = text.split()[0]
    # the next character after what is shown is not a letter of the same word, unless the
    # first word alone is longer than the limit (there is no boundary to cut at)
    assert not rest[:1].isalnum() or len(first_word) > limit - len(ELLIPSIS)


def test_a_short_label_is_left_alone() -> None:
    assert cut("Bỏ qua", OPTION_LABEL_LIMIT) == "Bỏ qua"


def test_a_long_procedure_name_is_cut_before_the_word_that_does_not_fit() -> None:
    name = "Thủ tục đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới"
    assert cut(name, 30) == "Thủ tục đăng ký khai sinh có…"
    assert cut("một, hai, ba bốn", 10) == "một, hai…"


def test_a_label_opening_with_punctuation_is_not_cut_inside_the_word_after_it() -> None:
    assert cut("; ;;a;", 5) == ";…"
    assert cut("- Trực tiếp", 5) == "-…"
