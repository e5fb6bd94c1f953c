# edgespan: `make demo` runs the example, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -1)
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
# worker-build builds examples/rust-worker; it must match the `worker` crate's version.
WORKER_BUILD_VERSION := 0.8.7
export PATH := $(CARGO_BIN):$(PATH)
# A real Arize Phoenix for `make test-backends`, from PyPI, in its own virtualenv (kept across
# clones: it is about 850 MB and takes a few minutes to install).
PHOENIX_VERSION := 20.26.1
PHOENIX_VENV := $(HOME)/.cache/edgespan/phoenix-$(PHOENIX_VERSION)
# A real MLflow tracking server for `make test-backends`, the same way (about 850 MB).
MLFLOW_VERSION := 3.17.2
MLFLOW_VENV := $(HOME)/.cache/edgespan/mlflow-$(MLFLOW_VERSION)

.PHONY: check demo demo-rust test setup pkg collector test-native test-unit test-wasm test-backends test-node test-runtimes test-e2e lint types fmt clean bench bench-plot fuzz

## demo: build the package, run the example Worker in local workerd against the loopback
## collector, send a few requests and print the traces the collector received.
demo: setup pkg collector
	node scripts/demo.mjs

## demo-rust: the same with the workers-rs example (examples/rust-worker, built by worker-build).
demo-rust: setup collector
	node scripts/demo.mjs rust

## test: every layer: native (cargo test), lints, types, Node boundary tests and workerd
## end-to-end tests, all on the packed tarball.
test: setup pkg collector test-native test-unit test-wasm lint types test-node test-runtimes test-e2e test-backends

## setup: the wasm target, the pinned wasm-bindgen-cli and worker-build, and the npm packages;
## each step is skipped when already satisfied.
setup:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy rustfmt
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
		cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION)
	@[ -x node_modules/.bin/wrangler ] && [ node_modules/.package-lock.json -nt package-lock.json ] || \
		npm ci --no-audit --no-fund
	@worker-build --version 2>/dev/null | grep -q "$(WORKER_BUILD_VERSION)" || \
		cargo install worker-build --version =$(WORKER_BUILD_VERSION)

## pkg: build pkg/ and pack it into dist/edgespan-<version>.tgz.
pkg: setup
	node scripts/build-pkg.mjs

collector:
	cargo build -p edgespan-collector

test-native:
	cargo test --workspace
	cargo test --features tracing --test tracing
	cargo test --features json --test api
	cargo test --features json --doc
	cargo check --workspace --all-features

## test-unit: the pure JS modules, imported from js/ directly (shared vectors, helpers), the
## differential tests of the rules kept in both Rust and JS (10 000 generated cases per rule),
## and arbitrary input into every JS reader (tests/unit/parsers.test.mjs).
test-unit:
	node --test tests/unit/

## fuzz: the differential tests with random seeds, FUZZ_SECONDS (default 60) per rule;
## FUZZ_CASES (default a million) arbitrary inputs into every parser, JS and Rust; and
## FUZZ_MODEL_CASES (default 300) model-based sequences under faults on the packed tarball.
fuzz: pkg
	EDGESPAN_FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) node --test tests/unit/differential.test.mjs tests/unit/differential-llm.test.mjs
	EDGESPAN_FUZZ_CASES=$(or $(FUZZ_CASES),1000000) node --test tests/unit/parsers.test.mjs
	EDGESPAN_FUZZ_CASES=$(or $(FUZZ_CASES),1000000) cargo test --release --test parsers
	EDGESPAN_FUZZ_CASES=$(or $(FUZZ_MODEL_CASES),300) node --test tests/node/model.test.mjs

## check: the fast loop (about two minutes on a warm tree): formatting, native lints, native
## tests, the JS unit tests and the differential tests. No wasm build, no package, no runtimes;
## `make test` runs everything, as CI does.
check:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace
	node --test tests/unit/

## test-wasm: wasm-bindgen-test in Node for the worker feature's transport, clock and ids.
test-wasm:
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test --target wasm32-unknown-unknown -p edgespan --features worker --test wasm --lib

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -p edgespan-wasm -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -p edgespan-core --features js-float -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -p edgespan -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -p edgespan --features worker,tracing,json -- -D warnings
	cd examples/rust-worker && cargo fmt -- --check && cargo clippy --target wasm32-unknown-unknown -- -D warnings
	# A Worker that uses edgespan::worker also checks on the host (cargo check, rust-analyzer).
	cd examples/rust-worker && cargo clippy -- -D warnings
	cargo clippy --features worker,tracing,json --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p edgespan -p edgespan-core --features edgespan/worker,edgespan/tracing,edgespan/json

