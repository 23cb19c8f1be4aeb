"""Stage 3: validate the document as openapi-spec-validator does, every problem with a JSON pointer. A compiled
check (compiled.py) vouches for valid documents without importing the library, slow to import; anything else
goes to the library (library.py), whose problems and messages are the ones reported."""

from __future__ import annotations

from typing import Any

from generator.errors import Problem
from generator.validate.compiled import surely_valid


def validate_document(document: dict[str, Any]) -> list[Problem]:
    """Every validation problem in the document, sorted by pointer (empty when valid)."""
    if surely_valid(document):
        return []
    from generator.validate.library import library_problems

    return library_problems(document)
