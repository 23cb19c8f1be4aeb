"""Generate a client for every spec in a corpus and report how many generate, import and cover their operations.

    .venv/bin/python bench/corpus.py [DIR] [--timeout S] [--jobs N] [--out results.tsv] [--only PATTERN]

DIR defaults to ../shared/corpus (the sample listed in its MANIFEST.tsv; GitHub and Microsoft Graph are left to
bench/generate.py). Each spec is generated in lenient mode, in its own process with a timeout, into a temporary
directory; then every generated module is imported in a fresh interpreter. Writes a TSV (one row per spec) and
prints a summary: generated, fully importable, operation coverage, tracebacks, median/p90 seconds, peak memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SUMMARY_LINE = re.compile(r": (\d+) operations(?:, (\d+) skipped)?, (\d+) models")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IMPORT_ALL = """
import importlib, pathlib, sys
root = pathlib.Path(sys.argv[1])
package = sys.argv[2]
sys.path.insert(0, str(root))
failed = []
count = 0
for path in sorted((root / package).rglob("*.py")):
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    if module.endswith(".__init__"):
        module = module[: -len(".__init__")]
    count += 1
    try:
        importlib.import_module(module)
    except Exception as exc:
        failed.append(f"{module}: {type(exc).__name__}: {exc}")
print(count)
for line in failed[:5]:
    print(line)
sys.exit(1 if failed else 0)
"""


@dataclass
class Row:
    spec: str
    spec_operations: int
    status: str  # generated | refused | failed | timeout
    operations: int = 0
    skipped: int = 0
    models: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    modules: int = 0
    imports: str = ""  # ok | failed | ""
    traceback: bool = False
    message: str = ""


def count_operations(path: Path) -> int:
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return 0
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return 0
    return sum(1 for item in paths.values() if isinstance(item, dict) for m in HTTP_METHODS if m in item)


# Every child generates cold: no cache read or written, so timings are honest and runs are independent.
CHILD_ENV = {**os.environ, "CLIENTGEN_CACHE_DIR": "off"}


def _run(cmd: list[str], timeout: float, cwd: Path) -> tuple[int | None, str, str, float, float]:
    """(exit code or None on timeout, stdout, stderr, seconds, peak RSS in MB) of one child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        # A session of its own, so that a timeout kills the generator's helper processes (validation, black
        # workers) too, instead of leaving them to compete with the next specs.
        process = subprocess.Popen(
            cmd, cwd=cwd, stdout=out, stderr=err, env=CHILD_ENV, start_new_session=True
        )
        deadline = started + timeout
        status: int | None = None
        usage = None
        while True:
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                process.returncode = status
                break
            if time.perf_counter() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                _, wait_status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                status = None
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        peak = (usage.ru_maxrss / 1024.0) if usage else 0.0  # Linux reports KiB
        return status, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), seconds, peak


def run_one(spec: Path, timeout: float, workdir: Path) -> Row:
    package = "client_" + re.sub(r"\W", "_", spec.stem.lower())[:60]
    row = Row(spec=spec.name, spec_operations=count_operations(spec), status="failed")
    out_dir = workdir / package
    cmd = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--spec",
        str(spec),
        "--package",
        package,
        "--out",
        str(out_dir),
        "--lenient",
    ]
    code, stdout, stderr, seconds, peak = _run(cmd, timeout, ROOT)
    row.seconds, row.peak_mb = round(seconds, 3), round(peak, 1)
    row.traceback = "Traceback (most recent call last)" in stderr
    if code is None:
        row.status, row.message = "timeout", f"no result within {timeout:g} s"
        return row
    if code != 0:
        row.status = "refused" if "error:" in stderr and not row.traceback else "failed"
        row.message = " ".join(line for line in stderr.splitlines() if line.startswith("error:"))[:300]
        return row
    match = SUMMARY_LINE.search(stdout)
    if match:
        row.operations = int(match.group(1))
        row.skipped = int(match.group(2) or 0)
        row.models = int(match.group(3))
    row.status = "generated"
    code, stdout, stderr, _, _ = _run([sys.executable, "-c", IMPORT_ALL, str(out_dir), package], timeout, ROOT)
    lines = stdout.splitlines()
    row.modules = int(lines[0]) if lines and lines[0].isdigit() else 0
    row.imports = "ok" if code == 0 else "failed"
    if code != 0:
        row.message = "; ".join(lines[1:3] or stderr.splitlines()[-1:])[:300]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per spec")
    parser.add_argument("--jobs", type=int, default=1, help="specs generated at once (1 gives clean timings)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "corpus.tsv")
    parser.add_argument("--only", default="", help="regex on file names")
    args = parser.parse_args()

    manifest = args.corpus / "MANIFEST.tsv"
    if manifest.exists():
        with manifest.open() as handle:
            names = [r["file"] for r in csv.DictReader(handle, delimiter="\t") if r["group"] == "sample"]
    else:
        names = sorted(p.name for p in args.corpus.glob("*.json"))
    if args.only:
        names = [n for n in names if re.search(args.only, n)]
    specs = [args.corpus / n for n in names]
    terminal = sys.stdout.isatty()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="clientgen-corpus-") as tmp, ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_one, spec, args.timeout, Path(tmp)) for spec in specs]
        for index, future in enumerate(futures, 1):
            row = future.result()
            rows.append(row)
            line = (
                f"[{index}/{len(specs)}] {row.spec}: {row.status} {row.operations}/{row.spec_operations} ops, "
                f"imports {row.imports or '-'}, {row.seconds:.2f} s"
            )
            if terminal:
                print("\r\033[K" + line[:150], end="", flush=True)
            else:
                print(line, flush=True)
    if terminal:
        print()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(asdict(rows[0])), delimiter="\t")
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)
    generated = [r for r in rows if r.status == "generated"]
    importable = [r for r in generated if r.imports == "ok"]
    complete = [r for r in importable if r.operations + r.skipped >= r.spec_operations and r.skipped == 0]
    total_ops = sum(r.spec_operations for r in rows)
    made_ops = sum(r.operations for r in importable)
    times = sorted(r.seconds for r in rows)
    print(f"specs:                 {len(rows)}")
    print(f"generated:             {len(generated)}")
    print(f"import fully:          {len(importable)}")
    print(f"every operation, imports fully: {len(complete)}")
    print(f"operations generated:  {made_ops}/{total_ops} ({100.0 * made_ops / max(total_ops, 1):.1f} %)")
    finished_ops = sum(r.spec_operations for r in rows if r.status != "timeout")
    if finished_ops != total_ops:
        print(
            f"  of specs that finished in time: {made_ops}/{finished_ops} "
            f"({100.0 * made_ops / max(finished_ops, 1):.1f} %)"
        )
    print(f"tracebacks:            {sum(r.traceback for r in rows)}")
    print(f"refused (located error): {sum(r.status == 'refused' for r in rows)}")
    print(f"timeouts:              {sum(r.status == 'timeout' for r in rows)}")
    print(f"seconds median / p90:  {statistics.median(times):.2f} / {times[int(0.9 * (len(times) - 1))]:.2f}")
    print(f"peak memory (max):     {max(r.peak_mb for r in rows):.0f} MB")
    print(f"rows written to {args.out}")
    for row in rows:
        if row.status != "generated" or row.imports != "ok" or row.skipped:
            print(f"  {row.spec}: {row.status} imports={row.imports or '-'} skipped={row.skipped} {row.message}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
