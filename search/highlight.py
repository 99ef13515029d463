"""Search results' titles and snippets with the words the reader looked for in <mark>."""

import html

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from cms.text import WORD

SNIPPET_WORDS = 30


def _pieces(text):
    """The text as alternating (is_word, piece) pieces, words and what lies between them."""
    position = 0
    for match in WORD.finditer(text):
        if match.start() > position:
            yield False, text[position : match.start()]
        yield True, match.group()
        position = match.end()
    if position < len(text):
        yield False, text[position:]


def _render(pieces, query, language):
    return "".join(
        f"<mark>{escape(piece)}</mark>" if is_word and query.matches(piece, language) else escape(piece)
        for is_word, piece in pieces
    )


def highlight(text, query, language):
    """The whole text, escaped, with matching words marked."""
    return mark_safe(_render(_pieces(str(text)), query, language))  # noqa: S308 - every piece is escaped


def matching_text(texts, query, language):
    """The first of the (rich) texts with a word the reader searched for, else the first; "" without any.

    A result may match in its body rather than its summary: the snippet then comes from the body, so
    the reader sees why it was found.
    """
    texts = [str(text) for text in texts if text]
    for text in texts:
        if any(query.matches(word, language) for word in WORD.findall(html.unescape(strip_tags(text)))):
            return text
    return texts[0] if texts else ""


def snippet(text, query, language, length=SNIPPET_WORDS):
    """About `length` words of a (rich) text around its first matching word, escaped, with matching words marked."""
    plain = " ".join(html.unescape(strip_tags(str(text))).split())
    pieces = list(_pieces(plain))
    word_positions = [index for index, (is_word, _piece) in enumerate(pieces) if is_word]
    if not word_positions:
        return mark_safe(escape(plain))  # noqa: S308 - escaped
    first_match = next(
        (n for n, index in enumerate(word_positions) if query.matches(pieces[index][1], language)),
        0,
    )
    start_word = max(0, min(first_match - length // 3, len(word_positions) - length))
    end_word = min(len(word_positions), start_word + length)
    start = word_positions[start_word] if start_word else 0
    end = word_positions[end_word - 1] + 1 if end_word < len(word_positions) else len(pieces)
    text_html = _render(pieces[start:end], query, language)
    prefix = "… " if start else ""
    suffix = " …" if end < len(pieces) else ""
    return mark_safe(f"{prefix}{text_html}{suffix}")  # noqa: S308 - _render escapes every piece


def summaries(item):
    """The texts a result may show under its title, its summary first, then its body's words (read with the row)."""
    for name in ("lead", "summary", "description"):
        value = getattr(item, name, "")
        if value:
            yield str(value)
    body = getattr(item, "body", None)
    if body:
        # The blocks' words, not their rendering, which would fetch image renditions.
        yield " ".join(body.stream_block.get_searchable_content(body))
