"""Retrieve and rank items for a question.

Candidates come from the FTS5 index (bm25); each is then scored in Python on how much
of the question it covers, where the words occur, and what the question asked for.
All weights live in WEIGHTS.
"""

from __future__ import annotations

import bisect
import math
import threading
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from knowledge.language.question import Catalog, CommitteeInfo, Question
from knowledge.language.synonyms import FOLDED_SYNONYMS, SYNONYMS
from knowledge.language.text import STOP_WORDS, fold, stem, words
from knowledge.store import Store

# Every ranking weight in one place. Coverage is the share of the question's topic
# weight (idf) that an item matches; the rest are additions to it.
WEIGHTS = {
    "title_coverage": 0.35,  # matched in the title, on top of coverage
    "bm25": 0.15,  # FTS5 relevance, rescaled to 0..1 within the candidates
    "committee": 0.25,  # the item is from a committee the question named
    "period": 0.15,  # the meeting (or a date in the item) falls in the period asked about
    "decision_kind": 0.10,  # "vad beslutades": decision items over information items
    "fact": 0.20,  # the item has the kind of fact asked for (amount, date)
    "recency": 0.02,  # tie-breaker: later meetings first
    "fuzzy_penalty": 0.75,  # a typo-corrected word counts this much of an exact one
    "compound_penalty": 0.8,  # a word matched through compound parts
    "synonym_penalty": 0.85,  # a word matched through the synonym list
}
MIN_COVERAGE = 0.5  # below this share of the question's weight, an item is not an answer
RELATIVE_CUTOFF = 0.55  # hits scoring under this share of the best are dropped
CANDIDATES = 200
UNKNOWN_WORD_FACTOR = 2.0
# Browsing a meeting: items with something to say first, list headers without a body last.
_SUBSTANCE_ORDER = "CASE WHEN i.body = '' AND i.kind IN ('report', 'information') THEN 1 ELSE 0 END"


@dataclass(frozen=True)
class Alternative:
    """One way a question word can occur in the index."""

    term: str
    prefix: bool
    weight: float
    how: str  # exact | prefix | fuzzy | compound | synonym


@dataclass(frozen=True)
class TermGroup:
    """A question word and the index terms that stand for it; `parts` for compounds."""

    word: str
    alternatives: tuple[Alternative, ...]
    idf: float
    parts: tuple[tuple[Alternative, ...], ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.alternatives or self.parts)


@dataclass
class Hit:
    """A ranked item with the reasons it matched."""

    item_id: int
    score: float
    why: list[str] = field(default_factory=list)
    parent_id: int | None = None


