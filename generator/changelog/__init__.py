"""`clientgen diff`: what changed between two versions of a spec, seen from a caller of the generated client.

Both sides are read as generation reads them (`generator.inputs`, not validated: a spec bump that breaks
validation must still diff) and analysed as it analyses them (`sides`); `rules` classifies each change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.changelog.rules import Rules
from generator.changelog.sides import SpecVersion
from generator.config import Target
from generator.errors import ClientgenError
from generator.inputs import read_inputs
from generator.lock import previous_path, read_lock
from generator.source import read_file_if_present

# Report sections, in reading order; the first part of every `kind` is one of these.
AREAS = ("operation", "parameter", "request", "response", "auth")


class DiffError(ClientgenError):
    """Any failure of `clientgen diff`. Exit code 2, because exit code 1 means "something is breaking"."""

    exit_code = 2


@dataclass(frozen=True)
class Change:
    """One change, as the report shows it; `pointer` points into the new spec (the old one for a removal)."""

    kind: str
    breaking: bool
    python_name: str
    pointer: str
    detail: str

    def sort_key(self) -> tuple[bool, int, str, str, str, str]:
        rank = AREAS.index(self.kind.split(".", 1)[0])
        return (not self.breaking, rank, self.kind, self.python_name, self.pointer, self.detail)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Changelog:
    old_label: str
    new_label: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]

    @property
    def non_breaking(self) -> list[Change]:
        return [c for c in self.changes if not c.breaking]

    @property
    def summary(self) -> str:
        return f"{len(self.breaking)} breaking, {len(self.non_breaking)} non-breaking"


def diff_specs(
    old_source: str,
    new_source: str,
    *,
    old_overlay: Path | None = None,
    new_overlay: Path | None = None,
    naming: Target | None = None,
) -> Changelog:
    """Load both specs (files or URLs, each with its optional overlay) and compare them, naming operations by the
    rules (`strip_prefixes`, `[names]`) of the target `naming`, else generically."""
    old, new = _load(old_source, old_overlay), _load(new_source, new_overlay)
    return diff_documents(old, new, naming=naming)


def diff_documents(
    old_document: dict[str, Any], new_document: dict[str, Any], *, naming: Target | None = None
) -> Changelog:
    """Compare two loaded documents; `DiffError` when analysis rejects either as a whole."""
    sides = []
    for which, document in (("old", old_document), ("new", new_document)):
        try:
            sides.append(SpecVersion(document, naming))
        except ClientgenError as exc:
            what = f"the {which} spec cannot be analysed: {exc.what}"
            raise DiffError(what, where=exc.where, fix=exc.fix) from exc
    old, new = sides
    changes = [Change(*finding) for finding in Rules(old, new).run()]
    # The same place can be reached twice (a `$ref` to an inline schema of another operation): report it once.
    unique = {(c.kind, c.python_name, c.pointer, c.detail): c for c in changes}
    return Changelog(old.label, new.label, tuple(sorted(unique.values(), key=Change.sort_key)))


def changelog_since_fetch(target: Target) -> str | None:
    """The API changelog (as text) since the spec `clientgen fetch` replaced, when that spec is still at hand and
    is the one the lock file recorded; a failure to diff is reported in the text, never raised."""
    previous = previous_path(target.spec)
    lock = read_lock(target.spec)
    if lock is None or lock.previous_sha256 is None:
        return None
    previous_raw = read_file_if_present(previous, what="previous spec")
    if previous_raw is None or hashlib.sha256(previous_raw).hexdigest() != lock.previous_sha256:
        return None
    old, new = str(previous), str(target.spec)
    try:
        return render_text(diff_specs(old, new, new_overlay=target.overlay, naming=target))
    except ClientgenError as exc:
        return f"(no changelog: {exc.what})"


def _load(source: str, overlay: Path | None) -> dict[str, Any]:
    try:
        return read_inputs(source, overlay, allow_external_refs=False).document
    except ClientgenError as exc:
        fix = exc.fix
        if fix and "--allow-external-refs" in fix:
            # The generic advice names an option `diff` does not have: it compares documents as they are.
            fix = "inline the referenced schema with an overlay (--overlay / --old-overlay)"
        raise DiffError(exc.what, where=exc.where, fix=fix) from exc


def render_text(changelog: Changelog) -> str:
    lines = [f"{changelog.old_label} -> {changelog.new_label}"]
    if not changelog.changes:
        lines.append("No changes a caller of the generated client would notice.")
    groups = {"Breaking": changelog.breaking, "Non-breaking": changelog.non_breaking}
    for title, group in groups.items():
        if group:
            lines += ["", f"{title} ({len(group)}):"]
            lines.extend(f"  {c.python_name}: {c.detail}  [{c.kind}]" for c in group)
    lines += ["", changelog.summary]
    return "\n".join(lines)


def render_markdown(changelog: Changelog) -> str:
    lines = [f"### API changes: {changelog.old_label} → {changelog.new_label}", ""]
    lines.append(f"**{changelog.summary}**")
    if changelog.changes:
        lines += ["", "| | Python | Change | Details | Spec |", "| --- | --- | --- | --- | --- |"]
    for c in changelog.changes:
        flag = "**breaking**" if c.breaking else "non-breaking"
        cells = [flag, f"`{c.python_name}`", c.kind, c.detail, f"`{c.pointer}`"]
        # Pipes end a table cell even inside backticks (union types: `int | str`).
        cells = [cell.replace("|", "\\|").replace("\n", " ") for cell in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render_json(changelog: Changelog) -> str:
    return json.dumps([c.as_json() for c in changelog.changes], indent=2, ensure_ascii=False)


# `clientgen diff --format NAME`: text for a terminal, markdown for a PR or CHANGELOG, JSON for tools.
RENDERERS: dict[str, Callable[[Changelog], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
