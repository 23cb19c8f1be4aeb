"""The drift check: is what is on disk exactly what the spec, overlay and templates produce?"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass
class Drift:
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def compare(
    expected: dict[str, bytes], actual: dict[str, bytes], *, label: str, max_diff_lines: int = 40
) -> Drift:
    drift = Drift()
    for path in sorted(set(expected) | set(actual)):
        if path not in actual:
            drift.missing.append(path)
        elif path not in expected:
            drift.extra.append(path)
        elif expected[path] != actual[path]:
            drift.changed.append(path)
            if len(drift.diff) < max_diff_lines:
                lines = list(
                    difflib.unified_diff(
                        expected[path].decode("utf-8", "replace").splitlines(),
                        actual[path].decode("utf-8", "replace").splitlines(),
                        fromfile=f"{label}/{path} (generated)",
                        tofile=f"{label}/{path} (on disk)",
                        lineterm="",
                        n=2,
                    )
                )
                drift.diff.extend(lines[: max_diff_lines - len(drift.diff)])
    return drift
