"""Where the templates and the runtime live, and the Jinja environment that renders the package templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

# An installed wheel carries the templates as `generator/_templates` (pyproject.toml maps the top-level templates/
# there); a checkout, and the editable install that runs from it, keeps them at the top of the repository.
_INSTALLED_TEMPLATES = Path(__file__).resolve().parent.parent / "_templates"
_CHECKOUT_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
TEMPLATES = _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else _CHECKOUT_TEMPLATES
RUNTIME_DIR = TEMPLATES / "runtime"
PACKAGE_TEMPLATES = TEMPLATES / "package"
# The hand-written runtime modules copied into every package as they are.
RUNTIME_MODULES = frozenset(p.name for p in RUNTIME_DIR.glob("_*.py") if p.name != "__init__.py")


@cache
def template_environment() -> jinja2.Environment:
    import jinja2  # here: a run served from the cache renders nothing

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)),
        autoescape=False,  # the output is Python; every spec string is escaped by generator.escape
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
