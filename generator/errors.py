"""Errors the user can act on.

Every failure the CLI reports is a :class:`ClientgenError`: what went wrong, where (a file, a URL or a JSON
pointer into the spec) and how to fix it. The CLI prints it as one short paragraph and never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class ClientgenError(Exception):
    """A failure with a located, actionable message."""

    exit_code = 1

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.where = where
        self.fix = fix

    def render(self) -> str:
        lines = [f"error: {self.what}"]
        if self.where:
            lines.append(f"  where: {self.where}")
        if self.fix:
            lines.append(f"  fix: {self.fix}")
        return "\n".join(lines)


class UsageError(ClientgenError):
    """Bad invocation or unreadable input (exit code 2)."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a spec: used for validation listings and lenient-mode warnings."""

    pointer: str
    message: str
    operation: str = ""
    fix: str = ""
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def render(self) -> str:
        where = self.pointer or "/"
        op = f" [{self.operation}]" if self.operation else ""
        level = "" if self.is_error else "warning: "
        text = f"{level}{where}{op}: {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class SpecProblems(ClientgenError):
    """A spec that fails validation: carries every problem, not just the first."""

    def __init__(self, problems: Iterable[Problem], *, source: str) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(
            f"{source} has {count} validation problem{'s' if count != 1 else ''}",
            where=source,
            fix="fix them in the target's overlay (see `clientgen validate SPEC --overlay FILE`), "
            "or pass --lenient to skip what cannot be generated",
        )

    def render(self) -> str:
        body = "\n".join(p.render() for p in self.problems)
        return f"{body}\n{super().render()}"


def escape_pointer_token(token: str | int) -> str:
    """RFC 6901 escaping of one reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def split_pointer(ptr: str) -> list[str]:
    ptr = ptr.removeprefix("#")
    if not ptr:
        return []
    return [unescape_pointer_token(t) for t in ptr.split("/")[1:]]
