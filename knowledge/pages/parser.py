"""Turn the text rendering of a meeting page into agenda items, in a few small steps.

Lines → meeting header → blocks (by the first page layout that fits, see `layouts`) →
number, title and body of each block → the minutes merged into the agenda they repeat →
agenda items with kind, case numbers, facts and sub-entries. An item either shows its
number (or `§ N`) and title, or only its body. The result is plain data (`ParsedMeeting`).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from knowledge.language.text import cut_at_word
from knowledge.models import AgendaItem, ItemKind, ParsedMeeting, SubEntry, full_text
from knowledge.pages.casenumbers import find_case_numbers
from knowledge.pages.facts import MONTHS, extract_facts
from knowledge.pages.layouts import BOILERPLATE, NUMBER, PARAGRAPH, Block, split_blocks, tidy

TITLE_LIMIT = 90

_COOKIE = re.compile(
    r"\s*(?:Vi använder|(?:Denna|Den här) webbplats(?:en)? använder|Webbplatsen använder) (?:cookies|kakor).*$"
)
_MEETING_HEADER = re.compile(r"^Möte\s+((?:19|20)\d{2}-\d{2}-\d{2})$")
_ENTRY_NUMBERED = re.compile(r"^\d{1,3}\.\s+\S")
_ENTRY_DASH = re.compile(r"^[-–]\s*\S")
_ENTRY_BULLET = re.compile(r"^•\s*\S")

_ROUTINE = re.compile(
    r"justering|justerare|dagordning|föredragningslist|ärendelista|upprop|sammanträdet öppnas|"
    r"sammanträdets öppnande|kungörelse|tidsprogram|vidtagna åtgärder|närvarorätt|"
    r"tillkännagivande om sammanträdet|öppnar sammanträdet|mötets öppnande|föregående (?:mötes)?protokoll|presentationsrunda|"
    # an item that reports nothing: "Inga nya motioner eller medborgarförslag har inkommit."
    r"^inga (?:nya )?\w+(?: \w+){0,4} har (?:inkommit|kommit in)",
    re.I,
)
# Practical notes for the members (how to take part, whom to tell when absent): routine, unless they carry
# the day's program, whose lines name the matters taken up ("10.45 Översyn av stimulansmedel …")
_LOGISTICS = re.compile(
    r"sammanträdet (?:sker|hålls) (?:på distans|digitalt|via video)|länk till inlogg|"
    r"meddela (?:\w+ ){0,2}frånvaro|anmäl(?:an)? (?:om |av )?förhinder|kallar? in (?:din )?ersättare|"
    r"schema och program|program/tidsplan|"
    # whether the public may attend and how it may follow the meeting
    r"sammanträden? (?:ska )?hållas inom stängda dörrar|hålls sammanträdet inom stängda dörrar|"
    r"uppmanas allmänheten|följa (?:\w+ ){0,2}sammanträde(?:t)? via webb|deltar (?:\w+ )?på distans",
    re.I,
)
_PROGRAM_LINE = re.compile(r"^\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}\b", re.M)
_REPORT = re.compile(
    r"^(?:anmälan|anmälnings|anmälningar|delegations|delegerings|redovisning av delegering|meddelande|"
    r"delgivning|inkomna motioner)|delegationsbeslut|anmälningsärenden|meddelandeärenden|för kännedom",
    re.I,
)
# Decisions taken under delegation, reported: "anmäls följande beslut fattade … med stöd av delegation",
# a list line "RD:s beslut på delegation – …"; not a decision on the delegation order itself
_DELEGATED = re.compile(r"\b(?:anmäls|anmälan|redovisas|redovisning)\b[^.]{0,120}\bdelegation\b|"
                        r"^\W*[\w:]+ beslut (?:på|med stöd av) delegation\b", re.I | re.M)
_INFORMATION = re.compile(r"\binformation(?:er|en|erna)?\b|^info\b|\binformerar\b|\bföredrar\b|muntlig föredragning|"
                          r"går igenom|^\w*(?:utbildning|seminarium|seminarier)\b|^presentation(?:er)?\b", re.I)


_PRE_MARK = "\x01"


class PageError(ValueError):
    """A page that cannot be read as a meeting page."""


class _HtmlToText(HTMLParser):
    """Render enough of an HTML meeting page as text for the bullet layout."""

    _BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "tr", "section", "article", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._pre += 1
            self.parts.append("\n")
        elif tag in {"script", "style", "nav", "header", "footer", "head"}:
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n • ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
            self.parts.append("\n")
        elif tag in {"script", "style", "nav", "header", "footer", "head"}:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:  # preformatted text keeps its lines and indentation: mark each line as such
            data = "\n".join(_PRE_MARK + line for line in data.split("\n"))
        self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """Return True when the text is an HTML document rather than a text rendering."""
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or len(re.findall(r"</?(?:div|li|p|ul|span)\b", head)) > 5


def html_to_text(text: str) -> str:
    """Convert an HTML page to the text layout the parser reads."""
    converter = _HtmlToText()
    converter.feed(text)
    out = []
    for raw in "".join(converter.parts).split("\n"):
        if _PRE_MARK in raw:
            out.append(raw.replace(_PRE_MARK, "").rstrip())
            continue
        line = " ".join(raw.split())
        if line.startswith("• "):
            out.append(" " + line)
        elif line:
            out.append("  " + line)
        else:
            out.append("")
    # Markup around the content (skipped navigation, headings, footers) leaves blank lines that are not the page's own.
    return "\n".join(out).strip("\n")


def _clean_line(line: str) -> str:
    line = _COOKIE.sub("", line.replace("\u00a0", " ").rstrip())
    return line


def _read_head(block: Block) -> None:
    """Fill number, paragraph, title and body of a block from its lines."""
    lines = tidy(block.lines)
    block.number = block.marker
    if not lines:
        return
    head = lines[0]
    rest = lines[1:]
    number = NUMBER.match(head)
    paragraph = PARAGRAPH.match(head)
    if number or paragraph:
        if number:
            block.number = int(number.group(1))
        else:
            assert paragraph is not None
            block.paragraph = int(paragraph.group(1))
            if paragraph.group(2):
                rest = [paragraph.group(2), *rest]
        while rest and not rest[0]:
            rest.pop(0)
        if rest:
            block.title = rest[0]
            rest = rest[1:]
        block.body = "\n".join(rest).strip()
    else:
        block.body = "\n".join(lines).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
# Abbreviations whose dot ends no sentence: "m.fl.", "bl.a.", "t.ex." (a dot inside), and short words
_ABBREVIATED = re.compile(r"(?:\w+\.)+\w+\.|(?:kl|ca|nr|ordf|kap|resp|inkl|exkl|jfr|enl|ang|tel|tfn|st|avd|sekr)\.",
                          re.I)
# A clause ending in a month (and year) or "§", or followed by "§" or a number, is cut in a date, a range or
# a reference: "beslutade den 4 april 2023, § 60, att", "för perioden januari – augusti", "6 kap 1§, samt"
_OPEN_CLAUSE = re.compile(r"(?:§\s*\d*|\b(?:" + "|".join(MONTHS) + r")(?:\s+\d{4})?)$", re.I)
_OPEN_REST = re.compile(r"[§\d]")


def _first_sentence(text: str) -> str:
    for m in _SENTENCE_END.finditer(text):
        before = text[: m.start()].split()
        if not (before and _ABBREVIATED.fullmatch(before[-1])):
            return text[: m.start()]
    return text


def _first_clause(sentence: str) -> str | None:
    """The sentence's first clause when it is of a title's length and says something whole on its own."""
    for m in re.finditer(r",\s|\s–\s|;\s", sentence):
        clause = sentence[: m.start()]
        if len(clause) > TITLE_LIMIT:
            return None
        if len(clause) >= 45 and not _OPEN_CLAUSE.search(clause) and not _OPEN_REST.match(sentence, m.end()):
            return clause
    return None


def heading_line(body: str) -> str | None:
    """Return the body's first line when it is a heading: short, no sentence, and text follows it."""
    nonblank = [line.strip() for line in body.split("\n") if line.strip()]
    if len(nonblank) >= 2 and len(nonblank[0]) <= 70 and not re.search(r"[.!?:,;]$", nonblank[0]):
        following = nonblank[1]
        if following[0].isupper() or _ENTRY_NUMBERED.match(following) or _ENTRY_DASH.match(following):
            return re.sub(r"^(?:\d{1,3}\.\s|[-–•]\s*)", "", nonblank[0])
    return None


