"""Forward-compatible models and request building: unknown fields and enum values, paths, queries, omit."""

from __future__ import annotations

import datetime as dt
import enum

import pydantic
import pytest
from runtime._models import BaseModel, OpenIntEnum, OpenStrEnum
from runtime._types import Omit, omit
from runtime._utils import build_query, dumps, format_path
from runtime_harness import Harness
from servers.fault import FaultServer, json_reply

pytestmark = pytest.mark.anyio


class Status(OpenStrEnum):
    queued = "queued"
    done = "done"


class Priority(OpenIntEnum):
    low = 1
    high = 2


class Job(BaseModel):
    id: str
    status: Status
    priority: Priority | None = None
    history: list[Status] = pydantic.Field(default_factory=list)


async def test_unknown_fields_and_enum_values_parse(harness: Harness, server: FaultServer) -> None:
    body = {
        "id": "job_1",
        "status": "paused_by_admin",
        "priority": 7,
        "history": ["queued", "rerouted"],
        "added_later": {"nested": [1, 2]},
    }
    server.script(json_reply(body))

    job = await harness.call("get", "/jobs/1", cast_to=Job)

    assert isinstance(job, Job)
    assert job.status == "paused_by_admin"
    assert isinstance(job.status, Status)
    assert job.priority == 7
    assert isinstance(job.priority, Priority)
    assert job.history[0] is Status.queued
    assert job.history[1] == "rerouted"
    assert job.model_extra == {"added_later": {"nested": [1, 2]}}
    assert job.to_dict() == body


def test_known_enum_values_are_the_members() -> None:
    assert Status("done") is Status.done
    assert Priority(2) is Priority.high
    assert Status("new") == "new"
    assert Status("new").value == "new"
    with pytest.raises(ValueError):
        Priority("2")  # type: ignore[arg-type]


def test_omit_is_a_falsy_singleton() -> None:
    assert Omit() is omit
    assert not omit
    assert repr(omit) == "omit"


@pytest.mark.parametrize(
    ("value", "allow_slash", "path"),
    [
        ("gpt-4o", False, "/models/gpt-4o"),
        ("org/model", False, "/models/org%2Fmodel"),
        ("a b?c#d%e", False, "/models/a%20b%3Fc%23d%25e"),
        ("..", False, "/models/%2E%2E"),
        (".", False, "/models/%2E"),
        ("v1.2", False, "/models/v1.2"),
        ("main/data/train.parquet", True, "/models/main/data/train.parquet"),
        ("main/../../admin", True, "/models/main/%2E%2E/%2E%2E/admin"),
        ("ünïcode", False, "/models/%C3%BCn%C3%AFcode"),
    ],
)
def test_path_parameters_are_encoded(value: str, allow_slash: bool, path: str) -> None:
    allowed = ("id",) if allow_slash else ()
    assert format_path("/models/{id}", {"id": value}, allowed) == path


def test_empty_path_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="non-empty value for path parameter `id`"):
        format_path("/models/{id}", {"id": ""})


def test_query_values() -> None:
    class Colour(enum.Enum):
        red = "red"

    pairs = build_query(
        {
            "a": 1,
            "b": True,
            "c": None,
            "d": omit,
            "e": ["x", "y"],
            "f": Colour.red,
            "g": dt.date(2024, 1, 31),
            "filter": {"k": "v"},
        },
        deep_object=["filter"],
    )
    assert pairs == [
        ("a", "1"),
        ("b", "true"),
        ("e", "x"),
        ("e", "y"),
        ("f", "red"),
        ("g", "2024-01-31"),
        ("filter[k]", "v"),
    ]


def test_json_bodies_keep_none_and_send_only_the_fields_set_on_models() -> None:
    class Msg(BaseModel):
        role: str
        name: str | None = None

    body = {"messages": [Msg(role="user"), Msg(role="tool", name=None), {"role": "x"}], "t": None}
    assert dumps(body) == (
        b'{"messages":[{"role":"user"},{"role":"tool","name":null},{"role":"x"}],"t":null}'
    )


def test_an_object_query_parameter_given_as_its_model_is_sent_as_its_wire_keys() -> None:
    class Filter(BaseModel):
        min_size: int | None = pydantic.Field(default=None, alias="min-size")
        kind: str | None = None

    as_model = build_query({"filter": Filter(**{"min-size": 3})}, deep_object=["filter"])
    as_dict = build_query({"filter": {"min-size": 3}}, deep_object=["filter"])

    # Fields left unset are not sent, exactly as a dict without them.
    assert as_model == as_dict == [("filter[min-size]", "3")]
