"""YAML through the C safe loader, refusing what JSON cannot say and YAML says silently: a key set twice.

PyYAML keeps the last of two equal keys in a mapping without a word (`paths:` twice leaves only the second),
so a spec can lose half its operations and still validate. The loader here checks each mapping's explicit keys
as it builds it (load.py reports the first with its pointer); the merge key (`<<`) may still be overridden by an explicit key, as YAML intends.
"""

from __future__ import annotations

from typing import Any

import yaml

# The C loader is ~20x faster on multi-megabyte specs; fall back only where libyaml is missing.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _UniqueKeysLoader(_BaseLoader):  # type: ignore[misc]
    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        # id of a mapping node with a repeated key -> (key, line, column); id of its dict -> the same.
        self.repeats_by_node: dict[int, tuple[str, int, int]] = {}
        self.repeats: dict[int, tuple[str, int, int]] = {}

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                    continue
                # The text as written: `200` and `'200'` are one key once keys are strings, as in JSON.
                if key_node.value in seen and id(node) not in self.repeats_by_node:
                    mark = key_node.start_mark
                    self.repeats_by_node[id(node)] = (key_node.value, mark.line + 1, mark.column + 1)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)

    def construct_unique_map(self, node: Any) -> Any:
        # SafeConstructor.construct_yaml_map, noting which dict the mapping with a repeated key became.
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))
        if id(node) in self.repeats_by_node:
            self.repeats[id(data)] = self.repeats_by_node[id(node)]


_UniqueKeysLoader.add_constructor("tag:yaml.org,2002:map", _UniqueKeysLoader.construct_unique_map)


def load_yaml(text: str) -> tuple[Any, dict[int, tuple[str, int, int]]]:
    """The data of a YAML document (safe tags only), and the mappings in it that repeat a key: by the id of
    their dict, the key and the line and column where it is repeated."""
    loader = _UniqueKeysLoader(text)
    try:
        return loader.get_single_data(), loader.repeats
    finally:
        loader.dispose()
