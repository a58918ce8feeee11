"""Text as a search compares it: one ``normalise`` for every search box of the platform.

"Thérèse", "THERESE" and "therese" are the same to a search, and so are "O’Reilly" and
"O'Reilly", or "Nursery – Infant" and "Nursery - Infant". Stored search columns
(``core.search.NormalisedTextField``) hold ``normalise(value)`` and the query is normalised the
same way; for a column with no stored copy, ``core.search.Normalised`` does it in SQL.
"""

import unicodedata

# Typographic apostrophes, quotes and dashes, folded to their plain ASCII kind. Mapped before
# NFKD, which would otherwise split some of them (the acute accent ´ becomes space + U+0301).
APOSTROPHES = "’‘‛´`′ʼ"  # noqa: RUF001
QUOTES = "“”„‟″«»"  # noqa: RUF001
DASHES = "‐‑‒–—―−﹘﹣－"  # noqa: RUF001
_FOLD = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(QUOTES, '"'),
        **dict.fromkeys(DASHES, "-"),
    }
)


def normalise(text) -> str:
    """Lower case (casefold), no accents or other combining marks, plain ' " and -, and single
    spaces. Idempotent: normalise(normalise(x)) == normalise(x)."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # most names: the quick path gives the same answer
        return " ".join(text.lower().replace("`", "'").split())
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD).casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(bare.translate(_FOLD).split())
