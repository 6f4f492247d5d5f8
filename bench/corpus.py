"""Generate realistic meeting pages for benchmarks from the words of the bundled sample pages."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from wordfreq import word_frequency

from knowledge.models import MeetingSource
from knowledge.pages.sources import ORGANISATIONS

SAMPLE = Path(__file__).resolve().parent.parent / "knowledge" / "sample_data"
HOSTS = list(ORGANISATIONS)
COMMITTEES = ["servicenamnd", "halso-och-sjukvardsnamnd", "regionstyrelse", "regionfullmaktige",
              "kollektivtrafiknamnd", "regional-tillvaxtnamnd", "patientnamnden", "kultur-och-kompetensnamnd"]
ROUTINE = ["Protokollsjustering", "Val av justerare", "Fastställande av dagordning"]



def words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in SAMPLE.glob("*/*.txt")).lower()
    return sorted({w for w in re.findall(r"[a-zåäö]{5,}", text)})


class CorpusGenerator:
    """Make meeting pages: a routine item, decisions, and a delegation list with case numbers."""

    def __init__(self, seed: int = 7, taken: frozenset[tuple[str, str, str]] = frozenset()) -> None:
        """`taken`: (host, committee, YYYY-MM) of the real meetings in the store, which keep their month
        to themselves, as a committee that meets once a month would."""
        self.random = random.Random(seed)
        self.taken = taken
        self.last: dict[tuple[str, str], dt.date] = {}
        # the committees each organisation really has, when the store's real meetings tell
        self.series = sorted({(host, committee) for host, committee, _ in taken}) or [
            (host, committee) for committee in COMMITTEES for host in HOSTS]
        self.words = words()
        # each word as common as it is in general Swedish (wordfreq): "beslut" is everywhere, "telefoni" is
        # rare, as in real papers; a shuffled Zipf curve would make some rare topic words as common as "och"
        self.weights = [max(word_frequency(w, "sv"), 1e-8) for w in self.words]
        self.fillers = ["och", "att", "för", "i", "av", "som", "med", "till", "har", "är", "på", "om"]

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
        host, committee = self.series[n % len(self.series)]
        # one meeting of a committee every twelve days from 2015, never in a month a real meeting has
        series = (host, committee)
        when = self.last.get(series, dt.date(2015, 1, 1) + dt.timedelta(days=n % 12)) + dt.timedelta(days=12)
        while (host, committee, when.isoformat()[:7]) in self.taken:
            when += dt.timedelta(days=12)
        self.last[series] = when
        year, date = when.year, when.isoformat()
        url = f"https://{host}/committees/{committee}/mote-{date}"
        blocks = [f" •   1\n\n  {r.choice(ROUTINE)}"]
        for _ in range(items - 2):
            body = "\n\n  ".join(" ".join(self._sentence() for _ in range(r.randint(1, 3))) for _ in range(r.randint(1, 3)))
            if r.random() < 0.3:
                body += f" Kostnaden beräknas till {r.randint(1, 900)} miljoner kronor."
            if r.random() < 0.2:
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
