"""Names that shadow what the generated package uses, and names too long for a file (issue 14, "Names").

Importing a submodule binds its name in its package's `__init__`: a model module `types/getattr.py` replaces the
builtin that `types/__init__.py` calls, a resource module `resources/things/cast.py` the `cast` its parent's
methods call. A module name chosen from a spec name therefore avoids the names its package's `__init__` uses (the
lists in `generator.identifiers` and `generator.render.names`) and fits a file name; a client class of a target
file avoids the names of the modules that import it.

tests/generator/test_hostile_corpus.py runs every fixture of tests/fixtures/hostile/names.expect.toml and checks
its ending; this file checks what that does not: the lists against the templates, no package's submodule named
like what the package uses, every path component within the bound, each resource method still working once its
children are imported, and the naming rule itself.
"""

from __future__ import annotations

import ast
import json
import subprocess
import symtable
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.config import CLIENT_CLASS_RESERVED, load_target
from generator.errors import ClientgenError
from generator.identifiers import (
    CLIENT_MODULE_NAMES,
    MAX_MODULE_NAME_BYTES,
    PACKAGE_INIT_NAMES,
    PAGINATION_INIT_NAMES,
    TYPES_INIT_NAMES,
    _hashed,
    module_name,
)
from generator.render.names import RESOURCE_PACKAGE_NAMES, resource_module
from generator.typemap import SHADOWABLE
from tests.generated_package import PACKAGES_OF

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
EXPECTED = tomllib.loads((HOSTILE / "names.expect.toml").read_text(encoding="utf-8"))
SPECS = sorted(
    stem
    for stem, expected in EXPECTED.items()
    if expected["outcome"] == "generates" and (HOSTILE / f"{stem}.json").exists()
)
# Every package on disk rendered by the current templates: the committed clients and golden trees (both checked
# against the generator by `clientgen check` and the snapshot tests).
RENDERED = [
    *(p for p in sorted((ROOT / "generated").iterdir()) if (p / "__init__.py").exists()),
    *(p for p in sorted((ROOT / "tests" / "snapshots").iterdir()) if (p / "__init__.py").exists()),
]


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each generating spec fixture's package (named after the fixture), by fixture: its folder."""
    packages = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")
        for stem in SPECS:
            out = tmp_path_factory.mktemp(stem)
            spec = str(HOSTILE / f"{stem}.json")
            args = ["generate", "--spec", spec, "--package", stem, "--out", str(out)]
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 0, f"{stem}: {result.output}"
            packages[stem] = out / stem
    return packages


# --- the naming rule ---------------------------------------------------------------------------------------

_identifiers = st.from_regex(r"[a-z_][a-z0-9_]{0,300}", fullmatch=True)
_near_reserved = st.sampled_from(sorted(RESOURCE_PACKAGE_NAMES | TYPES_INIT_NAMES)).flatmap(
    lambda name: st.integers(0, 3).map(lambda extra: name + "_" * extra)
)
_shortened_like = _identifiers.map(lambda name: _hashed(name, MAX_MODULE_NAME_BYTES))


@settings(max_examples=300, deadline=None)
@given(st.sets(st.one_of(_identifiers, _near_reserved, _shortened_like), max_size=12))
def test_module_names_are_distinct_free_and_fit(names: set[str]) -> None:
    reserved = RESOURCE_PACKAGE_NAMES | TYPES_INIT_NAMES
    chosen = {name: module_name(name, reserved) for name in names}
    assert len(set(chosen.values())) == len(names), chosen
    for name, module in chosen.items():
        assert module.isidentifier(), module
        assert module not in reserved, (name, module)
        assert len(module.encode()) <= MAX_MODULE_NAME_BYTES, (name, module)
        assert module_name(name, reserved) == module


def test_ordinary_names_stay_and_hostile_ones_stay_readable() -> None:
    reserved = RESOURCE_PACKAGE_NAMES
    assert module_name("fine_tunes", reserved) == "fine_tunes"
    assert [module_name(n, reserved) for n in ("cast", "cast_", "__all__")] == [
        "cast_",
        "cast__",
        "__all___",
    ]
    long = "very_" + "long" * 80
    shortened = module_name(long, reserved)
    assert shortened.startswith(long[:150]) and len(shortened) == MAX_MODULE_NAME_BYTES
    assert module_name(long + "er", reserved) != shortened
    # Cut on a character boundary, whatever the bytes.
    assert _hashed("é" * 200, 50).startswith("é" * 19 + "_")


# --- the reserved lists against the templates --------------------------------------------------------------


