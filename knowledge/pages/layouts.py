"""The page layouts the hosts render, each a strategy that finds the item blocks in a page's lines.

Each layout says whether a page has its shape (`detect`) and splits the lines into raw
blocks, one per item (`split`). `split_blocks` tries them in turn; the first that fits wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

BULLET = re.compile(r"^( *)•(?:\s(.*))?$")
ORDERED = re.compile(r"^( {0,3})(\d{1,3})\.\s+(\S.*)$")
NUMBER = re.compile(r"^(\d{1,3})$")
PARAGRAPH = re.compile(r"^§\s*(\d{1,4})(?:\s+(\S.*))?$")

# Lines the platforms add around the content: navigation, downloads, attachments.
_NAVIGATION = (
    r"Hoppa över navigering|Hoppa till (?:huvud)?innehåll(?:et)?|Gå till (?:huvud)?innehåll(?:et)?|Bilagor|"
    r"(?:\d+\s?[kKmM]b\s+)?Ladda ner dokument|Till toppen|Meny|Sök|Till startsidan|Startsida|Logga in|"
    r"Skriv ut|Dela|Tillbaka|Lyssna"
)
# What a platform shows where a meeting has no content.
_NOTICES = (
    r"Det finns ingen information att visa|Inget protokoll har publicerats|Ingen kallelse har publicerats|"
    r"(?:Det finns )?inga (?:sammanträden|möten|ärenden|handlingar|dokument|protokoll)(?: att visa)?(?: här)?|"
    r"(?:Det finns )?ingen information(?: att visa)?|Inga sökträffar|Sidan kunde inte hittas"
)
# What is left of a cookie banner when only its buttons survive the rendering.
_COOKIE_BUTTONS = (
    r"(?:Acceptera|Godkänn|Tillåt|Neka|Avvisa)(?: alla)?(?: cookies| kakor)?|Cookieinställningar|"
    r"(?:Inställningar|Hantera inställningar) för (?:cookies|kakor)|Läs mer om (?:cookies|kakor)|"
    r"Endast nödvändiga(?: cookies| kakor)?"
)
BOILERPLATE = re.compile(rf"^(?:{_NAVIGATION}|{_NOTICES}|{_COOKIE_BUTTONS})\.?$", re.I)
# An attachments heading or download link: in the prose layout, it ends an item.
_SEPARATOR = re.compile(r"^(?:Bilagor|(?:\d+\s?[kKmM]b\s+)?Ladda ner dokument)$")


@dataclass
class Block:
    """The lines of one item as the layout found them, then its head once read."""

    lines: list[str]
    marker: int | None = None
    number: int | None = None
    paragraph: int | None = None
    title: str | None = None
    body: str = ""


def tidy(lines: Sequence[str]) -> list[str]:
    """Drop boilerplate lines and runs of blank lines."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if BOILERPLATE.match(line):
            continue
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


class Layout(Protocol):
    """One way a host lays out the items of a meeting page."""

    name: str

    def detect(self, lines: Sequence[str]) -> bool:
        """Return True when the page has this layout."""
        ...

    def split(self, lines: Sequence[str]) -> list[Block]:
        """Split the page's lines into one raw block per item."""
        ...


def _lone_dashes(lines: Sequence[str]) -> int:
    return sum(1 for line in lines if line.strip() == "-")


def _blocks_at(lines: Sequence[str], starts: dict[int, Block]) -> list[Block]:
    """Cut lines into the blocks that start at the given indexes; lines before the first are dropped."""
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if i in starts:
            blocks.append(starts[i])
        elif blocks:
            blocks[-1].lines.append(line.strip())
    return blocks


class BulletLayout:
    """Items as top-level bullets (` • `), sub-items as deeper ones."""

    name = "bullets"

    @staticmethod
    def _top(lines: Sequence[str]) -> tuple[int, int]:
        """Return the top indentation and how many bullets stand at it or above."""
        counts = Counter(len(m.group(1)) for m in map(BULLET.match, lines) if m)
        # The top level is the shallowest indentation used at least twice; a page excerpt
        # can start with a lone bullet at another indentation.
        top = min((indent for indent, n in counts.items() if n >= 2), default=min(counts, default=0))
        return top, sum(n for indent, n in counts.items() if indent <= top)

    def detect(self, lines: Sequence[str]) -> bool:
        _, top_bullets = self._top(lines)
        return bool(top_bullets) and top_bullets >= _lone_dashes(lines)

    def split(self, lines: Sequence[str]) -> list[Block]:
        top, _ = self._top(lines)
        starts = {}
        for i, line in enumerate(lines):
            m = BULLET.match(line)
            if m and len(m.group(1)) <= top:
                starts[i] = Block(lines=[(m.group(2) or "").strip()])
        return _split_nested_bodies(_blocks_at(lines, starts))


