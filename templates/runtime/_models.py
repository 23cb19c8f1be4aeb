"""Base classes for the generated pydantic models.

Response models keep fields the spec does not (yet) declare, and enums accept values the spec does not list:
a server that adds a field or an enum value must not break every existing client.
"""

from __future__ import annotations

import enum
from typing import Any

import pydantic

__all__ = ["BaseModel", "OpenEnum", "OpenIntEnum", "OpenStrEnum"]


class BaseModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        # Building validators lazily keeps `import` of a large API's models fast.
        defer_build=True,
    )

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data, with the API's field names, leaving out fields never set."""
        # No serializer warnings: a leniently built response keeps mistyped values as the server sent them.
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(
            by_alias=True, exclude_unset=True, indent=indent, warnings=False
        )


def _pseudo_member(cls: type[enum.Enum], value: Any, base: Any) -> Any:
    # An unknown value becomes a member of its own (not registered in the class), so that it compares equal to
    # the raw value, survives a round trip and keeps the enum's type.
    member: Any = base.__new__(cls) if base is object else base.__new__(cls, value)
    member._name_ = str(value).upper()
    member._value_ = value
    return member


class OpenStrEnum(enum.StrEnum):
    @classmethod
    def _missing_(cls, value: object) -> Any:
        return _pseudo_member(cls, value, str) if isinstance(value, str) else None


class OpenIntEnum(enum.IntEnum):
    @classmethod
    def _missing_(cls, value: object) -> Any:
        return (
            _pseudo_member(cls, value, int)
            if isinstance(value, int) and not isinstance(value, bool)
            else None
        )


class OpenEnum(enum.Enum):
    @classmethod
    def _missing_(cls, value: object) -> Any:
        return (
            _pseudo_member(cls, value, object)
            if isinstance(value, str | int | float | bool)
            else None
        )