class Vocabulary:
    """The index's terms with their document frequencies, for typo, prefix and compound matching."""

    def __init__(self, rows: list[tuple[str, int]], total: int) -> None:
        self.df = dict(rows)
        self.terms = sorted(self.df)
        self.total = max(total, 1)
        self.by_initial: dict[str, list[str]] = {}
        # the same words without å, ä and ö, for questions typed without them ("aldre" for "äldre")
        self.unaccented: dict[str, str] = {}
        for term in sorted(self.terms, key=lambda t: self.df[t]):
            if len(term) >= 3 and not term.isdigit():
                self.by_initial.setdefault(fold(term[0]), []).append(term)
                self.unaccented[fold(term)] = term

    def idf(self, df: int) -> float:
        """Return the inverse document frequency of a term found in `df` items."""
        return math.log(1 + (self.total - df + 0.5) / (df + 0.5))

    @property
    def max_idf(self) -> float:
        return self.idf(0)

    def prefix_df(self, prefix: str) -> int:
        """Return the summed frequency of terms starting with a prefix (an upper bound of items)."""
        lo = bisect.bisect_left(self.terms, prefix)
        hi = bisect.bisect_left(self.terms, prefix + "\uffff")
        return sum(self.df[t] for t in self.terms[lo:hi][:500])

    def has_prefix(self, prefix: str) -> bool:
        i = bisect.bisect_left(self.terms, prefix)
        return i < len(self.terms) and self.terms[i].startswith(prefix)

    def fuzzy(self, term: str) -> tuple[str, float] | None:
        """Return the closest index term to a misspelt one, with its similarity 0..1."""
        if len(term) < 4:
            return None
        pool = [t for t in self.by_initial.get(fold(term[0]), ()) if abs(len(t) - len(term)) <= 2]
        cutoff = 88 if len(term) < 6 else 84 if len(term) < 8 else 80
        matches = process.extract(term, pool, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        if not matches:
            return None
        best = max(matches, key=lambda m: (m[1], self.df.get(m[0], 0)))
        return best[0], best[1] / 100


def _resolve_stem(s: str, vocab: Vocabulary) -> tuple[Alternative, ...]:
    """Find how a stem occurs in the index: exactly, as a prefix of compounds, or shortened."""
    if s in vocab.df:
        return (Alternative(s, len(s) >= 4, 1.0, "exact"),)
    accented = vocab.unaccented.get(s)
    if accented and accented != s:
        return (Alternative(accented, len(accented) >= 4, 0.95, "utan å/ä/ö"),)
    if len(s) >= 4 and vocab.has_prefix(s):
        return (Alternative(s, True, 1.0, "prefix"),)
    for cut in range(1, 3):
        p = s[:-cut]
        if len(p) >= 6 and vocab.has_prefix(p):
            return (Alternative(p, True, 0.95, "prefix"),)
    return ()


def _split_compound(s: str, vocab: Vocabulary) -> tuple[tuple[Alternative, ...], ...]:
    """Split an unknown compound into two parts the index knows, longest head first."""
    for i in range(len(s) - 3, 1, -1):
        head, tail = s[:i], s[i:]
        if len(head) == 2 and len(tail) < 4:
            continue
        if head not in vocab.df:
            # a head may itself only occur inside compounds: "tarm" in "tarmscreening"
            if head.endswith("s") and len(head) > 4 and vocab.has_prefix(head[:-1]):
                head = head[:-1]
            elif not (len(head) >= 4 and vocab.has_prefix(head)):
                continue
        tail_alts = _resolve_stem(tail, vocab)
        if tail_alts and len(tail) >= 3:
            weight = WEIGHTS["compound_penalty"]
            return (
                (Alternative(head, len(head) >= 4, weight, "compound"),),
                tuple(Alternative(a.term, a.prefix, weight, "compound") for a in tail_alts),
            )
    return ()


# Derivational endings: "städning" is about what "städtjänster" are about.
_DERIVATIONS = ("ningar", "ningen", "ning", "ande", "else", "erna", "era")


def _lemma_stem(word: str) -> str:
    """Return the stem of the dictionary form of a word, for irregular forms ("museets" → museum)."""
    import simplemma  # loads its Swedish dictionary on first use

    return stem(simplemma.lemmatize(word, lang="sv").lower())


def resolve_word(word: str, vocab: Vocabulary) -> TermGroup:
    """Map one question word to index terms: exact, inflected, synonym, compound or typo."""
    s = stem(word)
    alternatives = list(_resolve_stem(s, vocab))
    if not alternatives or alternatives[0].how != "exact":
        lemma = _lemma_stem(word)
        if lemma != s:
            alternatives.extend(a for a in _resolve_stem(lemma, vocab) if a.term not in {b.term for b in alternatives})
    if not alternatives:
        for ending in _DERIVATIONS:
            root = s[: -len(ending)]
            if s.endswith(ending) and len(root) >= 4 and vocab.has_prefix(root):
                alternatives.append(Alternative(root, True, 0.8, "stam"))
                break
    if not alternatives:
        # the question's word extends a word of the store: "filmfestival" → "filmfest"
        for cut in range(len(s) - 1, max(5, int(len(s) * 0.6)) - 1, -1):
            if s[:cut] in vocab.df:
                alternatives.append(Alternative(s[:cut], False, 0.8, "stam"))
                break
    for synonym in SYNONYMS.get(word, ()) or FOLDED_SYNONYMS.get(fold(word), ()):
        for part in synonym.split():
            for alt in _resolve_stem(stem(part), vocab):
                if all(a.term != alt.term for a in alternatives):
                    alternatives.append(Alternative(alt.term, alt.prefix, WEIGHTS["synonym_penalty"], "synonym"))
    parts: tuple[tuple[Alternative, ...], ...] = ()
    if not alternatives:
        parts = _split_compound(s, vocab)
    if not alternatives and not parts:
        corrected = vocab.fuzzy(s)
        if corrected:
            term, similarity = corrected
            alternatives.append(Alternative(term, len(term) >= 5, WEIGHTS["fuzzy_penalty"] * similarity, "fuzzy"))
    if alternatives:
        df = max(vocab.prefix_df(a.term) if a.prefix else vocab.df.get(a.term, 0) for a in alternatives)
        idf = vocab.idf(df)
    elif parts:
        df = max(vocab.prefix_df(p[0].term) if p[0].prefix else vocab.df.get(p[0].term, 0) for p in parts)
        idf = vocab.idf(df)
    else:
        # A specific word found nowhere in the store weighs double: items matching only
        # the rest of the question are not about what was asked.
        idf = vocab.max_idf * (UNKNOWN_WORD_FACTOR if len(word) >= 5 else 1.0)
    return TermGroup(word, tuple(alternatives), idf, parts)


class _SortedTerms:
    """The distinct terms of one item, for fast exact and prefix checks."""

    __slots__ = ("terms",)

    def __init__(self, text: str) -> None:
        self.terms = sorted(set(text.split()))

    def has(self, alt: Alternative) -> bool:
        i = bisect.bisect_left(self.terms, alt.term)
        if i >= len(self.terms):
            return False
        return self.terms[i] == alt.term or (alt.prefix and self.terms[i].startswith(alt.term))


def _required_groups(groups: list[TermGroup]) -> list[TermGroup]:
    """Return the fewest rarest groups that any answer must match at least one of.

    An item matching none of them covers less than MIN_COVERAGE of the question's weight,
    so asking the index only for these loses no answer and skips the common words.
    """
    ordered = sorted(groups, key=lambda g: -g.idf)
    total = sum(g.idf for g in groups)
    required: list[TermGroup] = []
    rest = total
    for group in ordered:
        if rest < MIN_COVERAGE * total:
            break
        required.append(group)
        rest -= group.idf
    return required


def fts_expression(groups: list[TermGroup]) -> str:
    """Return the FTS5 query for the words an answer must contain, or "" when none is in the index."""
    alts: list[Alternative] = []
    for group in _required_groups(groups):
        alts.extend(group.alternatives)
        for part in group.parts:
            alts.extend(part)
    if not alts:  # the rare words are unknown: nothing can reach the coverage needed
        return ""
    return " OR ".join(f'"{a.term}"' + ("*" if a.prefix else "") for a in dict.fromkeys(alts))


class SearchEngine:
    """Answer questions over one store; caches the vocabulary until the store changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._generation = -1
        self._vocab: Vocabulary | None = None
        self._catalog: Catalog | None = None
        self._title_words: list[str] = []
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        generation = self.store.generation()
        if generation == self._generation and self._vocab is not None:
            return
        with self._lock:
            rows = [(r[0], r[1]) for r in self.store.query("SELECT term, doc FROM items_vocab")]
            total = self.store.query("SELECT count(*) FROM items")[0][0]
            self._vocab = Vocabulary(rows, total)
            committees = tuple(
                CommitteeInfo(r["committee_slug"], r["committee_name"] or r["committee_slug"], r["organisation"])
                for r in self.store.query(
                    "SELECT committee_slug, max(committee_name) AS committee_name, organisation FROM meetings"
                    " WHERE committee_slug IS NOT NULL GROUP BY committee_slug, organisation"
                )
            )
            organisations = frozenset(r[0] for r in self.store.query("SELECT DISTINCT organisation FROM meetings") if r[0])
            series = frozenset(r[0] for r in self.store.query("SELECT DISTINCT series FROM case_numbers"))
            self._catalog = Catalog(committees, organisations, series)
            self._title_words = sorted({
                w for (title,) in self.store.query("SELECT title FROM items WHERE parent_id IS NULL")
                for w in words(title) if len(w) >= 5 and w not in STOP_WORDS and not w.isdigit()
            })
            self._generation = generation

    def warm_up(self) -> None:
        """Load the vocabulary and the lemmatiser now, so the first question is not the slow one."""
        self._refresh()
        _lemma_stem("förberedelse")

    @property
    def vocabulary(self) -> Vocabulary:
        self._refresh()
        assert self._vocab is not None
        return self._vocab

    @property
    def title_words(self) -> list[str]:
        """Words of item titles as written, for suggestions a person can read."""
        self._refresh()
        return self._title_words

    @property
    def catalog(self) -> Catalog:
        self._refresh()
        assert self._catalog is not None
        return self._catalog

    # -- filters -------------------------------------------------------------------------

    @staticmethod
    def _filter_sql(question: Question, *, hard_period: bool) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if question.committees:
            clauses.append(f"m.committee_slug IN ({','.join('?' * len(question.committees))})")
            params.extend(question.committees)
        if question.organisation:
            clauses.append("(m.organisation = ? OR m.organisation IS NULL)")
            params.append(question.organisation)
        if hard_period and question.period:
            clauses.append("m.meeting_date BETWEEN ? AND ?")
            params.extend([question.period.start.isoformat(), question.period.end.isoformat()])
        return (" AND " + " AND ".join(clauses)) if clauses else "", params

    # -- the searches --------------------------------------------------------------------

    def term_groups(self, question: Question) -> list[TermGroup]:
        """Resolve the question's topic words against the index."""
        vocab = self.vocabulary
        return [resolve_word(word, vocab) for word in dict.fromkeys(question.terms)]

    def search(self, question: Question, *, now: date, limit: int = 5) -> tuple[list[Hit], list[TermGroup]]:
        """Return the best hits for a question, best first, and how its words were read."""
        self._refresh()
        if question.intent == "case_lookup" and question.case:
            hits = self._case_lookup(question, limit=limit)
            if hits:
                return hits, []
        groups = self.term_groups(question)
        if question.intent == "contract_expiry":
            return self._contract_expiry(question, groups, now=now, limit=limit), groups
        if not groups:
            if question.intent in {"browse", "latest"} or question.committees or question.period:
                return self._browse(question, limit=limit), groups
            return [], groups
        return self._text_search(question, groups, limit=limit), groups

    def _case_lookup(self, question: Question, *, limit: int) -> list[Hit]:
        case = question.case
        assert case is not None
        rows = []
        if case.key:
            rows = self.store.query("SELECT item_id, doc FROM case_numbers WHERE key = ?", (case.key,))
        if not rows and case.year:
            rows = self.store.query("SELECT item_id, doc FROM case_numbers WHERE serial = ? AND year = ?",
                                    (case.serial, case.year))
        if not rows and not case.year:
            rows = self.store.query("SELECT item_id, doc FROM case_numbers WHERE serial = ?", (case.serial,))
        if not rows:
            return []
        items = {i.id: i for i in self.store.get_items(list(dict.fromkeys(r["item_id"] for r in rows)))}
        child_parents = {i.parent_id for i in items.values() if i.parent_id}
        hits = []
        for row in rows:
            item = items.get(row["item_id"])
            if item is None or item.id in child_parents:
                continue  # the sub-entry that holds the number is the answer, not its whole list
            score = 2.0 + (0.2 if case.doc is not None and row["doc"] == case.doc else 0.0)
            score += 0.1 if item.parent_id else 0.0
            label = case.raw.strip()
            hits.append(Hit(item.id, score, [f"diarienummer {label}"], item.parent_id))
        unique: dict[int, Hit] = {}
        for hit in sorted(hits, key=lambda h: -h.score):
            unique.setdefault(hit.item_id, hit)
        ranked = list(unique.values())
        if question.terms:
            groups = self.term_groups(question)
            scored = {h.item_id: h for h in self.score_candidates(question, groups, [h.item_id for h in ranked], {}, soft=True)}
            for hit in ranked:
                if hit.item_id in scored:
                    hit.score += scored[hit.item_id].score * 0.5
            ranked.sort(key=lambda h: -h.score)
        return ranked[:limit]

    def _contract_expiry(self, question: Question, groups: list[TermGroup], *, now: date, limit: int) -> list[Hit]:
        start = question.period.start.isoformat() if question.period else now.isoformat()
        end = question.period.end.isoformat() if question.period else "9999-12-31"
        where, params = self._filter_sql(question, hard_period=False)
        rows = self.store.query(
            "SELECT f.item_id, f.value FROM facts f JOIN items i ON i.id = f.item_id JOIN meetings m"
            " ON m.id = i.meeting_id WHERE f.kind = 'date' AND f.role = 'end' AND f.value >= ? AND f.value <= ?"
            + where,
            [start[:7] if len(start) > 7 else start, end, *params],
        )
        rows = [r for r in rows if (question.period.contains(r["value"]) if question.period else r["value"] >= start[: len(r["value"])])]
        if not rows:
            return []
        ids = list(dict.fromkeys(r["item_id"] for r in rows))
        ends = {r["item_id"]: r["value"] for r in rows}
        topic = [g for g in groups if g.word not in {"avtal", "avtalet", "avtalen", "kontrakt"}]
        scored = {h.item_id: h for h in self.score_candidates(question, topic, ids, {}, soft=True)} if topic else {}
        hits = []
        for item_id in ids:
            base = scored.get(item_id)
            if topic and base is None:
                continue
            hit = Hit(item_id, 1.0 + (base.score if base else 0.0), [f"avtal löper ut {ends[item_id]}"])
            if base:
                hit.why.extend(base.why)
            hits.append(hit)
        return dedupe_family(sorted(hits, key=lambda h: -h.score))[:limit]

    def _browse(self, question: Question, *, limit: int) -> list[Hit]:
        where, params = self._filter_sql(question, hard_period=True)
        if question.intent == "latest" or not question.period:
            # the latest meeting of each named committee (or of the whole store)
            where += (" AND m.meeting_date = (SELECT max(m2.meeting_date) FROM meetings m2"
                      " WHERE m2.committee_slug IS m.committee_slug)")
        rows = self.store.query(
            "SELECT i.id FROM items i JOIN meetings m ON m.id = i.meeting_id"
            " WHERE i.parent_id IS NULL AND i.kind != 'routine'" + where
            + f" ORDER BY m.meeting_date DESC, {_SUBSTANCE_ORDER}, i.position LIMIT ?",
            [*params, limit],
        )
        why = []
        if question.committees:
            why.append("nämnd: " + ", ".join(question.committees))
        if question.period:
            why.append(f"period: {question.period.label}")
        if question.intent == "latest":
            why.append("senaste mötet")
        return [Hit(r["id"], 1.0 - n * 0.01, list(why)) for n, r in enumerate(rows)]

    def _text_search(self, question: Question, groups: list[TermGroup], *, limit: int) -> list[Hit]:
        if not any(g.known for g in groups):
            return []
        expression = fts_expression(groups)
        if not expression:
            return []
        where, params = self._filter_sql(question, hard_period=False)
        if where:
            rows = self.store.query(
                "SELECT i.id, bm25(items_fts, 3.0, 1.0) AS rank FROM items_fts JOIN items i ON i.id = items_fts.rowid"
                " JOIN meetings m ON m.id = i.meeting_id WHERE items_fts MATCH ?" + where
                + " ORDER BY rank LIMIT ?",
                [expression, *params, CANDIDATES],
            )
        else:
            rows = self.store.query(
                "SELECT rowid AS id, bm25(items_fts, 3.0, 1.0) AS rank FROM items_fts WHERE items_fts MATCH ?"
                " ORDER BY rank LIMIT ?",
                [expression, CANDIDATES],
            )
        if not rows:
            return []
        ranks = {r["id"]: -r["rank"] for r in rows}
        hits = self.score_candidates(question, groups, list(ranks), ranks, soft=False)
        hits = dedupe_family(hits)
        if not hits:
            return []
        best = hits[0].score
        return [h for h in hits if h.score >= best * RELATIVE_CUTOFF][:limit]

    def score_candidates(
        self, question: Question, groups: list[TermGroup], ids: list[int], ranks: dict[int, float], *, soft: bool
    ) -> list[Hit]:
        """Score candidates on coverage of the question, title matches, filters and facts."""
        if not ids:
            return []
        placeholders = ",".join("?" * len(ids))
        rows = self.store.query(
            f"SELECT i.id, i.parent_id, i.kind, i.title_terms, i.body_terms, m.meeting_date, m.committee_slug"
            f" FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id IN ({placeholders})",
            ids,
        )
        fact_kinds: dict[int, set[str]] = {}
        fact_dates: dict[int, list[str]] = {}
        if question.wants or question.period:
            for r in self.store.query(f"SELECT item_id, kind, value FROM facts WHERE item_id IN ({placeholders})", ids):
                fact_kinds.setdefault(r["item_id"], set()).add(r["kind"])
                if r["kind"] == "date":
                    fact_dates.setdefault(r["item_id"], []).append(r["value"])
        total_idf = sum(g.idf for g in groups) or 1.0
        max_rank = max(ranks.values(), default=0.0) or 1.0
        hits = []
        for row in rows:
            title = _SortedTerms(row["title_terms"])
            body = _SortedTerms(row["title_terms"] + " " + row["body_terms"])
            matched = title_matched = 0.0
            why: list[str] = []
            for group in groups:
                best = max((a.weight for a in group.alternatives if body.has(a)), default=0.0)
                if group.parts:
                    part_weights = [max((a.weight for a in part if body.has(a)), default=0.0) for part in group.parts]
                    # a compound counts when all its parts are there; "plats" alone is not "flygplats"
                    compound = min(part_weights) if all(part_weights) else max(part_weights) * 0.2
                    best = max(best, compound)
                if best:
                    matched += group.idf * best
                    in_title = any(title.has(a) for a in group.alternatives) or (
                        bool(group.parts) and all(any(title.has(a) for a in part) for part in group.parts)
                    )
                    title_matched += group.idf * best if in_title else 0.0
                    how = {a.how for a in group.alternatives if body.has(a)} or {"delar"}
                    why.append(f"{group.word} ({'/'.join(sorted(how))})")
            coverage = matched / total_idf
            if not soft and coverage < MIN_COVERAGE:
                continue
            score = coverage + WEIGHTS["title_coverage"] * title_matched / total_idf
            # bm25 favours short texts; a one-line entry or routine item gets none of it, so it never
            # outranks a substantive item of equal match
            if row["parent_id"] is None and row["kind"] != "routine":
                score += WEIGHTS["bm25"] * ranks.get(row["id"], 0.0) / max_rank
            if question.committees and row["committee_slug"] in question.committees:
                score += WEIGHTS["committee"]
            if question.period and (
                question.period.contains(row["meeting_date"])
                or any(question.period.contains(d) for d in fact_dates.get(row["id"], ()))
            ):
                score += WEIGHTS["period"]
                why.append(f"period: {question.period.label}")
            if question.intent == "decision":
                score += {"decision": 1, "report": 0, "entry": 0.5}.get(row["kind"], -1) * WEIGHTS["decision_kind"]
            for wanted in question.wants:
                kind = "amount" if wanted == "amount" else "date"
                if kind in fact_kinds.get(row["id"], set()):
                    score += WEIGHTS["fact"]
                    why.append("belopp" if kind == "amount" else "datum")
            if row["kind"] == "routine":
                score -= 0.2
            if row["meeting_date"]:
                score += WEIGHTS["recency"] * (int(row["meeting_date"][:4]) - 2000) / 30
            hits.append(Hit(row["id"], round(score, 4), why, row["parent_id"]))
        hits.sort(key=lambda h: -h.score)
        return hits


def dedupe_family(hits: list[Hit]) -> list[Hit]:
    """Keep one of an item and its sub-entries: the sub-entry when it carries the match."""
    by_id = {h.item_id: h for h in hits}
    drop: set[int] = set()
    for hit in hits:
        if hit.parent_id is not None and hit.parent_id in by_id:
            parent = by_id[hit.parent_id]
            if hit.score >= parent.score - 0.05:
                drop.add(parent.item_id)
            else:
                drop.add(hit.item_id)
    # several sub-entries of one list: keep them, they are separate decisions
    return [h for h in hits if h.item_id not in drop]
