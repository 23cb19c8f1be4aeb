"""Request bodies beyond JSON: multipart uploads (re-sent identically on retries), forms and raw bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from runtime._types import omit
from runtime_harness import Harness
from servers.fault import FaultServer, error_reply, json_reply

pytestmark = pytest.mark.anyio

OK = json_reply({"ok": True})


def part(name: str, filename: str | None, content_type: str | None, data: bytes) -> bytes:
    disposition = f'Content-Disposition: form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    head = disposition + (f"\r\nContent-Type: {content_type}" if content_type else "")
    return head.encode() + b"\r\n\r\n" + data + b"\r\n"


async def test_multipart_uploads_are_rewound_for_each_attempt(
    harness: Harness, server: FaultServer, tmp_path: Path
) -> None:
    on_disk = tmp_path / "photo.png"
    on_disk.write_bytes(b"\x89PNG-on-disk")
    handle = io.BytesIO(b"from a file object")
    handle.name = "notes.txt"
    server.script(error_reply(503), OK)

    await harness.call(
        "post",
        "/upload",
        data={"purpose": "fine-tune", "tags": ["a", "b"]},
        files={
            "tuple": ("data.csv", b"x,y\n1,2\n", "text/csv"),
            "raw": b"just bytes",
            "path": on_disk,
            "handle": handle,
        },
    )

    bodies = []
    for sent in server.requests:
        content_type, _, boundary = sent.headers["content-type"].partition("; boundary=")
        assert content_type == "multipart/form-data"
        bodies.append(sent.body.replace(boundary.encode(), b"BOUNDARY"))
    body = bodies[0]
    assert bodies[1] == body  # every file was rewound for the retry
    for expected in [
        part("purpose", None, None, b"fine-tune"),
        part("tags", None, None, b"a"),
        part("tags", None, None, b"b"),
        part("tuple", "data.csv", "text/csv", b"x,y\n1,2\n"),
        part("raw", "upload", "application/octet-stream", b"just bytes"),
        part("path", "photo.png", "image/png", b"\x89PNG-on-disk"),
        part("handle", "notes.txt", "text/plain", b"from a file object"),
    ]:
        assert expected in body, expected
    assert not handle.closed  # the caller's own file stays theirs


async def test_form_and_raw_bodies(harness: Harness, server: FaultServer) -> None:
    server.script(OK, OK)

    await harness.call("post", "/form", data={"a": 1, "b": True, "skip": None})
    await harness.call("put", "/blob", content=b"\x00\x01\x02", content_type="application/x-thing")

    form, blob = server.requests
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.body == b"a=1&b=true"
    assert blob.headers["content-type"] == "application/x-thing"
    assert blob.body == b"\x00\x01\x02"


async def test_optional_form_and_raw_bodies_left_out_send_no_body(
    harness: Harness, server: FaultServer
) -> None:
    """A generated method passes its optional whole body as is: `omit` when the caller gives none."""
    server.script(OK, OK)

    await harness.call("post", "/form", data=omit)
    await harness.call("put", "/text", content=omit, content_type="text/xml")

    form, text = server.requests
    assert form.body == text.body == b""
    assert "content-type" not in form.headers and "content-type" not in text.headers


async def test_raw_bodies_from_files_are_read_once_and_resent(
    harness: Harness, server: FaultServer, tmp_path: Path
) -> None:
    on_disk = tmp_path / "blob.bin"
    on_disk.write_bytes(b"\x01 from disk")
    server.script(error_reply(500), OK, OK)

    await harness.call("put", "/a", content=io.BytesIO(b"\x00 from a file object"))
    await harness.call("put", "/b", content=on_disk, content_type="application/x-blob")

    first, retried, from_path = server.requests
    assert first.body == retried.body == b"\x00 from a file object"
    assert first.headers["content-type"] == "application/octet-stream"
    assert from_path.body == b"\x01 from disk"
    assert from_path.headers["content-type"] == "application/x-blob"


async def test_multipart_parts_carry_their_own_headers(
    harness: Harness, server: FaultServer
) -> None:
    part_headers = {"X-Part-Tag": "7", "Content-Language": "fr"}
    server.script(error_reply(503), OK)

    await harness.call(
        "post",
        "/upload",
        files={
            "doc": ("lettre.txt", b"bonjour", "text/plain", part_headers),
            "own_type": ("a.bin", b"\x00", "text/plain", {"Content-Type": "application/x-own"}),
        },
    )

    first, retried = (
        sent.body.replace(sent.headers["content-type"].partition("boundary=")[2].encode(), b"B")
        for sent in server.requests
    )
    assert retried == first
    expected = (
        b'Content-Disposition: form-data; name="doc"; filename="lettre.txt"\r\n'
        b"X-Part-Tag: 7\r\nContent-Language: fr\r\nContent-Type: text/plain\r\n\r\nbonjour\r\n"
    )
    assert expected in first
    # A Content-Type among the part's headers wins over the tuple's third item, as in httpx2.
    assert part("own_type", "a.bin", "application/x-own", b"\x00") in first
    assert part_headers == {
        "X-Part-Tag": "7",
        "Content-Language": "fr",
    }  # the caller's dict is theirs
