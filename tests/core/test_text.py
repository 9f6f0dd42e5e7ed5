"""core.text: one fold for search and for the imports' headings and answers.

Before issue 23 there were two folds (marketplace.search.text.fold and mentoring.roster.fold).
Each is copied here as it was, and the one module must give the same answers for every text:
`fold` as search's, `fold_label` as the roster's (which the product import borrowed)."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from core.text import fold, fold_label, words


def search_fold_before(text: str) -> str:  # marketplace/search/text.py, before
    text = unicodedata.normalize("NFC", text or "").lower().replace("_", " ")
    out = []
    for word in re.compile(r"[^\w]+", re.UNICODE).split(text):
        if word:
            word = unicodedata.normalize("NFD", word)
            letters = "".join(c for c in word if not unicodedata.combining(c))
            out.append(letters.replace("đ", "d"))
    return " ".join(out)


def roster_fold_before(text) -> str:  # mentoring/roster.py, before
    text = re.sub(r"\(.*?\)", " ", str(text))
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# Vietnamese letters, both compositions, marks alone, other scripts, punctuation, parentheses
VIETNAMESE = "aăâđeêioôơuưyAĂÂĐEÊIOÔƠUƯYáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ"
ALPHABET = st.sampled_from(
    list(VIETNAMESE + "bcdghklmnpqrstvxBCDGHKLMNPQRSTVX0123456789 _-.,;/()*\t\n")
    + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b", "\u0307"]
    + ["ß", "İ", "ø", "Ω", "中", "²", "ﬁ", "\u00a0"]
)
TEXTS = st.text(alphabet=ALPHABET, max_size=40) | st.text(max_size=20)


@given(TEXTS)
def test_fold_is_the_search_fold_it_replaced(text):
    assert fold(text) == search_fold_before(text)


@given(TEXTS)
def test_fold_label_is_the_roster_fold_it_replaced(text):
    assert fold_label(text) == roster_fold_before(text)


def test_fold_drops_every_mark_and_keeps_every_word():
    assert fold("Mật ong ĐƯỜNG phèn") == "mat ong duong phen"
    assert fold("hoà") == fold("hòa") == fold("hoa\u0300") == "hoa"
    # words in parentheses and other scripts are words a buyer may look for
    assert fold("Mật ong (rừng) 中文") == "mat ong rung 中文"
    assert fold(None) == fold("") == ""


def test_fold_label_is_a_key_for_a_heading_or_an_answer():
    assert fold_label("Số thẻ đoàn viên (*)") == "so the doan vien"
    assert fold_label("so_the_doan_vien") == "so the doan vien"
    assert fold_label("  CÓ ") == "co"
    assert fold_label("Chưa rõ") == "chua ro"
    assert fold_label(2025.0) == "2025 0"  # any cell value, as a text
    assert fold_label("Rau (hữu cơ) 中") == "rau"


def test_words_keep_the_marks_apart_for_the_exact_form():
    assert words("Con DẾ_mèn") == [
        unicodedata.normalize("NFD", "con"),
        unicodedata.normalize("NFD", "dế"),
        unicodedata.normalize("NFD", "mèn"),
    ]
