"""The search's reads of the store: vocabulary, candidates, filters, facts and case numbers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from knowledge.store.db import Store

# Browsing a meeting: decisions with something to say first, then other items with a text, then the
# rest in agenda order (list headers and information points without a body last).
_SUBSTANCE_ORDER = ("CASE WHEN i.kind = 'decision' AND i.body != '' THEN 0 WHEN i.kind = 'decision' THEN 1"
                    " WHEN i.body != '' THEN 2 ELSE 3 END")


@dataclass(frozen=True)
class SearchFilter:
    """Which meetings' items a search may return."""

    committees: tuple[str, ...] = ()
    organisation: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    fact_kinds: tuple[str, ...] = ()  # only items holding a fact of one of these kinds (amount, date, count)
    item_number: int | None = None  # only the items of this point of the agenda or paragraph of the minutes

    def sql(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.fact_kinds:
            clauses.append(f"i.id IN (SELECT f.item_id FROM facts f WHERE f.kind IN ({','.join('?' * len(self.fact_kinds))}))")
            params.extend(self.fact_kinds)
        if self.committees:
            clauses.append(f"m.committee_slug IN ({','.join('?' * len(self.committees))})")
            params.extend(self.committees)
        if self.organisation:
            clauses.append("(m.organisation = ? OR m.organisation IS NULL)")
            params.append(self.organisation)
        if self.date_from and self.date_to:
            clauses.append("m.meeting_date BETWEEN ? AND ?")
            params.extend([self.date_from, self.date_to])
        if self.item_number is not None:
            clauses.append("(i.number = ? OR i.paragraph = ?)")
            params.extend([self.item_number, self.item_number])
        return (" AND " + " AND ".join(clauses)) if clauses else "", params

    def of_meetings(self) -> SearchFilter:
        """The part of the filter that chooses meetings (committees, organisation, period), not their items."""
        return replace(self, fact_kinds=(), item_number=None)


@dataclass(frozen=True)
class TermCount:
    """An index term and the number of items it occurs in."""

    term: str
    items: int


@dataclass(frozen=True)
class Candidate:
    """An item the full-text index found, with its bm25 relevance (higher is better)."""

    item_id: int
    relevance: float


@dataclass(frozen=True)
class ScoringRow:
    """What ranking needs to know of one item."""

    item_id: int
    parent_id: int | None
    kind: str
    title_terms: str
    body_terms: str
    meeting_date: str | None
    committee_slug: str | None
    title_derived: bool = False  # the title is the start of the text, not a heading the page gave
    # a line of its parent's list with no case number of its own: a part of that item, not a decision of its own
    line: bool = False


@dataclass(frozen=True)
class FactRow:
    """One extracted fact of an item, as ranking sees it."""

    item_id: int
    kind: str
    value: str


@dataclass(frozen=True)
class CaseMatch:
    """An item holding a case number, and the document number it was written with."""

    item_id: int
    doc: int | None


@dataclass(frozen=True)
class ContractEnd:
    """An item with a contract that ends on a date."""

    item_id: int
    end: str


@dataclass(frozen=True)
class MeetingPage:
    """A meeting of the committees and period a question named: listed when the meetings are asked for, and offered
    when none of their items answers."""

    committee_slug: str | None
    committee_name: str | None
    organisation: str | None
    meeting_date: str
    url: str | None


class SearchStore:
    """Every statement the search runs, over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def generation(self) -> int:
        return self.store.generation()

    def vocabulary(self) -> list[TermCount]:
        return [TermCount(r[0], r[1]) for r in self.store.query("SELECT term, doc FROM items_vocab")]

    def item_count(self) -> int:
        return int(self.store.query("SELECT count(*) FROM items")[0][0])

    def organisations(self) -> frozenset[str]:
        return frozenset(r[0] for r in self.store.query("SELECT DISTINCT organisation FROM meetings") if r[0])

    def case_series(self) -> frozenset[str]:
        return frozenset(r[0] for r in self.store.query("SELECT DISTINCT series FROM case_numbers"))

    def top_level_titles(self) -> list[str]:
        return [r[0] for r in self.store.query("SELECT title FROM items WHERE parent_id IS NULL")]

    def case_matches(self, *, key: str | None, serial: int | str | None, year: int | str | None,
                     series: str | None = None) -> list[CaseMatch]:
        """Items holding a case number: by its full key, else by serial and year, else by serial and series in any
        year, else by serial alone."""
        rows = []
        if key:
            rows = self.store.query("SELECT item_id, doc FROM case_numbers WHERE key = ?", (key,))
        if not rows and year:
            rows = self.store.query("SELECT item_id, doc FROM case_numbers WHERE serial = ? AND year = ?",
                                    (serial, year))
        if not rows and not year and series:
            rows = self.store.query("SELECT item_id, doc FROM case_numbers WHERE serial = ? AND series = ?",
                                    (serial, series))
        if not rows and not year:
            rows = self.store.query("SELECT item_id, doc FROM case_numbers WHERE serial = ?", (serial,))
        return [CaseMatch(r["item_id"], r["doc"]) for r in rows]

    def contract_ends(self, start: str, end: str, where: SearchFilter) -> list[ContractEnd]:
        clause, params = where.sql()
        rows = self.store.query(
            "SELECT f.item_id, f.value FROM facts f JOIN items i ON i.id = f.item_id JOIN meetings m"
            " ON m.id = i.meeting_id WHERE f.kind = 'date' AND f.role = 'end' AND f.value >= ? AND f.value <= ?"
            + clause,
            [start, end, *params],
        )
        return [ContractEnd(r["item_id"], r["value"]) for r in rows]

    def browse(self, where: SearchFilter, *, latest: bool, limit: int) -> tuple[list[int], int]:
        """Top-level items of the filtered meetings: decisions first, and of those the matters with a case number
        (not a notice or a formality), then newest meeting first, in agenda order; with `latest`, only the latest
        meeting of each committee (of each region: two may share a name). With how many items there are in all."""
        clause, params = where.sql()
        if latest:
            clause += (" AND m.meeting_date = (SELECT max(m2.meeting_date) FROM meetings m2"
                       " WHERE m2.committee_slug IS m.committee_slug AND m2.organisation IS m.organisation"
                       + (" AND m2.meeting_date <= ?" if where.date_to else "") + ")")
            if where.date_to:
                params.append(where.date_to)
        rows = self.store.query(
            "SELECT i.id, count(*) OVER () AS total FROM items i JOIN meetings m ON m.id = i.meeting_id"
            " WHERE i.parent_id IS NULL AND i.kind != 'routine'" + clause
            + f" ORDER BY {_SUBSTANCE_ORDER}, NOT EXISTS (SELECT 1 FROM case_numbers c WHERE c.item_id = i.id),"
            " m.meeting_date DESC, i.position LIMIT ?",
            [*params, limit],
        )
        return [r["id"] for r in rows], rows[0]["total"] if rows else 0

    def meeting_count(self, where: SearchFilter) -> int:
        """How many meetings the filter's committees, organisation and period hold."""
        clause, params = where.of_meetings().sql()
        return int(self.store.query("SELECT count(*) FROM meetings m WHERE 1" + clause, params)[0][0])

    def meeting_dates(self, where: SearchFilter) -> list[str]:
        """The dates of the meetings of the filter's committees and organisation, newest first (any period)."""
        clause, params = replace(where.of_meetings(), date_from=None, date_to=None).sql()
        rows = self.store.query("SELECT DISTINCT m.meeting_date FROM meetings m WHERE m.meeting_date IS NOT NULL"
                                + clause + " ORDER BY 1 DESC", params)
        return [r[0] for r in rows]

    def meeting_pages(self, where: SearchFilter, *, limit: int) -> list[MeetingPage]:
        """The meetings of the filter's committees, organisation and period, newest first."""
        clause, params = where.of_meetings().sql()
        rows = self.store.query(
            "SELECT m.committee_slug, m.committee_name, m.organisation, m.meeting_date, m.url FROM meetings m"
            " WHERE m.meeting_date IS NOT NULL" + clause + " ORDER BY m.meeting_date DESC, m.id LIMIT ?",
            [*params, limit])
        return [MeetingPage(**dict(r)) for r in rows]

    def mentioning_dates(self, where: SearchFilter, date_from: str, date_to: str, *, limit: int,
                         of_meetings: bool = False) -> list[int]:
        """Top-level items of the filtered meetings that name a date in a range, newest meeting first; not routine
        items, whose dates (of the minutes' approval) are not what a question for dates asks. With `of_meetings`,
        only dates said of a meeting ("inplanerade sammanträden 7 september"), not of a contract or a deadline."""
        clause, params = where.sql()
        if of_meetings:
            clause += " AND (lower(f.snippet) LIKE '%sammanträd%' OR lower(f.snippet) LIKE '%möte%')"
        rows = self.store.query(
            "SELECT DISTINCT i.id, m.meeting_date, i.position FROM facts f JOIN items i ON i.id = f.item_id"
            " JOIN meetings m ON m.id = i.meeting_id WHERE f.kind = 'date' AND f.value BETWEEN ? AND ?"
            " AND i.parent_id IS NULL AND i.kind != 'routine'" + clause
            + " ORDER BY m.meeting_date DESC, i.position LIMIT ?",
            [date_from, date_to, *params, limit],
        )
        return [r["id"] for r in rows]

    def full_text(self, expression: str, where: SearchFilter, *, limit: int,
                  lifts: tuple[SearchFilter, ...] = (), lift_limit: int = 0) -> list[Candidate]:
        """Items matching an FTS5 expression, best bm25 first (title weighs three times the body).

        With `lifts`, also the best `lift_limit` items of each of those filters, from the same pass over the
        matches (each filter's own query would rank every match again)."""
        clause, params = where.sql()
        if lifts:
            flags, flag_params = [], []
            for n, lift in enumerate(lifts):
                condition, lift_params = lift.sql()
                flags.append(f"({condition.removeprefix(' AND ') or '1'}) AS f{n}")
                flag_params.extend(lift_params)
            rows = self.store.query(
                "WITH matched AS MATERIALIZED (SELECT i.id AS id, bm25(items_fts, 3.0, 1.0) AS rank, "
                + ", ".join(flags) + " FROM items_fts JOIN items i ON i.id = items_fts.rowid"
                " JOIN meetings m ON m.id = i.meeting_id WHERE items_fts MATCH ?" + clause + ")"
                " SELECT id, rank FROM (SELECT id, rank FROM matched ORDER BY rank LIMIT ?)"
                + "".join(f" UNION SELECT id, rank FROM (SELECT id, rank FROM matched WHERE f{n} ORDER BY rank LIMIT ?)"
                          for n in range(len(lifts)))
                + " ORDER BY rank",
                [*flag_params, expression, *params, limit, *[lift_limit or limit] * len(lifts)],
            )
        elif clause:
            rows = self.store.query(
                "SELECT i.id, bm25(items_fts, 3.0, 1.0) AS rank FROM items_fts JOIN items i ON i.id = items_fts.rowid"
                " JOIN meetings m ON m.id = i.meeting_id WHERE items_fts MATCH ?" + clause
                + " ORDER BY rank LIMIT ?",
                [expression, *params, limit],
            )
        else:
            rows = self.store.query(
                "SELECT rowid AS id, bm25(items_fts, 3.0, 1.0) AS rank FROM items_fts WHERE items_fts MATCH ?"
                " ORDER BY rank LIMIT ?",
                [expression, limit],
            )
        return [Candidate(r["id"], -r["rank"]) for r in rows]

    def scoring_rows(self, ids: list[int]) -> list[ScoringRow]:
        if not ids:
            return []
        placeholders = ",".join("?" * len(ids))
        rows = self.store.query(
            "SELECT i.id, i.parent_id, i.kind, i.title_terms, i.body_terms, m.meeting_date, m.committee_slug,"
            " i.title_derived, i.parent_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM case_numbers c WHERE c.item_id = i.id) AS line"
            f" FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id IN ({placeholders})",
            ids,
        )
        return [ScoringRow(r["id"], r["parent_id"], r["kind"], r["title_terms"], r["body_terms"], r["meeting_date"],
                           r["committee_slug"], bool(r["title_derived"]), bool(r["line"])) for r in rows]

    def kinds_of(self, ids: list[int]) -> dict[int, str]:
        """The kind of each item (decision, information …), without its index terms."""
        if not ids:
            return {}
        placeholders = ",".join("?" * len(ids))
        rows = self.store.query(f"SELECT id, kind FROM items WHERE id IN ({placeholders})", ids)
        return {r["id"]: r["kind"] for r in rows}

    def facts_of(self, ids: list[int]) -> list[FactRow]:
        if not ids:
            return []
        placeholders = ",".join("?" * len(ids))
        rows = self.store.query(f"SELECT item_id, kind, value FROM facts WHERE item_id IN ({placeholders})", ids)
        return [FactRow(r["item_id"], r["kind"], r["value"]) for r in rows]
