"""What every part of the analysis shares: the document being analysed, the target, and what was noted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.config import Target
from generator.document import resolve_pointer
from generator.errors import ClientgenError, Problem, pointer

RawOperation = tuple[str, str, dict[str, Any], str]  # (path, method, operation, pointer)
# Names the generated method bodies and signatures use for themselves.
RESERVED_ARGUMENTS = frozenset(
    {"self", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries"}
)


@dataclass
class Context:
    document: dict[str, Any]
    target: Target
    lenient: bool
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    # Hoisted schema pointer -> the pointer of the inline schema it was moved from.
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def schemas(self) -> dict[str, Any]:
        components = self.document.setdefault("components", {})
        if not isinstance(components, dict):
            raise ClientgenError(
                "`components` is not an object", where="#/components", fix="make it an object"
            )
        schemas: dict[str, Any] = components.setdefault("schemas", {})
        return schemas

    def tolerate(self, error: ClientgenError, noted: Problem, *, warning: bool = False) -> None:
        """Raise `error`; in lenient mode note what is skipped instead (or, as a `warning`, what is done)."""
        if not self.lenient:
            raise error
        if warning:
            self.warnings.append(noted)
        else:
            self.skipped.append(noted)

    def node_at(self, ptr: str) -> Any:
        return resolve_pointer(self.document, ptr)

    def hoist(self, schema: Any, ptr: str, name: str) -> str:
        """Move an inline schema that needs a class into components/schemas; return the pointer to use.

        The name comes from the operation (`TrainStatusUpdateRequest`), so model names are stable and readable.
        """
        if not _needs_model(schema):
            return ptr
        unique_name = name
        counter = 2
        while unique_name in self.schemas:
            unique_name = f"{name}{counter}"
            counter += 1
        self.schemas[unique_name] = schema
        hoisted = "#" + pointer("components", "schemas", unique_name)
        self.origins[hoisted] = ptr
        return hoisted


def obj(value: Any) -> dict[str, Any]:
    """The value when it is a JSON object, else an empty one (specs put odd things in odd places)."""
    return value if isinstance(value, dict) else {}


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _needs_model(schema: Any, depth: int = 0) -> bool:
    """Whether an inline schema needs a generated class (an object with properties, an enum, a union...)."""
    if not isinstance(schema, dict) or "$ref" in schema or depth > 32:
        return False
    if any(k in schema for k in ("properties", "enum", "oneOf", "anyOf", "allOf", "const")):
        return True
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            return _needs_model(schema[key], depth + 1)
    return False
