"""The names of inline schemas' classes (generator/models/naming.py) and their collapse (hoist.py)."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest

from generator.analyze import analyze
from generator.config import default_target
from generator.inputs import read_inputs
from generator.models import Models, build_models
from generator.models.hoist import hoist_inline_schemas, structure_key
from generator.models.naming import ITEM, child_name, claim_first, group_candidates

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "specs" / "inline_names.yaml"
S = "#/components/schemas/"


@pytest.mark.parametrize(
    ("parent", "tail", "expected"),
    [
        ("FineTuneRun", ["fine", "tune", "script"], "FineTuneRunScript"),
        ("FineTuneRunScript", ["fine", "tune", "schema"], "FineTuneRunScriptSchema"),
        # Nothing new in the property: it stays whole rather than vanish.
        ("FineTuneRunScriptSchema", ["schema"], "FineTuneRunScriptSchemaSchema"),
        ("Model", ["model", "type"], "ModelType"),
        ("ChatCompletionResponse", ["choices", ITEM], "ChatCompletionResponseChoice"),
        ("Directory", ["entries", ITEM], "DirectoryEntry"),
        ("ListModelsResponse", ["data", ITEM], "ListModelsResponseDataItem"),
        ("Pets", [ITEM], "Pet"),
        ("Pet", [ITEM], "PetItem"),
        ("Settings", ["labels", "value"], "SettingsLabelsValue"),
        ("FileContents", ["text"], "FileContentsText"),
        # A plural parent word counts as the same word.
        ("GenerationsListResponse", ["generation", "status"], "GenerationsListResponseStatus"),
    ],
)
def test_child_name(parent: str, tail: list[str], expected: str) -> None:
    assert child_name(parent, tail) == expected


def test_group_named_by_the_name_most_uses_propose() -> None:
    uses = [("Generation", ["status"])] * 3 + [("QueueGenerationResponse", ["status"])]
    assert group_candidates(uses, enum=True)[0] == "GenerationStatus"


def test_group_named_by_the_words_its_uses_end_with() -> None:
    created = [("Evaluation", ["created", "by"]), ("FineTuneRun", ["created", "by"])]
    assert group_candidates(created, enum=False)[0] == "CreatedBy"
    generations = [("ListResponse", ["generations", ITEM]), ("ShowResponse", ["generation"])]
    assert group_candidates(generations, enum=False)[0] == "Generation"
    # One word names no enum: `Status` of what? The shortest proposal instead.
    statuses = [("Order", ["status"]), ("Shipment", ["status"])]
    assert group_candidates(statuses, enum=True) == ["OrderStatus", "ShipmentStatus"]


def test_group_named_by_what_parents_and_tails_share() -> None:
    uses = [
        ("AccountInfo", ["account", "age", "indicator"]),
        ("AccountInfo", ["password", "change", "indicator"]),
    ]
    assert group_candidates(uses, enum=True)[0] == "AccountInfoIndicator"


def test_group_of_items_named_by_their_parents() -> None:
    uses = [
        ("AudioGenerateResponse", ["audios", ITEM]),
        ("VideoGenerateResponse", ["videos", ITEM]),
    ]
    assert group_candidates(uses, enum=False)[0] == "GenerateResponseItem"


def test_clash_takes_the_next_candidate_then_a_number() -> None:
    taken = {"CreatedBy", "EvaluationCreatedBy"}
    assert (
        claim_first(["CreatedBy", "EvaluationCreatedBy", "RunCreatedBy"], taken) == "RunCreatedBy"
    )
    assert claim_first(["CreatedBy"], taken) == "CreatedBy2"
    assert claim_first(["CreatedBy"], taken) == "CreatedBy3"
    assert {"RunCreatedBy", "CreatedBy2", "CreatedBy3"} <= taken


def _enum(*values: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), **extra}


def _object(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def test_identical_inline_enums_collapse_in_any_order() -> None:
    schemas = {
        "Order": _object(status=_enum("a", "b", description="of an order")),
        "Shipment": _object(status=_enum("b", "a", example="a"), other=_enum("a", "c")),
    }
    hoisted = hoist_inline_schemas(schemas, schemas)
    assert hoisted.stands_for["OrderStatus"] == (
        S + "Order/properties/status",
        S + "Shipment/properties/status",
    )
    # The best documented use gives the members' order; descriptions that disagree give none.
    assert hoisted.schemas["OrderStatus"] == {"type": "string", "enum": ["a", "b"]}
    assert hoisted.schemas["Order"]["properties"]["status"] == {
        "$ref": S + "OrderStatus",
        "description": "of an order",
    }
    assert hoisted.owners == {"OrderStatus": "OrderStatus", "ShipmentOther": "Shipment"}


def test_named_schemas_stay_two_and_absorb_inline_copies() -> None:
    schemas = {
        "Pet": _object(name={"type": "string"}),
        "Animal": _object(name={"type": "string", "description": "what it is called"}),
        "Zoo": _object(star={**_object(name={"type": "string"}), "nullable": True}),
    }
    hoisted = hoist_inline_schemas(schemas, schemas)
    assert set(hoisted.schemas) == {"Pet", "Animal", "Zoo"}
    assert hoisted.schemas["Zoo"]["properties"]["star"] == {"$ref": S + "Animal", "nullable": True}
    assert hoisted.stands_for == {"Animal": (S + "Zoo/properties/star",)}


def test_refs_into_a_hoisted_schema_follow_it() -> None:
    schemas = {
        "Order": _object(line=_object(sku={"type": "string"}, unit=_enum("kg", "g"))),
        "Invoice": _object(
            line={"$ref": S + "Order/properties/line"},
            unit={"$ref": S + "Order/properties/line/properties/unit"},
        ),
        "pet": _object(name={"type": "string"}),
        "Pets": {"type": "array", "items": _object(age={"type": "integer"})},
    }
    hoisted = hoist_inline_schemas(schemas, schemas)
    assert hoisted.schemas["Invoice"]["properties"] == {
        "line": {"$ref": S + "OrderLine"},
        "unit": {"$ref": S + "OrderLineUnit"},
    }
    # `pet` is modelled as class `Pet`: the items of `Pets` take the next free name.
    assert hoisted.stands_for["Pet2"] == (S + "Pets/items",)


def test_keys_that_are_not_strings() -> None:
    # YAML reads `200:` as a number: such keys are named and compared like strings.
    schemas: dict[str, Any] = {
        "Codes": _object(**{"x": _object(ok={"type": "string"})}),
        "Other": {"type": "object", "properties": {200: _object(ok={"type": "string"}), 7: {}}},
    }
    hoisted = hoist_inline_schemas(schemas, schemas)
    assert hoisted.stands_for == {
        "Other200": (S + "Codes/properties/x", S + "Other/properties/200")
    }


def test_a_documented_ref_is_no_class() -> None:
    documented = {"allOf": [{"$ref": S + "Kind"}, {"type": "object", "description": "The kind."}]}
    combined = {"allOf": [{"$ref": S + "Kind"}, _object(extra={"type": "string"})]}
    schemas = {"Kind": _enum("a"), "Thing": _object(kind=documented, both=combined)}
    hoisted = hoist_inline_schemas(schemas, schemas)
    assert hoisted.schemas["Thing"]["properties"]["kind"] == documented
    assert hoisted.stands_for == {"ThingBoth": (S + "Thing/properties/both",)}


def test_discriminated_members_stay_inline() -> None:
    union = {
        "oneOf": [_object(kind=_enum("a"), x={"type": "string"}), _object(kind=_enum("b"))],
        "discriminator": {"propertyName": "kind"},
    }
    hoisted = hoist_inline_schemas({"Shape": union}, ["Shape"])
    assert hoisted.schemas == {"Shape": union}


def test_structure_ignores_documentation_only() -> None:
    plain = _object(name={"type": "string"})
    documented = {**_object(name={"type": "string", "title": "N", "x-note": 1}), "description": "d"}
    assert structure_key(plain) == structure_key(documented)
    assert structure_key(plain) != structure_key(_object(name={"type": "integer"}))
    # A property called `description` is structure, not documentation.
    assert structure_key(plain) != structure_key(_object(description={"type": "string"}))
    assert structure_key(_enum("a")) != structure_key(_enum("a", **{"x-enum-varnames": ["A"]}))


def _models(document: dict[str, Any]) -> tuple[dict[str, Any], Models]:
    target = default_target(
        spec=FIXTURE, overlay=None, package="inline_names", output_dir=Path("/x")
    )
    api = analyze(document, target)
    return api.document, build_models(api.document, api.unused_schemas)


def _fixture() -> dict[str, Any]:
    document: dict[str, Any] = read_inputs(str(FIXTURE), None, allow_external_refs=False).document
    return document


# The golden names of the fixture: every model class, and the class of every inline schema's pointer.
GOLDEN_CLASSES = [
    "Animal", "Catalog", "Color", "CreatedBy", "Evaluation", "FileContentsBinary", "FileContentsText",
    "FileNew", "FineTuneRun", "FineTuneRunChoice", "FineTuneRunModelType", "FineTuneRunScript",
    "FineTuneRunScriptSchema", "FineTuneRunScriptSchemaSchema", "Generation", "GenerationStatus",
    "GenerationsListResponse", "GenerationsListResponseDataItem", "GenerationsRetrieveResponse", "Pet",
]  # fmt: skip
GOLDEN_POINTERS = {
    "Catalog/properties/paint": "Color",
    "Evaluation/properties/created_by": "CreatedBy",
    "FileContents/oneOf/0": "FileContentsText",
    "FileContents/oneOf/1": "FileContentsBinary",
    "FineTuneRun/properties/choices/items": "FineTuneRunChoice",
    "FineTuneRun/properties/color": "Color",
    "FineTuneRun/properties/created_by": "CreatedBy",
    "FineTuneRun/properties/fine_tune_script": "FineTuneRunScript",
    "FineTuneRun/properties/fine_tune_script/properties/fine_tune_schema": "FineTuneRunScriptSchema",
    "FineTuneRun/properties/fine_tune_script/properties/fine_tune_schema/properties/schema": (
        "FineTuneRunScriptSchemaSchema"
    ),
    "FineTuneRun/properties/model_type": "FineTuneRunModelType",
    "GenerationsListResponse/properties/data/items": "GenerationsListResponseDataItem",
    "GenerationsListResponse/properties/generations/items": "Generation",
    "GenerationsListResponse/properties/generations/items/properties/status": "GenerationStatus",
    "GenerationsRetrieveResponse/properties/generation": "Generation",
    "GenerationsRetrieveResponse/properties/generation/properties/status": "GenerationStatus",
}


def _inline_pointers(models: Models) -> dict[str, str]:
    return {
        ptr.removeprefix(S): name
        for ptr, name in models.by_pointer.items()
        if ptr.removeprefix(S).count("/") > 0
    }


def test_fixture_names_golden() -> None:
    document, models = _models(_fixture())
    assert (
        sorted(n for n, c in models.classes.items() if c.kind in ("model", "enum"))
        == GOLDEN_CLASSES
    )
    assert _inline_pointers(models) == GOLDEN_POINTERS
    # Every pointer answers in the document the other stages see, with a class that exists.
    for ptr, name in models.by_pointer.items():
        assert models.class_for(ptr) == models.classes[name]
        node: Any = document
        for token in ptr.removeprefix("#/").split("/"):
            node = node[int(token)] if isinstance(node, list) else node[token]
    # A shared class has a module of its own; an inline class of one schema stays in that schema's module.
    assert models.classes["GenerationStatus"].module == "types.generation_status"
    assert models.classes["FineTuneRunScript"].module == "types.fine_tune_run"


def _shuffled(node: Any, rng: random.Random) -> Any:
    if isinstance(node, dict):
        items = list(node.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(node, list):
        return [_shuffled(v, rng) for v in node]
    return node


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_names_do_not_depend_on_the_order_of_keys(seed: int) -> None:
    original = _fixture()
    _, expected = _models(copy.deepcopy(original))
    shuffled = _shuffled(original, random.Random(seed))
    # The operations' paths keep their order: operation names and their hoisted schemas come from it.
    shuffled["paths"] = original["paths"]
    _, models = _models(shuffled)
    assert models.by_pointer == expected.by_pointer
    assert {n: (c.kind, c.module) for n, c in models.classes.items()} == {
        n: (c.kind, c.module) for n, c in expected.classes.items()
    }
    # Enum members keep the order of the best documented use, whatever the order of the document.
    assert models.classes["GenerationStatus"].enum_values == ("done", "running", "queued")