# A paragraph that only says who presents the item ("A, B och C föredrar punkten."): no title
_PRESENTERS = re.compile(r"(?:föredrar|informerar|presenterar|redogör)(?:\s+(?:punkten|ärendet))?\s*\.?$", re.I)


def derive_title(body: str) -> str:
    """Make a short title from a body: its heading line, first sentence or clause, cut at a word."""
    heading = heading_line(body)
    if heading is not None:
        return heading
    first, _, rest = body.strip().partition("\n\n")
    if rest.strip() and _PRESENTERS.search(first.strip()) and _first_sentence(first.strip()) == first.strip():
        return derive_title(rest)
    lines = [line.strip() for line in body.split("\n")]
    lead: list[str] = []
    for line in lines:
        if not line:
            if lead and re.search(r"[.!?:]$", lead[-1]):
                break
            continue
        if lead and (_ENTRY_NUMBERED.match(line) or _ENTRY_DASH.match(line) or _ENTRY_BULLET.match(line)):
            break
        lead.append(line)
        if line.endswith(":"):
            break
    text = " ".join(lead) or body.strip()
    text = re.sub(r"^(?:\d{1,3}\.\s|[-–•]\s*)", "", text)
    sentence = _first_sentence(text).rstrip(":. ")
    if len(sentence) > TITLE_LIMIT:
        clause = _first_clause(sentence)
        if clause:
            return clause
    return cut_at_word(sentence, TITLE_LIMIT)


