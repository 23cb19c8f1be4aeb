"""Scopes: path parameters that lead many operations, bound once (`client.repository("ox", "datasets")`).

An operation belongs to a scope when its path parameters, in path order, begin with the scope's parameters.
"""

from __future__ import annotations

from generator.config import Target
from generator.errors import ClientgenError
from generator.ir import Operation, Resource, Scope

# What every generated client already has (`_base_client.SyncAPIClient`).
CLIENT_ATTRIBUTES = frozenset(
    {
        "request",
        "with_options",
        "close",
        "is_closed",
        "api_key",
        "base_url",
        "timeout",
        "max_retries",
    }
)


def in_scope(op: Operation, scope: Scope) -> bool:
    path_params = tuple(p.wire_name for p in op.parameters if p.location == "path")
    return path_params[: len(scope.params)] == scope.params


def scopes(target: Target, operations: list[Operation], root: Resource) -> tuple[Scope, ...]:
    """The target's scopes, checked: parameters the spec knows, at least one operation, no clashing name."""
    found = []
    known = {p.wire_name for op in operations for p in op.parameters if p.location == "path"}
    top = {child.attr for child in root.children}
    for config in target.scopes:
        place = target.where(f"scopes.{config.name}")
        unknown = [name for name in config.params if name not in known]
        if unknown:
            raise ClientgenError(
                f"scope {config.name!r} binds {unknown[0]!r}, which is no path parameter of the spec",
                where=f"{place}.params",
                fix='name path parameters as the spec spells them (e.g. `{namespace}` -> "namespace")',
            )
        if config.name in top or config.name in CLIENT_ATTRIBUTES:
            raise ClientgenError(
                f"scope {config.name!r} clashes with `client.{config.name}`",
                where=place,
                fix=f"rename the scope, e.g. `[scopes.{config.name}_scope]`",
            )
        scope = Scope(config.name, config.params)
        if not any(in_scope(op, scope) for op in operations):
            raise ClientgenError(
                f"no operation's path begins with the parameters of scope {config.name!r} "
                f"({', '.join(config.params)})",
                where=f"{place}.params",
                fix="list the parameters in the order the paths have them, or remove the scope",
            )
        found.append(scope)
    return tuple(found)
