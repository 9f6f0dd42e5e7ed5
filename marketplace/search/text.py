"""The exact form of Vietnamese text, for every search backend (the folded form, with every
mark dropped, is `core.text.fold`).

- `exact()` keeps the letters' own marks (ê, ơ, ư, â, ă, đ) and writes the tone as a digit after
  each word: "con dê" → "con0 dê0", "con dế" → "con0 dê1". Old and new tone placement ("hoà",
  "hòa") give the same key, so it ranks an exactly typed word first without splitting hairs
  over where the tone sits.

Python's NFD orders "hoà"/"hòa" differently, hence the explicit steps.
"""

import unicodedata

from core.text import words

# Combining marks that carry the tone; circumflex (U+0302), breve (U+0306) and horn (U+031B)
# belong to the letter and stay in the exact form.
TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


def exact(text: str) -> str:
    """Lower case, letter marks kept (NFC), each word's tone as a trailing digit (0: level)."""
    out = []
    for word in words(text):
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
