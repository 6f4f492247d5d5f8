"""The SQLite store: schema and migrations, meetings, items, facts, subscriptions and the index."""

from knowledge.store.db import Store, StoredItem, StoreError, StoreWriteError, UpsertResult

__all__ = ["Store", "StoreError", "StoreWriteError", "StoredItem", "UpsertResult"]
