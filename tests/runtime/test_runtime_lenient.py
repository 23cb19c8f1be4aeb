"""Forgiving responses: a body that does not match its model is still readable, unless the client is strict."""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest
from runtime._exceptions import APIResponseValidationError
from runtime._models import BaseModel, OpenStrEnum
from runtime._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from runtime_harness import Harness
from servers.fault import FaultServer, Reply, json_reply, malformed_json, sse_reply

pytestmark = pytest.mark.anyio


class Status(OpenStrEnum):
    queued = "queued"
    done = "done"


class Owner(BaseModel):
    name: str
    karma: int


class Repo(BaseModel):
    id: str
    stars: int
    status: Status
    owner: Owner
    forks: list[Owner]
    topics: list[str] = pydantic.Field(default_factory=list)
    size: int | str | None = None
    homepage: str | None = pydantic.Field(default=None, alias="homePage")


LOOSE = {
    # `id` is missing, `stars` has the wrong type, `status` is a value the enum does not list
    "stars": "lots",
    "status": "archived",
    "owner": {"name": "ox", "karma": "high", "badge": "gold"},  # mistyped and extra, nested
    "forks": [{"name": "a", "karma": 1}, {"karma": 2}],  # the second fork lacks its name
    "size": 12,
    "homePage": "https://oxen.ai",
    "licence": "MIT",  # not in the model
}


def assert_loose_repo(repo: Repo) -> None:
    assert isinstance(repo, Repo)
    assert repo.id is None
    assert repo.stars == "lots"
    assert repo.status == "archived" and isinstance(repo.status, Status)
    assert isinstance(repo.owner, Owner)
    assert repo.owner.name == "ox" and repo.owner.karma == "high"
    assert repo.owner.model_extra == {"badge": "gold"}
    assert [type(f) for f in repo.forks] == [Owner, Owner]
    assert repo.forks[0].karma == 1 and repo.forks[1].name is None
    assert repo.topics == []
    assert repo.size == 12
    assert repo.homepage == "https://oxen.ai"
    assert repo.model_extra == {"licence": "MIT"}
    assert repo.to_dict() == LOOSE


async def strict_harness(harness: Harness) -> Harness:
    return harness.new(strict_response_validation=True)


async def test_a_loose_body_is_built_as_far_as_it_goes(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply(LOOSE))

    assert_loose_repo(await harness.call("get", "/repo", cast_to=Repo))


async def test_a_well_formed_body_is_validated_as_before(
    harness: Harness, server: FaultServer
) -> None:
    body = {**LOOSE, "id": "r1", "stars": 3, "owner": {"name": "ox", "karma": 5}, "forks": []}
    server.script(json_reply(body))

    repo = await harness.call("get", "/repo", cast_to=Repo)

    assert repo.id == "r1" and repo.stars == 3 and repo.owner.karma == 5
    assert repo.model_fields_set >= {"id", "stars", "owner"}


async def test_lists_and_unions_of_models_are_built_leniently(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply([LOOSE, {"id": "r2"}]), json_reply({"id": 7, "karma": "x"}))

    repos = await harness.call("get", "/repos", cast_to=list[Repo])
    either = await harness.call("get", "/either", cast_to=Owner | Repo)

    assert_loose_repo(repos[0])
    assert repos[1].id == "r2" and repos[1].owner is None and repos[1].forks is None
    assert isinstance(either, Owner) and either.name is None and either.karma == "x"


class Repos(pydantic.RootModel[list[Repo]]):
    """A named array schema: datamodel-code-generator makes it a root model."""


async def test_a_root_model_is_built_leniently_around_its_root(
    harness: Harness, server: FaultServer
) -> None:
    server.script(json_reply([LOOSE]))

    repos = await harness.call("get", "/repos", cast_to=Repos)

    assert isinstance(repos, Repos)
    assert_loose_repo(repos.root[0])


