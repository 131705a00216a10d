# SPDX-License-Identifier: GPL-2.0
#
# A command-line tool linking the agent's libagent.a (codecs, IQF client,
# ...), which it builds first. The tool's Makefile sets NAME and includes
# this file:
#   make                  build/release/$(NAME)
#   make check LOGDIR=D   command-line tests (tests/test_*.sh) via run-tap
#   make install          $(DESTDIR)$(PREFIX)/bin/$(NAME)

O ?= build/release
VARIANT_CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
DESTDIR ?=
TOP := ../..
AGENT := $(TOP)/agent
AGENT_O ?= build/release
LIBAGENT := $(AGENT)/$(AGENT_O)/libagent.a

WFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
override CPPFLAGS += -I. -I$(AGENT) -I$(AGENT)/$(AGENT_O) -I$(TOP)/uapi
override CFLAGS := $(VARIANT_CFLAGS) $(WFLAGS) $(CFLAGS) -MMD -MP
LDLIBS += $(shell pkg-config --libs libprotobuf-c libssl libcrypto) -lm

SRCS := $(wildcard *.c)
OBJS := $(SRCS:%.c=$(O)/%.o)

all: $(O)/$(NAME)

$(LIBAGENT): FORCE
	$(MAKE) -C $(AGENT) O=$(AGENT_O) $(AGENT_O)/libagent.a

$(O)/$(NAME): $(OBJS) $(LIBAGENT)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBAGENT) $(LDLIBS)

$(O)/%.o: %.c | $(LIBAGENT)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

LOGDIR ?= $(abspath $(TOP)/build/check)
check: all
	@for t in tests/test_*.sh; do \
		[ -e "$$t" ] || continue; \
		$(TOP)/tools/testing/run-tap $(LOGDIR) \
			$(NAME)-$$(basename $$t .sh) $$t $(O)/$(NAME); \
	done

install: $(O)/$(NAME)
	install -D -m 0755 $(O)/$(NAME) $(DESTDIR)$(PREFIX)/bin/$(NAME)

clean:
	rm -rf build

.PHONY: all check install clean FORCE
-include $(OBJS:.o=.d)
