"""Pagination, generator side: the `[pagination]` table's checks, the recognition rules, the ir and the output."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.analyze import analyze
from generator.config import PaginationConfig, default_target, load_target
from generator.errors import ClientgenError
from generator.inputs import read_inputs
from generator.ir import Pagination
from generator.pipeline import build
from tests.generator.pages_target import FIXTURE, ROOT, analysed, target_error

TOML_HEAD = """[target]
spec = "{spec}"
package = "pages"
client = "Pages"
async_client = "AsyncPages"
api_key_env = "PAGES_API_KEY"
base_url_env = "PAGES_BASE_URL"

"""


def config_error(tmp_path: Path, tables: str) -> ClientgenError:
    return target_error(tmp_path, TOML_HEAD, tables)


# ------------------------------------------------------------------------------------- the TOML table


@pytest.mark.parametrize(
    ("entry", "what", "where"),
    [
        ('"LIST /x" = false', "is not `METHOD /path`", '[pagination]."LIST /x"'),
        ('"GET /logs" = true', 'needs `style` = "page" or "cursor"', '[pagination]."GET /logs"'),
        (
            '"GET /logs" = { param = "page", items = "lines" }',
            "needs `style`",
            '[pagination]."GET /logs"',
        ),
        (
            '"GET /logs" = { style = "page", param = "page", items = "lines", next_cursor = "next_cursor" }',
            "`next_cursor` is not a field of a page-style pagination",
            '[pagination]."GET /logs".next_cursor',
        ),
        (
            '"GET /logs" = { style = "page", param = "page", items = 3 }',
            "`items` must name a parameter or a (dotted) response field",
            '[pagination]."GET /logs".items',
        ),
        (
            '"GET /logs" = { style = "page", items = "lines" }',
            "has no `param`",
            '[pagination]."GET /logs"',
        ),
        (
            '"GET /logs" = { style = "cursor", param = "cursor", items = "lines" }',
            "exactly one of `next_cursor`",
            '[pagination]."GET /logs"',
        ),
        (
            '"GET /logs" = { style = "cursor", param = "cursor", items = "lines", next_cursor = "next_cursor", '
            'item_cursor = "id" }',
            "exactly one of `next_cursor`",
            '[pagination]."GET /logs"',
        ),
    ],
)
def test_table_errors_name_the_file_and_key(
    tmp_path: Path, entry: str, what: str, where: str
) -> None:
    error = config_error(tmp_path, f"[pagination]\n{entry}\n")
    assert what in error.what
    assert error.where == f"{tmp_path / 'pages.toml'} {where}"
    assert error.fix


# ------------------------------------------------------------------------------- checked against the spec


@pytest.mark.parametrize(
    ("entry", "what", "where", "spec_where"),
    [
        (
            '"GET /nothing" = false',
            "names 'GET /nothing', which is no operation of the spec",
            '[pagination]."GET /nothing"',
            None,
        ),
        (
            '"GET /logs" = { style = "page", param = "page_number", items = "lines" }',
            "`param` = 'page_number' is not a query parameter of GET /logs",
            '[pagination]."GET /logs".param',
            "#/paths/~1logs/get/parameters",
        ),
        (
            '"GET /logs" = { style = "page", param = "page", items = "total_pages" }',
            "`items` = 'total_pages' is not an array field of the response",
            '[pagination]."GET /logs".items',
            "#/paths/~1logs/get/responses/200/content/application~1json/schema",
        ),
        (
            '"GET /logs" = { style = "page", param = "page", items = "lines", total = "next_cursor" }',
            "`total` = 'next_cursor' is not an integer field of the response",
            '[pagination]."GET /logs".total',
            "#/paths/~1logs/get/responses/200/content/application~1json/schema",
        ),
        (
            '"GET /orgs/{org}/reports" = { style = "cursor", param = "page_token", items = "result.reports", '
            'item_cursor = "uuid" }',
            "`item_cursor` = 'uuid' is not a field of the items",
            '[pagination]."GET /orgs/{org}/reports".item_cursor',
            "#/paths/~1orgs~1{org}~1reports/get/responses/200/content/application~1json/schema/properties/result/properties/reports/items",
        ),
    ],
)
def test_declarations_are_checked_against_the_spec(
    tmp_path: Path, entry: str, what: str, where: str, spec_where: str | None
) -> None:
    error = config_error(tmp_path, f"[pagination]\n{entry}\n")
    assert error.what == what or what in error.what
    assert error.where is not None
    assert error.where.startswith(f"{tmp_path / 'pages.toml'} {where}")
    if spec_where is not None:
        assert error.where.endswith(f"(spec: {spec_where})")


def test_the_fixture_target_reads_into_the_ir() -> None:
    api = analysed(load_target(FIXTURE, output_root=ROOT / "build"))
    pages = {op.key: op.pagination for op in api.operations}
    assert pages["GET /orgs/{org}/projects/{project}/items"] == Pagination(
        "page",
        "page",
        "items",
        "#/components/schemas/ItemPage/allOf/1/properties/items/items",
        current="page_number",
        total="total_pages",
    )
    assert pages["GET /orgs/{org}/projects/{project}/events"] == Pagination(
        "cursor",
        "after",
        "data",
        "#/components/schemas/EventsListResponse/properties/data/items",
        item_cursor="id",
        has_more="has_more",
    )
    assert pages["GET /orgs/{org}/reports"] == Pagination(
        "cursor",
        "page_token",
        "result.reports",
        "#/components/schemas/ReportsListResponse/properties/result/properties/reports/items",
        next_cursor="next_page_token",
        declared=True,
    )
    assert pages["GET /logs"] is None  # opted out (and ambiguous anyway)
    assert pages["GET /orgs/{org}/projects/{project}"] is None
    config = load_target(FIXTURE, output_root=ROOT / "build").pagination
    assert config["GET /logs"] is None
    assert config["GET /orgs/{org}/reports"] == PaginationConfig(
        "cursor", "page_token", "result.reports", next_cursor="next_page_token"
    )


# --------------------------------------------------------------------------------- recognition rules


def listing(
    query: dict[str, str],
    properties: dict[str, Any],
    *,
    method: str = "get",
    item: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A one-operation document: GET /things with these query parameters (name -> type) and response fields."""
    item = item or {"type": "object", "properties": {"id": {"type": "string"}}}
    fields = {
        name: ({"type": "array", "items": item} if kind == "array" else {"type": kind})
        for name, kind in properties.items()
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things": {
                method: {
                    "parameters": [
                        {"name": name, "in": "query", "schema": {"type": kind}}
                        for name, kind in query.items()
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "properties": fields}
                                }
                            },
                        }
                    },
                }
            }
        },
    }


