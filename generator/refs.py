"""`$ref` policy: the spec is untrusted, so nothing outside the document is read unless the user opts in.

With the opt-in (`--allow-external-refs`), external references are bundled: each referenced document is loaded
once (file paths relative to the referring document, or http(s) URLs), the referenced node is copied into the
main document's `components` under a fresh name, and the `$ref` is rewritten to point there. References inside
the copied node are resolved relative to the document it came from, so multi-file specs bundle transitively.
A `$ref` in data (`document.reference_holders`) is neither refused nor fetched, and stays as it was written.
No maintained library bundles OpenAPI documents without also fetching on its own terms, hence this module.
"""

from __future__ import annotations

import copy
import posixpath
import urllib.parse
from pathlib import Path
from typing import Any

from generator import limits
from generator.document import (
    Location,
    document_reference_holders,
    reference_holders,
    resolve_pointer,
)
from generator.errors import ClientgenError, UsageError, pointer, split_pointer
from generator.load import parse_document
from generator.source import is_url, read_source


def find_external_refs(document: Any) -> list[tuple[str, str]]:
    """(pointer, ref) of every reference that does not point inside the document, sorted by pointer. A `$ref`
    in data (an extension's or example's value) is no reference: it is neither reported nor bundled."""
    found: list[tuple[str, str]] = []
    for where, holder in document_reference_holders(document):
        ref = holder.get("$ref")
        if ref == "":
            # The empty reference is the document itself (RFC 3986, section 4.4), as `#` says it.
            holder["$ref"] = "#"
        elif isinstance(ref, str) and not ref.startswith("#"):
            found.append((pointer(*where, "$ref"), ref))
    return sorted(found)


def check_or_bundle(
    document: dict[str, Any], source: str, *, allow_external: bool
) -> dict[str, Any]:
    external = find_external_refs(document)
    if not external:
        return document
    if not allow_external:
        ptr, ref = external[0]
        more = f" (and {len(external) - 1} more)" if len(external) > 1 else ""
        raise ClientgenError(
            f"external $ref {ref!r} is not fetched{more}: the spec is untrusted input",
            where=f"{source}#{ptr}",
            fix="pass --allow-external-refs to bundle referenced files/URLs into the document, or inline the "
            "referenced schema with the overlay",
        )
    return _Bundler(document, source).run()


class _Bundler:
    def __init__(self, document: dict[str, Any], source: str) -> None:
        self.root = copy.deepcopy(document)
        self.source = source
        self.documents: dict[str, Any] = {}
        self.copied: dict[tuple[str, str], str] = {}

    def run(self) -> dict[str, Any]:
        for at, holder in document_reference_holders(self.root):
            ref = holder.get("$ref")
            if isinstance(ref, str):
                try:
                    holder["$ref"] = self._internal_ref(ref, self.source)
                except UsageError as exc:  # an unreadable document: say which `$ref` led to it
                    raise UsageError(
                        f"{exc.what}, read for the `$ref` at {self.source}#{pointer(*at, '$ref')}",
                        where=exc.where,
                        fix=exc.fix,
                    ) from None
        return self.root

    def _rewrite(self, node: Any, base: str, where: Location) -> None:
        for _, holder in reference_holders(node, where):
            ref = holder.get("$ref")
            if isinstance(ref, str):
                holder["$ref"] = self._internal_ref(ref, base)

    def _internal_ref(self, ref: str, base: str) -> str:
        location, _, fragment = ref.partition("#")
        if not location:
            if base == self.source:
                return ref
            location = base
        else:
            location = _join(base, location)
        key = (location, fragment)
        if key in self.copied:
            return self.copied[key]
        target = self._resolve(location, fragment, ref)
        section, name = _placement(fragment, location)
        components = self.root.setdefault("components", {}).setdefault(section, {})
        unique = name
        counter = 2
        while unique in components:
            unique = f"{name}{counter}"
            counter += 1
        internal = "#" + pointer("components", section, unique)
        self.copied[key] = internal
        node = copy.deepcopy(target)
        components[unique] = node
        self._rewrite(node, location, ("components", section, unique))
        return internal

    def _resolve(self, location: str, fragment: str, ref: str) -> Any:
        if location not in self.documents:
            if len(self.documents) >= limits.MAX_EXTERNAL_DOCUMENTS:
                raise ClientgenError(
                    f"more than {limits.MAX_EXTERNAL_DOCUMENTS} external documents referenced "
                    f"({limits.named('MAX_EXTERNAL_DOCUMENTS')})",
                    where=location,
                    fix="bundle the spec with a dedicated tool first",
                )
            self.documents[location] = parse_document(
                read_source(location, what="referenced document"), location
            )
        try:
            return resolve_pointer(self.documents[location], fragment)
        except KeyError:
            raise ClientgenError(
                f"$ref {ref!r} points at nothing",
                where=f"{location}#{fragment}",
                fix="fix the reference",
            ) from None


def _join(base: str, relative: str) -> str:
    if is_url(relative):
        return relative
    if is_url(base):
        return urllib.parse.urljoin(base, relative)
    if relative.startswith("file:"):
        raise ClientgenError(
            f"file: URLs are not supported in $ref ({relative})",
            where=base,
            fix="use a relative path",
        )
    return posixpath.normpath(str(Path(base).parent / relative))


def _placement(fragment: str, location: str) -> tuple[str, str]:
    tokens = split_pointer(fragment)
    if len(tokens) >= 3 and tokens[0] == "components":
        return tokens[1], tokens[-1]
    if tokens:
        return "schemas", tokens[-1]
    stem = Path(urllib.parse.urlparse(location).path).stem or "External"
    return "schemas", stem
