"""The import block of a generated resource module: what its signatures and calls use, in isort order."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import pyimports
from generator.typemap import Import, PyType


@dataclass
class Imports:
    typing: set[str] = field(default_factory=set)
    abc: set[str] = field(default_factory=set)
    stdlib: set[str] = field(default_factory=set)
    models: set[str] = field(default_factory=set)
    runtime: dict[str, set[str]] = field(default_factory=dict)
    functools: set[str] = field(default_factory=set)
    # Model classes imported under another name (they clash with a name of the module) and their modules.
    aliases: dict[str, str] = field(default_factory=dict)
    module_of: dict[str, str] = field(default_factory=dict)
    extra: set[Import] = field(default_factory=set)

    def add_type(self, py: PyType) -> None:
        for name in py.typing:
            (self.abc if name in ("Mapping", "Sequence") else self.typing).add(name)
        self.stdlib |= set(py.stdlib)
        self.models |= set(py.models)
        self.extra |= set(py.imports)

    def need(self, module: str, *names: str) -> None:
        """Names from one of the runtime's modules (`_types`, `_streaming`, ...)."""
        self.runtime.setdefault(module, set()).update(names)

    def lines(self, depth: int) -> list[str]:
        """The block for a module `depth` package levels below the package root."""
        up = "." * (depth + 1)
        entries: list[pyimports.Import] = [("collections.abc", n, None) for n in self.abc]
        entries += [("datetime", n, None) for n in self.stdlib]
        entries += self.extra
        entries += [("functools", n, None) for n in self.functools]
        entries += [("typing", n, None) for n in self.typing]
        for module, names in self.runtime.items():
            entries += [(up + module, n, None) for n in names]
        entries += [
            (up + self.module_of.get(n, "types"), n, self.aliases.get(n)) for n in self.models
        ]
        return pyimports.render_block(entries)
