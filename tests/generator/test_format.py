"""The format stage: `ruff format` lays out whatever the templates and the models emit, in black's style.

Black stays the judge: `make test` runs `black --check` on every committed generated file; here the shapes the
generator emits that need splitting (long fields, signatures, call arguments, imports) are checked against the
pinned black directly, so that a ruff upgrade that parts ways with black fails here first.
"""

from __future__ import annotations

import itertools

import black
import pytest

from generator.errors import ClientgenError
from generator.format import LINE_LENGTH, format_files
from generator.render.methods import chosen_cast, parameter, return_annotation

MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=LINE_LENGTH)


# Where ruff's own layout is known to differ from black's (documented by ruff as deviations): a class field
# whose `name: Type = (` alone is over the line (black adds parentheses that cannot help), and one whose
# default is `[]`, `{}` or a negative number while its annotation must be split (black splits the default).
# The models of the committed clients and fixtures have neither; `make test` checks them with black.
def _known_deviation(name: str, annotation: str, default: str | None) -> bool:
    if default is None:
        return False
    return (
        len(f"    {name}: {annotation} = (") > LINE_LENGTH
        or default in ("[]", "{}")
        or default[0] == "-"
    )


def _shapes() -> list[str]:
    sources = []
    for name_length, type_length in itertools.product((1, 30, 70), (10, 60, 95)):
        name, t = "n" * name_length, "T" * type_length
        annotations = [t, f"{t} | None", f"{t} | Other | Third | None", f"list[{t}] | None"]
        annotations += [f'Literal["a", "b"] | {t}', f"dict[str, {t}]"]
        for annotation, default in itertools.product(
            annotations, [None, "None", "Kind.value", "K" * 40 + ".member", "7", "[]", "-1"]
        ):
            field = f"    {name}: {annotation}" + (f" = {default}" if default else "")
            if len(field) > LINE_LENGTH and _known_deviation(name, annotation, default):
                continue
            sources.append(f"class A(B):\n{field}\n")
        params = [
            parameter(f"{name}: {t} | Omit = omit"),
            parameter(f"{name}: Sequence[{t} | Other | Mapping[str, Any]] | Omit = omit"),
            parameter(f"{name}_2: {t} | Omit | None = omit"),
            parameter(f"{name}_3: dict[str, {t}]"),
            parameter(f"{name}_4: {t}"),
        ]
        for returns, suffix in (
            (f"Stream[{t} | B] | {t}", ":"),
            (f"{t} | Other", ": ..."),
            (f"list[{t}]", ":"),
        ):
            body = "\n        return None\n" if suffix == ":" else "\n"
            sources.append(
                "class A:\n    def f(\n        self,\n        *,\n"
                + "".join(f"        {p},\n" for p in params)
                + f"    ) -> {return_annotation(returns, suffix)}{suffix}{body}"
            )
        sources.append(
            f"class A:\n    def f(self) -> None:\n        return cast(\n            {t},\n"
            f'            self._client._request(\n                "get",\n                "/p",\n'
            f"                cast_to={chosen_cast(t, name, t + ' | None')},\n"
            f'                query={{"a": {name}, "b": {name}, "{t}": {name}}},\n            ),\n        )\n'
        )
        sources.append(f"from .{name} import {', '.join(f'{t}{i}' for i in range(4))}\n")
    return sources


def test_the_formatted_shapes_are_what_black_makes() -> None:
    sources = {f"m{index}.py": source for index, source in enumerate(_shapes())}
    formatted = format_files(sources)
    changed = 0
    for path, source in sources.items():
        assert black.format_str(formatted[path], mode=MODE) == formatted[path], source
        changed += formatted[path] != source
    assert changed > 50  # the shapes do need laying out


def test_verbatim_and_non_python_files_are_kept_as_they_are() -> None:
    files = {"_runtime.py": "x   =  1\n", "py.typed": "", "a/build/m.py": "y   =  2\n"}
    formatted = format_files(files, verbatim=frozenset({"_runtime.py"}))
    # A folder named `build` is one ruff skips when it walks a tree; named file by file, it is formatted.
    assert formatted == {"_runtime.py": "x   =  1\n", "py.typed": "", "a/build/m.py": "y = 2\n"}


def test_code_that_does_not_parse_is_a_located_error() -> None:
    with pytest.raises(ClientgenError) as caught:
        format_files({"resources/broken.py": "def f(:\n"})
    assert "ruff could not format" in caught.value.what
    assert "broken.py" in caught.value.what