def _value(block: Block) -> int | None:
    return block.paragraph if block.paragraph is not None else block.number


def _sections(blocks: list[Block]) -> list[list[Block]]:
    """Split blocks into runs: the agenda, then the minutes repeating it, and so on."""
    sections: list[list[Block]] = [[]]
    last_number: int | None = None
    last_paragraph: int | None = None
    for block in blocks:
        section = sections[-1]
        restart = False
        if block.paragraph is not None:
            has_plain = any(b.number is not None and b.paragraph is None for b in section)
            restart = has_plain or (last_paragraph is not None and block.paragraph <= last_paragraph)
        elif block.number is not None:
            has_para = any(b.paragraph is not None for b in section)
            restart = has_para or (last_number is not None and block.number < last_number)
        if restart and section:
            sections.append([])
            last_number = last_paragraph = None
        sections[-1].append(block)
        if block.paragraph is not None:
            last_paragraph = block.paragraph
        elif block.number is not None:
            last_number = block.number
    return [s for s in sections if s]


def _infer_numbers(section: list[Block]) -> None:
    """Number the unnumbered blocks of a section where the gaps between known numbers fit."""
    uses_paragraph = any(b.paragraph is not None for b in section)
    known = [(i, _value(b)) for i, b in enumerate(section) if _value(b) is not None]
    if not known:
        return

    def assign(index: int, value: int) -> None:
        if uses_paragraph:
            section[index].paragraph = value
        else:
            section[index].number = value

    first_index, first_value = known[0]
    assert first_value is not None
    if first_value - first_index >= 1:
        for i in range(first_index):
            assign(i, first_value - first_index + i)
    for (i, a), (j, b) in zip(known, known[1:], strict=False):
        assert a is not None and b is not None
        if b - a - 1 == j - i - 1:
            for k in range(i + 1, j):
                assign(k, a + (k - i))
    last_index, last_value = known[-1]
    assert last_value is not None
    for k in range(last_index + 1, len(section)):
        assign(k, last_value + (k - last_index))


def _same_text(a: str, b: str) -> bool:
    return len(a) > 40 and " ".join(a.split()) == " ".join(b.split())


def _merge_sections(sections: list[list[Block]]) -> list[Block]:
    """Merge later sections (the minutes) into the first (the agenda), item by item."""
    base = sections[0]
    for section in sections[1:]:
        pairs: dict[int, int] = {}
        for si, block in enumerate(section):
            for index, other in enumerate(base):
                same_body = _same_text(block.body, other.body)
                same_title = bool(block.title and other.title and block.title.lower() == other.title.lower())
                if (same_body or same_title) and index not in pairs.values():
                    pairs[si] = index
                    break
        offsets = Counter(
            _value(section[si]) - _value(base[bi])  # type: ignore[operator]
            for si, bi in pairs.items()
            if _value(section[si]) is not None and _value(base[bi]) is not None
        )
        offset = offsets.most_common(1)[0][0] if offsets else None
        by_value = {_value(b): i for i, b in enumerate(base) if _value(b) is not None}
        for si, block in enumerate(section):
            bi: int | None = pairs.get(si)
            value = _value(block)
            if bi is None and offset is not None and value is not None:
                bi = by_value.get(value - offset)
                if bi is not None and bi in pairs.values():
                    bi = None
            if bi is None or not _compatible(block, base[bi]):
                base.append(block)
                continue
            target = base[bi]
            if block.paragraph is not None and target.paragraph is None:
                target.paragraph = block.paragraph
            if block.number is not None and target.number is None:
                target.number = block.number
            if not target.title and block.title:
                target.title = block.title
            if len(block.body) > len(target.body):
                target.body = block.body
    return base


