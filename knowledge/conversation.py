"""Small talk: messages that are not questions about items, answered without a search; what the papers' words mean."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from datetime import time as dtime
from zoneinfo import ZoneInfo

from knowledge import texts
from knowledge.language.background import lemma
from knowledge.language.periods import MONTH_NAMES
from knowledge.language.text import fold

_GREETINGS = {"hej", "hejsan", "hallå", "halla", "tjena", "tjenare", "tja", "hej hej", "god morgon", "god dag",
              "goddag", "god kväll", "god kvall", "hi", "hello", "morrn", "hej du", "hej bot", "hej namndbot"}
_THANKS = {"tack", "tack tack", "tack så mycket", "tack sa mycket", "tusen tack", "tackar", "toppen tack",
           "tack för hjälpen", "tack for hjalpen", "bra tack", "okej tack", "ok tack", "thanks"}
_WHO = {"vem är du", "vem ar du", "vad är du", "vad ar du", "vad kan du", "vad gör du", "vad gor du",
        "vad kan du göra", "vad kan du gora", "vad heter du", "hjälp", "hjalp", "help", "vad är det här",
        "vad ar det har", "hur funkar det", "hur fungerar det", "hur gör jag", "hur gor jag"}


# "vilka nämnder finns?", "lista nämnderna", "vilka nämnder kan du svara om": the committees the store holds
_COMMITTEE_LIST = re.compile(r"(?:vilka|vad för|lista(?: alla)?|visa(?: alla)?) (?:nämnder|nämnderna)"
                             r"(?: (?:finns|finns det|har du|kan du(?: svara om)?|känner du till))?")


def small_talk_kind(text: str) -> str | None:
    """Return greeting, thanks, who, committees or empty for a message that is small talk, else None."""
    plain = re.sub(r"[^\w\s]", " ", text.lower())
    plain = " ".join(plain.split())
    if not plain:
        return "empty"
    folded = fold(plain)
    for kind, phrases in (("greeting", _GREETINGS), ("thanks", _THANKS), ("who", _WHO)):
        if plain in phrases or folded in phrases:
            return kind
    if _COMMITTEE_LIST.fullmatch(plain):
        return "committees"
    return None


# "vad är ett delegationsbeslut", "vad betyder justering", "vad menas med dnr", "förklara interpellation"
_ASKS_MEANING = re.compile(r"(?:^|\s)(?:vad?\s+(?:är|ar|betyder|innebär|innebar)|vad\s+menas\s+med|förklara)"
                           r"\s+(?:en\s+|ett\s+|egentligen\s+)*(§|\w+)")


def glossary_entry(text: str) -> tuple[str, str] | None:
    """Return what a word of the papers means when a question asks it ("vad är ett delegationsbeslut?"), with the
    question from that word on ("delegationsbeslut?"), else None."""
    match = _ASKS_MEANING.search(text.lower())
    if match is None:
        return None
    word = match.group(1)
    for form in (word, lemma(word), word.removesuffix("en"), word.removesuffix("et"), word.removesuffix("n")):
        name = texts.GLOSSARY_NAMES.get(form, form)
        if name in texts.GLOSSARY:
            return texts.GLOSSARY[name], text[match.start(1):]
    return None


def next_weekly(now: datetime, *, weekday: int, at: str, timezone: str) -> datetime:
    """Return the next time a weekly event (weekday 0 = Monday, "HH:MM" local time) happens after `now`."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    hour, minute = (int(p) for p in at.split(":"))
    candidate = datetime.combine(local.date() + timedelta(days=(weekday - local.weekday()) % 7),
                                 dtime(hour, minute), tzinfo=zone)
    return candidate if candidate > local else candidate + timedelta(days=7)


def first_digest_text(when: datetime) -> str:
    """Say when the first digest comes: "Det första veckobrevet kommer måndag 7 december kl. 07:00"."""
    return texts.DIGEST_FIRST.format(day=texts.WEEKDAYS[when.weekday()], date=f"{when.day} {MONTH_NAMES[when.month - 1]}",
                                     time=when.strftime("%H:%M"))
