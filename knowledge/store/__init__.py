"""The SQLite store: every SQL statement of namndbot, behind typed methods returning dataclasses."""

from knowledge.store.committees import Committee, CommitteeSummary
from knowledge.store.db import Store, StoreError, StoreWriteError
from knowledge.store.items import StoreCounts, StoredItem, UpsertResult
from knowledge.store.overview import StoreOverview

__all__ = [
    "Committee", "CommitteeSummary", "Store", "StoreCounts", "StoreError", "StoreOverview", "StoredItem",
    "StoreWriteError", "UpsertResult",
]
