"""What datamodel-code-generator (0.89) gets wrong, corrected while it runs.

Each correction replaces one of its private functions for the length of a run, and is checked by a test that
fails when its version no longer has that function or no longer needs the correction
(tests/generator/test_model_workarounds.py). Written by hand: the faults are in its passes, which take no
option to do otherwise, and each is reported upstream only by its symptoms.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any, cast

from generator.document import reference_holders, schema_component
from generator.errors import split_pointer
from generator.graphs import dependencies_first, strongly_connected


@contextmanager
def corrected(schemas: dict[str, Any]) -> Iterator[None]:
    """Its run on these component schemas, with every correction in place."""
    with ExitStack() as stack:
        stack.enter_context(_bases_first())
        stack.enter_context(_cycles_keep_root_models(in_cycles(schemas)))
        yield


@contextmanager
def _bases_first() -> Iterator[None]:
    """Its models in an order that puts each local base class before its subclasses.

    datamodel-code-generator (0.89) orders models that take part in a reference cycle by their path when it
    finds no other order, which may put a subclass before its base, and then refuses the order it chose itself
    ("requires local base ... before its definition"). Its check also finds inheritance cycles and method
    resolution orders Python refuses, so it stays, and is given an order it can accept. The order of the
    classes the modules get is decided later, by the split (`split._in_order`); this only lets the run finish.
    """
    from datamodel_code_generator.parser import _inheritance_check

    original = _inheritance_check.check_model_inheritance

    def reordered(parser: Any, contexts: Sequence[Any]) -> None:
        for context in contexts:
            context.models[:] = _bases_before_subclasses(context.models)
        original(parser, contexts)

    _inheritance_check.check_model_inheritance = reordered
    try:
        yield
    finally:
        _inheritance_check.check_model_inheritance = original


def _bases_before_subclasses(models: list[Any]) -> list[Any]:
    """The models in their order, except that a model waits for the bases of its module before it."""
    by_path = {model.path: index for index, model in enumerate(models)}
    bases = {
        index: sorted(
            {
                by_path[b.reference.path]
                for b in model.base_classes
                if b.reference and b.reference.path in by_path
            }
            - {index}
        )
        for index, model in enumerate(models)
    }
    return [models[index] for index in dependencies_first(range(len(models)), bases)]


def in_cycles(schemas: dict[str, Any]) -> frozenset[str]:
    """The component schemas that take part in a reference cycle (one that refers to itself included)."""
    edges = {name: _referenced(name, schema) & schemas.keys() for name, schema in schemas.items()}
    return frozenset(
        name
        for component in strongly_connected(edges)
        for name in component
        if len(component) > 1 or name in edges[name]
    )


def _referenced(name: str, schema: Any) -> set[str]:
    """The components a component schema's `$ref`s name, at any depth (those in data are no references)."""
    where = ("components", "schemas", name)
    found = (schema_component(holder.get("$ref")) for _, holder in reference_holders(schema, where))
    return {component for component in found if component is not None}


@contextmanager
def _cycles_keep_root_models(cyclic: frozenset[str]) -> Iterator[None]:
    """Root models of schemas in a reference cycle kept as classes, never inlined into what uses them.

    It inlines ("collapses") a root model into each field that uses it unless it finds the root model
    circular, and it misses some cycles: `A = B | C` with `B = list[A]` was inlined as `list[C]`, losing
    `B` and every value of that shape. A root model in a cycle cannot be inlined anyway; its class is kept.
    """
    from datamodel_code_generator.parser._passes import modules

    original = modules.collapse_site_facts

    def facts(parser: Any, field: Any, data_type: Any, root_model: Any, circular: Any) -> Any:
        found = original(parser, field, data_type, root_model, circular)
        tokens = split_pointer(str(root_model.path).partition("#")[2] or "/")
        in_cycle = (
            len(tokens) >= 3 and tokens[:2] == ["components", "schemas"] and tokens[2] in cyclic
        )
        if found.has_root_field and in_cycle and not found.circular:
            return dataclasses.replace(found, circular=True)
        return found

    # Its signature names its private types; the wrapper takes and returns what the original does.
    modules.collapse_site_facts = cast(Any, facts)
    try:
        yield
    finally:
        modules.collapse_site_facts = original
