# Samskap — the two commands: `make run` and `make test`.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=Release

.PHONY: all deps build run test bench clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)
	@bash scripts/assets.sh

run: build
	@mkdir -p data
	@./$(BUILD)/samskap serve --demo

test: build
	@cd $(BUILD) && ctest --output-on-failure --timeout 900

bench: build
	@bash bench/run.sh
	@bash bench/directory/run.sh
	@if [ -x bench/register/run.sh ]; then bash bench/register/run.sh; fi
	@bash bench/matching/run.sh
	@bash bench/needs/run.sh
	@bash bench/region/run.sh

clean:
	rm -rf $(BUILD) static/vendor
