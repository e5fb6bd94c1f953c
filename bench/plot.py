"""Draws BENCHMARKS.png from the last `make bench` run: CPU per span in Node's V8 and bundle size
(target/bench/compare.json), workerd CPU per request over the baseline and spans lost at 16
requests in flight (target/bench/workerd.json), one bar per subject. Run by `make bench-plot`."""
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

wd = json.loads((root / "target" / "bench" / "workerd.json").read_text())["subjects"]
wnames = list(wd)
wlabels = [n.replace("OpenTelemetry JS", "OpenTelemetry\nJS").replace(" (", "\n(") for n in wnames]
colour = ["#54a24b" if n.startswith("edgespan") else "#9d9d9d" for n in wnames]

fig, ((a, b), (c, d)) = plt.subplots(2, 2, figsize=(12, 9))
a.bar(labels, span, label="span (start, log, end)", color="#4c78a8")
a.bar(labels, export, bottom=span, label="export (flush, awaited)", color="#f58518")
a.set_ylabel("µs per span (Node V8, lower is better)")
a.set_title("CPU per span in Node's V8")
a.legend()
b.bar(labels, gz, color=["#54a24b" if adapter(n) == "edgespan" else "#9d9d9d" for n in names])
b.axhline(17, color="#e45756", linestyle="--", label="17 KiB goal")
b.set_ylabel("KiB gzip (wasm + JS)")
b.set_title("Bundle of a minimal Worker")
b.legend()
c.bar(wlabels[1:], [wd[n]["deltaMs"] for n in wnames[1:]], color=colour[1:])
c.axhline(0.25, color="#e45756", linestyle="--", label="0.25 ms goal")
c.set_ylabel("ms of CPU per request over the baseline")
c.set_title("workerd: Δ CPU per request (21 spans), sequential")
c.legend()
lost = [100 * wd[n]["lost"]["conc"]["lost"] / max(1, wd[n]["lost"]["conc"]["made"]) for n in wnames]
c2 = d.bar(wlabels, lost, color=colour)
d.bar_label(c2, labels=[f"{v:.1f} %" for v in lost], fontsize=8)
d.set_ylabel("% of spans lost (lower is better)")
d.set_title("workerd: spans lost, 16 requests in flight")
for ax in (a, b, c, d):
    ax.tick_params(axis="x", labelsize=8)
fig.suptitle("edgespan side by side (make bench; see BENCHMARKS.md for the method)")
fig.tight_layout()
fig.savefig(root / "BENCHMARKS.png", dpi=110)
print("wrote BENCHMARKS.png")
