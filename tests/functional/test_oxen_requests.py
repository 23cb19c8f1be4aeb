"""The generated `oxen_hub` client against a real local server: what it sends and what it returns."""

from __future__ import annotations

import pytest
from oxen_harness import KEY, Oxen
from oxen_hub import (
    APITimeoutError,
    ChatCompletionRequestMessage,
    ChatCompletionResponse,
    EvaluationResponse,
    GenerationsListResponse,
    ListModelsResponse,
    Model,
    ModelEndpoint,
)
from servers.fault import FaultServer, chat_completion, error_reply, json_reply, stall

pytestmark = pytest.mark.anyio

MESSAGES = [{"role": "user", "content": "hi"}]
MODEL = {
    "id": "org/model",
    "object": "model",
    "created": 1700000000,
    "owned_by": "oxen",
    "endpoint": "/audio/generate",  # not (yet) in the spec's enum
    "deployments": [{"status": "warming_up"}],  # nor this one
    "context_window": 200000,  # nor this field
}


async def test_chat_completion(oxen: Oxen, server: FaultServer) -> None:
    reply = await oxen.run(oxen.client.chat.completions.create, model="m", messages=MESSAGES)

    assert type(reply) is ChatCompletionResponse
    assert reply.id == "chatcmpl-1"
    assert reply.object == "chat.completion"
    assert reply.choices is not None
    assert reply.choices[0].message is not None
    assert reply.choices[0].message.content == "Hello!"
    assert reply.usage is not None and reply.usage.total_tokens == 5
    assert reply.model_extra == {"system_fingerprint": "fp_test"}

    sent = server.last
    assert (sent.method, sent.path, sent.query) == ("POST", "/api/ai/chat/completions", "")
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["accept"] == "application/json"
    assert sent.json() == {"model": "m", "messages": MESSAGES}


async def test_none_is_sent_as_null_and_models_are_accepted(
    oxen: Oxen, server: FaultServer
) -> None:
    message = ChatCompletionRequestMessage(role="user", content="hi")  # type: ignore[arg-type]

    await oxen.run(
        oxen.client.chat.completions.create,
        model="m",
        messages=[message],
        temperature=None,
        max_tokens=7,
    )

    assert server.last.json() == {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "temperature": None,
        "max_tokens": 7,
    }


async def test_get_with_a_path_parameter(oxen: Oxen, server: FaultServer) -> None:
    server.script(json_reply(MODEL), json_reply(MODEL))

    model = await oxen.run(oxen.client.models.retrieve, "gpt-4o")
    await oxen.run(oxen.client.models.retrieve, "gpt-4o", deployment_status="live")

    assert type(model) is Model
    assert model.id == "org/model"
    assert model.endpoint == "/audio/generate"
    assert isinstance(model.endpoint, ModelEndpoint)
    assert model.deployments is not None and model.deployments[0].status == "warming_up"
    assert model.model_extra == {"context_window": 200000}
    first, second = server.requests
    assert (first.method, first.path, first.query, first.body) == (
        "GET",
        "/api/ai/models/gpt-4o",
        "",
        b"",
    )
    assert "idempotency-key" not in first.headers
    assert second.query == "deployment_status=live"


@pytest.mark.parametrize(
    ("model_id", "path"),
    [
        ("org/model", "/api/ai/models/org%2Fmodel"),
        ("a b?c", "/api/ai/models/a%20b%3Fc"),
        ("..", "/api/ai/models/%2E%2E"),
    ],
)
async def test_path_parameters_are_percent_encoded(
    oxen: Oxen, server: FaultServer, model_id: str, path: str
) -> None:
    server.script(json_reply(MODEL))

    await oxen.run(oxen.client.models.retrieve, model_id)

    assert server.last.path == path


async def test_resource_path_keeps_its_slashes(oxen: Oxen, server: FaultServer) -> None:
    server.script(
        json_reply({"status": "success", "evaluation": {"id": "ev_1", "status": "queued"}})
    )

    result = await oxen.run(
        oxen.client.repos.evaluations.create,
        "my org",
        "data/set",
        "main/datasets/train.parquet",
        input_type="text",
        model_id="m",
        output_type="text",
        prompt="Summarise {text}",
        target_column="summary",
    )

    assert type(result) is EvaluationResponse
    assert result.evaluation is not None and result.evaluation.id == "ev_1"
    assert server.last.path == (
        "/api/repos/my%20org/data%2Fset/evaluations/main/datasets/train.parquet"
    )
    assert server.last.json() == {
        "input_type": "text",
        "model_id": "m",
        "output_type": "text",
        "prompt": "Summarise {text}",
        "target_column": "summary",
    }


