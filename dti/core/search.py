"""Diacritic-insensitive matching and sorting of Vietnamese names: the public portal, the
appraiser queue.

People type "ha dong" or "DONG ANH" for "Hà Đông" and "Đông Anh", so both the query and the
names are brought to one plain form: Unicode NFD, combining marks dropped, "đ"/"Đ" turned into
"d" (it is a letter of its own, not a "d" with a mark, so NFD leaves it alone), case folded and
spaces collapsed. Sorting by that same form puts "Đông Anh" among the "D"s, which is what a
reader of an alphabetical list expects.
"""

from __future__ import annotations

import re
import unicodedata

# "đ" has no decomposition in Unicode; it must be replaced by hand.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D"})


def normalise(text: str) -> str:
    """``text`` without diacritics, case folded, single-spaced: "Phường Hà Đông" → "phuong ha
    dong"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def words_of(text: str) -> list[str]:
    """The words of ``text`` in plain form; hyphens and punctuation separate words, so that the
    code "P-HOANKIEM" has the word "hoankiem"."""
    return re.findall(r"\w+", normalise(text))


def matches(words: list[str], *texts: str) -> bool:
    """Whether every query word starts a word of one of ``texts``, in any order.

    Words must match at a word start so that "an" finds "Đông Anh" but not "Thanh Xuân".
    An empty query matches everything.
    """
    text_words = [word for text in texts for word in words_of(text)]
    return all(any(word.startswith(wanted) for word in text_words) for wanted in words)


def sort_key(name: str) -> tuple[str, str]:
    """Alphabetical order of Vietnamese names ignoring diacritics; names that differ only by
    their marks keep a stable order through the original text."""
    return normalise(name), name