async def test_strict_validation_raises_for_the_same_body(
    harness: Harness, server: FaultServer
) -> None:
    strict = await strict_harness(harness)
    server.script(json_reply(LOOSE))

    with pytest.raises(APIResponseValidationError) as caught:
        await strict.call("get", "/repo", cast_to=Repo)

    assert caught.value.body == LOOSE
    assert "does not match the API schema" in caught.value.message


async def test_with_options_switches_strictness_both_ways(
    harness: Harness, server: FaultServer
) -> None:
    strict = harness.use(harness.client.with_options(strict_response_validation=True))
    lenient_again = harness.use(strict.client.with_options(strict_response_validation=False))
    server.script(json_reply(LOOSE), json_reply(LOOSE))

    with pytest.raises(APIResponseValidationError):
        await strict.call("get", "/repo", cast_to=Repo)
    assert_loose_repo(await lenient_again.call("get", "/repo", cast_to=Repo))
    assert harness.client._strict_response_validation is False


async def test_a_body_that_is_not_json_raises_even_when_lenient(
    harness: Harness, server: FaultServer
) -> None:
    server.script(malformed_json())

    with pytest.raises(APIResponseValidationError) as caught:
        await harness.call("get", "/repo", cast_to=Repo)

    assert "not valid JSON" in caught.value.message


def raw_call(harness: Harness) -> Any:
    wrap = async_to_raw_response_wrapper if harness.is_async else to_raw_response_wrapper
    return wrap(harness.client._request)


async def test_raw_response_parse_follows_the_client_strictness(
    harness: Harness, server: FaultServer
) -> None:
    strict = await strict_harness(harness)
    server.script(json_reply(LOOSE), json_reply(LOOSE))

    lenient_response = await harness.run(raw_call(harness), "get", "/repo", cast_to=Repo)
    strict_response = await strict.run(raw_call(strict), "get", "/repo", cast_to=Repo)

    assert_loose_repo(await harness.run(lenient_response.parse))
    with pytest.raises(APIResponseValidationError):
        await strict.run(strict_response.parse)


class Delta(BaseModel):
    content: str | None = None


class Choice(BaseModel):
    index: int
    delta: Delta


class Chunk(BaseModel):
    id: str
    choices: list[Choice]


def loose_stream() -> Reply:
    chunks = [
        {"id": "c1", "choices": [{"index": 0, "delta": {"content": "Hel"}}]},
        {"choices": [{"index": "first", "delta": {"content": "lo"}, "logprobs": None}]},
    ]
    return sse_reply(*[f"data: {json.dumps(c)}\n\n" for c in chunks], "data: [DONE]\n\n")


async def test_stream_chunks_are_lenient_or_strict_like_bodies(
    harness: Harness, server: FaultServer
) -> None:
    strict = await strict_harness(harness)
    server.script(loose_stream(), loose_stream())
    args: dict[str, Any] = {"cast_to": Chunk, "stream": True, "terminator": "[DONE]", "json": {}}

    chunks = await harness.collect(await harness.call("post", "/stream", **args))
    strict_stream = await strict.call("post", "/stream", **args)

    assert [c.id for c in chunks] == ["c1", None]
    assert chunks[1].choices[0].index == "first"
    assert chunks[1].choices[0].delta.content == "lo"
    assert chunks[1].choices[0].model_extra == {"logprobs": None}
    with pytest.raises(APIResponseValidationError) as caught:
        await strict.collect(strict_stream)
    assert "Stream chunk does not match" in caught.value.message


async def test_a_stream_chunk_that_is_not_json_raises_even_when_lenient(
    harness: Harness, server: FaultServer
) -> None:
    server.script(sse_reply("data: {not json\n\n", "data: [DONE]\n\n"))
    stream = await harness.call(
        "post", "/stream", cast_to=Chunk, stream=True, terminator="[DONE]", json={}
    )

    with pytest.raises(APIResponseValidationError):
        await harness.collect(stream)
