"""Fit Telegram HTML into messages of at most 4,096 characters as Telegram counts them.

Telegram measures a message after parsing its entities: the tags do not count, `&amp;`
counts as one character, and characters are counted in UTF-16 code units (an emoji is
two). Messages are split between paragraphs (items), else between lines, else between
words, and never inside a tag: a tag open at a cut is closed and opened again.
"""

from __future__ import annotations

import html
import re

TELEGRAM_LIMIT = 4096
_TOKEN = re.compile(r"(<[^<>]+>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")


def utf16_length(text: str) -> int:
    """Return the length of a text in UTF-16 code units, as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """Return the text Telegram shows for a piece of HTML: tags dropped, entities resolved."""
    return html.unescape(_TOKEN.sub("", markup))


def visible_length(markup: str) -> int:
    """Return how long Telegram counts a piece of HTML."""
    return utf16_length(visible_text(markup))


def fit_html(markup: str, *, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split HTML into messages that each fit `limit`, preferring paragraph, then line, then word breaks."""
    units: list[str] = []
    for paragraph in markup.split("\n\n"):
        if visible_length(paragraph) <= limit:
            units.append(paragraph)
        else:
            units.extend(_split_paragraph(paragraph, limit))
    parts: list[str] = []
    current, length = "", 0
    for unit in units:
        size = visible_length(unit)
        if current and length + 2 + size <= limit:
            current, length = f"{current}\n\n{unit}", length + 2 + size
        else:
            if current:
                parts.append(current)
            current, length = unit, size
    if current or not parts:
        parts.append(current)
    return parts


def _split_paragraph(paragraph: str, limit: int) -> list[str]:
    """Split one over-long paragraph at line breaks, else spaces, closing and reopening open tags."""
    pieces: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, the opening tag as written)
    current: list[str] = []
    length = 0

    def close() -> None:
        nonlocal current, length
        text = "".join(current) + "".join(f"</{name}>" for name, _ in reversed(open_tags))
        if visible_text(text).strip():
            pieces.append(text.strip("\n "))
        current = [tag for _, tag in open_tags]
        length = 0

    for token in _TOKEN.split(paragraph):
        if not token:
            continue
        if token.startswith("<"):
            match = _TAG_NAME.match(token)
            name = match.group(1).lower() if match else ""
            if token.startswith("</"):
                if open_tags and open_tags[-1][0] == name:
                    open_tags.pop()
            elif not token.endswith("/>"):
                open_tags.append((name, token))
            current.append(token)
            continue
        plain = html.unescape(token)
        for chunk in re.split(r"(\n|[ \t]+)", plain):
            if not chunk:
                continue
            size = utf16_length(chunk)
            if length + size > limit:
                close()
                if chunk.isspace():
                    continue
            while size > limit:  # one word longer than a message: cut it by characters
                head = _cut_units(chunk, limit - length)
                current.append(html.escape(head, quote=False))
                close()
                chunk = chunk[len(head):]
                size = utf16_length(chunk)
            current.append(html.escape(chunk, quote=False))
            length += size
    close()
    return pieces


def _cut_units(text: str, units: int) -> str:
    """Return the longest start of a text that fits in `units` UTF-16 code units (at least one character)."""
    out, used = [], 0
    for ch in text:
        width = utf16_length(ch)
        if used + width > units:
            break
        out.append(ch)
        used += width
    return "".join(out) or text[:1]