def _split_nested_bodies(blocks: list[Block]) -> list[Block]:
    """Split a titled bullet whose body is a nested list: the list is the next item's body.

    In the bullet layout a numbered item shows only its title; a body under it is an
    unnumbered item that the rendering nested one level too deep.
    """
    out: list[Block] = []
    for block in blocks:
        lines = tidy(block.lines)
        head_is_number = bool(lines) and bool(NUMBER.match(lines[0]) or PARAGRAPH.match(lines[0]))
        rest = [line for line in lines[1:] if line]
        if head_is_number and len(rest) >= 2 and rest[1].startswith("•"):
            title_at = lines.index(rest[0])
            out.append(Block(lines=lines[: title_at + 1]))
            out.append(Block(lines=lines[title_at + 1 :]))
        else:
            out.append(block)
    return out


class DashLayout:
    """Items separated by lone `-` lines (or a ` -` glued to the end of a line)."""

    name = "dashes"

    def detect(self, lines: Sequence[str]) -> bool:
        return _lone_dashes(lines) >= 2

    def split(self, lines: Sequence[str]) -> list[Block]:
        blocks: list[Block] = []
        current: Block | None = None
        for line in lines:
            glued = line.rstrip().endswith(" -") and line.strip() != "-"
            text = line.rstrip()[:-2].rstrip() if glued else line
            if line.strip() == "-":
                current = Block(lines=[])
                blocks.append(current)
                continue
            if current is not None:
                current.lines.append(text.strip())
            if glued:
                current = Block(lines=[])
                blocks.append(current)
        return blocks


class OrderedLayout:
    """Items as an ordered list (`  1.   Title`) numbered without gaps."""

    name = "ordered"

    @staticmethod
    def _starts(lines: Sequence[str]) -> dict[int, re.Match[str]]:
        ordered = [(i, m) for i, m in ((i, ORDERED.match(line)) for i, line in enumerate(lines)) if m]
        if not ordered:
            return {}
        indent = min(len(m.group(1)) for _, m in ordered)
        starts = {i: m for i, m in ordered if len(m.group(1)) == indent}
        numbers = [int(m.group(2)) for m in starts.values()]
        if len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return starts
        return {}

    def detect(self, lines: Sequence[str]) -> bool:
        return bool(self._starts(lines))

    def split(self, lines: Sequence[str]) -> list[Block]:
        starts = {i: Block(lines=[m.group(3).strip()], marker=int(m.group(2))) for i, m in self._starts(lines).items()}
        return _blocks_at(lines, starts)


class ProseLayout:
    """Items as plain paragraphs with no marks, each item's text followed by its attachments.

    An attachments heading or download line ends an item. Between two of them, a short
    paragraph (a date for the approval of the minutes, say) stands as an item of its own;
    paragraphs after a long one continue it, so an item is not split per paragraph.
    """

    name = "prose"
    SHORT = 200  # characters: a paragraph shorter than this does not go on into the next

    def detect(self, lines: Sequence[str]) -> bool:
        paragraphs = [line.strip() for line in lines if line.strip() and not BOILERPLATE.match(line.strip())]
        separators = sum(1 for line in lines if _SEPARATOR.match(line.strip()))
        return separators >= 1 and len(paragraphs) >= 2 and any(len(p) >= self.SHORT for p in paragraphs)

    def split(self, lines: Sequence[str]) -> list[Block]:
        blocks: list[Block] = []
        current: Block | None = None
        for line in (raw.strip() for raw in lines):
            if _SEPARATOR.match(line):
                current = None
                continue
            if not line or BOILERPLATE.match(line):
                continue
            if current is None or len(current.lines[-1]) < self.SHORT:
                current = Block(lines=[line])
                blocks.append(current)
            else:
                current.lines.append(line)
        return blocks


class ParagraphLayout:
    """No recognisable layout: paragraphs separated by blank lines, or else one a line."""

    name = "paragraphs"

    def detect(self, lines: Sequence[str]) -> bool:
        return True

    def split(self, lines: Sequence[str]) -> list[Block]:
        text = "\n".join(line.strip() for line in lines)
        separator = r"\n\s*\n+" if re.search(r"\n\s*\n", text) else r"\n"
        return [Block(lines=chunk.split("\n")) for chunk in re.split(separator, text) if chunk.strip()]


LAYOUTS: tuple[Layout, ...] = (BulletLayout(), DashLayout(), OrderedLayout(), ProseLayout(), ParagraphLayout())


def choose_layout(lines: Sequence[str], layouts: Sequence[Layout] = LAYOUTS) -> Layout:
    """Return the first layout that fits the page (the last, blank-line paragraphs, always does)."""
    return next((layout for layout in layouts if layout.detect(lines)), layouts[-1])


def split_blocks(lines: Sequence[str], layouts: Sequence[Layout] = LAYOUTS) -> list[Block]:
    """Split a page's lines into raw item blocks with the first layout that fits."""
    return choose_layout(lines, layouts).split(lines)
