"""Folding of unit names for search: "Xã Tả Phời" -> "xa ta phoi".

Written here with unicodedata alone because core/text.py (the project's single fold, being
extracted from marketplace/search/text.py in issue 23) was not on main yet, and places may not
import marketplace. Same result as that fold; point this at core.text once it lands.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, no marks at all, đ as d, words separated by single spaces."""
    text = unicodedata.normalize("NFC", text or "").lower().replace("_", " ")
    words = []
    for word in _NON_WORD.split(text):
        if word:
            letters = "".join(
                c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
            )
            words.append(letters.replace("đ", "d"))
    return " ".join(words)
