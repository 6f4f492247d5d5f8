"""Generate realistic meeting pages for benchmarks from the words of the bundled sample pages."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from wordfreq import word_frequency

from knowledge.models import MeetingSource
from knowledge.pages.parser import parse_meeting_page
from knowledge.pages.sources import ORGANISATIONS

SAMPLE = Path(__file__).resolve().parent.parent / "knowledge" / "sample_data"
HOSTS = list(ORGANISATIONS)
COMMITTEES = ["servicenamnd", "halso-och-sjukvardsnamnd", "regionstyrelse", "regionfullmaktige",
              "kollektivtrafiknamnd", "regional-tillvaxtnamnd", "patientnamnden", "kultur-och-kompetensnamnd"]
# Committees a region has besides those of the sample pages: a larger store holds more committees, each
# meeting about once a month, not the same committees meeting more often.
MORE_COMMITTEES = ["arbetsutskott", "personalutskott", "folkhalsoberedning", "vardvalsutskott", "valberedning",
                   "revisorskollegium", "lanstrafikberedning", "fastighetsutskott", "samverkansnamnd-for-lakemedel",
                   "beredning-for-demokrati", "ekonomiutskott", "trafikutskott"]
FIRST_YEAR, LAST_YEAR = 2015, 2026
ROUTINE = ["Protokollsjustering", "Val av justerare", "Fastställande av dagordning"]



def words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in SAMPLE.glob("*/*.txt")).lower()
    return sorted({w for w in re.findall(r"[a-zåäö]{5,}", text)})


def fact_shares() -> dict[str, float]:
    """The share of the sample pages' items that state each kind of fact: how often a generated item states
    an amount or a contract's end, so that questions for them have as many rivals as in real papers."""
    kinds = [{fact.kind for fact in item.facts}
             for path in sorted(SAMPLE.glob("*/*.txt"))
             for item in parse_meeting_page(path.read_text(encoding="utf-8")).items]
    return {kind: sum(kind in k for k in kinds) / len(kinds) for kind in ("amount", "contract")}


class CorpusGenerator:
    """Make meeting pages: a routine item, decisions, and a delegation list with case numbers."""

    def __init__(self, seed: int = 7, taken: frozenset[tuple[str, str, str]] = frozenset()) -> None:
        """`taken`: (host, committee, YYYY-MM) of the real meetings in the store, which keep their month
        to themselves, as a committee that meets once a month would."""
        self.random = random.Random(seed)
        # the committees each organisation really has, when the store's real meetings tell, then more of
        # each organisation's committees as the store grows
        real = sorted({(host, committee) for host, committee, _ in taken}) or [
            (host, committee) for committee in COMMITTEES for host in HOSTS]
        hosts = sorted({host for host, _ in real})
        self.series = real + [(host, committee) for committee in MORE_COMMITTEES for host in hosts]
        # at most one meeting a month for each committee from FIRST_YEAR to LAST_YEAR, never in a month a
        # real meeting of that committee holds
        months = [(year, month) for year in range(FIRST_YEAR, LAST_YEAR + 1) for month in range(1, 13)]
        self.slots = [(host, committee, year, month) for host, committee in self.series for year, month in months
                      if (host, committee, f"{year}-{month:02d}") not in taken]
        # in random order, so that a store of any size spreads over all the committees and years
        self.random.shuffle(self.slots)
        self.words = words()
        # each word as common as it is in general Swedish (wordfreq): "beslut" is everywhere, "telefoni" is
        # rare, as in real papers; a shuffled Zipf curve would make some rare topic words as common as "och"
        self.weights = [max(word_frequency(w, "sv"), 1e-8) for w in self.words]
        self.fillers = ["och", "att", "för", "i", "av", "som", "med", "till", "har", "är", "på", "om"]
        self.shares = fact_shares()

    def _sentence(self) -> str:
        """A sentence of the sample pages' words in random order: Swedish vocabulary, no copied text.

        Copied sentences would make near-duplicates of the golden answers and measure the
        generator instead of the ranking.
        """
        r = self.random
        chosen = r.choices(self.words, weights=self.weights, k=r.randint(6, 16))
        tokens = [w if r.random() > 0.3 else f"{w} {r.choice(self.fillers)}" for w in chosen]
        return " ".join(tokens).capitalize() + "."

    def page(self, n: int, items: int = 10) -> tuple[MeetingSource, str]:
        r = self.random
        host, committee, year, month = self.slots[n % len(self.slots)]
        when = dt.date(year, month, 1 + (n * 7) % 27)
        date = when.isoformat()
        url = f"https://{host}/committees/{committee}/mote-{date}"
        blocks = [f" •   1\n\n  {r.choice(ROUTINE)}"]
        for _ in range(items - 2):
            body = "\n\n  ".join(" ".join(self._sentence() for _ in range(r.randint(1, 3))) for _ in range(r.randint(1, 3)))
            if r.random() < self.shares["amount"]:
                body += f" Kostnaden beräknas till {r.randint(1, 900)} miljoner kronor."
            if r.random() < self.shares["contract"]:
                body += f" Avtalet löper ut den {r.randint(2024, 2030)}-0{r.randint(1, 9)}-1{r.randint(0, 9)}."
            blocks.append(f" • {body}")
        entries = "\n".join(f"  -beslutat om {' '.join(r.choices(self.words, weights=self.weights, k=4))}, "
                            f"{year % 100}RS{r.randint(1, 99999)}-1"
                            for _ in range(r.randint(2, 5)))
        blocks.append(f" • Anmälan av delegationsbeslut:\n  1. Förvaltningschefen har\n{entries}")
        text = "Hoppa över navigering\n" + "\n\n".join(blocks) + "\n\nVi använder cookies på denna webbplats."
        source = MeetingSource(url=url, host=host, organisation=ORGANISATIONS[host], committee_slug=committee,
                               meeting_date=date, source_name=f"gen-{n}")
        return source, text
