"""Stage 5: pydantic v2 models from the API's schemas, through datamodel-code-generator.

`input` prepares what it is given (component schemas cleaned for a client), `hoist` turns inline schemas into
components under the names `naming` chooses (identical ones once), `adapter` is the one place that calls it,
`index` reads its output back and applies the `postprocess` fixes, and `split` cuts the single module into one
module per schema, imported lazily.
"""

from __future__ import annotations

from typing import Any

from generator.models.adapter import run_datamodel_codegen
from generator.models.hoist import hoist_inline_schemas
from generator.models.index import ModelClass, Models, index_models
from generator.models.input import model_input

__all__ = ["ModelClass", "Models", "build_models"]


def build_models(document: dict[str, Any], left_out: tuple[str, ...] = ()) -> Models:
    """Model classes for the document's component schemas, except those named in `left_out`."""
    prepared = model_input(document, left_out)
    if prepared is None:
        return Models(files={}, classes={}, by_pointer={})
    components = document.get("components")
    every_name = (components.get("schemas") or {}) if isinstance(components, dict) else {}
    hoisted = hoist_inline_schemas(prepared["components"]["schemas"], every_name)
    prepared["components"]["schemas"] = hoisted.schemas
    return index_models(*run_datamodel_codegen(prepared), hoisted)
