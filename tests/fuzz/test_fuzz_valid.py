"""Valid OpenAPI 3.0 and 3.1 documents, names and strings from all of Unicode (tests/fuzz/strategies.py): each
validates, generates, and gives a package whose every module compiles and imports, whose every exported name
resolves, and whose every model keeps every field's exact wire name and value (issue 14, acceptance).
"""

from __future__ import annotations

from hypothesis import given, settings

from tests.fuzz.checks import check_valid
from tests.fuzz.fixtures import kept_when_failing
from tests.fuzz.fuzz_settings import FUZZ
from tests.fuzz.strategies import SpecText, spec_texts


@settings(FUZZ, max_examples=20)
@given(spec_texts("3.0"))
def test_a_valid_30_document_generates_a_package_that_works(spec: SpecText) -> None:
    with kept_when_failing("valid", spec):
        check_valid(spec)


@settings(FUZZ, max_examples=20)
@given(spec_texts("3.1"))
def test_a_valid_31_document_generates_a_package_that_works(spec: SpecText) -> None:
    with kept_when_failing("valid", spec):
        check_valid(spec)
