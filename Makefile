# SPDX-License-Identifier: GPL-2.0
#
# lmisf: the module (Kbuild), the agent and tools, tests and docs.
#
#   make               module for the running kernel + userspace
#   make module        lmisf.ko for KVER (default: the running kernel;
#                      KVER=debug: the debug kernel, tools/vm/debug-kernel.sh)
#   make userspace     lmisfd, lmisfctl, lmisf-query, lmisf-mdf, ...
#   make selftests     builds selftests/lmisf (run them with tools/vm/run)
#   make check         installs dependencies, runs every test (host + VMs)
#   make fuzz          every agent fuzz target for FUZZ_TIME s (default 600),
#                      FUZZ_JOBS at once (default 1); corpora grow in
#                      agent/build/fuzz/corpus, crashes are reported
#   make demo          a VoLTE call inside GTP-U, intercepted, in a VM
#   make style         checkpatch --strict on module/, clang-format check
#   make install       module (KVER) and userspace
#   make dkms-install  sources for DKMS

KVER ?= $(shell uname -r)
# KVER=debug: the debug kernel's tree (tools/vm/debug-kernel.sh builds it).
ifeq ($(KVER),debug)
KDIR ?= $(shell tools/vm/debug-kernel.sh --path)/linux
else
KDIR ?= /lib/modules/$(KVER)/build
endif
PREFIX ?= /usr/local
DESTDIR ?=
KBUILD_OUT := build/kmod/$(KVER)
KSRC = $(shell tools/ksrc.sh)

all: module userspace

# Built in a per-kernel copy so that several kernels can be built from one
# tree (kbuild writes its objects beside the sources).
module:
	@test -d $(KDIR) || { echo "no kernel build tree at $(KDIR)"; exit 1; }
	@mkdir -p $(KBUILD_OUT)
	@cp -u Kbuild $(KBUILD_OUT)/
	@cp -ru module uapi $(KBUILD_OUT)/
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(KBUILD_OUT) W=1 modules
	@echo "built $(KBUILD_OUT)/lmisf.ko"

module-debug:
	$(MAKE) module KCFLAGS="-DDEBUG"

userspace:
	$(MAKE) -C agent
	$(MAKE) -C tools

selftests:
	$(MAKE) -C selftests/lmisf

check:
	tools/testing/check.sh

demo:
	tools/demo.sh

fuzz:
	$(MAKE) -C agent fuzz

style:
	tools/style.sh

install: module userspace
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(KBUILD_OUT) modules_install
	$(MAKE) -C tools install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	install -D -m 0755 agent/build/release/lmisfd $(DESTDIR)$(PREFIX)/sbin/lmisfd

DKMS_VERSION := $(shell git describe --always 2>/dev/null || echo 0)
dkms-install:
	install -d $(DESTDIR)/usr/src/lmisf-$(DKMS_VERSION)
	cp -r Kbuild module uapi $(DESTDIR)/usr/src/lmisf-$(DKMS_VERSION)/
	sed 's/@VERSION@/$(DKMS_VERSION)/' tools/dkms.conf.in \
		> $(DESTDIR)/usr/src/lmisf-$(DKMS_VERSION)/dkms.conf

clean:
	rm -rf build
	$(MAKE) -C agent clean
	$(MAKE) -C tools clean

.PHONY: all module module-debug userspace selftests check demo fuzz style \
	install dkms-install clean
