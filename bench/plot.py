"""Draws BENCHMARKS.png from the last `make bench` run (target/bench/compare.json): CPU per span
and bundle size side by side, one bar per subject. Run by `make bench-plot`."""
import json
import pathlib
import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

root = pathlib.Path(__file__).resolve().parent.parent
data = json.loads((root / "target" / "bench" / "compare.json").read_text())
results, sizes = data["results"], data["sizes"]
names = list(results)
adapter = data["adapters"].__getitem__  # subject name -> its adapter, whose bundle it is
span = [statistics.median(r["span"] for r in results[n]) / 1000 for n in names]
export = [statistics.median(r["export"] for r in results[n]) / 1000 for n in names]
gz = [sizes[adapter(n)]["gz"] / 1024 for n in names]
labels = [n.replace("OpenTelemetry JS (sdk-trace-base + OTLP/HTTP)", "OpenTelemetry\nJS").replace(" (", "\n(") for n in names]

fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.8))
a.bar(labels, span, label="span (start, log, end)", color="#4c78a8")
a.bar(labels, export, bottom=span, label="export (flush, awaited)", color="#f58518")
a.set_ylabel("µs per span (Node V8, lower is better)")
a.set_title("CPU per span")
a.legend()
b.bar(labels, gz, color=["#54a24b" if adapter(n) == "edgespan" else "#9d9d9d" for n in names])
b.axhline(17, color="#e45756", linestyle="--", label="17 KiB goal")
b.set_ylabel("KiB gzip (wasm + JS)")
b.set_title("Bundle of a minimal Worker")
b.legend()
for ax in (a, b):
    ax.tick_params(axis="x", labelsize=8)
fig.suptitle("edgespan side by side (make bench; see BENCHMARKS.md for the method)")
fig.tight_layout()
fig.savefig(root / "BENCHMARKS.png", dpi=110)
print("wrote BENCHMARKS.png")
