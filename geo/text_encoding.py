"""Which text encoding a table file is in: detected honestly, or refused with the encoding named.

UTF-8 (strict) first, then UTF-16 (BOM or NUL bytes), then Windows-1256 when the bytes read as
Arabic words, Windows-1252 when they read as Western European letters, else charset-normalizer's
best guess. Decoding is strict afterwards, so a wrong guess fails with a line number instead of
turning into other characters.
"""

from __future__ import annotations

import codecs
import unicodedata

from gazetteer.exc import InputError

__all__ = ["detect_encoding", "check_encoding"]


def _looks_arabic(text: str) -> bool:
    """True when non-ASCII characters are mostly Arabic letters that come in words, not stray ones."""
    non_ascii = [i for i, ch in enumerate(text) if ord(ch) > 0x7F]
    arabic = [i for i in non_ascii if "\u0600" <= text[i] <= "\u06ff"]
    if not arabic or len(arabic) < 0.6 * len(non_ascii):
        return False
    # Latin-1 text read as cp1256 gives isolated Arabic letters between Latin ones; real Arabic has runs.
    in_runs = sum(1 for i in arabic if (i > 0 and "\u0600" <= text[i - 1] <= "\u06ff")
                  or (i + 1 < len(text) and "\u0600" <= text[i + 1] <= "\u06ff"))
    return in_runs >= 0.7 * len(arabic)


def _looks_western(sample: bytes) -> bool:
    """True when the bytes are valid Windows-1252 and every non-ASCII character reads as a letter or sign.

    Statistical guessers take short Western European text ("El Niño") for other code pages; the
    Windows export that it nearly always is gets the first say.
    """
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    odd = [ch for ch in text if ord(ch) > 0x7F and unicodedata.category(ch)[0] not in "LS" and ch not in " "
           "–—‘’“”…«»·¿¡ºª"]
    return not odd


def detect_encoding(sample: bytes) -> str:
    """Guess the text encoding of a table from its first bytes.

    UTF-8 (strict) first, then UTF-16 (BOM or NUL bytes), then Windows-1256 when the text reads as
    Arabic words, else charset-normalizer's best guess.

    >>> detect_encoding("المكان".encode("cp1256"))
    'cp1256'
    >>> detect_encoding(b"\\xef\\xbb\\xbflocation")
    'utf-8-sig'
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample[:4096]:
        head = sample[:4096]
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if max(even, odd) > len(head) // 8:
            return "utf-16-be" if even > odd else "utf-16-le"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_arabic(sample.decode("cp1256", errors="replace")):
        return "cp1256"
    if _looks_western(sample):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise InputError("cannot tell the text encoding of the table; pass --encoding")
    return best.encoding


def check_encoding(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
