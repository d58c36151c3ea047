# The two commands of the README: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
BIN := .build/debug/charter

.PHONY: deps build-deps build release test demo manual install uninstall bench fuzz asan tsan clean

deps:
	@bash scripts/install-deps.sh

# Only what building needs (libgit2): what `make install` asks of a machine.
build-deps:
	@bash scripts/install-deps.sh --build

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: manual
	$(SWIFT) test

demo: build
	@bash Samples/demo.sh $(BIN)

# The manual page, generated from the command definitions by swift-argument-parser's GenerateManual
# plugin (over the debug build: the definitions are the same in every build); dated by the last
# commit, so the same sources give the same page. The tests check it.
MANUAL := .build/plugins/GenerateManual/outputs/charter/charter.1
MANUAL_DATE := $(shell git log -1 --format=%cs 2>/dev/null)
GENERATE_MANUAL := $(SWIFT) package plugin generate-manual --configuration debug $(if $(MANUAL_DATE),--date $(MANUAL_DATE))
manual: build
	$(GENERATE_MANUAL)

# `make install [PREFIX=/usr/local] [DESTDIR=]`: the binary in $(PREFIX)/bin, the completion scripts
# where bash-completion, zsh and fish look under PREFIX, the manual page in share/man/man1 (see
# scripts/install.sh). The binary carries the Swift runtime (--static-swift-stdlib), so it runs
# without the toolchain, needing only libgit2; built apart in .build-install, as the static runtime
# compiles everything anew. It installs only what building needs, not the tools the tests use.
PREFIX ?= /usr/local
DESTDIR ?=
install: build-deps
	$(SWIFT) build
	$(GENERATE_MANUAL)
	$(SWIFT) build -c release --product charter --static-swift-stdlib --scratch-path .build-install
	@bash scripts/install.sh install .build-install/release/charter $(MANUAL) "$(DESTDIR)$(PREFIX)"

uninstall:
	@bash scripts/install.sh uninstall "$(DESTDIR)$(PREFIX)"

bench: deps
	@bash Benchmarks/run.sh

# libFuzzer over loading and validation, from the committed seed corpus (Fuzz/corpus) and with the
# dictionary Fuzz/charter.dict (charter's keys, YAML's indicators, the characters with rules of their own),
# for FUZZ_SECONDS; new inputs it finds go to .build-fuzz/corpus. A crash leaves crash-* files here:
# replay with `.build/debug/CharterFuzz FILE`, fix, and add the input to Fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZER_LIB := $(shell dirname $$(readlink -f $$(command -v swift)))/../lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a
fuzz: deps
	$(SWIFT) build -c release --scratch-path .build-fuzz --product CharterFuzz -Xswiftc -DFUZZING \
	  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
	  -Xlinker $(FUZZER_LIB) -Xlinker -lstdc++
	mkdir -p .build-fuzz/corpus
	.build-fuzz/release/CharterFuzz .build-fuzz/corpus Fuzz/corpus -dict=Fuzz/charter.dict -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -rss_limit_mb=2048 -print_final_stats=1

# The whole suite under AddressSanitizer or ThreadSanitizer, the end-to-end tests running the
# sanitized charter binary too. Known leaks outside charter are listed in Tests/Sanitizers/lsan.supp.
asan: deps
	CHARTER_BINARY=$(CURDIR)/.build-asan/debug/charter LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan.supp \
	  $(SWIFT) test --scratch-path .build-asan -Xswiftc -sanitize=address

tsan: deps
	CHARTER_BINARY=$(CURDIR)/.build-tsan/debug/charter \
	  $(SWIFT) test --scratch-path .build-tsan -Xswiftc -sanitize=thread

clean:
	rm -rf .build .build-fuzz .build-bench .build-asan .build-tsan .build-install
