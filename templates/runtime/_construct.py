"""Forgiving response parsing: a JSON value turned into the expected type without ever failing.

A server that leaves out a required field, sends a number as a string or adds a field must not make a whole
response unreadable. When strict validation fails, the value is built here instead: models field by field
(nested models, lists and dicts of them recursively, unions tried in order), a missing field reads as `None`
(or its default), unknown fields are kept as extras, and a value that does not fit its type is kept as the
raw JSON value. Only the failure path comes here, so well-formed bodies cost nothing extra.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic

__all__ = ["construct_type"]

_NONE_TYPE = type(None)
_ADAPTERS: dict[Any, pydantic.TypeAdapter[Any] | None] = {}
_MISSING: Any = object()


def _adapter(annotation: Any) -> pydantic.TypeAdapter[Any] | None:
    try:
        return _ADAPTERS[annotation]
    except KeyError:
        pass
    except TypeError:  # an unhashable annotation: build one each time (rare)
        return _new_adapter(annotation)
    adapter = _ADAPTERS[annotation] = _new_adapter(annotation)
    return adapter


def _new_adapter(annotation: Any) -> pydantic.TypeAdapter[Any] | None:
    try:
        return pydantic.TypeAdapter(annotation)
    except (pydantic.PydanticSchemaGenerationError, pydantic.PydanticUserError, TypeError):
        return None


def _validated(value: object, annotation: Any) -> object:
    """`value` validated as `annotation`, or `_MISSING` when it does not fit."""
    adapter = _adapter(annotation)
    if adapter is None:
        return _MISSING
    try:
        return adapter.validate_python(value)
    except (ValueError, TypeError):  # pydantic's ValidationError is a ValueError
        return _MISSING


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel)


def construct_type(value: object, annotation: Any) -> Any:
    """`value` (parsed JSON) as `annotation` where it fits, else as close as it gets, else `value` itself."""
    if annotation is Any or annotation is object:
        return value
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return construct_type(value, typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return _construct_union(value, typing.get_args(annotation))
    if _is_model(annotation):
        return _construct_model(value, annotation)
    if origin in (list, Sequence, tuple, set, frozenset) and isinstance(value, list):
        args = typing.get_args(annotation)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            return _fallback(value, annotation)
        item_type = args[0] if args else Any
        return [construct_type(item, item_type) for item in value]
    if origin in (dict, Mapping) and isinstance(value, dict):
        args = typing.get_args(annotation)
        item_type = args[1] if len(args) == 2 else Any
        return {key: construct_type(item, item_type) for key, item in value.items()}
    return _fallback(value, annotation)


def _fallback(value: object, annotation: Any) -> object:
    validated = _validated(value, annotation)
    return value if validated is _MISSING else validated


def _construct_union(value: object, members: tuple[Any, ...]) -> Any:
    if value is None:
        return None
    choices = [member for member in members if member is not _NONE_TYPE]
    # First a member the value truly is, in declaration order; then the closest loose fit.
    for member in choices:
        validated = _validated(value, member)
        if validated is not _MISSING:
            return validated
    for member in choices:
        if _is_model(member) and isinstance(value, dict):
            return _construct_model(value, member)
    for member in choices:
        if typing.get_origin(member) in (list, Sequence) and isinstance(value, list):
            return construct_type(value, member)
    return value


def _construct_model(value: object, model: type[pydantic.BaseModel]) -> Any:
    if issubclass(model, pydantic.RootModel):
        # A named array, map or union schema: its one `root` field built as the rest is.
        try:
            return model.model_validate(value)
        except ValueError:
            root = construct_type(value, model.model_fields["root"].annotation)
            return model.model_construct(root)
    if not isinstance(value, dict):
        return value
    try:
        return model.model_validate(value)
    except ValueError:
        pass
    fields: dict[str, Any] = {}
    present: set[str] = set()
    remaining = dict(value)
    for name, field in model.model_fields.items():
        raw = _MISSING
        for key in (field.alias, field.validation_alias, name):
            if isinstance(key, str) and key in remaining:
                raw = remaining.pop(key)
                break
        if raw is not _MISSING:
            present.add(name)
            fields[name] = construct_type(raw, field.annotation)
        elif field.is_required():
            fields[name] = None  # reads as None instead of raising AttributeError
        else:
            fields[name] = field.get_default(call_default_factory=True)
    built = model.model_construct(_fields_set=present, **fields)
    if remaining and model.model_config.get("extra") == "allow":
        # model_construct would map extra keys through field names; set them as the server sent them.
        extra = built.__pydantic_extra__
        if extra is not None:
            extra.update(remaining)
    return built
