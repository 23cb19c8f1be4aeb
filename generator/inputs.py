"""The first stages for one spec: load it, apply its overlay, and check or bundle its external `$ref`s.

Generation, validation and the changelog all start from the document this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.document import check_ref_chains
from generator.load import LoadedSpec, check_depth, check_openapi_version, load_spec
from generator.overlay import Overlay, apply_overlay, load_overlay
from generator.refs import check_or_bundle


@dataclass(frozen=True)
class SpecInputs:
    spec: LoadedSpec
    overlay: Overlay | None
    # The document after the overlay, with external references bundled (or refused).
    document: dict[str, Any]


def read_inputs(
    spec_source: str,
    overlay_source: Path | None,
    *,
    allow_external_refs: bool,
    spec_raw: bytes | None = None,
    overlay_raw: bytes | None = None,
) -> SpecInputs:
    """The document of `spec_source` with its overlay applied (`*_raw`: their bytes, when read already)."""
    spec = load_spec(spec_source, spec_raw)
    document = spec.document
    overlay = None
    if overlay_source is not None:
        overlay = load_overlay(str(overlay_source), overlay_raw)
        document = apply_overlay(document, overlay)
        check_openapi_version(document, f"{spec_source} after overlay")
    document = check_or_bundle(document, spec.source, allow_external=allow_external_refs)
    if document is not spec.document:
        # The spec, its overlay and the documents it references are each within the bound, but an overlay may
        # set a deep value at a deep target.
        check_depth(document, spec.source, "spec after its overlay and external references")
    check_ref_chains(document, spec.source)
    return SpecInputs(spec, overlay, document)
