"""Golden trees for the fixture specs: `python -m tests.snapshots` (or `make snapshots`) rewrites them.

Each spec under tests/fixtures/specs/ (with an optional `<name>.toml` target file beside it) is generated in
memory; its golden tree lives in tests/snapshots/<name>/. The verbatim runtime modules and the manifest (which
hashes them) are left out: the runtime has its own tests, and every runtime edit would otherwise touch every tree.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "specs"
SNAPSHOTS = ROOT / "tests" / "snapshots"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.config import Target, default_target, load_target  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.render import RUNTIME_MODULES  # noqa: E402
from generator.write import MANIFEST  # noqa: E402

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def fixture_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.iterdir() if p.suffix in SPEC_SUFFIXES and ".overlay" not in p.name)


def fixture_target(name: str, output_root: Path) -> Target:
    config = FIXTURES / f"{name}.toml"
    if config.exists():
        return load_target(config, output_root=output_root)
    spec = next(FIXTURES / f"{name}{suffix}" for suffix in SPEC_SUFFIXES if (FIXTURES / f"{name}{suffix}").exists())
    overlay = FIXTURES / f"{name}.overlay.yaml"
    return default_target(
        spec=spec.relative_to(ROOT),
        overlay=overlay.relative_to(ROOT) if overlay.exists() else None,
        package=name,
        output_dir=output_root / name,
        lenient=True,
    )


def generate_fixture(name: str, output_root: Path = SNAPSHOTS) -> dict[str, bytes]:
    """Every file of the fixture's package, as `write` would put it on disk."""
    return build(fixture_target(name, output_root)).files


def snapshot_files(files: dict[str, bytes]) -> dict[str, bytes]:
    skip = {*RUNTIME_MODULES, MANIFEST}
    return {path: data for path, data in files.items() if path not in skip}


def read_snapshot(name: str) -> dict[str, bytes]:
    root = SNAPSHOTS / name
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def write_snapshot(name: str, files: dict[str, bytes]) -> None:
    root = SNAPSHOTS / name
    shutil.rmtree(root, ignore_errors=True)
    for path, data in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def main() -> None:
    import os

    os.chdir(ROOT)
    names = fixture_names()
    for stale in sorted(p.name for p in SNAPSHOTS.iterdir() if p.is_dir() and p.name not in names):
        shutil.rmtree(SNAPSHOTS / stale)
        print(f"removed stale snapshot {stale}")
    for name in names:
        files = snapshot_files(generate_fixture(name))
        changed = files != read_snapshot(name)
        write_snapshot(name, files)
        print(f"{name}: {len(files)} files{' (updated)' if changed else ''}")


if __name__ == "__main__":
    main()
