"""How the client authenticates and where it connects: the first usable security scheme, the first server."""

from __future__ import annotations

from typing import Any

from generator.analyze.context import obj
from generator.document import HTTP_METHODS, deref
from generator.errors import pointer
from generator.ir import AuthScheme


def needs_auth(document: dict[str, Any], op: dict[str, Any]) -> bool:
    security = op.get("security", document.get("security"))
    if not isinstance(security, list):
        return False
    return any(isinstance(req, dict) and req for req in security)


def auth_scheme(document: dict[str, Any]) -> AuthScheme | None:
    schemes = obj(obj(document.get("components")).get("securitySchemes"))
    used: list[str] = []
    requirements = list(document.get("security") or [])
    for item in obj(document.get("paths")).values():
        if isinstance(item, dict):
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict) and isinstance(op.get("security"), list):
                    requirements.extend(op["security"])
    for req in requirements:
        if isinstance(req, dict):
            used.extend(name for name in req if name not in used)
    for name in used:
        raw = schemes.get(name)
        if raw is None:
            continue
        scheme, _ = deref(document, raw, pointer("components", "securitySchemes", name))
        made = _scheme(scheme)
        if made is not None:
            return made
    return None


def _scheme(scheme: Any) -> AuthScheme | None:
    if not isinstance(scheme, dict):
        return None
    kind = scheme.get("type")
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http == "bearer":
            return AuthScheme("bearer")
        if http == "basic":
            return AuthScheme("basic")
        return None
    if kind == "apiKey" and isinstance(scheme.get("name"), str):
        where = scheme.get("in")
        if where in ("header", "query", "cookie"):
            return AuthScheme(where, scheme["name"])
        return None
    if kind in ("oauth2", "openIdConnect"):
        return AuthScheme("bearer")
    return None


def server_url(document: dict[str, Any]) -> str | None:
    servers = document.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return None
    url = servers[0].get("url")
    if not isinstance(url, str):
        return None
    variables = obj(servers[0].get("variables"))
    for name, var in variables.items():
        if isinstance(var, dict) and isinstance(var.get("default"), str):
            url = url.replace("{" + name + "}", var["default"])
    if not url.startswith(("http://", "https://")) or "{" in url:
        return None
    return url.rstrip("/")
