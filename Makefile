# webcodecs-wasm. The two commands: `make demo` (serve the demo) and `make test` (every test).
# Both install what is missing (Debian packages, npm modules), fetch and build the pinned
# third-party sources (cached in $(WCW_CACHE), keyed by recipe hash), then build and run.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
WCW_CACHE ?= $(HOME)/.cache/webcodecs-wasm
export WCW_CACHE
export NODE_PATH := /usr/share/nodejs
JOBS ?= 2
DEMO_PORT ?= 8080

.PHONY: all deps build core test test-native test-js test-build-scripts fixtures demo bench clean
all: build

deps:
	@bash wasm-build/install-deps.sh
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund; fi

# Third-party wasm libraries (a cache hit takes a second); the prefix goes into the cmake cache.
# The sources are fetched first, then the mt and st libraries build side by side: their
# configure scripts run one compiler test at a time, so two builds keep both cores busy.
core: deps
	@bash wasm-build/fetch-sources.sh all
	@mkdir -p build
	@JOBS=$(JOBS) bash wasm-build/build-third-party.sh mt > build/third-party-mt.prefix & mt=$$!; \
	  JOBS=$(JOBS) bash wasm-build/build-third-party.sh st > build/third-party-st.prefix & st=$$!; \
	  wait $$mt || { kill $$st 2>/dev/null; exit 1; }; wait $$st
	@for v in mt st; do \
	  emcmake cmake -S . -B build/wasm-$$v -G Ninja -DCMAKE_BUILD_TYPE=Release \
	    -DWCW_VARIANT=$$v -DWCW_THIRD_PARTY_PREFIX=$$(cat build/third-party-$$v.prefix) \
	    -DWCW_FFMPEG_SOURCE=$$(bash wasm-build/fetch-sources.sh ffmpeg) >/dev/null; \
	  cmake --build build/wasm-$$v -j $(JOBS); \
	done

build: core
	node scripts/build-dist.mjs build/wasm-mt build/wasm-st

test: build test-build-scripts test-native test-js

# The source fetcher's fallback for pins the archive no longer serves, against the real archive.
test-build-scripts: deps
	bash wasm-build/test-fetch-fallback.sh

# GoogleTest on the core against Debian's FFmpeg: plain, single-threaded, TSan and ASan variants.
test-native: deps
	cmake -S . -B build/native -G Ninja >/dev/null
	cmake --build build/native -j $(JOBS)
	ctest --test-dir build/native -j $(JOBS) --output-on-failure

fixtures: deps
	node test/fixtures/make_fixtures.mjs
	bash test/fixtures/make_images.sh test/fixtures/generated/images

test-js: build fixtures
	node --test --test-concurrency=1 test/node/ test/browser/ test/package/

demo: build
	node demo/serve.mjs --port $(DEMO_PORT)

bench: build
	node test/fixtures/make_fixtures.mjs
	node test/fixtures/make_fixtures.mjs --set bench
	node bench/run.mjs
	node bench/run.mjs --no-isolation
	node bench/asset_sizes.mjs

clean:
	rm -rf build dist
