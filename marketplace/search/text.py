"""Vietnamese text folding shared by every search backend.

Two forms of the same text:

- `fold()` drops every mark: "Mật ong ĐƯỜNG phèn" → "mat ong duong phen". Buyers type this on
  phones without a Vietnamese keyboard; every backend matches on it.
- `exact()` keeps the letters' own marks (ê, ơ, ư, â, ă, đ) and writes the tone as a digit after
  each word: "con dê" → "con0 dê0", "con dế" → "con0 dê1". Old and new tone placement ("hoà",
  "hòa") give the same key, so it ranks an exactly typed word first without splitting hairs
  over where the tone sits.

Python's NFD leaves đ/Đ whole and orders "hoà"/"hòa" differently, hence the explicit steps.
"""

import re
import unicodedata

# Combining marks that carry the tone; circumflex (U+0302), breve (U+0306) and horn (U+031B)
# belong to the letter and stay in the exact form.
TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _words(text: str) -> list[str]:
    # Split on the composed text (\w does not match a lone combining mark), then decompose.
    text = unicodedata.normalize("NFC", text or "").lower().replace("_", " ")
    return [unicodedata.normalize("NFD", w) for w in _NON_WORD.split(text) if w]


def fold(text: str) -> str:
    """Lower case, no marks at all, đ as d, words separated by single spaces."""
    out = []
    for word in _words(text):
        letters = "".join(c for c in word if not unicodedata.combining(c))
        out.append(letters.replace("đ", "d"))
    return " ".join(out)


def exact(text: str) -> str:
    """Lower case, letter marks kept (NFC), each word's tone as a trailing digit (0: level)."""
    out = []
    for word in _words(text):
        tone = "0"
        letters = []
        for c in word:
            if c in TONES:
                tone = TONES[c]
            else:
                letters.append(c)
        out.append(unicodedata.normalize("NFC", "".join(letters)) + tone)
    return " ".join(out)


def padded(text: str) -> str:
    """A stored form with a space at each end, so ' word' matches only at a word's start."""
    return f" {text} " if text else ""
