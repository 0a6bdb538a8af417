# The two commands (see README):  make run   — install what is missing, build (release), start Carnet
#                                 make test  — install what is missing, run every test
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/carnet-target
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test deps test-deps ui app bench bench-app screens

deps:
	scripts/install-deps.sh

test-deps: deps
	scripts/install-test-deps.sh

ui: deps
	cd ui && npm run build

# The desktop app serving the built UI, and the admin CLI (debug builds,
# for the tests).
app: ui
	cargo build --workspace --features carnet/custom-protocol

# What users run: the release build serving the built UI, without WebKit's
# developer tools (scripts/check-release-config.sh proves it).
run: ui
	cargo build --release -p carnet --features carnet/custom-protocol
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

# What she feels, in the real app under Xvfb through WebDriver, on dataset
# TIER: keystroke → results, opening a file, switching weeks, cold start,
# memory after MINUTES of use (tests/e2e/bench-app.mjs).
MINUTES ?= 10
bench-app: test-deps ui
	cargo build --release -p carnet-admin
	cargo build --release -p carnet --features carnet/custom-protocol
	dataset=$$("$(CARGO_TARGET_DIR)/release/carnet-admin" bench --tier $(TIER) --prepare) && \
	cd tests/e2e && CARNET_APP="$(CARGO_TARGET_DIR)/release/carnet" CARNET_BENCH_FILE="$$dataset" \
	  CARNET_BENCH_PASSPHRASE=banc-essai-carnet-patients-fictifs-mesure-vitesse CARNET_BENCH_MINUTES=$(MINUTES) \
	  CARNET_BENCH_JSON="$(CURDIR)/bench-app-$(TIER).json" \
	  xvfb-run -a -s "-screen 0 1280x800x24" node bench-app.mjs

# The main screens of the demo cabinet at one screen size (debug build), for
# a human to look at: tests/e2e/screenshots/size-<SIZE>-*.png.
SIZE ?= 1920x1080
screens: test-deps ui
	cargo build -p carnet --features carnet/custom-protocol
	cd tests/e2e && CARNET_SCREEN_SIZE=$(SIZE) xvfb-run -a -s "-screen 0 $(SIZE)x24" node screens.mjs
