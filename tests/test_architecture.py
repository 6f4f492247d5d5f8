"""The layering holds: knowledge/ is a library of its own, and the store does not depend on the parser."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _imports_under(folder: str) -> dict[str, set[str]]:
    return {str(p.relative_to(ROOT)): _imports(p) for p in (ROOT / folder).rglob("*.py")}


def test_knowledge_imports_neither_telegram_nor_bot_nor_handlers() -> None:
    for path, modules in _imports_under("knowledge").items():
        bad = {m for m in modules if m.split(".")[0] in {"telegram", "bot", "handlers"}}
        assert not bad, f"{path} imports {sorted(bad)}"


def test_the_store_does_not_import_the_parser() -> None:
    for path, modules in _imports_under("knowledge/store").items():
        bad = {m for m in modules if m.startswith("knowledge.pages")}
        assert not bad, f"{path} imports {sorted(bad)}"


def test_handlers_import_nothing_from_bot() -> None:
    for path, modules in _imports_under("handlers").items():
        bad = {m for m in modules if m.split(".")[0] == "bot"}
        assert not bad, f"{path} imports {sorted(bad)}"


_SQL = re.compile(r"\b(?:SELECT\s.+\sFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIRTUAL))\b")


def test_only_the_store_writes_sql() -> None:
    """Outside knowledge/store/, no module of the program or its benchmarks holds a SQL statement."""
    for folder in ("bot", "handlers", "knowledge", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            if "store" in path.relative_to(ROOT).parts[:2]:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert not _SQL.search(node.value), f"{path.relative_to(ROOT)}: {node.value[:60]!r}"
