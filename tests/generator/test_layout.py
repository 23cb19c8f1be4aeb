"""`pylayout.class_field` lays out long model fields exactly as black does, or declines (black is the oracle)."""

from __future__ import annotations

import itertools

import black
import pytest

from generator.pylayout import LINE_LENGTH, class_field

MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=LINE_LENGTH)
ANNOTATIONS = [
    "{t}",
    "{t} | None",
    "{t} | Other | Third | None",
    "list[{t}] | None",
    "dict[str, {t}] | None",
    'Literal["a", "b"] | {t}',
    "list[{t}]",
]
DEFAULTS = [None, "None", "True", "-12", "Kind.value", "K" * 40 + ".member", "K" * 80 + ".m", '"s"', "[]"]


def _black(line: str) -> str:
    return str(black.format_str(f"class A(B):\n{line}\n", mode=MODE))


def test_every_field_it_lays_out_is_what_black_makes() -> None:
    laid = declined = 0
    for name_length, type_length, shape, default in itertools.product(
        range(1, 92, 9), range(8, 97, 11), ANNOTATIONS, DEFAULTS
    ):
        annotation = shape.format(t="T" * type_length)
        line = f"    {'n' * name_length}: {annotation}" + (f" = {default}" if default else "")
        if len(line) <= LINE_LENGTH:
            continue
        ours = class_field(line)
        if ours is None:
            declined += 1
            continue
        laid += 1
        assert f"class A(B):\n{ours}\n" == _black(line), line
    assert laid > 500 and declined > 500  # both paths exercised


@pytest.mark.parametrize(
    "line",
    [
        "    x: " + " | ".join(f"Member{i}" for i in range(20)) + "  # type: ignore[assignment]",
        "    x: " + " | ".join(f"Member{i}" for i in range(20)) + " = Field(None, alias='y')",
        "    x: " + " | ".join(f"Member{i}" for i in range(20)) + " = 'single'",
        "    x = " + " + ".join(f"Member{i}" for i in range(20)),
        "    " + "x" * 120 + ": int",
        "    x: list[" + " | ".join(f"Member{i}" for i in range(20)) + "] | None = None",
    ],
)
def test_shapes_it_does_not_know_are_left_to_black(line: str) -> None:
    assert class_field(line) is None
