"""Valid documents broken by mutation operators (tests/fuzz/mutations.py: delete, retype, duplicate, nest, alias,
dangle): each run ends in exit 0 and a package that works, or in exit 1 or 2 with a JSON pointer, never in
"unexpected" or a traceback. With --lenient, a problem confined to one schema or operation degrades only that
part, with a located warning (issue 14, "Lenient mode"). One test per operator, so that each gets its share of
examples and a failure names the operator (an operator that applied to no example would fail as Unsatisfiable).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, note, seed, settings

from tests.fuzz.checks import check_broken, check_lenient
from tests.fuzz.fixtures import kept_when_failing
from tests.fuzz.fuzz_settings import FUZZ
from tests.fuzz.mutations import CONFINED_OPERATORS, OPERATORS, Mutant, mutants

Operator = Callable[..., Any]


def operator_seed(operator: Operator) -> int:
    # A fixed seed of each operator's own: one derandomized seed for all (the inner test's source is the
    # same) would break the same few documents with each operator.
    return zlib.crc32(operator.__name__.encode())


@pytest.mark.parametrize("operator", OPERATORS, ids=[o.__name__ for o in OPERATORS])
def test_a_broken_document_ends_in_a_located_error_or_a_working_package(operator: Operator) -> None:
    @seed(operator_seed(operator))
    @settings(FUZZ, derandomize=False, max_examples=8)
    @given(mutants(operator))
    def broken(mutant: Mutant) -> None:
        mutation = f"{mutant.operator} at {mutant.pointer}"
        note(mutation)
        with kept_when_failing("broken", mutant.spec, mutation=mutation):
            check_broken(mutant.spec)

    broken()


@pytest.mark.parametrize(
    "operator", CONFINED_OPERATORS, ids=[o.__name__ for o in CONFINED_OPERATORS]
)
def test_lenient_degrades_only_the_schema_or_operation_that_is_broken(operator: Operator) -> None:
    @seed(operator_seed(operator))
    @settings(FUZZ, derandomize=False, max_examples=4)
    @given(mutants(operator, confined=True))
    def confined(mutant: Mutant) -> None:
        mutation = f"{mutant.operator} at {mutant.pointer}"
        note(f"{mutation}, confined to {mutant.confined_to}")
        assert mutant.confined_to is not None
        with kept_when_failing(
            "lenient", mutant.spec, mutation=mutation, confined_to=mutant.confined_to
        ):
            check_lenient(mutant.spec, mutant.confined_to)

    confined()
