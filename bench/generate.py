"""Generation speed and memory: clientgen against openapi-python-client, side by side, in one run.

    .venv/bin/python bench/generate.py [--runs N] [--only hub,server,openai,github,graph] [--timeout S]
                                       [--cores both|two|one]

Both generators read the same published spec (no overlay: the peer cannot apply one; clientgen runs with
--lenient, as the peer generates what it can). Each run is a whole process: wall time and the peak RSS of its
largest process. clientgen is measured cold (a fresh, empty cache for every run) and warm (regenerating with
nothing changed, which its content-hash cache makes cheap). openapi-python-client is installed into
.venv-bench from bench/requirements-peer.txt on first use. The two tools take turns, one run each at a time,
so that a machine whose speed drifts during the benchmark slows both alike. Every spec is measured twice: with
the machine's cores free, and with both tools pinned to one core (`taskset -c 0`), as on a one-core CI runner.
Prints a table per setting and the ratios; asserts nothing.

clientgen runs from its source tree, so its modules are byte-compiled first, as pip does for the peer's: where
PYTHONDONTWRITEBYTECODE is set (many containers set it) every run would otherwise compile them again.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from proc import Finished, run

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PEER_VENV = ROOT / ".venv-bench"
SPECS = {
    "hub": ROOT / "specs" / "oxen_hub_api.json",
    "server": ROOT / "specs" / "oxen_server_openapi.json",
    "openai": SHARED / "specs" / "openai" / "openai-openapi-2.3.0.yml",
    "github": SHARED / "corpus" / "github__api.github.com.json",
    "graph": SHARED / "corpus" / "microsoft.com__graph.json",
}
SUMMARY = re.compile(r": (\d+) operations(?:, (\d+) skipped)?")


@dataclass
class Measure:
    seconds: list[float]
    peak_mb: list[float]
    operations: int | None = None
    failed: str = ""

    def median(self) -> tuple[float, float]:
        return statistics.median(self.seconds), max(self.peak_mb)

    def add(self, other: Measure) -> None:
        self.seconds += other.seconds
        self.peak_mb += other.peak_mb
        self.operations = other.operations if other.operations is not None else self.operations
        self.failed = self.failed or other.failed


def peer_binary() -> Path:
    binary = PEER_VENV / "bin" / "openapi-python-client"
    if not binary.exists():
        print("installing openapi-python-client into .venv-bench ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run(
            [
                str(PEER_VENV / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "-r",
                str(ROOT / "bench" / "requirements-peer.txt"),
            ],
            check=True,
        )
    return binary


def _record(measure: Measure, done: Finished, ok: bool, label: str) -> None:
    if done.code is None:
        measure.failed = f"{label}: timeout"
    elif not ok:
        measure.failed = f"{label}: exit {done.code}: {done.stderr.strip().splitlines()[-1:] or ''}"
    measure.seconds.append(done.seconds)
    measure.peak_mb.append(done.peak_mb)


def pinned(cmd: list[str], one_core: bool) -> list[str]:
    return ["taskset", "-c", "0", *cmd] if one_core else cmd


def bench_peer(spec: Path, timeout: float, one_core: bool) -> Measure:
    """One run of openapi-python-client."""
    measure = Measure([], [])
    with tempfile.TemporaryDirectory(prefix="peer-") as tmp:
        out = Path(tmp) / "client"
        cmd = [
            str(peer_binary()),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out),
            "--overwrite",
        ]
        done = run(pinned(cmd, one_core), timeout=timeout, cwd=Path(tmp))
        _record(measure, done, done.code == 0 and out.exists(), "peer")
        if out.exists():
            api = next(out.glob("*/api"), None)
            modules = [p for p in api.rglob("*.py") if p.name != "__init__.py"] if api else []
            measure.operations = len(modules)
    return measure


def bench_ours(spec: Path, timeout: float, one_core: bool) -> tuple[Measure, Measure]:
    """One cold run of clientgen (an empty cache) and one warm run right after it (nothing changed)."""
    cold, warm = Measure([], []), Measure([], [])
    with tempfile.TemporaryDirectory(prefix="clientgen-") as tmp:
        env = {**os.environ, "CLIENTGEN_CACHE_DIR": str(Path(tmp) / "cache")}
        cmd = [
            sys.executable, "-m", "generator", "generate", "--spec", str(spec),
            "--package", "bench_client", "--out", str(Path(tmp) / "out"), "--lenient",
        ]  # fmt: skip
        for measure, label in ((cold, "cold"), (warm, "warm")):
            done = run(pinned(cmd, one_core), timeout=timeout, cwd=ROOT, env=env)
            _record(measure, done, done.code == 0, label)
            found = SUMMARY.search(done.stdout)
            if found:
                measure.operations = int(found.group(1))
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", default=",".join(SPECS), help="comma-separated subset of " + ",".join(SPECS)
    )
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--cores", choices=("both", "two", "one"), default="both")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    settings = {"both": (False, True), "two": (False,), "one": (True,)}[args.cores]
    tables = []
    for one_core in settings:
        label = "pinned to one core (taskset -c 0)" if one_core else "all cores free"
        rows = []
        for name in names:
            spec = SPECS[name]
            print(f"{name}, {label}: {spec.name} ...", flush=True)
            runs = 1 if name == "graph" else args.runs
            peer, cold, warm = Measure([], []), Measure([], []), Measure([], [])
            for _ in range(runs):
                peer.add(bench_peer(spec, args.timeout, one_core))
                ours = bench_ours(spec, args.timeout, one_core)
                cold.add(ours[0])
                warm.add(ours[1])
                if peer.failed or cold.failed or warm.failed:
                    break
            for who, measure in (
                ("openapi-python-client", peer),
                ("clientgen cold", cold),
                ("clientgen warm", warm),
            ):
                seconds, mb = measure.median()
                print(f"  {who}: {seconds:.2f} s {mb:.0f} MB {measure.failed}", flush=True)
            rows.append((name, peer, cold, warm))
        tables.append((label, rows))
    for label, rows in tables:
        print()
        print(f"{label}:")
        print(
            f"{'spec':8} {'peer s':>8} {'peer MB':>8} {'cold s':>8} {'cold MB':>8} {'warm s':>8} "
            f"{'cold/peer':>9} {'warm/peer':>9} {'ops peer/ours':>14}"
        )
        for name, peer, cold, warm in rows:
            (ps, pm), (cs, cm), (ws, _) = peer.median(), cold.median(), warm.median()
            print(
                f"{name:8} {ps:8.2f} {pm:8.0f} {cs:8.2f} {cm:8.0f} {ws:8.2f} {cs / ps:9.2f} {ws / ps:9.2f} "
                f"{peer.operations or 0:>6}/{cold.operations or 0:<7}"
            )
        print("cold/peer run by run (each clientgen run right after a peer run):")
        for name, peer, cold, _ in rows:
            pairs = zip(cold.seconds, peer.seconds, strict=False)
            print(f"  {name:8} " + " ".join(f"{c / p:.2f}" for c, p in pairs))
    print(
        "(medians of wall seconds of whole processes; MB = peak RSS of the largest process; graph runs once)"
    )


if __name__ == "__main__":
    main()
