"""The escaping and naming functions are total over Unicode (issue 14, class "Characters").

Property tests over every code point, lone surrogates and line separators included: a literal compiles and
reads back as the original string, a docstring compiles and keeps its lines, prose encodes as UTF-8 and breaks
lines only at "\\n", and every identifier is valid, not a keyword, NFKC-stable and unique in its set. Fixed seed
and bounded examples keep the run deterministic.
"""

from __future__ import annotations

import ast
import keyword
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.escape import LINE_BREAKS, docstring, literal, lone_surrogate_pointer, prose, shown
from generator.identifiers import pascal, snake, wire_identifier, wire_identifiers

# Every code point, surrogates (category Cs) and line separators included.
ANY_CHARACTER = st.characters(codec=None, categories=None)
ANY_TEXT = st.text(ANY_CHARACTER, max_size=40)
# Text made mostly of the characters that broke generation before: line breaks, controls, surrogates, symbols.
HOSTILE_TEXT = st.text(
    st.one_of(
        st.sampled_from(
            [*sorted(LINE_BREAKS), "\ud800", "\udfff", "\x00", "\u00b5", "\u03bc", "\u2265"]
        ),
        ANY_CHARACTER,
    ),
    max_size=40,
)
TOTALITY = settings(derandomize=True, max_examples=400, deadline=None, database=None)


def _encodes(source: str) -> bool:
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _breaks_only_at_newlines(text: str) -> bool:
    # The final "." makes a trailing newline count as a line break for both splits.
    return (text + ".").splitlines() == (text + ".").split("\n")


def _valid_name(name: str) -> bool:
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and unicodedata.normalize("NFKC", name) == name
        and _encodes(name)
    )


@TOTALITY
@given(st.one_of(ANY_TEXT, HOSTILE_TEXT))
def test_a_literal_compiles_encodes_and_reads_back_as_the_string(text: str) -> None:
    source = literal(text)
    assert _encodes(source)
    compile(f"value = {source}\n", "<literal>", "exec")
    assert ast.literal_eval(source) == text
    assert source.splitlines() == [source]


@TOTALITY
@given(st.one_of(ANY_TEXT, HOSTILE_TEXT))
def test_a_docstring_compiles_encodes_and_breaks_lines_only_at_newlines(text: str) -> None:
    source = docstring(text, indent="    ")
    assert _encodes(source)
    assert _breaks_only_at_newlines(source)
    module = f"def f() -> None:\n    {source}\n"
    compile(module, "<docstring>", "exec")
    assert isinstance(ast.literal_eval(source), str)


@TOTALITY
@given(st.one_of(ANY_TEXT, HOSTILE_TEXT))
def test_prose_encodes_and_breaks_lines_only_at_newlines(text: str) -> None:
    cleaned = prose(text)
    assert _encodes(cleaned)
    assert _breaks_only_at_newlines(cleaned)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in cleaned)
    # A comment holding it stays one comment per line, and compiles.
    compile("".join(f"# {line}\n" for line in cleaned.split("\n")), "<comment>", "exec")


def test_prose_leaves_printable_text_and_newlines_as_they_are() -> None:
    text = "Plain text, ünïcödé, 🙂, ≥ and m²\n\twith a tab"
    assert prose(text) == text
    assert prose("a\r\nb\u2028c\ud800d\x00e") == "a\nb\nc\ufffdd e"


@TOTALITY
@given(st.one_of(ANY_TEXT, HOSTILE_TEXT))
def test_every_name_becomes_a_valid_nfkc_stable_identifier(text: str) -> None:
    for name in (wire_identifier(text), snake(text), pascal(text)):
        assert _valid_name(name), (text, name)


@TOTALITY
@given(st.sets(st.one_of(ANY_TEXT, HOSTILE_TEXT), max_size=12), st.sets(ANY_TEXT, max_size=4))
def test_wire_identifiers_are_unique_in_their_set_and_avoid_taken_names(
    names: set[str], taken: set[str]
) -> None:
    chosen = wire_identifiers(names, taken, every=True)
    assert set(chosen) == names
    assert len(set(chosen.values())) == len(names)
    assert not set(chosen.values()) & taken
    assert all(_valid_name(name) for name in chosen.values())
    assert wire_identifiers(sorted(names, reverse=True), taken, every=True) == chosen


def test_names_python_would_read_as_one_get_distinct_identifiers() -> None:
    # The parser NFKC-normalises identifiers: `µs` (micro sign) and `μs` (mu) would name one attribute.
    assert unicodedata.normalize("NFKC", "\u00b5s") == "\u03bcs"
    chosen = wire_identifiers(["\u00b5s", "\u03bcs", "\ufb01le", "file", "\u2265", "m\u00b2"])
    assert chosen == {
        # `μs` (mu) is read as itself and keeps its name; `µs` (micro sign) no longer meets it.
        "\u00b5s": "u00b5_s",
        "\ufb01le": "ufb01_le",
        "\u2265": "u2265",
        "m\u00b2": "m_u00b2",
    }
    # An identifier Python reads as itself keeps the modeller's naming, as an ASCII name does.
    assert wire_identifiers(["\u00fcber", "caf\u00e9", "plain"]) == {}


@TOTALITY
@given(st.one_of(ANY_TEXT, HOSTILE_TEXT))
def test_shown_text_always_encodes(text: str) -> None:
    assert _encodes(shown(text))


def test_a_lone_surrogate_is_located_keys_first() -> None:
    document = {"info": {"title": "t\ud800"}, "components": {"schemas": {"a~/\udfff": {}}}}
    assert lone_surrogate_pointer(document) == "/components/schemas/a~0~1\\udfff"
    assert lone_surrogate_pointer({"a": ["ok", "t\ud800"]}) == "/a/1"
    assert lone_surrogate_pointer({"a": ["ok"]}) is None
