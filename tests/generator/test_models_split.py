"""The module split's grouping: owners that refer to each other in a cycle share a module."""

from __future__ import annotations

import random

from generator.graphs import strongly_connected


def _by_reachability(edges: dict[str, set[str]]) -> set[frozenset[str]]:
    reach: dict[str, set[str]] = {}
    for start in edges:
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        reach[start] = seen
    return {frozenset(m for m in edges if m in reach[n] and n in reach[m]) for n in edges}


def test_components_match_mutual_reachability() -> None:
    rng = random.Random(5)
    for _ in range(500):
        nodes = [f"n{i}" for i in range(rng.randint(1, 12))]
        density = rng.random() * 0.4
        edges = {a: {b for b in nodes if rng.random() < density} for a in nodes}
        components = strongly_connected(edges)
        assert sorted(m for c in components for m in c) == sorted(nodes)
        assert {frozenset(c) for c in components} == _by_reachability(edges)


def test_long_chains_need_no_recursion() -> None:
    chain = {f"n{i}": {f"n{i + 1}"} for i in range(20_000)} | {"n20000": set()}
    assert len(strongly_connected(chain)) == 20_001
    chain["n20000"] = {"n0"}
    assert len(strongly_connected(chain)) == 1
