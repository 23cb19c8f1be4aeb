"""How the client authenticates and where it connects: the first usable security scheme, the first server."""

from __future__ import annotations

from typing import Any

from generator.analyze.context import obj
from generator.document import HTTP_METHODS, deref
from generator.errors import pointer
from generator.ir import AuthScheme


def needs_auth(document: dict[str, Any], op: dict[str, Any]) -> bool:
    security = op.get("security", document.get("security"))
    return isinstance(security, list) and any(isinstance(req, dict) and req for req in security)


def auth_scheme(document: dict[str, Any]) -> AuthScheme | None:
    schemes = obj(obj(document.get("components")).get("securitySchemes"))
    requirements = list(document.get("security") or [])
    for item in obj(document.get("paths")).values():
        if isinstance(item, dict):
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict) and isinstance(op.get("security"), list):
                    requirements.extend(op["security"])
    used = dict.fromkeys(name for req in requirements if isinstance(req, dict) for name in req)
    for name in used:
        ptr = pointer("components", "securitySchemes", name)
        scheme, _ = deref(document, schemes.get(name), ptr)
        made = _scheme(obj(scheme))
        if made is not None:
            return made
    return None


def _scheme(scheme: dict[str, Any]) -> AuthScheme | None:
    kind = scheme.get("type")
    http = str(scheme.get("scheme", "")).lower()
    if kind in ("oauth2", "openIdConnect") or (kind == "http" and http == "bearer"):
        return AuthScheme("bearer")
    if kind == "http" and http == "basic":
        return AuthScheme("basic")
    where = scheme.get("in")
    if (
        kind == "apiKey"
        and isinstance(scheme.get("name"), str)
        and where in ("header", "query", "cookie")
    ):
        return AuthScheme(where, scheme["name"])
    return None


def server_url(document: dict[str, Any]) -> str | None:
    servers = document.get("servers")
    first = obj(servers[0]) if isinstance(servers, list) and servers else {}
    url = first.get("url")
    if not isinstance(url, str):
        return None
    for name, var in obj(first.get("variables")).items():
        if isinstance(var, dict) and isinstance(var.get("default"), str):
            url = url.replace("{" + name + "}", var["default"])
    if not url.startswith(("http://", "https://")) or "{" in url:
        return None
    return url.rstrip("/")
