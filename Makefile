# Feder — two commands: `make run` and `make test`. Both first make sure the system
# libraries exist (installing them with apt-get when missing), then hand over to SwiftPM.

SHELL := /bin/bash
APT_PACKAGES := libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev pkg-config
SWIFT_TEST_FLAGS ?=

.PHONY: run test deps build release check-tools clean

run: deps
	swift run feder

test: deps
	swift test $(SWIFT_TEST_FLAGS)
	$(MAKE) --no-print-directory check-tools

# Installs what is missing: directly as root, else through sudo, else prints the command.
deps:
	@missing=""; \
	pkg-config --exists sqlite3 || missing="$$missing libsqlite3-dev"; \
	pkg-config --exists libcmark-gfm || missing="$$missing libcmark-gfm-dev libcmark-gfm-extensions-dev"; \
	[ -e /usr/include/cmark-gfm-core-extensions.h ] || missing="$$missing libcmark-gfm-extensions-dev"; \
	pkg-config --exists zlib || missing="$$missing zlib1g-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system libraries:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PACKAGES); \
		elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PACKAGES); \
		else \
			echo "Please run: sudo apt-get install -y $(APT_PACKAGES)"; exit 1; \
		fi; \
	fi

build: deps
	swift build

release: deps
	swift build -c release

# Checks run by `make test` beyond the Swift suite (external tools; see README).
check-tools:
	@true

clean:
	rm -rf .build .build-*
