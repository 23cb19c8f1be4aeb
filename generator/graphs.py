"""Graph algorithms the stages share, written out because each is a few lines and no dependency is needed."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)


def dependencies_first(nodes: Sequence[Node], needs: Mapping[Node, Sequence[Node]]) -> list[Node]:
    """The nodes in their order, except that each comes after the nodes it `needs` (those among `nodes`,
    placed in the order given). Depth first and without recursion: a chain may be as long as the input
    allows. A node in a cycle keeps its place in it: no order can satisfy a cycle."""
    members = set(nodes)
    placed: list[Node] = []
    done: set[Node] = set()
    for start in nodes:
        if start in done:
            continue
        visiting = {start}
        stack = [(start, iter(needs.get(start, ())))]
        while stack:
            node, pending = stack[-1]
            need = next(pending, None)
            if need is None:
                stack.pop()
                done.add(node)
                placed.append(node)
            elif need in members and need not in done and need not in visiting:
                visiting.add(need)
                stack.append((need, iter(needs.get(need, ()))))
    return placed


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The graph's strongly connected components (Tarjan's algorithm, iterative: chains can be long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def enter(node: str) -> tuple[str, list[str]]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, list(edges[node])

    # Any order of visits finds the same components.
    for root in edges:
        if root in index:
            continue
        work = [enter(root)]
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in index:
                    work.append(enter(nxt))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = [stack.pop()]
                while component[-1] != node:
                    component.append(stack.pop())
                on_stack.difference_update(component)
                components.append(component)
    return components
