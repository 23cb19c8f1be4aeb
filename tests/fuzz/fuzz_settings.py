"""The Hypothesis settings profiles of the fuzz suite.

`clientgen-fuzz` is what `make test` runs: derandomized (a fixed seed, so every run tries the same examples), no
example database, no deadline (the first generation of a session imports the whole generator), few examples
(each generates and imports a package). `make fuzz` (tests/fuzz/run.py) starts from `clientgen-fuzz-long`:
a random seed and as many examples as its time allows.
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

PROFILE = "clientgen-fuzz"
LONG_PROFILE = "clientgen-fuzz-long"

_COMMON = settings(
    database=None,
    deadline=None,
    # Generating a whole document takes longer than Hypothesis expects of one draw, and is meant to be large.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    print_blob=False,
)
# No shrinking in `make test`: each step of it generates a package, and minutes of them would pass for a hang.
# The failing document is printed as found; `make fuzz` shrinks what it keeps.
settings.register_profile(
    PROFILE,
    parent=_COMMON,
    derandomize=True,
    max_examples=20,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.register_profile(
    LONG_PROFILE,
    parent=_COMMON,
    derandomize=False,
    max_examples=1_000_000,
    report_multiple_bugs=False,
)

FUZZ = settings.get_profile(PROFILE)
LONG = settings.get_profile(LONG_PROFILE)