def recognised(document: dict[str, Any]) -> Pagination | None:
    target = default_target(
        spec=Path("t.yaml"), overlay=None, package="t", output_dir=Path("build/t")
    )
    api = analyze(copy.deepcopy(document), target)
    (op,) = api.operations
    return op.pagination


def test_page_number_with_total_and_current_field() -> None:
    found = recognised(
        listing(
            {"page": "integer"},
            {"data": "array", "total_pages": "integer", "page_number": "integer"},
        )
    )
    assert found is not None
    assert (found.style, found.param, found.items) == ("page", "page", "data")
    assert (found.current, found.total, found.declared) == ("page_number", "total_pages", False)


def test_page_number_with_a_page_count_and_no_current_field() -> None:
    found = recognised(listing({"page": "integer"}, {"rows": "array", "page_count": "integer"}))
    assert found is not None
    assert (found.items, found.current, found.total) == ("rows", None, "page_count")


def test_cursor_with_a_next_cursor_field() -> None:
    found = recognised(listing({"cursor": "string"}, {"data": "array", "next_cursor": "string"}))
    assert found is not None
    assert (found.style, found.param, found.next_cursor, found.item_cursor) == (
        "cursor",
        "cursor",
        "next_cursor",
        None,
    )


def test_cursor_with_has_more_and_item_ids() -> None:
    found = recognised(listing({"after": "string"}, {"data": "array", "has_more": "boolean"}))
    assert found is not None
    assert (found.param, found.item_cursor, found.has_more) == ("after", "id", "has_more")


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(
            listing(
                {"page": "integer"}, {"data": "array", "total_pages": "integer"}, method="post"
            ),
            id="not a GET",
        ),
        pytest.param(
            listing({"page": "integer"}, {"a": "array", "b": "array", "total_pages": "integer"}),
            id="two arrays",
        ),
        pytest.param(listing({"page": "integer"}, {"total_pages": "integer"}), id="no array"),
        pytest.param(
            listing({"page": "string"}, {"data": "array", "total_pages": "integer"}),
            id="page is not an integer",
        ),
        pytest.param(listing({"page": "integer"}, {"data": "array"}), id="no total pages"),
        pytest.param(
            listing(
                {"page": "integer"}, {"data": "array", "total_pages": "integer", "pages": "integer"}
            ),
            id="two totals",
        ),
        pytest.param(
            listing(
                {"page": "integer", "cursor": "string"},
                {"data": "array", "total_pages": "integer", "next_cursor": "string"},
            ),
            id="both styles",
        ),
        pytest.param(
            listing(
                {"after": "string", "cursor": "string"}, {"data": "array", "next_cursor": "string"}
            ),
            id="two cursor parameters",
        ),
        pytest.param(
            listing(
                {"after": "string"}, {"data": "array", "next_cursor": "string", "next": "string"}
            ),
            id="two next fields",
        ),
        pytest.param(
            listing(
                {"after": "string"},
                {"data": "array", "has_more": "boolean"},
                item={"type": "object", "properties": {"name": {"type": "string"}}},
            ),
            id="has_more without item ids",
        ),
        pytest.param(
            listing({"offset": "integer"}, {"data": "array", "total": "integer"}), id="offsets"
        ),
    ],
)
def test_ambiguous_or_other_shapes_are_not_paginated(document: dict[str, Any]) -> None:
    assert recognised(document) is None


# ------------------------------------------------------------------------------------------ the output


