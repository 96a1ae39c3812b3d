"""Turning what a person typed into safe pieces for the search backends."""

import unicodedata

# Longer input is cut: nobody types more, and it bounds the work a single request can cause.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 16


def clean_query(raw: object) -> str:
    """The query as text the databases accept: NFKC-normalised, without NUL characters or lone
    surrogates (neither can be sent to PostgreSQL), trimmed and cut to MAX_QUERY_LENGTH."""
    text = raw if isinstance(raw, str) else ""
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFKC", text).replace("\x00", "")
    return text.strip()[:MAX_QUERY_LENGTH].strip()


def _is_token_char(char: str) -> bool:
    # The characters FTS5's unicode61 tokenizer keeps in tokens by default: letters, numbers and
    # private-use characters; everything else separates words.
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def words(text: str) -> list[str]:
    """The words of `text`, split the way the SQLite index splits them, at most MAX_TERMS."""
    found: list[str] = []
    current: list[str] = []
    for char in text:
        if _is_token_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return list(dict.fromkeys(found))[:MAX_TERMS]


# A one-letter prefix matches nearly everything; such words ("r&b") must match whole.
MIN_PREFIX_LENGTH = 2


def fts5_prefix_query(text: str) -> str:
    """An FTS5 MATCH expression requiring every word of `text`, as a word prefix when it has at
    least MIN_PREFIX_LENGTH characters.

    Each word is a quoted string, so operators (AND, OR, NOT, NEAR), column filters, `*`, `-`,
    `^` and parentheses in the input are searched for as text, never interpreted.
    """
    return " ".join(
        '"' + word.replace('"', '""') + ('"*' if len(word) >= MIN_PREFIX_LENGTH else '"')
        for word in words(text)
    )


# Substrings are looked for from this many characters on: a trigram index cannot narrow down a
# shorter one, so shorter queries match word prefixes only (see `musewave.search`).
MIN_SUBSTRING_LENGTH = 3


def fts5_substring_query(text: str) -> str:
    """An FTS5 MATCH expression for a `trigram` index: `text` anywhere, as one quoted phrase, so
    that nothing in it is read as query syntax."""
    return '"' + text.replace('"', '""') + '"'
