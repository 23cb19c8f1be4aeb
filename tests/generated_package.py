"""A generated package imported whole in a fresh interpreter, as its user would import it.

One check for the tests that generate hostile specs: every module imports, every package lists itself with
`dir()` and resolves every name of its `__all__`, and every model is fully defined (a forward reference left
unresolved fails on first use, not on import).
"""

from __future__ import annotations

from pathlib import Path

from tests.python_process import run_python

# Script text defining `packages_of(name)`, for the scripts that check generated packages in a child process.
PACKAGES_OF = """
import importlib, pkgutil

def packages_of(name):
    # The package and its subpackages, after every module of it was imported.
    package = importlib.import_module(name)
    packages = [package]
    for found in pkgutil.walk_packages(package.__path__, name + "."):
        module = importlib.import_module(found.name)
        if found.ispkg:
            packages.append(module)
    return packages
"""

_WHOLE = PACKAGES_OF + """
import sys
import pydantic

name = sys.argv[1]
for each in packages_of(name):
    dir(each)
    for export in getattr(each, "__all__", []):
        getattr(each, export)
types = importlib.import_module(name + ".types")
for export in types.__all__:
    model = getattr(types, export)
    if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
        try:
            model.model_validate({})
        except pydantic.ValidationError:
            pass
"""


def assert_imports_whole(out: Path, package: str) -> None:
    """The package in `out` imports whole (the module's docstring), in a fresh interpreter."""
    done = run_python("-c", _WHOLE, package, cwd=out, timeout=120)
    assert done.returncode == 0, done.stderr[-4000:]
