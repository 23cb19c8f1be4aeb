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
import keyword
import re
from collections import defaultdict
from collections.abc import Sequence

from generator.errors import ClientgenError, Problem, pointer
from generator.identifiers import pascal, snake, unique

OpKey = tuple[str, str]  # (method, path)
OpName = tuple[tuple[str, ...], str]  # (resource chain, method name)

_PARAM = re.compile(r"\{([^{}]*)\}")
COLLECTION_VERBS = dict(get="list", post="create", put="update", patch="update", delete="delete")
ITEM_VERBS = {**COLLECTION_VERBS, "get": "retrieve", "post": "update"}
# Attributes every generated resource class already has, and the names its class body evaluates as it is
# defined (decorators, default values): a method or child resource of that name would rebind them for the rest
# of the body (templates/package/resource.py.jinja).
RESOURCE_RESERVED = frozenset(
    {"with_raw_response", "with_streaming_response", "cached_property", "overload", "omit"}
)
# Public attributes of the generated clients (options, then methods); a top-level resource may not shadow them.
CLIENT_RESERVED = frozenset(
    {"api_key", "base_url", "timeout", "max_retries"}
    | {"close", "copy", "with_options", "request", "is_closed"}
)
# Nouns that look plural but name one thing: `GET /settings` retrieves, it does not list.
_MASS_NOUNS = frozenset(
    {"data", "metadata", "news", "series", "settings", "stats", "analytics", "preferences"}
)
# English plurals that do not end in "s"; and singular words that do ("status", "class", "analysis").
_IRREGULAR_PLURALS = frozenset(
    {"children", "people", "men", "women", "feet", "teeth", "mice"}
    | {"criteria", "indices", "matrices"}
)
_SINGULAR_ENDINGS = ("ss", "us", "is")


def path_param_names(path: str) -> list[str]:
    return _PARAM.findall(path)


def strip_prefix(path: str, prefixes: Sequence[str]) -> str:
    for prefix in prefixes:
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            return path[len(prefix) :] or "/"
    return path


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
    methods_on_path: set[str],
    has_children: bool,
    has_items: bool,
    returns_array: bool,
    fallback: str,
) -> OpName:
    """The name of an operation on `path` (its prefix stripped) when the target does not choose one."""
    segments = [(s, "{" in s) for s in path.split("/") if s]  # (segment, is_parameter)
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
        # An action (`POST /{id}/cancel`); with no resource before it, the fallback holds it (the client
        # itself has no operation methods).
        return tuple(statics[:-1]) or (snake(fallback, prefix="r"),), statics[-1]
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


def assign_names(
    keys: list[OpKey],
    *,
    prefixes: Sequence[str],
    overrides: dict[str, str],
    fallback_for: dict[OpKey, str],
    where: str,
    returning_arrays: frozenset[OpKey] = frozenset(),
) -> tuple[dict[OpKey, OpName], list[Problem]]:
    """Name every (method, path): returns the names and warnings about renames."""
    unused = sorted(set(overrides) - {f"{method.upper()} {path}" for method, path in keys})
    if unused:
        raise ClientgenError(
            f"naming override for {unused[0]!r} matches no operation",
            where=where,
            fix="the operation was renamed or removed in the spec: update or delete the override",
        )
    methods: dict[str, set[str]] = defaultdict(set)
    for method, path in keys:
        methods[path].add(method)
    all_paths = sorted(methods)
    names: dict[OpKey, OpName] = {}
    for method, path in keys:
        key = f"{method.upper()} {path}"
        if key in overrides:
            *resources, method_name = parts = overrides[key].split(".")
            refused = [p for p in parts if keyword.iskeyword(p) or p in RESOURCE_RESERVED]
            if refused:
                raise ClientgenError(
                    f"naming override {key!r} = {overrides[key]!r} uses {refused[0]!r}, which Python or "
                    "the generated resource classes reserve",
                    where=where,
                    fix=f"choose another name than {refused[0]!r} (`{refused[0]}_`, say)",
                )
            names[(method, path)] = (tuple(resources), method_name)
            continue
        chain, name = default_names(
            method,
            strip_prefix(path, prefixes),
            methods_on_path=methods[path],
            has_children=_continues(path.rstrip("/") + "/", all_paths),
            has_items=_continues(path.rstrip("/") + "/{", all_paths),
            returns_array=(method, path) in returning_arrays,
            fallback=fallback_for.get((method, path), "api"),
        )
        if chain and chain[0] in CLIENT_RESERVED:
            chain = (chain[0] + "_", *chain[1:])
        # A resource is an attribute of the client's or its parent's class body, as the reserved names are.
        chain = tuple(part + "_" if part in RESOURCE_RESERVED else part for part in chain)
        names[(method, path)] = (chain, name)
    notes = _deduplicate(names)
    return names, notes


def _deduplicate(names: dict[OpKey, OpName]) -> list[Problem]:
    """Rename, in place, the operations that share a name with another or with a child resource."""
    notes: list[Problem] = []
    # Resources that exist as containers: a method may not share a name with a child resource.
    taken: dict[tuple[str, ...], set[str]] = defaultdict(lambda: set(RESOURCE_RESERVED))
    for chain, _ in names.values():
        for i in range(len(chain)):
            taken[chain[:i]].add(chain[i])
    by_slot: dict[OpName, list[OpKey]] = defaultdict(list)
    for key in sorted(names, key=lambda k: (k[1], k[0])):
        by_slot[names[key]].append(key)
    for (chain, name), keys in sorted(by_slot.items()):
        for index, (method, path) in enumerate(keys):
            candidate = name
            if index > 0 or candidate in taken[chain]:
                params = path_param_names(path)
                hint = (
                    f"{name}_by_{snake(params[-1])}" if params and index > 0 else f"{name}_{method}"
                )
                candidate = unique(hint, taken[chain])
                old, new = ".".join((*chain, name)), ".".join((*chain, candidate))
                note = f"`{old}` is taken, named it `{new}` (set a [names] override to choose)"
                notes.append(
                    Problem(pointer("paths", path, method), note, f"{method.upper()} {path}")
                )
            taken[chain].add(candidate)
            names[(method, path)] = (chain, candidate)
    return notes


def _continues(prefix: str, all_paths: list[str]) -> bool:
    """Whether any path starts with `prefix` (all_paths is sorted, so look just after where it would go)."""
    index = bisect.bisect_left(all_paths, prefix)
    return index < len(all_paths) and all_paths[index].startswith(prefix)


def resource_class_name(chain: tuple[str, ...]) -> str:
    return pascal(chain[-1]) if chain else "Root"