async def test_delete(oxen: Oxen, server: FaultServer) -> None:
    server.script(json_reply({**MODEL, "id": "m1"}))

    deleted = await oxen.run(oxen.client.models.delete, "m1")

    assert type(deleted) is Model
    assert deleted.id == "m1"
    assert (server.last.method, server.last.path, server.last.body) == (
        "DELETE",
        "/api/ai/models/m1",
        b"",
    )
    assert server.last.headers["idempotency-key"]


async def test_query_string_operation(oxen: Oxen, server: FaultServer) -> None:
    page = {
        "count": 1,
        "page_number": 2,
        "page_size": 20,
        "total_cost": None,
        "total_entries": 21,
        "total_pages": 2,
        "generations": [
            {
                "generation_id": "g1",
                "enqueued_at": 1700000000,
                "media_type": "image",
                "model_name": "flux",
                "status": "queued",
                "prompt": "a cat",  # extra request params are merged in at the top level
            }
        ],
    }
    server.script(json_reply(page))

    listed = await oxen.run(oxen.client.generations.list, page=2, status="queued")

    # A paginated listing returns its page: the response model itself, which also walks later pages.
    assert isinstance(listed, GenerationsListResponse)
    assert listed.total_cost is None
    assert listed.generations[0].status == "queued"
    assert listed.generations[0].model_extra == {"prompt": "a cat"}
    assert (server.last.method, server.last.path, server.last.query) == (
        "GET",
        "/api/ai/generations",
        "status=queued&page=2",
    )


async def test_list_models(oxen: Oxen, server: FaultServer) -> None:
    server.script(json_reply({"object": "list", "data": [MODEL]}))

    listed = await oxen.run(oxen.client.models.list, provider_name="oxen")

    assert type(listed) is ListModelsResponse
    assert [m.id for m in listed.data] == ["org/model"]
    assert server.last.query == "provider_name=oxen"


async def test_extra_headers_query_body_and_timeout_on_a_method(
    oxen: Oxen, server: FaultServer
) -> None:
    server.script(json_reply(MODEL), stall())

    await oxen.run(
        oxen.client.models.activate,
        "m1",
        extra_headers={"X-Trace": "t-1"},
        extra_query={"dry_run": "true"},
        extra_body={"force": True},
    )
    with pytest.raises(APITimeoutError):
        await oxen.run(oxen.client.models.list, timeout=0.3, max_retries=0)

    activated = server.requests[0]
    assert (activated.method, activated.path, activated.query) == (
        "POST",
        "/api/ai/models/m1/activate",
        "dry_run=true",
    )
    assert activated.headers["x-trace"] == "t-1"
    assert activated.json() == {"force": True}


async def test_retries_through_a_generated_method(oxen: Oxen, server: FaultServer) -> None:
    server.script(
        error_reply(503), error_reply(429, retry_after="0.25"), json_reply(chat_completion("m"))
    )

    reply = await oxen.run(oxen.client.chat.completions.create, model="m", messages=MESSAGES)

    assert type(reply) is ChatCompletionResponse
    assert server.count == 3
    assert oxen.delays[1] == 0.25
    assert len({r.headers["idempotency-key"] for r in server.requests}) == 1
    assert [r.headers["x-attempt-number"] for r in server.requests] == ["1", "2", "3"]
    assert oxen.open_responses == 0


async def test_generic_request_for_endpoints_missing_from_the_spec(
    oxen: Oxen, server: FaultServer
) -> None:
    server.script(json_reply({"balance": "12.50"}))

    got = await oxen.run(
        oxen.client.request, "GET", "/api/billing/balance", query={"currency": "usd"}
    )

    assert got == {"balance": "12.50"}
    assert (server.last.path, server.last.query) == ("/api/billing/balance", "currency=usd")
    assert server.last.headers["authorization"] == f"Bearer {KEY}"
