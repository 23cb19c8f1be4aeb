"""Every failure `make fuzz` kept in tests/fixtures/fuzz/, replayed with the check that found it (a valid document
that must generate a working package, a broken one that must end in a located error or a working package, a
confined breakage --lenient must degrade): each stays a test once found (issue 14, point 4).
"""

from __future__ import annotations

import pytest

from tests.fuzz.fixtures import FIXTURES, Kept, kept, replay

KEPT = kept()


@pytest.mark.parametrize("fixture", KEPT, ids=[k.name for k in KEPT])
def test_a_kept_fuzz_failure_is_handled(fixture: Kept) -> None:
    replay(fixture)


def test_every_kept_fixture_names_a_property_it_can_be_replayed_with() -> None:
    assert (FIXTURES / "README.md").is_file()
    for fixture in KEPT:
        assert fixture.property in ("valid", "broken", "lenient"), fixture.name
        assert fixture.property != "lenient" or fixture.confined_to, fixture.name
        assert str(fixture.sidecar.get("command", "")).startswith(
            "clientgen generate --spec "
        ), fixture.name


def test_a_failure_class_is_its_kind_and_its_cause_without_the_examples_names() -> None:
    from tests.fuzz.checks import FuzzFailure
    from tests.fuzz.fixtures import cause, failure_class

    discriminator = "fuzzpkg1_2.types.pet: Model 'Field0' needs a discriminator field for key ''"
    assert cause(discriminator) == "_ Model _ needs a discriminator field for key _"
    assert cause(discriminator.replace("Field0", "List").replace("1_2", "9_7")) == cause(
        discriminator
    )
    undefined = "Pet cannot validate {'a': [1]}: PydanticUserError: `Pet` is not fully defined; ..."
    assert cause(undefined) == "PydanticUserError: _ is not fully defined; _"
    assert cause("error: unexpected KeyError: 'oneOf'\n  fix: report it") == "KeyError: _"
    # One kind, two causes: two classes, so that a repeat of one cannot hide the other.
    first = failure_class(FuzzFailure("import-PydanticUserError", discriminator))
    assert first != failure_class(FuzzFailure("import-PydanticUserError", undefined))
