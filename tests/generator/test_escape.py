"""Strings from the spec made safe for generated code."""

from __future__ import annotations

import ast

from generator.escape import _printable, docstring


def test_every_character_str_isprintable_accepts_is_kept_as_it_is() -> None:
    # docstring_body skips the per-character escaping when str.isprintable accepts the text.
    kept = [chr(code) for code in range(0x110000) if chr(code).isprintable()]
    assert [c for c in kept if _printable(c) != c] == []


def test_a_docstring_with_control_characters_escapes_them_and_parses() -> None:
    text = 'Pets\u2028and\x00more\ufeff """quoted""" \\ back slash\u00a0nbsp'
    literal = docstring(text)
    for raw in ("\u2028", "\x00", "\ufeff"):
        assert raw not in literal
    assert "\u00a0" in literal  # a no-break space is printable text
    assert isinstance(ast.literal_eval(literal), str)
    assert ast.literal_eval(literal) == (
        'Pets\u2028and\x00more\ufeff """quoted""" \\ back slash\u00a0nbsp'
    )
