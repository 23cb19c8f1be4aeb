"""Stage 3: validate the document as openapi-spec-validator does, every problem with a JSON pointer. A compiled
check (compiled.py) decides valid documents, and those whose only problems it knows as the library path reports
them, without importing the library, slow to import; anything else goes to the library (library.py)."""

from __future__ import annotations

from typing import Any

from generator.errors import Problem
from generator.validate.compiled import known_problems


def validate_document(document: dict[str, Any]) -> list[Problem]:
    """Every validation problem in the document, sorted by pointer (empty when valid)."""
    problems = known_problems(document)
    if problems is not None:
        return problems
    from generator.validate.library import library_problems

    return library_problems(document)
