"""Text normalization and matching keys for Arabic and Latin-script place names.

Three levels, from strict to loose:

- ``normalize(s)``: script-aware cleanup (Unicode, diacritics, letter variants, case, punctuation).
- ``variant_key(s)``: a spelling-insensitive key within one script (articles, generic words,
  vowel classes, doubled letters, consonant classes, words joined).
- ``skeletons(s)``: consonant skeletons shared by both scripts, so "كفرنبل", "Kafr Nabl" and
  "Kfar Nobol" all give ``kfrnbl``; used for blocking and cross-script matching.

Examples
--------
>>> normalize("Ma'arrat an-Nu'man")
'maarrat an numan'
>>> normalize("كَفْرنبُل")
'كفرنبل'
>>> variant_key("Khan Shaykhun") == variant_key("Khan Sheikhoun")
True
>>> sorted(skeletons("كفر نبل") & skeletons("Kafranbel"))
['kfrnbl']
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache
from importlib import resources

__all__ = [
    "arabic_articles",
    "script_of",
    "normalize",
    "normalize_arabic",
    "normalize_latin",
    "strip_arabic_article",
    "arabic_proclitics",
    "variant_key",
    "skeletons",
    "GENERIC_WORDS",
]

_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_RE = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")

# Invisible direction marks that copy-paste from Arabic web pages leaves inside names.
_BIDI = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff")
)
_TASHKEEL_RE = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")  # harakat, dagger alef, tatweel
_ARABIC_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي", "ي": "ي",
    "ؤ": "و", "ئ": "ي", "ۀ": "ه", "ە": "ه", "ڪ": "ك",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9",
    "،": " ", "؛": " ", "؟": " ", "٫": " ", "٬": " ",
})
# Ayn/hamza marks and apostrophes vanish (Ma'arrat = Maarrat); other punctuation separates words.
_MARKS = dict.fromkeys(map(ord, "ʿʾʼʻ’‘`'´ʹ′"), None)
_PUNCT_RE = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=200_000)  # asked of the same text by every key function
def script_of(text: str) -> str:
    """'ar' when the text holds Arabic letters (and more of them than Latin ones), 'latn' for Latin, ''."""
    if text.isascii():  # no Arabic letter; str.isalpha is _LATIN_RE on ASCII
        return "latn" if any(ch.isalpha() for ch in text) else ""
    ar = len(_ARABIC_RE.findall(text))
    la = len(_LATIN_RE.findall(text))
    if ar == 0 and la == 0:
        return ""
    return "ar" if ar >= la else "latn"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_BIDI).translate(_MARKS)


def _fold_arabic(text: str) -> str:
    return _TASHKEEL_RE.sub("", text).translate(_ARABIC_LETTERS)


# What _fold_latin leaves as it is among the characters of Arabic names (letters, digits, space; no
# decomposition, no case, no combining class): an Arabic name made of these skips the decomposition.
_FOLD_STABLE = frozenset(ch for ch in map(chr, [*range(0x600, 0x700), *range(0x30, 0x3A), 0x20])
                         if unicodedata.normalize("NFKD", ch.casefold()) == ch and not unicodedata.combining(ch))


def _fold_latin(text: str) -> str:
    if text.isascii():  # most Latin names: nothing to decompose, casefold is lower
        return text.lower()
    if _FOLD_STABLE.issuperset(text):
        return text
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("ı", "i").replace("ß", "ss").replace("ø", "o").replace("đ", "d")


def _words(text: str) -> str:
    return " ".join(_PUNCT_RE.sub(" ", text).split())  # str.split's whitespace is the regex \s


def normalize_arabic(text: str) -> str:
    """NFKC; unify alef/ya/ta-marbuta/hamza seats and Persian letters; drop tashkeel, tatweel, bidi marks."""
    return _words(_fold_arabic(_clean(text)))


def normalize_latin(text: str) -> str:
    """NFKC; casefold; drop diacritics, ayn/hamza marks and apostrophes; punctuation to spaces."""
    return _words(_fold_latin(_clean(text)))


@lru_cache(maxsize=200_000)
def normalize(text: str) -> str:
    """Script-aware normalization; mixed text gets both treatments (Arabic rules leave Latin alone)."""
    if not text:
        return ""
    if text.isascii():  # most Latin names: NFKC, bidi marks and the Arabic folds leave ASCII as it is
        return _words(text.translate(_MARKS).lower())
    return _words(_fold_latin(_fold_arabic(_clean(text))))


# --- keys -----------------------------------------------------------------------------------------

def _lexicon_words(key: str) -> frozenset[str]:
    from gazetteer.lexicon import lexicon  # the shared word lists (gazetteer/data/lexicon.yaml)

    return frozenset(lexicon()[key])


_LATIN_ARTICLES = _lexicon_words("english_articles")


def _load_generic_words() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("gazetteer").joinpath("data/generic_words.csv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            canonical, variants = line.split(",", 1)
            for variant in variants.split("|"):
                table[normalize(variant)] = canonical
    return table


GENERIC_WORDS: dict[str, str] = _load_generic_words()


@lru_cache(maxsize=1)
def arabic_articles() -> tuple[str, ...]:
    """The Arabic article with the clitics glued before it (وال, بال, …, ال), from the lexicon."""
    from gazetteer.lexicon import lexicon

    return tuple(lexicon()["arabic_articles"])  # longest first, as the lexicon lists them


@lru_cache(maxsize=1)
def arabic_proclitics() -> tuple[str, ...]:
    """The one-letter clitics of the lexicon's ``arabic_clitics`` (و ف ب ل ك): glued to a word's front."""
    from gazetteer.lexicon import lexicon

    return tuple(c for c in lexicon()["arabic_clitics"] if len(c) == 1)


def strip_arabic_article(word: str) -> str:
    """Drop a leading ال (and a clitic و/ب/ف/ل before it) when a stem of 2+ letters remains."""
    for prefix in arabic_articles():
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


@lru_cache(maxsize=200_000)  # both the variant key and the skeleton of a name start from its words
def _latin_words(norm: str) -> tuple[str, ...]:
    words = norm.split()
    # "al" before another word is an article; a name that is only "al x" keeps x.
    kept = [w for i, w in enumerate(words) if not (w in _LATIN_ARTICLES and i + 1 < len(words))]
    return tuple(GENERIC_WORDS.get(w, w) for w in kept) or tuple(words)


# Ordered digraph rewrites into single class letters before vowel and consonant folding.
_LATIN_DIGRAPHS = (
    ("sch", "S"), ("tch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "h"), ("gh", "G"), ("dj", "j"),
    ("dh", "d"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
    # Diphthongs fold into the long vowels they are often written for: Sheikh/Shaykh, Zeita/Zita, Eis/Iss.
    ("ie", "i"), ("ay", "i"), ("ai", "i"), ("ei", "i"), ("ey", "i"), ("aw", "u"), ("au", "u"), ("ow", "u"),
)
_LATIN_LETTERS = str.maketrans({
    "q": "k", "c": "k", "g": "G", "p": "b", "v": "f", "x": "k", "e": "a", "o": "u", "y": "i", "z": "z",
})
_VOWELS = frozenset("aiu")
_REPEAT_RE = re.compile(r"(.)\1+")  # a letter written twice or more is one letter in a key
_FIRST_LETTER = operator.methodcaller("group", 1)  # its replacement: in C, where the template r"\1" is Python


@lru_cache(maxsize=200_000)  # names share their words (kafr, tall, al, jabal): each is folded once
def _fold_latin_word(word: str, last: bool) -> str:
    for src, dst in _LATIN_DIGRAPHS:
        word = word.replace(src, dst)
    word = word.translate(_LATIN_LETTERS)
    word = _REPEAT_RE.sub(_FIRST_LETTER, word)
    # Ta marbuta: -ah/-eh/-a end a word; a non-final -at/-et is the same letter in construct state.
    if len(word) > 2 and word.endswith("h") and word[-2] in "ai":
        word = word[:-1]
    if not last and len(word) > 3 and word.endswith("at"):
        word = word[:-1]
    return word


_ARABIC_TO_CLASS = str.maketrans({
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ج": "j", "چ": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "G",
    "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "گ": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "",
    "ا": "", "ء": "",
})


@lru_cache(maxsize=200_000)
def variant_key(text: str) -> str:
    """Spelling-insensitive key within one script: words joined, articles and letter variants folded."""
    norm = normalize(text)
    if script_of(norm) == "ar":
        words = [strip_arabic_article(w) for w in norm.split()]
        return "".join(GENERIC_WORDS.get(w, w) for w in words)
    words = _latin_words(norm)
    return "".join(_fold_latin_word(w, i == len(words) - 1) for i, w in enumerate(words))


@lru_cache(maxsize=200_000)  # per word: tables repeat words (قرية, ريف, governorate names)
def _arabic_skeleton_word(w: str) -> str:
    w = strip_arabic_article(w)
    if w.endswith("ه") and len(w) > 2:
        w = w[:-1]  # ta marbuta (normalized to ه) is not written in Latin at the word end
    # A word-initial waw or ya is a consonant (Wadi, Yabrud); elsewhere usually a long vowel.
    head = {"و": "w", "ي": "y"}.get(w[:1], "")
    return head + (w[1:] if head else w).translate(_ARABIC_TO_CLASS)


def _arabic_skeleton(norm: str) -> str:
    return "".join(_arabic_skeleton_word(w) for w in norm.split())


@lru_cache(maxsize=200_000)  # per word, as _fold_latin_word
def _latin_skeleton_word(w: str, last: bool) -> str:
    folded = _fold_latin_word(w, last)
    head = folded[0] if folded[:1] in ("w", "i") and w[:1] in ("w", "y") else ""
    rest = folded[1:] if head else folded
    return head.replace("i", "y") + "".join(ch for ch in rest if ch not in _VOWELS and ch != "w" and not ch.isdigit())


def _latin_skeleton(norm: str) -> str:
    words = _latin_words(norm)
    return "".join(_latin_skeleton_word(w, i == len(words) - 1) for i, w in enumerate(words))


@lru_cache(maxsize=200_000)
def skeletons(text: str) -> frozenset[str]:
    """Consonant skeletons (script-neutral); several when a letter is ambiguous across scripts."""
    norm = normalize(text)
    if not norm:
        return frozenset()
    if script_of(norm) == "ar":
        skel = _arabic_skeleton(norm)
    else:
        skel = _latin_skeleton(norm)
    skel = _REPEAT_RE.sub(_FIRST_LETTER, skel)
    out = {skel}
    # An article glued to the name ("Alrashidin", "Elbab") may or may not belong to it.
    first = norm.split()[0]
    if first[:2] in ("al", "el") and len(first) >= 7 and script_of(first) == "latn":
        out.add(_REPEAT_RE.sub(_FIRST_LETTER, _latin_skeleton(norm[2:])))
    # Latin "g" is ghayn in most Levantine spellings but qaf or jim in others.
    if "G" in skel:
        out.add(skel.replace("G", "k"))
        out.add(skel.replace("G", "j"))
    return frozenset(s for s in out if s)
