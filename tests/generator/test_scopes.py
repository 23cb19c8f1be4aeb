"""Scopes, generator side: the `[scopes]` table's checks, which operations a scope takes, the generated views."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.analyze.scopes import in_scope
from generator.config import ScopeConfig, load_target
from generator.errors import ClientgenError
from generator.ir import Scope
from generator.pipeline import build
from tests.generator.pages_target import FIXTURE, ROOT, analysed, target_error

TOML_HEAD = """[target]
spec = "{spec}"
package = "pages"
client = "Pages"
async_client = "AsyncPages"
api_key_env = "PAGES_API_KEY"
base_url_env = "PAGES_BASE_URL"
strip_prefixes = ["/orgs/{{org}}/projects/{{project}}", "/orgs/{{org}}"]

"""


def scope_error(tmp_path: Path, tables: str) -> ClientgenError:
    return target_error(tmp_path, TOML_HEAD, tables)


@pytest.mark.parametrize(
    ("tables", "what", "where"),
    [
        ("[scopes.project]\nparams = []\n", "a scope needs `params`", "[scopes.project].params"),
        ('[scopes.project]\nparams = "org"\n', "a scope needs `params`", "[scopes.project].params"),
        (
            '[scopes.project]\nparams = ["org", "org"]\n',
            "a scope needs `params`",
            "[scopes.project].params",
        ),
        (
            '[scopes.project]\nparams = ["org"]\nclass = "P"\n',
            "unknown scope field `class`",
            "[scopes.project].class",
        ),
        ('[scopes.Project]\nparams = ["org"]\n', "is not a method name", "[scopes.Project]"),
        (
            '[scopes.project]\nparams = ["organisation", "project"]\n',
            "scope 'project' binds 'organisation', which is no path parameter of the spec",
            "[scopes.project].params",
        ),
        (
            '[scopes.project]\nparams = ["project", "org"]\n',
            "no operation's path begins with the parameters of scope 'project' (project, org)",
            "[scopes.project].params",
        ),
        (
            '[scopes.items]\nparams = ["org", "project"]\n',
            "scope 'items' clashes with `client.items`",
            "[scopes.items]",
        ),
        (
            '[scopes.with_options]\nparams = ["org"]\n',
            "scope 'with_options' clashes with `client.with_options`",
            "[scopes.with_options]",
        ),
    ],
)
def test_scope_errors_name_the_file_and_table(
    tmp_path: Path, tables: str, what: str, where: str
) -> None:
    error = scope_error(tmp_path, tables)
    assert what in error.what
    assert error.where == f"{tmp_path / 'pages.toml'}" + (f" {where}" if where else "")
    assert error.fix


def test_an_operation_is_in_a_scope_when_its_path_parameters_begin_with_the_scopes() -> None:
    target = load_target(FIXTURE, output_root=ROOT / "build")
    assert target.scopes == (ScopeConfig("project", ("org", "project")),)
    api = analysed(target)
    assert api.scopes == (Scope("project", ("org", "project")),)
    org_only = Scope("org", ("org",))
    taken = {op.key: (in_scope(op, api.scopes[0]), in_scope(op, org_only)) for op in api.operations}
    assert taken == {
        "GET /logs": (False, False),
        "GET /orgs/{org}/projects/{project}": (True, True),
        "GET /orgs/{org}/projects/{project}/events": (True, True),
        "GET /orgs/{org}/projects/{project}/items": (True, True),
        "GET /orgs/{org}/reports": (False, True),
    }


def test_generated_views(tmp_path: Path) -> None:
    files = {
        path: data.decode("utf-8")
        for path, data in build(load_target(FIXTURE, output_root=tmp_path)).files.items()
    }
    client = files["_client.py"]
    assert "    def project(self, org: str, project: str) -> Project:" in client
    assert "    def project(self, org: str, project: str) -> AsyncProject:" in client
    assert (
        "        from .scopes import Project\n\n        return Project(self, org, project)"
        in client
    )
    scopes = files["scopes.py"]
    # Resources without scoped operations are left out of the view; resource modules load on first use.
    assert "def items(self) -> ProjectItems:" in scopes
    assert "def events(self) -> AsyncProjectEvents:" in scopes
    assert "reports" not in scopes and "logs" not in scopes
    assert "        from .resources.items import ProjectItems\n" in scopes
    items = files["resources/items.py"]
    assert "class ProjectItems:" in items and "class AsyncProjectItemsWithRawResponse:" in items
    assert "        self.list = to_raw_response_wrapper(view.list)" in items
    assert (
        "        return self._resource.list(\n            *self._bound,\n            page=page,\n"
        in items
    )
    # The bound parameters leave the signature (and the docstring's arguments).
    scoped = items[items.index("class ProjectItems:") :]
    signature = scoped.split("def list(")[1].split(") ->")[0]
    assert "page: int | Omit = omit" in signature
    assert "org" not in signature and "project" not in signature
    docstring = scoped.split("def list(")[1].split('"""')[1]
    assert "`GET /orgs/{org}/projects/{project}/items`" in docstring
    assert "ProjectReports" not in files["resources/reports.py"]
