"""Stage 2: apply an OpenAPI Overlay 1.0 document.

Targets are RFC 9535 JSONPath expressions, evaluated with python-jsonpath in strict (RFC 9535) mode.
`update` merges recursively into every selected object (objects merge key by key, arrays are concatenated,
anything else is replaced); on a selected array the update value is appended (or, if it is an array,
concatenated). `remove: true` deletes every selected node. An action whose target selects nothing is an error:
an overlay that silently stops applying after a spec bump is worse than one that fails loudly.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from generator.errors import ClientgenError, pointer
from generator.load import parse_document
from generator.source import read_source

if TYPE_CHECKING:
    import jsonpath


@cache
def _jsonpath() -> jsonpath.JSONPathEnvironment:
    """RFC 9535 JSONPath, imported only by a run that has an overlay (the import is a tenth of a second)."""
    import jsonpath

    return jsonpath.JSONPathEnvironment(strict=True)


@dataclass(frozen=True)
class Overlay:
    source: str
    actions: list[dict[str, Any]]
    sha256: str


def load_overlay(source: str, raw: bytes | None = None) -> Overlay:
    if raw is None:
        raw = read_source(source, what="overlay")
    data = parse_document(raw, source, what="overlay")
    return parse_overlay(data, source, hashlib.sha256(raw).hexdigest())


def parse_overlay(data: Any, source: str, sha256: str = "") -> Overlay:
    from jsonpath import JSONPathError

    def bad(ptr: str, what: str, fix: str) -> ClientgenError:
        return ClientgenError(what, where=f"{source}#{ptr}", fix=fix)

    if not isinstance(data, dict):
        raise bad(
            "", "overlay's top level is not an object", "start the file with `overlay: 1.0.0`"
        )
    version = data.get("overlay")
    if not isinstance(version, str) or not version.startswith("1."):
        raise bad(
            "/overlay",
            f"not an OpenAPI Overlay 1.x document (overlay: {version!r})",
            "set `overlay: 1.0.0` at the top of the file",
        )
    actions = data.get("actions")
    if not isinstance(actions, list) or not actions:
        raise bad(
            "/actions", "overlay has no `actions` list", "add at least one action with a `target`"
        )
    for index, action in enumerate(actions):
        here = pointer("actions", index)
        if not isinstance(action, dict):
            raise bad(
                here,
                "action is not an object",
                "write each action as `- target: ...` with update or remove",
            )
        target = action.get("target")
        if not isinstance(target, str) or not target.startswith("$"):
            raise bad(
                here + "/target",
                f"action target {target!r} is not a JSONPath",
                "write a target such as `$.paths['/pets'].get`",
            )
        try:
            _jsonpath().compile(target)
        except JSONPathError as exc:
            raise bad(
                here + "/target",
                f"invalid JSONPath {target!r}: {exc}",
                "fix the JSONPath (RFC 9535 syntax)",
            ) from None
        has_update = "update" in action
        remove = action.get("remove", False)
        if not isinstance(remove, bool):
            raise bad(here + "/remove", "`remove` must be true or false", "write `remove: true`")
        if not has_update and not remove:
            raise bad(
                here,
                f"action on {target} has neither `update` nor `remove: true`",
                "add an update or remove",
            )
    return Overlay(source=source, actions=actions, sha256=sha256)


def apply_overlay(document: dict[str, Any], overlay: Overlay) -> dict[str, Any]:
    """Return a new document with every action applied in order; the input is left untouched."""
    result = copy.deepcopy(document)
    for index, action in enumerate(overlay.actions):
        target = action["target"]
        where = f"{overlay.source}#{pointer('actions', index, 'target')}"
        matches = list(_jsonpath().finditer(target, result))
        if not matches:
            description = action.get("description")
            about = f" ({description})" if isinstance(description, str) and description else ""
            raise ClientgenError(
                f"overlay action {index} target {target} matches nothing in the spec{about}",
                where=where,
                fix="the spec changed or the path is wrong: update the target, or delete the action if the spec "
                "now has the fix",
            )
        if action.get("remove", False):
            # Delete deepest/last first so that earlier array indices stay valid.
            for match in sorted(matches, key=lambda m: _sort_key(m.parts), reverse=True):
                _remove(result, match.parts, where)
            continue
        update = action["update"]
        for match in matches:
            _update(match.obj, update, where, str(match.pointer()))
    return result


def _sort_key(parts: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in parts)


def _remove(document: dict[str, Any], parts: tuple[Any, ...], where: str) -> None:
    if not parts:
        raise ClientgenError(
            "an overlay cannot remove the whole document", where=where, fix="target a child node"
        )
    parent: Any = document
    for part in parts[:-1]:
        parent = parent[part]
    last = parts[-1]
    if isinstance(parent, list):
        del parent[int(last)]
    else:
        del parent[last]


def _update(target: Any, update: Any, where: str, at: str) -> None:
    if isinstance(target, list):
        if isinstance(update, list):
            target.extend(copy.deepcopy(update))
        else:
            target.append(copy.deepcopy(update))
        return
    if not isinstance(target, dict):
        raise ClientgenError(
            f"overlay update targets a {type(target).__name__} at {at or '/'}; updates apply to objects and arrays",
            where=where,
            fix="target the parent object and update the key, e.g. target `$.info` with update `{title: New}`",
        )
    if not isinstance(update, dict):
        raise ClientgenError(
            f"overlay update for the object at {at or '/'} must be an object",
            where=where,
            fix="write the update as a mapping of the keys to set",
        )
    _merge(target, update)


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    for key, value in update.items():
        existing = target.get(key)
        if isinstance(existing, dict) and isinstance(value, dict):
            _merge(existing, value)
        elif isinstance(existing, list) and isinstance(value, list):
            existing.extend(copy.deepcopy(value))
        else:
            target[key] = copy.deepcopy(value)
