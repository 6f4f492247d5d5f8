"""Search: candidates from the store, ranking, and the answer built from the hits."""
