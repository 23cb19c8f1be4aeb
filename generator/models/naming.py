"""The names of the classes of inline schemas: what a person would call them.

An inline schema is named after where it sits: its parent's class name, then the words of the property (or
`Item`, `Value`, or what distinguishes a union member) that lead to it.

- Words the parent already has are not repeated: `FineTuneRun` + `fine_tune_script` -> `FineTuneRunScript`,
  + `fine_tune_schema` -> `FineTuneRunScriptSchema`; when the property has no other word, it stays whole
  (`FineTuneRunScriptSchema` + `schema` -> `FineTuneRunScriptSchemaSchema`).
- An array's items take the singular (`choices` -> `ChatCompletionResponseChoice`), or `Item` when the word
  has no plural form (`data` -> `...DataItem`); a map's values take `Value`.
- Members of a union are named by what distinguishes them: a property only that member has (`FileContents`
  oneOf `{Text}` | `{Binary}` -> `FileContentsText`, `FileContentsBinary`), else its title, else its
  position (`Variant2`).
- Identical schemas share one class (see `generator.models.hoist`), named by what its uses share: the name
  most of them propose (`GenerationMediaType`, proposed by two `Generation`s' `media_type` against one
  `QueueGenerationResponseMediaType`; ties go to fewer words). When every use proposes another name: the words
  their tails end with (`Evaluation.created_by` and `FineTuneRun.created_by` -> `CreatedBy`), if at least two
  for an enum (one word such as `Status` says nothing of what it is the status of) or one for a model (a noun
  such as `Generation` names the thing); else the words their parents end with, then the words their tails
  end with or `Item`/`Value` (`AccountInfo.account_age_indicator` and `AccountInfo.password_change_indicator`
  -> `AccountInfoIndicator`; `AudioGenerateResponse.audios` items and `VideoGenerateResponse.videos` items ->
  `GenerateResponseItem`); else the shortest proposal (then the alphabetically first).

The clash rule, the only one: component schema names are never taken by an inline schema. Inline schemas are
named parents first; among those named in the same round, in order of their preferred name (then of their
structure's key). Each takes its first candidate that is free (the preferred name, then the other names its
uses propose, in the order above); when all are taken, the preferred name followed by the lowest free number
from 2 (`FooStatus2`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from generator.identifiers import pascal, singular, words

# A tail token meaning "the items of the array named by the word before it".
ITEM = "\x00item"


def class_name_of(component: str) -> str:
    """The class name datamodel-code-generator gives a component (kept as written when it is a Python name)."""
    if component.isidentifier() and component[:1].isupper():
        return component
    return pascal(component)


def child_name(parent: str, tail: Sequence[str]) -> str:
    """The name of an inline schema below the class `parent`, reached through `tail` (words and `ITEM`)."""
    have = {singular(w) for w in words(parent)}
    plain = [t for t in tail if t != ITEM]
    tokens = list(tail)
    # Leading words the parent already has go, as long as one of the tail's own words is left.
    while plain and tokens and tokens[0] != ITEM and singular(tokens[0]) in have:
        if len(plain) == 1:
            break
        plain.pop(0)
        tokens.pop(0)
    name = parent
    for token in tokens:
        name = _items_of(name) if token == ITEM else name + token.capitalize()
    return name


def _items_of(name: str) -> str:
    """`Choices` -> `Choice`, `Data` -> `DataItem`."""
    found = words(name)
    last = found[-1] if found else ""
    one = singular(last)
    if one == last or not name.lower().endswith(last):
        return name + "Item"
    stem = name[: len(name) - len(last)]
    spelled = name[len(stem) :]
    if spelled.lower().startswith(one):
        return stem + spelled[: len(one)]
    return stem + (one.capitalize() if spelled[:1].isupper() else one)


def group_candidates(uses: Sequence[tuple[str, Sequence[str]]], *, enum: bool) -> list[str]:
    """The names for one class from its uses (parent class name, tail), best first (the rule above)."""
    proposals = [child_name(parent, tail) for parent, tail in uses]
    counts = Counter(proposals)
    ranked = sorted(counts, key=lambda name: (-counts[name], len(words(name)), len(name), name))
    if counts[ranked[0]] > 1 or len(ranked) == 1:
        return ranked
    shared = _common_suffix([words(child_name("", tail)) for _, tail in uses])
    context = _common_suffix([words(parent) for parent, _ in uses])
    kinds = {tail[-1] if tail and tail[-1] in (ITEM, "value") else "" for _, tail in uses}
    kind = {ITEM: "item", "value": "value"}.get(kinds.pop(), "") if len(kinds) == 1 else ""
    if len(shared) >= (2 if enum else 1):
        preferred = pascal(" ".join(shared))
    elif context and (shared or kind):
        preferred = pascal(" ".join([*context, *(shared or [kind])]))
    else:
        return ranked
    return [preferred, *(name for name in ranked if name != preferred)]


def _common_suffix(lists: list[list[str]]) -> list[str]:
    shortest = min(len(found) for found in lists)
    size = 0
    while size < shortest and len({found[len(found) - 1 - size] for found in lists}) == 1:
        size += 1
    return lists[0][len(lists[0]) - size :]


def claim_first(candidates: Sequence[str], taken: set[str]) -> str:
    """The first free candidate, else the first followed by the lowest free number from 2; now taken."""
    for name in candidates:
        if name not in taken:
            taken.add(name)
            return name
    counter = 2
    while f"{candidates[0]}{counter}" in taken:
        counter += 1
    name = f"{candidates[0]}{counter}"
    taken.add(name)
    return name
