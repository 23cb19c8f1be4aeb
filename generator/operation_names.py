"""Operation names and the resource tree: `POST /api/ai/chat/completions` -> `client.chat.completions.create`.

Default rules, in the style of the official OpenAI SDK:
- the target's `strip_prefixes` come off the path; each remaining static segment is a resource;
- a path ending in a static segment is a collection: GET list, POST create, PUT/PATCH update, DELETE delete,
  except that GET on a singular noun that does not answer with an array retrieves (`GET /health`);
- a path ending in a parameter is an item: GET retrieve, PUT/PATCH/POST update, DELETE delete;
- a POST-only static segment right after a parameter, with nothing below it, is an action on the item's
  resource: `POST /models/{id}/activate` -> `models.activate(id)`.
The target's `[names]` table overrides any of these with `"METHOD /path" = "resource.method"`.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable

from generator.errors import ClientgenError
from generator.identifiers import pascal, snake, unique

_PARAM = re.compile(r"\{([^{}]*)\}")
# Nouns that look plural but name one thing: `GET /settings` retrieves, it does not list.
_MASS_NOUNS = frozenset(
    {"data", "metadata", "news", "series", "settings", "stats", "analytics", "preferences"}
)
COLLECTION_VERBS = {
    "get": "list",
    "post": "create",
    "put": "update",
    "patch": "update",
    "delete": "delete",
}
ITEM_VERBS = {
    "get": "retrieve",
    "post": "update",
    "put": "update",
    "patch": "update",
    "delete": "delete",
}
# Attributes every generated resource class already has.
RESOURCE_RESERVED = frozenset({"with_raw_response", "with_streaming_response"})
# Public attributes of the generated clients; a top-level resource may not shadow them.
CLIENT_RESERVED = frozenset(
    {
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
        "close",
        "copy",
        "with_options",
        "request",
        "is_closed",
    }
)


def path_param_names(path: str) -> list[str]:
    return _PARAM.findall(path)


def strip_prefix(path: str, prefixes: Iterable[str]) -> str:
    for prefix in prefixes:
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            return path[len(prefix) :] or "/"
    return path


def _segments(path: str) -> list[tuple[str, bool]]:
    """(segment, is_parameter) for each non-empty segment."""
    return [(s, "{" in s) for s in path.split("/") if s]


# English plurals that do not end in "s"; and singular words that do ("status", "class", "analysis").
_IRREGULAR_PLURALS = frozenset(
    {
        "children",
        "people",
        "men",
        "women",
        "feet",
        "teeth",
        "mice",
        "criteria",
        "indices",
        "matrices",
    }
)
_SINGULAR_ENDINGS = ("ss", "us", "is", "ous")


def _is_plural(word: str) -> bool:
    # A few suffix rules cover API path segments; inflection libraries cost seconds to import (inflect
    # instruments itself with typeguard at import), more than the rest of a small generation.
    last = word.split("_")[-1].lower()
    if not last.isalpha() or last in _MASS_NOUNS:
        return False
    if last in _IRREGULAR_PLURALS:
        return True
    return last.endswith("s") and not last.endswith(_SINGULAR_ENDINGS)


def default_names(
    method: str,
    path: str,
    *,
    prefixes: Iterable[str],
    methods_on_path: set[str],
    has_children: bool,
    fallback: str,
    returns_array: bool = False,
    has_items: bool = False,
) -> tuple[tuple[str, ...], str]:
    segments = _segments(strip_prefix(path, prefixes))
    statics = [snake(s, prefix="r") for s, is_param in segments if not is_param]
    if not statics:
        statics = [snake(fallback, prefix="r")]
    ends_with_param = bool(segments) and segments[-1][1]
    if (
        method == "post"
        and len(segments) >= 2
        and not ends_with_param
        and segments[-2][1]
        and methods_on_path == {"post"}
        and not has_children
    ):
        return tuple(statics[:-1]), statics[-1]
    if (
        method == "get"
        and not ends_with_param
        and not returns_array
        and not has_items
        and not _is_plural(statics[-1])
    ):
        # A singular noun with no items below names one thing (`GET /files/{id}/content`, `GET /health`).
        return tuple(statics), "retrieve"
    verbs = ITEM_VERBS if ends_with_param else COLLECTION_VERBS
    return tuple(statics), verbs.get(method, method)


def parse_override(value: str) -> tuple[tuple[str, ...], str]:
    parts = value.split(".")
    return tuple(parts[:-1]), parts[-1]


def assign_names(
    keys: list[tuple[str, str]],
    *,
    prefixes: Iterable[str],
    overrides: dict[str, str],
    fallback_for: dict[tuple[str, str], str],
    where: str,
    returning_arrays: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[dict[tuple[str, str], tuple[tuple[str, ...], str]], list[tuple[str, str, str]]]:
    """Name every (method, path): returns the names and human-readable notes about renames."""
    prefixes = list(prefixes)
    methods: dict[str, set[str]] = defaultdict(set)
    for method, path in keys:
        methods[path].add(method)
    all_paths = sorted(methods)
    used_overrides: set[str] = set()
    names: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}
    for method, path in keys:
        key = f"{method.upper()} {path}"
        if key in overrides:
            names[(method, path)] = parse_override(overrides[key])
            used_overrides.add(key)
            continue
        has_children = _has_children(path, all_paths)
        chain, name = default_names(
            method,
            path,
            prefixes=prefixes,
            methods_on_path=methods[path],
            has_children=has_children,
            fallback=fallback_for.get((method, path), "api"),
            returns_array=(method, path) in returning_arrays,
            has_items=_has_children(path.rstrip("/") + "/{", all_paths, exact_prefix=True),
        )
        names[(method, path)] = (check_top_level(chain), name)
    unused = sorted(set(overrides) - used_overrides)
    if unused:
        raise ClientgenError(
            f"naming override for {unused[0]!r} matches no operation",
            where=where,
            fix="the operation was renamed or removed in the spec: update or delete the override",
        )
    return _deduplicate(names)


def _deduplicate(
    names: dict[tuple[str, str], tuple[tuple[str, ...], str]],
) -> tuple[dict[tuple[str, str], tuple[tuple[str, ...], str]], list[tuple[str, str, str]]]:
    notes: list[tuple[str, str, str]] = []
    result = dict(names)
    # Resources that exist as containers: a method may not share a name with a child resource.
    children: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for chain, _ in names.values():
        for i in range(len(chain)):
            children[chain[:i]].add(chain[i])
    by_slot: dict[tuple[tuple[str, ...], str], list[tuple[str, str]]] = defaultdict(list)
    for key in sorted(names, key=lambda k: (k[1], k[0])):
        by_slot[names[key]].append(key)
    taken: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for chain, _ in names.values():
        taken[chain] = children[chain] | RESOURCE_RESERVED
    for (chain, name), keys in sorted(by_slot.items()):
        for index, (method, path) in enumerate(keys):
            candidate = name
            if index > 0 or candidate in taken[chain]:
                params = path_param_names(path)
                hint = (
                    f"{name}_by_{snake(params[-1])}" if params and index > 0 else f"{name}_{method}"
                )
                candidate = unique(hint, taken[chain])
                notes.append(
                    (
                        method,
                        path,
                        f"`{'.'.join((*chain, name))}` is taken, named it `{'.'.join((*chain, candidate))}` "
                        "(set a [names] override to choose)",
                    )
                )
            taken[chain].add(candidate)
            result[(method, path)] = (chain, candidate)
    return result, notes


def _has_children(path: str, all_paths: list[str], *, exact_prefix: bool = False) -> bool:
    """Whether any other path continues below `path` (all_paths is sorted, so look just after it)."""
    prefix = path if exact_prefix else path.rstrip("/") + "/"
    index = bisect.bisect_left(all_paths, prefix)
    return index < len(all_paths) and all_paths[index].startswith(prefix)


def resource_class_name(chain: tuple[str, ...]) -> str:
    return pascal(chain[-1]) if chain else "Root"


def check_top_level(chain: tuple[str, ...]) -> tuple[str, ...]:
    if chain and chain[0] in CLIENT_RESERVED:
        return (chain[0] + "_", *chain[1:])
    return chain