def names_used(source: str) -> set[str]:
    """What a module binds or reads at module level, the globals its functions and class bodies read, and the
    names its annotations read (not evaluated under `from __future__ import annotations`, which is why
    `symtable` leaves them out; mypy still resolves them in the module's namespace)."""
    table = symtable.symtable(source, "<generated>", "exec")
    found = {symbol.get_name() for symbol in table.get_symbols()}
    pending = list(table.get_children())
    while pending:
        scope = pending.pop()
        pending.extend(scope.get_children())
        found |= {symbol.get_name() for symbol in scope.get_symbols() if symbol.is_global()}
    for node in ast.walk(ast.parse(source)):
        annotations: list[ast.expr | None] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            annotations = [node.returns, *(a.annotation for a in every)]
        elif isinstance(node, ast.AnnAssign):
            annotations = [node.annotation]
        for annotation in filter(None, annotations):
            found |= {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}
    return found


def generated_names(source: str) -> set[str]:
    """Names the generator chose for this package: its classes, and what it imports from the package's own
    generated modules (models, pages, resources, scopes, clients), not from the runtime's `_` modules."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.ImportFrom) and node.level and node.module:
            first = node.module.split(".")[0]
            if not first.startswith("_") or first == "_client":
                found |= {alias.asname or alias.name for alias in node.names}
    return found


def _modules_with_their_lists(package: Path) -> Iterator[tuple[Path, frozenset[str]]]:
    """The package's modules that import submodules or clients, each with the list of the names it may use."""
    yield package / "__init__.py", PACKAGE_INIT_NAMES
    yield package / "_client.py", CLIENT_MODULE_NAMES
    yield package / "types" / "__init__.py", TYPES_INIT_NAMES
    if (package / "pagination").exists():
        yield package / "pagination" / "__init__.py", PAGINATION_INIT_NAMES
    for init in sorted((package / "resources").rglob("__init__.py")):
        # A resource hides the builtin types its children are named after, and spells them otherwise.
        yield init, RESOURCE_PACKAGE_NAMES | SHADOWABLE


def _assert_the_lists_hold(package: Path) -> None:
    for module, allowed in _modules_with_their_lists(package):
        source = module.read_text(encoding="utf-8")
        unlisted = names_used(source) - generated_names(source) - allowed
        assert not unlisted, f"{module} uses names missing from its list: {unlisted}"


@pytest.mark.parametrize("package", RENDERED, ids=[p.name for p in RENDERED])
def test_reserved_lists_hold_every_name_the_templates_use(package: Path) -> None:
    _assert_the_lists_hold(package)


def test_reserved_lists_hold_every_name_the_hostile_packages_use(
    generated: dict[str, Path],
) -> None:
    for package in generated.values():
        _assert_the_lists_hold(package)


def test_the_lists_catch_a_template_that_starts_using_a_new_global() -> None:
    source = (ROOT / "generated" / "oxen_hub" / "types" / "__init__.py").read_text(encoding="utf-8")
    changed = source.replace("return _builtins.list(__all__)", "return sorted(vars())")
    assert names_used(changed) - generated_names(changed) - TYPES_INIT_NAMES == {"sorted", "vars"}


# --- the generated packages ----------------------------------------------------------------------------------


def _submodules(package_dir: Path) -> set[str]:
    return {
        p.stem if p.is_file() else p.name
        for p in package_dir.iterdir()
        if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").exists()
    }


def _assert_no_submodule_shadows(package: Path) -> None:
    for init in [package / "__init__.py", *package.rglob("*/__init__.py")]:
        shadowed = _submodules(init.parent) & names_used(init.read_text(encoding="utf-8"))
        assert not shadowed, f"{init}: submodules {shadowed} replace its names"


@pytest.mark.parametrize("package", RENDERED, ids=[p.name for p in RENDERED])
def test_no_submodule_takes_a_name_its_package_uses(package: Path) -> None:
    _assert_no_submodule_shadows(package)


def test_no_hostile_submodule_takes_a_name_its_package_uses(generated: dict[str, Path]) -> None:
    for package in generated.values():
        _assert_no_submodule_shadows(package)


def test_what_the_hostile_names_became(generated: dict[str, Path]) -> None:
    def modules(stem: str, folder: str) -> set[str]:
        return _submodules(generated[stem] / folder)

    assert modules("names_schema_getattr", "types") == {"getattr_"}
    assert modules("names_schema_dunder_getattr", "types") == {"getattr_"}
    assert modules("names_schema_list", "types") == {"list_"}
    assert modules("names_schema_sorted_paginated", "pagination") == {"sorted_"}
    assert {"cast_", "other"} == modules("names_path_cast", "resources/things")
    # A child named like a builtin type keeps its name: its parent spells the builtin `builtins.list`.
    assert "list" in modules("names_path_every_reserved_name", "resources/things")
    twins = modules("names_schema_long_twins", "types")
    assert len(twins) == 2 and all(len(name) == MAX_MODULE_NAME_BYTES for name in twins)
    assert modules("names_schema_hash_shaped", "types") == {
        "pet",
        module_name("pet_0123456789", TYPES_INIT_NAMES),
    }
    assert resource_module("cast") == "cast_"


