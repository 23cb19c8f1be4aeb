"""The hand-written runtime copied into every generated package (this `__init__` is not copied).

Each module here is real Python, tested on its own under `tests/runtime/`, and copied verbatim (behind the
generated-file header) into the generated package, where the modules import each other relatively.
"""
