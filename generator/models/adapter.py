"""The one place that calls datamodel-code-generator, with every option pinned.

The options are data (`OPTIONS`), so that the cache key of a run can include them: a changed option must never
hand back models built with the old one.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Collection
from typing import Any

from generator.errors import ClientgenError, escape_pointer_token, pointer
from generator.escape import shown
from generator.identifiers import claim, wire_identifiers
from generator.models.input import property_names
from generator.models.workarounds import corrected
from generator.tempfiles import temporary_directory

# The runtime's base model is imported from this placeholder; the index rewrites it to `._models`.
PLACEHOLDER_PACKAGE = "clientgen_runtime"
# Each of these was chosen for a reason noted in ../shared/NOTES.md: nullable 3.0 fields accept a server's
# null, inline schemas are named after their parent (stable across spec bumps), no timestamp, no formatter (the
# format stage runs one for every file), no `foo.Bar` packages.
OPTIONS: dict[str, Any] = {
    "input_file_type": "openapi",
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.11",
    "base_class": f"{PLACEHOLDER_PACKAGE}.BaseModel",
    "strict_nullable": True,
    "naming_strategy": "parent-prefixed",
    "collapse_root_models": True,
    "disable_timestamp": True,
    "treat_dot_as_module": False,
    "use_schema_description": True,
    "use_field_description": True,
    "use_standard_collections": True,
    "use_union_operator": True,
    "use_double_quotes": True,
    "set_default_enum_member": True,
    "output_datetime_class": "datetime",
    "custom_file_header": '"""Pydantic models for the API\'s schemas."""',
    "formatters": [],
}


# The methods the runtime's BaseModel adds to pydantic's (templates/runtime/_models.py): a field may not hide them.
RUNTIME_MODEL_METHODS = frozenset({"to_dict", "to_json"})
# Its errors name the schema they are about only in their text: `Error at schema path '#/components/schemas/X'`,
# `inheritance cycle: X (#/components/schemas/X) -> ...`; a name may hold any character, quotes included.
_SCHEMA_NAMED = "#/components/schemas/"


class UnmodelledSchema(ClientgenError):
    """datamodel-code-generator gave up; `schema` is the component it names (None if it names none)."""

    def __init__(self, exc: Exception, names: Collection[str]) -> None:
        text = str(exc).strip()
        self.schema = _first_named(text, names)
        first_line = shown(next(iter(text.splitlines()), ""))[:300]
        super().__init__(
            f"datamodel-code-generator could not build models: {type(exc).__name__}: {first_line}",
            where=pointer("components", "schemas", *([self.schema] if self.schema else [])),
            fix="simplify or correct the schema it names with the overlay, or pass --lenient to model it as an "
            "open model (run with --debug for details)",
        )


def _first_named(text: str, names: Collection[str]) -> str | None:
    """The schema of `names` the text names first (the longest, where one name begins another)."""
    found: list[tuple[int, int, str]] = []
    for name in names:
        spelled = _SCHEMA_NAMED + escape_pointer_token(name)
        at = text.find(spelled)
        # Whole names only: `Item` is not named by `#/components/schemas/ItemList`.
        while at >= 0 and text[at + len(spelled) : at + len(spelled) + 1].isalnum():
            at = text.find(spelled, at + 1)
        if at >= 0:
            found.append((at, -len(name), name))
    return min(found)[2] if found else None


def run_datamodel_codegen(prepared: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """datamodel-code-generator's single module for the prepared document, and its class -> `$ref` metadata."""
    # pydantic looks for plugins in every installed distribution's entry points when the library builds its
    # own config models; plugins watch an application's models, and this process has none to watch.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    import datamodel_code_generator as dcg

    # A property name outside ASCII is renamed here (the modeller's own name may not be an identifier, or may
    # be one Python reads NFKC-normalised as another); the field keeps the exact wire name as its alias.
    names = property_names(prepared["components"]["schemas"])
    aliases = wire_identifiers(names, taken={n for n in names if n.isascii()})
    # pydantic's own names (`copy`, `model_extra`) it renames itself; the runtime's methods it does not know.
    taken = names | set(aliases.values())
    aliases |= {n: claim(n + "_", taken) for n in sorted(names & RUNTIME_MODEL_METHODS)}
    with temporary_directory("models") as tmp:
        metadata_path = tmp / "metadata.json"
        try:
            with warnings.catch_warnings():
                # It warns about what it models loosely; the client's types are checked by mypy instead.
                warnings.simplefilter("ignore")
                with corrected(prepared["components"]["schemas"]):
                    result = dcg.generate(
                        # Its own copy: the document is shared with later stages.
                        json.loads(json.dumps(prepared)),
                        # Options named by value are validated into its enums (`"openapi"` -> InputFileType).
                        **OPTIONS,
                        # Read no formatter settings from a pyproject.toml of the current directory.
                        settings_path=tmp,
                        emit_model_metadata=metadata_path,
                        aliases=aliases,
                    )
        except Exception as exc:  # it raises many types; all mean "cannot model this"
            raise UnmodelledSchema(exc, prepared["components"]["schemas"]) from exc
        if not isinstance(result, str):
            raise ClientgenError(
                "datamodel-code-generator produced several modules where one was expected",
                where="#/components/schemas",
                fix="rename schemas containing dots with the overlay",
            )
        metadata = (
            json.loads(metadata_path.read_text()) if metadata_path.exists() else {"models": []}
        )
    return result, metadata
