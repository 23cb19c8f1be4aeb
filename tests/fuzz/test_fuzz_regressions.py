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