## types: the published .d.ts compiles under strict TypeScript (alone, with @cloudflare/workers-types,
## with `wrangler types` output, and against the openai and Anthropic SDKs' types), and has no `any`;
## every TypeScript sample of README.md and docs/ compiles (tests/docs/check.mjs), and every Rust
## Worker sample of docs/ checks for wasm32 (tests/docs/check-rust.mjs).
types:
	node_modules/.bin/tsc -p tests/types
	node_modules/.bin/tsc -p tests/types/workers
	node_modules/.bin/tsc -p tests/types/sdks
	cd tests/types/wrangler && ../../../node_modules/.bin/wrangler types >/dev/null
	node_modules/.bin/tsc -p tests/types/wrangler
	@! grep -nE '(:|<|,|\||=|\()\s*any\b' js/edgespan.d.ts || (echo "edgespan.d.ts uses the type any" && false)
	@[ -d tests/docs/node_modules ] && [ tests/docs/node_modules/.package-lock.json -nt tests/docs/package-lock.json ] || \
		(cd tests/docs && npm ci --no-audit --no-fund)
	node tests/docs/check.mjs
	node tests/docs/check-rust.mjs

test-node: pkg collector
	node --test --test-concurrency=1 tests/node/

## test-runtimes: the packed tarball under Deno, Bun, the Vercel Edge emulator, Next.js, Nitro and
## Vite with Cloudflare's plugin, each installed from npm (tests/runtimes and its folders).
test-runtimes: pkg collector
	@[ -x tests/runtimes/node_modules/.bin/deno ] && [ tests/runtimes/node_modules/.package-lock.json -nt tests/runtimes/package-lock.json ] || \
		(cd tests/runtimes && npm ci --no-audit --no-fund)
	@[ -x tests/runtimes/nextjs/node_modules/.bin/next ] && [ tests/runtimes/nextjs/node_modules/.package-lock.json -nt tests/runtimes/nextjs/package-lock.json ] || \
		(cd tests/runtimes/nextjs && npm ci --no-audit --no-fund)
	@[ -x tests/runtimes/nitro/node_modules/.bin/nitropack ] && [ tests/runtimes/nitro/node_modules/.package-lock.json -nt tests/runtimes/nitro/package-lock.json ] || \
		(cd tests/runtimes/nitro && npm ci --no-audit --no-fund)
	@[ -x tests/runtimes/vite/node_modules/.bin/vite ] && [ tests/runtimes/vite/node_modules/.package-lock.json -nt tests/runtimes/vite/package-lock.json ] || \
		(cd tests/runtimes/vite && npm ci --no-audit --no-fund)
	node --test --test-concurrency=1 tests/runtimes/

test-e2e: pkg collector
	node --test --test-concurrency=1 tests/e2e/

## test-backends: the packed tarball in workerd against a real Arize Phoenix and a real MLflow on
## loopback, each installed from PyPI into a virtualenv kept across clones.
test-backends: pkg collector
	@[ -x $(PHOENIX_VENV)/bin/phoenix ] || { python3 -m venv $(PHOENIX_VENV) && \
		$(PHOENIX_VENV)/bin/pip install --quiet --disable-pip-version-check arize-phoenix==$(PHOENIX_VERSION); }
	@[ -x $(MLFLOW_VENV)/bin/mlflow ] || { python3 -m venv $(MLFLOW_VENV) && \
		$(MLFLOW_VENV)/bin/pip install --quiet --disable-pip-version-check mlflow==$(MLFLOW_VERSION); }
	PHOENIX_BIN=$(PHOENIX_VENV)/bin/phoenix MLFLOW_BIN=$(MLFLOW_VENV)/bin/mlflow node --test --test-concurrency=1 tests/backends/*.test.mjs

fmt:
	cargo fmt --all

clean:
	rm -rf pkg dist target/pkg-stage

## bench: measurements for BENCHMARKS.md (not part of `make test`).
bench: pkg
	cd bench && npm install --no-audit --no-fund && \
		npm install --no-save --no-package-lock --no-audit --no-fund ../dist/edgespan-$$(sed -n 's/^version = "\(.*\)"/\1/p' ../Cargo.toml | head -1).tgz
	node bench/compare.mjs
	node bench/runtimes.mjs
	node bench/bundle.mjs
	node bench/wrap-cpu.mjs
	node bench/wrap-workerd.mjs
	cargo build -p edgespan-collector
	node --expose-gc bench/do-memory.mjs
	node bench/workerd.mjs
	node --expose-gc bench/gzip-memory.mjs
	node bench/scaling-coldstart.mjs
	node bench/rust-size.mjs

## bench-plot: BENCHMARKS.png from the last `make bench` (needs Python's matplotlib).
bench-plot:
	@python3 -c 'import matplotlib' 2>/dev/null || pip install -q matplotlib
	python3 bench/plot.py
