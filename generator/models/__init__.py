"""Stage 5: pydantic v2 models from the API's schemas, through datamodel-code-generator.

`input` prepares what it is given (component schemas cleaned for a client), `hoist` turns inline schemas into
components under the names `naming` chooses (identical ones once), `adapter` is the one place that calls it,
`index` reads its output back and applies the `postprocess` fixes, and `split` cuts the single module into one
module per schema, imported lazily.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.degrade import degraded_schema_warning, open_schema
from generator.errors import Problem
from generator.models.adapter import UnmodelledSchema, run_datamodel_codegen
from generator.models.hoist import hoist_inline_schemas
from generator.models.index import ModelClass, Models, index_models
from generator.models.input import model_input

__all__ = ["ModelClass", "Models", "build_models"]

# Schemas lenient mode models as open models before it gives up: each costs a run of datamodel-code-generator.
MAX_DEGRADED = 20


def build_models(
    document: dict[str, Any],
    left_out: tuple[str, ...] = (),
    *,
    lenient: bool = False,
    origins: Mapping[str, str] | None = None,
) -> Models:
    """Model classes for the document's component schemas, except those named in `left_out`.

    In lenient mode a schema datamodel-code-generator gives up on is modelled as an open model instead, with
    a warning located at it (at `origins[name]` for a schema analysis hoisted out of an operation), and the
    run goes on: one schema at a time, at most `MAX_DEGRADED` of them.
    """
    prepared = model_input(document, left_out)
    if prepared is None:
        return Models(files={}, classes={}, by_pointer={})
    components = document.get("components")
    every_name = (components.get("schemas") or {}) if isinstance(components, dict) else {}
    hoisted = hoist_inline_schemas(prepared["components"]["schemas"], every_name)
    prepared["components"]["schemas"] = hoisted.schemas
    warnings: list[Problem] = []
    while True:
        try:
            models = index_models(*run_datamodel_codegen(prepared), hoisted)
        except UnmodelledSchema as exc:
            schemas = prepared["components"]["schemas"]
            degradable = exc.schema in schemas and len(warnings) < MAX_DEGRADED
            if not lenient or exc.schema is None or not degradable:
                raise
            if schemas[exc.schema] == open_schema(schemas[exc.schema]):
                raise  # it could not model even the open schema: nothing left to degrade
            schemas[exc.schema] = open_schema(schemas[exc.schema])
            where = ((origins or {}).get("#" + str(exc.where)) or str(exc.where)).removeprefix("#")
            warnings.append(degraded_schema_warning(where, exc.what))
            continue
        models.warnings.extend(warnings)
        return models
