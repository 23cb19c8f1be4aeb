"""`pylayout.class_field` lays out long model fields exactly as black does, or declines (black is the oracle)."""

from __future__ import annotations

import itertools

import black
import pytest

from generator import pylayout
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


def _call_argument(argument: str) -> str:
    """`argument` where the resource templates put `cast_to=`: one argument per line of a nested call."""
    return (
        "def f():\n    return cast(\n        X,\n        g(\n            a(\n"
        f'                "/p",\n                {argument},\n                stream=True,\n'
        "            ),\n        ),\n    )\n"
    )


def _union(count: int, length: int, letter: str) -> str:
    return " | ".join(f"{letter}{i}" + letter.lower() * length for i in range(count))


def test_signature_ends_match_black() -> None:
    shapes = ["{t}", "{t} | Other", "{t} | Other | Third | Fourth", "Stream[{t}]", "Stream[{t} | B | C]"]
    shapes += ["{t} | Stream[{t} | Other]", "list[{t}] | None", "dict[str, {t}]", "Stream[{t}] | None"]
    laid = 0
    for length, shape, suffix in itertools.product(range(10, 120, 9), shapes, [":", ": ..."]):
        returns = shape.format(t="T" * length)
        end = pylayout.signature_end(returns, suffix)
        if end == f") -> {returns}{suffix}":
            continue
        laid += 1
        body = "\n        pass\n" if suffix == ":" else "\n"
        head = "class A:\n    def f(\n        self,\n        x: int,\n    "
        ours = f"{head}{end}{body}"
        assert ours == black.format_str(f"{head}) -> {returns}{suffix}{body}", mode=MODE), returns
    assert laid > 20


def test_conditional_and_union_arguments_match_black() -> None:
    laid = 0
    for count, length, condition in itertools.product(range(1, 14, 3), range(4, 40, 7), (5, 30)):
        true, false = _union(count, length, "T"), _union(max(1, 14 - count), length // 2, "F")
        cond = "s" * condition + " is True"
        for argument, plain in (
            (pylayout.conditional_argument("cast_to", true, cond, false, indent=16), f"cast_to={true} if {cond} else {false}"),
            (pylayout.keyword_argument("cast_to", true, indent=16), f"cast_to={true}"),
        ):
            if argument == plain:
                continue
            laid += 1
            assert _call_argument(argument) == black.format_str(_call_argument(plain), mode=MODE), plain
    assert laid > 50


def test_parameters_match_black() -> None:
    shapes = ["{t}", "{t} | None", "dict[str, {t}]", "dict[str, {t}] | Omit = omit", "list[{t}]"]
    shapes += ["Sequence[{t} | Other | Mapping[str, Any]] | Omit = omit", "{t} | Omit | None = omit"]
    laid = 0
    for name_length, type_length, shape in itertools.product(range(1, 60, 8), range(10, 110, 9), shapes):
        text = f"{'n' * name_length}: " + shape.format(t="T" * type_length)
        laid_out = pylayout.parameter(text, indent=8)
        if laid_out == text:
            continue
        laid += 1
        head = "class A:\n    def f(\n        self,\n        *,\n        "
        tail = ",\n    ) -> None:\n        pass\n"
        assert head + laid_out + tail == black.format_str(head + text + tail, mode=MODE), text
    assert laid > 100
