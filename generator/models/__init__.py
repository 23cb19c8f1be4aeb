"""Stage 5: pydantic v2 models from the API's schemas, through datamodel-code-generator.

`input` prepares what it is given (component schemas cleaned for a client), `adapter` is the one place that
calls it, `index` reads its output back and applies the `postprocess` fixes, and `split` cuts the single module
into one module per schema, imported lazily.
"""

from __future__ import annotations

from typing import Any

from generator.models.adapter import run_datamodel_codegen
from generator.models.index import ModelClass, Models, index_models
from generator.models.input import model_input

__all__ = ["ModelClass", "Models", "build_models"]


def build_models(document: dict[str, Any], left_out: tuple[str, ...] = ()) -> Models:
    """Model classes for the document's component schemas, except those named in `left_out`."""
    prepared = model_input(document, left_out)
    if prepared is None:
        return Models(files={}, classes={}, by_pointer={})
    return index_models(*run_datamodel_codegen(prepared))
