# The two commands (see README):  make run   — install what is missing, build, start Carnet
#                                 make test  — install what is missing, run every test
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/carnet-target
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test deps test-deps ui app bench bench-app

deps:
	scripts/install-deps.sh

test-deps: deps
	scripts/install-test-deps.sh

ui: deps
	cd ui && npm run build

# The desktop app serving the built UI, and the admin CLI.
app: ui
	cargo build --workspace --features carnet/custom-protocol

run: app
	scripts/run-app.sh

test: test-deps
	scripts/test-all.sh

# The speed budget (BENCHMARKS.md): core figures on dataset TIER (tiny, s, m,
# l; built once under ~/.cache/carnet-bench), medians of RUNS runs, against
# the unencrypted copy and the naive LIKE search in the same run.
TIER ?= m
RUNS ?= 3
bench: deps
	cargo build --release -p carnet-admin
	"$(CARGO_TARGET_DIR)/release/carnet-admin" bench --tier $(TIER) --runs $(RUNS) --json bench-$(TIER).json
