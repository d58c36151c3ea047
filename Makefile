# The two commands of the README: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
BIN := .build/debug/charter

.PHONY: deps build release test demo bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: build
	$(SWIFT) test

demo: build
	@bash Samples/demo.sh $(BIN)

bench: deps
	@bash Benchmarks/run.sh

clean:
	rm -rf .build