def test_generated_pages_and_methods(tmp_path: Path) -> None:
    files = {
        path: data.decode("utf-8")
        for path, data in build(load_target(FIXTURE, output_root=tmp_path)).files.items()
    }
    item_pages = files["pagination/item_page.py"]
    assert "class SyncItemPage(SyncPage[Item], ItemPage):" in item_pages
    assert "class AsyncItemPage(AsyncPage[Item], ItemPage):" in item_pages
    assert (
        'CursorPagination(\n        param="page_token", items="result.reports", next_cursor="next_page_token"\n'
        in files["pagination/reports_list_response.py"]
    )
    # The package's `pagination` names every page and imports each page's module on first access only.
    index = files["pagination/__init__.py"]
    assert '    "SyncItemPage": "item_page",\n' in index
    assert "    from .item_page import AsyncItemPage, SyncItemPage\n" in index
    items = files["resources/items.py"]
    assert ") -> SyncItemPage:" in items
    assert "from ..pagination.item_page import AsyncItemPage, SyncItemPage" in items
    assert "cast_to=SyncItemPage," in items
    assert ") -> AsyncPaginator[AsyncItemPage, Item]:" in items
    assert "return self._client._request_page(" in items
    assert "page=AsyncItemPage," in items
    assert "async def list(" not in items  # the async listing is a plain def returning a paginator
    assert "AsyncPaginator" not in files["resources/logs.py"]


def test_generated_fixture_is_mypy_strict_clean(tmp_path: Path) -> None:
    target = load_target(FIXTURE, output_root=tmp_path)
    for path, data in build(target).files.items():
        (tmp_path / "pages" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pages" / path).write_bytes(data)
    (tmp_path / "use.py").write_text(
        "from pages import AsyncPages, Pages\n"
        "from pages.pagination import AsyncItemPage, AsyncPaginator, SyncItemPage\n"
        "from pages.types import Item\n\n\n"
        "def pages(client: Pages) -> SyncItemPage:\n"
        "    return client.items.list('o', 'p', page=2)\n\n\n"
        "def paginator(client: AsyncPages) -> AsyncPaginator[AsyncItemPage, Item]:\n"
        "    return client.project('o', 'p').items.list()\n\n\n"
        "def names(client: Pages) -> list[str]:\n"
        "    return [item.id for item in client.project('o', 'p').items.list()]\n\n\n"
        "async def first(client: AsyncPages) -> Item:\n"
        "    page = await client.items.list('o', 'p')\n"
        "    async for item in client.project('o', 'p').events.list():\n"
        "        return item\n"
        "    return page.items[0]\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "pages", "use.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------------------- the changelog


def test_the_changelog_reports_a_listing_that_gains_or_loses_pages() -> None:
    from generator.changelog import diff_documents

    plain = listing({"page": "integer"}, {"data": "array"})
    paged = listing({"page": "integer"}, {"data": "array", "total_pages": "integer"})
    gained = [(c.kind, c.python_name, c.breaking) for c in diff_documents(plain, paged).changes]
    assert ("response.pagination", "client.things.list()", False) in gained
    lost = [(c.kind, c.breaking, c.detail) for c in diff_documents(paged, plain).changes]
    assert (
        "response.pagination",
        True,
        "no longer returns a page: iterating the result over every page breaks",
    ) in lost


def test_declarations_for_operations_an_older_version_lacks_do_not_stop_the_changelog() -> None:
    from generator.changelog import diff_documents

    target = load_target(FIXTURE, output_root=ROOT / "build")
    new = read_inputs(str(target.spec), None, allow_external_refs=False).document
    old = copy.deepcopy(new)
    del old["paths"]["/orgs/{org}/reports"]
    changes = diff_documents(old, new, naming=target).changes
    assert [(c.kind, c.python_name) for c in changes] == [
        ("operation.added", "client.reports.list")
    ]


def test_a_recognised_page_whose_field_would_hide_a_page_method_stays_a_plain_response() -> None:
    document = listing(
        {"page": "integer"},
        {"data": "array", "total_pages": "integer", "has_next_page": "boolean"},
    )
    target = default_target(
        spec=Path("t.yaml"), overlay=None, package="t", output_dir=Path("build/t")
    )
    api = analyze(document, target)

    assert api.operations[0].pagination is None
    (warning,) = [w for w in api.warnings if "not paginated" in w.message]
    assert "'has_next_page'" in warning.message and warning.pointer == "/paths/~1things/get"


def test_a_declared_page_whose_field_would_hide_a_page_method_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "hiding.json"
    document = listing({"page": "integer"}, {"data": "array", "iter_pages": "integer"})
    spec.write_text(json.dumps(document), encoding="utf-8")
    path = tmp_path / "hiding.toml"
    path.write_text(
        TOML_HEAD.format(spec=spec.as_posix())
        + '[pagination]\n"GET /things" = { style = "page", param = "page", items = "data" }\n',
        encoding="utf-8",
    )

    with pytest.raises(ClientgenError) as caught:
        analysed(load_target(path, output_root=tmp_path))

    assert "'iter_pages', which would hide the page method" in caught.value.what
    assert caught.value.where == f'{path} [pagination]."GET /things"'
    assert caught.value.fix is not None and '"GET /things" = false' in caught.value.fix
