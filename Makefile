# The README's commands. Each installs what is missing, then builds.
#   make run    — install, build, open the GUI on the bundled sample data
#   make test   — install, build, run every test through ctest
#   make bench  — install, build, run the benchmarks, update docs/benchmarks.md
#   make accuracy — install, build, train the defaults on the bundled panel, write docs/accuracy.md
#   make fuzz   — run the libFuzzer targets for FUZZ_SECONDS each (clang)

BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
JOBS        ?= $(shell nproc)
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=
DATA        ?= data/forecasting/ETTh1.csv

GENERATOR = $(shell command -v ninja >/dev/null 2>&1 && echo Ninja || echo "Unix Makefiles")

.PHONY: all deps configure build run test bench accuracy fuzz package package-check clean

all: build

deps:
	@bash scripts/deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	@bash scripts/deps.sh
	cmake -S . -B $(BUILD_DIR) -G "$(GENERATOR)" \
	  -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/CMakeCache.txt

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found: starting under xvfb-run (set DISPLAY to see the window)"; \
	  xvfb-run -a -s "-screen 0 1600x1000x24" $(BUILD_DIR)/app/aaren-studio $(DATA); \
	else \
	  $(BUILD_DIR)/app/aaren-studio $(DATA); \
	fi

test: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j 2 --timeout 1200

bench: build
	bash scripts/bench.sh $(BUILD_DIR)

accuracy: build
	bash scripts/accuracy.sh $(BUILD_DIR)

package: build
	cd $(BUILD_DIR) && cpack -G DEB

package-check: package
	bash scripts/package-check.sh $(BUILD_DIR)

fuzz: deps
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) build-fuzz
