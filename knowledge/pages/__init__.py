"""Meeting pages in: URL shapes, the parser and its layouts, facts, case numbers and ingest."""
