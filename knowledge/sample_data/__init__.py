"""Real meeting pages shipped with namndbot, so a new database answers at once."""

from __future__ import annotations

from pathlib import Path

from knowledge.pages.ingest import IngestReport, ingest_manifest
from knowledge.store import Store

SAMPLE_DIR = Path(__file__).parent
MANIFESTS = (SAMPLE_DIR / "seeds" / "INDEX.tsv", SAMPLE_DIR / "dev" / "INDEX.tsv")


def load_sample_data(store: Store, *, now: str) -> IngestReport:
    """Ingest every bundled manifest into the store."""
    report = IngestReport()
    for manifest in MANIFESTS:
        report.add(ingest_manifest(store, manifest, now=now))
    return report


def ensure_sample_data(store: Store, *, now: str) -> IngestReport | None:
    """Load the sample data when the store holds no meetings yet; return what was done."""
    if store.counts().meetings:
        return None
    return load_sample_data(store, now=now)
