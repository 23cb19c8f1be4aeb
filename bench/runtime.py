"""Runtime benchmark: oxen_hub against raw httpx2 and the official openai package, in one run.

    .venv/bin/python bench/runtime.py [--calls N] [--chunks N] [--imports N]

1. Pure client cost per chat completion call on an httpx2 MockTransport (no network).
2. Import + construct time in a fresh interpreter (median of several runs).
3. Server-sent event throughput: chunks per second parsed from a long canned stream.
Prints numbers side by side and the ratios the issue sets targets for; makes no assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))

import httpx2  # noqa: E402

COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "m",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "Hello there!"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
}
COMPLETION_BYTES = json.dumps(COMPLETION).encode()
MESSAGES = [{"role": "user", "content": "hi"}]


def _json_transport() -> httpx2.MockTransport:
    headers = {"content-type": "application/json"}
    return httpx2.MockTransport(lambda request: httpx2.Response(200, headers=headers, content=COMPLETION_BYTES))


def _sse_body(chunks: int) -> bytes:
    lines = []
    for index in range(chunks):
        chunk = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": f"token{index} "}, "finish_reason": None}],
        }
        lines.append(f"data: {json.dumps(chunk)}\n\n")
    lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


def _sse_transport(body: bytes) -> httpx2.MockTransport:
    headers = {"content-type": "text/event-stream"}

    def handler(request: httpx2.Request) -> httpx2.Response:
        # Deliver in 8 KiB pieces, as a network would, so that events straddle chunk boundaries.
        return httpx2.Response(200, headers=headers, stream=httpx2.ByteStream(body))

    return httpx2.MockTransport(handler)


def _per_call(fn: Callable[[], object], calls: int) -> float:
    for _ in range(min(200, calls)):
        fn()
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - started) / calls)
    return best


def bench_calls(calls: int) -> dict[str, float]:
    import openai
    from oxen_hub import OxenHub

    raw = httpx2.Client(transport=_json_transport(), base_url="http://bench")

    def raw_call() -> object:
        return raw.post("/api/ai/chat/completions", json={"model": "m", "messages": MESSAGES}).json()

    official = openai.OpenAI(
        api_key="k", base_url="http://bench/api/ai", http_client=httpx2.Client(transport=_json_transport())
    )
    ours = OxenHub(api_key="k", base_url="http://bench", http_client=httpx2.Client(transport=_json_transport()))
    return {
        "httpx2 raw": _per_call(raw_call, calls),
        "openai": _per_call(lambda: official.chat.completions.create(model="m", messages=MESSAGES), calls),  # type: ignore[arg-type]
        "oxen_hub": _per_call(lambda: ours.chat.completions.create(model="m", messages=MESSAGES), calls),
    }


def bench_imports(runs: int) -> dict[str, float]:
    programs = {
        "openai": "import openai; openai.OpenAI(api_key='k')",
        "oxen_hub": "import oxen_hub; oxen_hub.OxenHub(api_key='k')",
        "httpx2 only": "import httpx2; httpx2.Client()",
    }
    results = {}
    for name, program in programs.items():
        times = []
        for _ in range(runs):
            code = f"import time; t=time.perf_counter(); {program}; print(time.perf_counter()-t)"
            out = subprocess.run(
                [sys.executable, "-c", code], cwd=ROOT / "generated", capture_output=True, text=True, check=True
            )
            times.append(float(out.stdout.strip()))
        results[name] = statistics.median(times)
    return results


def bench_sse(chunks: int) -> dict[str, float]:
    import openai
    from oxen_hub import OxenHub

    body = _sse_body(chunks)
    official = openai.OpenAI(
        api_key="k", base_url="http://bench/api/ai", http_client=httpx2.Client(transport=_sse_transport(body))
    )
    ours = OxenHub(api_key="k", base_url="http://bench", http_client=httpx2.Client(transport=_sse_transport(body)))

    def consume(stream: object) -> int:
        return sum(1 for _ in stream)  # type: ignore[attr-defined]

    results = {}
    for name, make in (
        ("openai", lambda: official.chat.completions.create(model="m", messages=MESSAGES, stream=True)),  # type: ignore[arg-type]
        ("oxen_hub", lambda: ours.chat.completions.create(model="m", messages=MESSAGES, stream=True)),
    ):
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            count = consume(make())
            best = min(best, time.perf_counter() - started)
            assert count == chunks, (name, count)
        results[name] = chunks / best
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--chunks", type=int, default=20000)
    parser.add_argument("--imports", type=int, default=7)
    args = parser.parse_args()

    calls = bench_calls(args.calls)
    print("1. per-call cost on a MockTransport (best of 5 x", args.calls, "calls)")
    for name, seconds in calls.items():
        print(f"   {name:12s} {seconds * 1e6:8.1f} us  ({seconds / calls['httpx2 raw']:.2f}x raw httpx2)")
    print(f"   target: oxen_hub <= 2.5x raw -> {calls['oxen_hub'] / calls['httpx2 raw']:.2f}x")

    imports = bench_imports(args.imports)
    print(f"2. import + construct in a fresh interpreter (median of {args.imports})")
    for name, seconds in imports.items():
        print(f"   {name:12s} {seconds * 1e3:8.1f} ms")
    print(f"   target: oxen_hub <= 1/3 of openai -> {imports['oxen_hub'] / imports['openai']:.2f}")

    sse = bench_sse(args.chunks)
    print(f"3. SSE throughput ({args.chunks} chunks, best of 3)")
    for name, rate in sse.items():
        print(f"   {name:12s} {rate:10.0f} chunks/s")
    print(f"   target: oxen_hub >= 2x openai -> {sse['oxen_hub'] / sse['openai']:.2f}x")


if __name__ == "__main__":
    main()