def _compatible(a: Block, b: Block) -> bool:
    if a.title and b.title and a.title.lower() != b.title.lower():
        return not (a.body and b.body) or _same_text(a.body, b.body)
    return True


def _classify(title: str, body: str) -> ItemKind:
    head = f"{title}\n{body[:200]}"
    if (_ROUTINE.search(title) or _ROUTINE.search(body[:200])) and len(body) < 400:
        return ItemKind.ROUTINE
    # an agenda sent out, then the matters added to it or listed: routine however long the list
    if _ROUTINE.search(re.split(r"\n|(?<=\.)\s", body, maxsplit=1)[0]) and not _PROGRAM_LINE.search(body):
        return ItemKind.ROUTINE
    if _LOGISTICS.search(head):
        # the day's program names the matters taken up: it tells the members about the meeting, deciding nothing
        if _PROGRAM_LINE.search(body):
            return ItemKind.INFORMATION
        if len(body) < 1000:
            return ItemKind.ROUTINE
    if _REPORT.search(title) or _REPORT.search(body[:80]) or _DELEGATED.search(head):
        return ItemKind.REPORT
    if _INFORMATION.search(head.split("\n")[0]) or _INFORMATION.search(body[:120]):
        return ItemKind.INFORMATION
    return ItemKind.DECISION


def _entry_marker(line: str) -> bool:
    if _ENTRY_NUMBERED.match(line) or _ENTRY_DASH.match(line) or _ENTRY_BULLET.match(line):
        return not re.match(r"^\d{4}-\d{2}", line)
    found = find_case_numbers(line[:20])
    # "24RS446-7, sammanställning …" starts an entry; a line holding only a number ends one.
    return bool(found) and line.startswith(found[0].raw) and bool(re.search(r"[^\W\d]{3}", line[len(found[0].raw):]))


def split_entries(body: str) -> list[SubEntry]:
    """Split a listed item (delegation decisions, reports, motions) into its entries."""
    lines = body.split("\n")
    raw: list[tuple[str, list[str], str]] = []  # (marker kind, lines, context)
    context = ""
    current: list[str] | None = None
    for line in lines:
        if not line:
            if current is not None:
                current.append("")
            continue
        if line.endswith(":") and not _entry_marker(line):
            context = line[:-1].strip()
            current = None
            continue
        if _entry_marker(line):
            kind = "num" if _ENTRY_NUMBERED.match(line) else "dash"
            current = [line]
            raw.append((kind, current, context))
        elif current is not None:
            current.append(line)
    entries: list[tuple[str, str]] = []
    for i, (kind, entry_lines, ctx) in enumerate(raw):
        text = "\n".join(entry_lines).strip()
        following_dashes = i + 1 < len(raw) and raw[i + 1][0] == "dash"
        if kind == "num" and following_dashes and not find_case_numbers(text):
            # "1. Förvaltningschefen har" followed by "-beslutat om …, 24RS3384-1" lines.
            for j in range(i + 1, len(raw)):
                if raw[j][0] != "dash":
                    break
                raw[j] = ("dash", raw[j][1], f"{ctx} › {text}" if ctx else text)
            continue
        entries.append((text, ctx))
    if not entries:
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        with_numbers = [p for p in paragraphs if find_case_numbers(p)]
        if len(with_numbers) >= 2:
            entries = [(p, "") for p in with_numbers]
    has_case = any(find_case_numbers(text) for text, _ in entries)
    if len(entries) < 2 and not has_case:
        return []
    out = []
    for text, ctx in entries:
        heading = heading_line(text)
        out.append(SubEntry(text=text, context=ctx, case_numbers=tuple(find_case_numbers(text)),
                            facts=tuple(extract_facts(text)), title=heading if heading is not None else derive_title(text),
                            title_given=heading is not None))
    return out


