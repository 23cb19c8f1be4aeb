"""Logging under the package's own logger, switched on by an environment variable (`<NAME>_LOG=debug|info`).

Logged URLs never carry query values that look like credentials, and headers are never logged.
"""

from __future__ import annotations

import logging
import os
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

logger = logging.getLogger(__package__ or __name__)

_SECRET_NAME = re.compile(r"(?i)(key|token|secret|passw|auth|sig|credential|session)")


def setup_logging(env_var: str) -> None:
    level = os.environ.get(env_var, "").strip().lower()
    if level not in ("debug", "info"):
        return
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)


def redact_url(url: str, secret_params: frozenset[str] = frozenset()) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [
        (k, "[redacted]" if k in secret_params or _SECRET_NAME.search(k) else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(pairs, safe="[]"), ""))