def test_every_path_component_fits_a_file_name(generated: dict[str, Path]) -> None:
    for package in generated.values():
        for path in package.rglob("*"):
            assert len(path.name.encode()) <= 255, path
            if path.suffix == ".py":  # and Python's bytecode file for it
                assert len(f"{path.stem}.cpython-311.opt-2.pyc".encode()) <= 255, path


# Runs in a fresh interpreter: every module of each package imports, every package lists itself, every export
# resolves and none is a module that replaced it; then, where asked, every resource method runs (a mock transport
# answers) after every module of the package, its resources' children among them, was imported.
CHECK = PACKAGES_OF + """
import functools, inspect, json, sys, types
import httpx2

def resources(owner):
    found = vars(type(owner)).items()
    return [getattr(owner, a) for a, m in found if isinstance(m, functools.cached_property)]

for folder, name, call in json.loads(sys.argv[1]):
    sys.path.insert(0, folder)
    for each in packages_of(name):
        dir(each)
        for export in getattr(each, "__all__", []):
            value = getattr(each, export)
            assert not isinstance(value, types.ModuleType), (each.__name__, export)
    if not call:
        continue
    base = importlib.import_module(name + "._base_client").SyncAPIClient
    module = importlib.import_module(name + "._client")
    client_class = next(c for c in map(module.__dict__.get, module.__all__) if issubclass(c, base))
    answer = httpx2.MockTransport(lambda request: httpx2.Response(200, json={"id": 1, "name": "x"}))
    client = client_class(base_url="http://test", api_key="k", http_client=httpx2.Client(transport=answer))
    calls, pending = 0, resources(client)
    while pending:
        resource = pending.pop()
        pending.extend(r for r in resources(resource) if not type(r).__name__.endswith("Response"))
        for attr, member in vars(type(resource)).items():
            if inspect.isfunction(member) and not attr.startswith("_"):
                parameters = list(inspect.signature(member).parameters.values())[1:]
                needed = [p for p in parameters if p.default is inspect.Parameter.empty]
                getattr(resource, attr)(*["1" for _ in needed])
                calls += 1
    assert calls, name
print("ok")
"""


def test_every_module_imports_every_export_resolves_and_every_method_runs(
    generated: dict[str, Path],
) -> None:
    runs = [
        [str(package.parent), stem, stem.startswith(("names_path_", "names_operation_id_"))]
        for stem, package in generated.items()
    ]
    done = subprocess.run(
        [sys.executable, "-c", CHECK, json.dumps(runs)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --- client classes ------------------------------------------------------------------------------------------


_CLASS_LIKE = sorted(n for n in CLIENT_CLASS_RESERVED if n[:1].isupper() and n.isidentifier())


@pytest.mark.parametrize("reserved", _CLASS_LIKE)
def test_a_target_file_may_not_name_a_client_like_the_package_names(
    tmp_path: Path, reserved: str
) -> None:
    for key in ("client", "async_client"):
        classes = {"client": "Plain", "async_client": "AsyncPlain", key: reserved}
        path = tmp_path / "target.toml"
        path.write_text(
            '[target]\nspec = "x.json"\npackage = "x_client"\n'
            + "".join(f'{name} = "{value}"\n' for name, value in classes.items())
            + 'api_key_env = "X_API_KEY"\nbase_url_env = "X_BASE_URL"\n'
        )
        with pytest.raises(ClientgenError) as raised:
            load_target(path, output_root=tmp_path)
        assert raised.value.where == f"{path} [target].{key}"


def test_a_target_file_may_not_give_both_clients_one_name(tmp_path: Path) -> None:
    path = tmp_path / "target.toml"
    path.write_text(
        '[target]\nspec = "x.json"\npackage = "x_client"\nclient = "X"\nasync_client = "X"\n'
        'api_key_env = "X_API_KEY"\nbase_url_env = "X_BASE_URL"\n'
    )
    with pytest.raises(ClientgenError) as raised:
        load_target(path, output_root=tmp_path)
    assert raised.value.where == f"{path} [target].async_client"


@pytest.mark.parametrize(
    ("package", "client"), [("stream", "StreamClient"), ("omit", "OmitClient")]
)
def test_a_package_named_like_a_runtime_class_gets_a_client_suffix(
    tmp_path: Path, package: str, client: str
) -> None:
    spec = HOSTILE / "names_schema_getattr.json"
    args = ["generate", "--spec", str(spec), "--package", package, "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    script = (
        f"import {package}\n"
        f"assert {package}.{client}.__module__ == '{package}._client'\n"
        f"assert {package}.Async{client}.__module__ == '{package}._client'\n"
        f"assert {package}.Stream.__module__ == '{package}._streaming'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_fields_never_hide_the_runtime_model_s_methods() -> None:
    from generator.models.adapter import RUNTIME_MODEL_METHODS

    runtime = ROOT / "templates" / "runtime" / "_models.py"
    tree = ast.parse(runtime.read_text(encoding="utf-8"))
    base = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "BaseModel")
    methods = {n.name for n in base.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
    assert methods == RUNTIME_MODEL_METHODS
