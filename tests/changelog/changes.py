"""What the changelog tests share: the committed spec pairs, the entries a changelog lists, inline documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.changelog import Changelog

PAIRS = Path(__file__).resolve().parent / "pairs"

Entry = tuple[str, str, bool]  # (kind, python_name, breaking)


def entries(changelog: Changelog) -> set[Entry]:
    found = [(c.kind, c.python_name, c.breaking) for c in changelog.changes]
    assert len(found) == len(set(found)), f"duplicate entries: {found}"
    return set(found)


def inline_spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "inline", "version": "1"},
        "paths": paths,
    }
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    return document
