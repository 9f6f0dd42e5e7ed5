"""Vietnamese text folding, written once: `fold` for search, `fold_label` for file headings.

- `fold()` drops every mark: "Mật ong ĐƯỜNG phèn" → "mat ong duong phen". Buyers type this on
  phones without a Vietnamese keyboard; every search backend matches on it. Words in
  parentheses and letters of other scripts stay: they are words a buyer may look for.
- `fold_label()` is the key for a column name or a short answer in an uploaded file (the
  roster, attendance and product imports): a note in parentheses is dropped and only a-z and
  0-9 stay, so "Số thẻ (*)" and "so_the" are both "so the", and "Có" is "co".

Python's NFD leaves đ/Đ whole, hence the explicit step.
"""

import functools
import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_PARENTHESES = re.compile(r"\(.*?\)")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of the text, lower case and decomposed (NFD): marks are separate characters."""
    # Split on the composed text (\w does not match a lone combining mark), then decompose.
    text = unicodedata.normalize("NFC", text or "").lower().replace("_", " ")
    return [unicodedata.normalize("NFD", w) for w in _NON_WORD.split(text) if w]


def _unmarked(text: str) -> str:
    """The text without its marks (decomposed, combining marks dropped), đ as d."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, no marks at all, đ as d, words separated by single spaces."""
    return " ".join(_unmarked(word) for word in words(text))


@functools.lru_cache(maxsize=4096)  # the same few answers ("Có", "Nữ") on every row
def fold_label(text) -> str:
    """A heading or an answer typed in a file (any cell value) as a lookup key: lower case,
    no diacritics (đ → d), notes in parentheses dropped, only a-z and 0-9, words separated by
    one space: "Số thẻ (*)" → "so the"."""
    text = _unmarked(_PARENTHESES.sub(" ", str(text))).casefold()
    return " ".join(_NOT_ASCII_WORD.sub(" ", text).split())


def without_marks(text: str) -> str:
    """The text as typed, case and punctuation kept, without diacritics (đ → d): "Đơn hàng đã
    gửi" → "Don hang da gui". What Vietnamese SMS are written in: with one mark the whole
    message is sent as UCS-2, 70 characters a part instead of 160."""
    return unicodedata.normalize("NFC", _unmarked(text or ""))
