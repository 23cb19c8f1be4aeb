"""Every bound clientgen puts on its untrusted input, in one place.

A spec (and whatever it references, with `--allow-external-refs`) is untrusted: without these bounds a few
bytes could exhaust memory, the recursion limit or the user's patience. Each error that a bound raises names
it as `clientgen.limits.NAME`, so a user who meets one knows exactly what stopped the run. The values sit far
above anything a real API description needs (the OpenAI and Microsoft Graph specs are the yardsticks).
"""

from __future__ import annotations

# Nesting of objects and arrays in a document. Later stages (datamodel-code-generator among them) walk
# schemas recursively, a schema level costing several stack frames, so a much deeper document would end in
# RecursionError (190 nested `items` do). The OpenAI spec, the deepest we know, nests 20 levels.
MAX_DEPTH = 100

# Nodes a YAML document may add by expanding aliases (`*name` copies the node `&name` marks). A tiny file of
# nested aliases ("billion laughs") would otherwise describe billions of nodes; real specs use aliases
# sparingly, if at all. A recursive alias (a node that holds an alias to itself) is refused outright.
MAX_ALIAS_NODES = 1_000_000

# Length of a chain of `$ref`s, each naming the next, before a node that is not a reference. Generated
# packages define each link in terms of the next, so a long chain would overflow on import.
MAX_REF_CHAIN = 32

# Size of a spec, overlay or referenced document read from a file, in bytes.
MAX_FILE_BYTES = 200 * 1024 * 1024

# Size of a document downloaded over http(s), in bytes (`clientgen fetch --max-bytes` raises it).
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024

# Seconds a single network read may wait (`--timeout` of `clientgen fetch` and `init`).
READ_TIMEOUT_SECONDS = 30.0

# Seconds a whole download may take, connection, headers and body together: a server that sends a byte
# every few seconds never trips the per-read timeout, and would otherwise be read for hours.
MAX_DOWNLOAD_SECONDS = 120.0

# External documents a spec may reference (with `--allow-external-refs`).
MAX_EXTERNAL_DOCUMENTS = 200


def named(bound: str) -> str:
    """How an error message names a bound: `limit clientgen.limits.MAX_DEPTH`."""
    return f"limit clientgen.limits.{bound}"