def _preamble_facts(preamble: list[str]) -> tuple[str | None, str | None]:
    """Read `Möte YYYY-MM-DD` and the committee name that follows it."""
    lines = [line.strip() for line in preamble if line.strip() and not BOILERPLATE.match(line.strip())]
    for i, line in enumerate(lines):
        m = _MEETING_HEADER.match(line)
        if m:
            name = lines[i + 1] if i + 1 < len(lines) else None
            if name and (len(name) > 60 or name.endswith(".") or not name[0].isupper()):
                name = None
            return m.group(1), name
    return None, None


def page_lines(text: str) -> list[str]:
    """Step 1: the page as clean text lines (HTML rendered first); refuse binary data."""
    if "\x00" in text:
        raise PageError("filen är binär, inte text")
    text = text.removeprefix("\ufeff")  # a byte order mark, as a page saved or served as UTF-8 may start
    if looks_like_html(text):
        text = html_to_text(text)
    text = _GLUED_TAIL.sub(lambda m: "\n" + m.group(1) if m.group(1) else "", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [_clean_line(line) for line in text.split("\n")]


# An attachments heading glued to the sentence before it ("… perspektiv.Bilagor") goes on a line of its own,
# where it separates items as it does elsewhere; a rule of dashes after a sentence ("2026.-----") goes
_GLUED_TAIL = re.compile(r"(?<=[.!?)])[ \t]*(?:(Bilagor)|[-_=]{4,})[ \t]*$", re.M)


def lift_meeting_header(lines: list[str]) -> tuple[str | None, str | None]:
    """Step 2: read and blank out `Möte YYYY-MM-DD` and the committee name after it.

    The header can stand inside the first block in the dash layout, so it is lifted out.
    """
    for i, line in enumerate(lines[:8]):
        if _MEETING_HEADER.match(line.strip()):
            header_date, header_name = _preamble_facts(lines[i : i + 4])
            lines[i] = ""
            if header_name and i + 1 < len(lines):
                for j in range(i + 1, min(i + 4, len(lines))):
                    if lines[j].strip() == header_name:
                        lines[j] = ""
                        break
            return header_date, header_name
    return None, None


def read_blocks(blocks: list[Block]) -> list[Block]:
    """Step 4: read each block's number, title and body; drop empty blocks and repeats of the one before."""
    for block in blocks:
        _read_head(block)
    deduped: list[Block] = []
    for block in blocks:
        if not re.search(r"\w", f"{block.title or ''} {block.body}"):
            continue
        if deduped and (deduped[-1].number, deduped[-1].title, deduped[-1].body) == (block.number, block.title, block.body):
            continue
        deduped.append(block)
    return deduped


def merge_minutes(blocks: list[Block]) -> list[Block]:
    """Step 5: number what the gaps allow, and merge the minutes into the agenda they repeat."""
    sections = _sections(blocks)
    for section in sections:
        _infer_numbers(section)
    return _merge_sections(sections)


def to_item(position: int, block: Block) -> AgendaItem:
    """Step 6: make an agenda item of a block, with its kind, case numbers, facts and sub-entries."""
    title = block.title or derive_title(block.body)
    text = full_text(title, not block.title, block.body)
    return AgendaItem(
        position=position,
        title=title,
        title_derived=not block.title,
        body=block.body,
        kind=_classify(title, block.body),
        number=block.number,
        paragraph=block.paragraph,
        case_numbers=tuple(find_case_numbers(text)),
        facts=tuple(extract_facts(text)),
        entries=tuple(split_entries(block.body)),
    )


def parse_meeting_page(text: str) -> ParsedMeeting:
    """Parse the text (or HTML) of one meeting page into its agenda items, step by step."""
    lines = page_lines(text)
    header_date, header_name = lift_meeting_header(lines)
    blocks = read_blocks(split_blocks(lines))  # step 3: the first layout that fits splits the page
    if not blocks:
        raise PageError("sidan innehåller inga ärenden")
    items = tuple(to_item(position, block) for position, block in enumerate(merge_minutes(blocks), start=1))
    return ParsedMeeting(items=items, committee_name=header_name, meeting_date=header_date)
