# SPDX-License-Identifier: PostgreSQL
#
# safepg -- one hand-written GNU Makefile.
#
#   make                     build ./safepg
#   make check               lint, headers, man pages, unit, integration and terminal tests
#   make check SANITIZE=1    the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz                build the libFuzzer targets (clang)
#   make bench               benchmarks against psql (never part of check)
#   make demo                a throwaway server and safepg opened on it
#   make install PREFIX=/usr/local DESTDIR=
#
# Layout: src/core/*.c are the pure modules (scanner, classifier, shell
# classifier, profile, policy, ...).  They are compiled WITHOUT libpq's include
# path and archived into libsafepg-core.a, which the unit tests link without
# libpq or readline: a pure module that reaches for the network fails to build.
# src/*.c are the effects (terminal, libpq, audit file, child processes, REPL).

.SUFFIXES:
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

PKG_CONFIG ?= pkg-config
PYTHON     ?= python3
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
LIBEXECDIR ?= $(PREFIX)/lib/safepg
DESTDIR    ?=
VERSION    := 0.1.0

# SANITIZE=1 means address,undefined; any other value is passed to -fsanitize=.
SANITIZE ?=
ifeq ($(SANITIZE),1)
override SANITIZE := address,undefined
endif

ifeq ($(SANITIZE),)
BUILD    := build
OPTFLAGS := -O2 -g -D_FORTIFY_SOURCE=3
SANFLAGS :=
else
BUILD    := build/san
# FORTIFY and the sanitizers instrument the same calls; keep them apart.
OPTFLAGS := -O1 -g
SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
# Known leaks inside libraries we link (see the file); for tests and safepg alike.
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
endif

WARNFLAGS := -std=c11 -Wall -Wextra -Wpedantic -Wformat=2 -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla -Wwrite-strings \
	-Wimplicit-fallthrough -Werror
# -fvisibility=hidden: the program exports nothing, so a name of ours can never
# interpose on a library's own (libkrb5, loaded by libpq, has profile_init and
# profile_release, and calls them through the PLT).
HARDEN    := -fstack-protector-strong -fPIE -fvisibility=hidden
LDHARDEN  := -pie -Wl,-z,relro,-z,now

PGQUERY_A := $(shell $(CC) -print-file-name=libpg_query.a)
PQ_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpq 2>/dev/null)
EXT_LIBS  := $(shell $(PKG_CONFIG) --libs libpq readline yaml-0.1 2>/dev/null)
YAML_LIBS := $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null)
CRYPTO_LIBS := $(shell $(PKG_CONFIG) --libs libcrypto 2>/dev/null || echo -lcrypto)

CPPFLAGS_COMMON := -D_GNU_SOURCE -DSAFEPG_VERSION='"$(VERSION)"' -Iinclude
CFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS  = $(WARNFLAGS) $(OPTFLAGS) $(HARDEN) $(SANFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDHARDEN) $(SANFLAGS) $(LDFLAGS)

CORE_SRCS   := $(sort $(wildcard src/core/*.c))
CLIENT_SRCS := $(sort $(wildcard src/*.c))
CORE_OBJS   := $(CORE_SRCS:src/core/%.c=$(BUILD)/core/%.o)
CLIENT_OBJS := $(CLIENT_SRCS:src/%.c=$(BUILD)/client/%.o)
MAIN_OBJ    := $(BUILD)/client/main.o
CORE_LIB    := $(BUILD)/libsafepg-core.a
CLIENT_LIB  := $(BUILD)/libsafepg-client.a
CORE_LIBS   := $(CORE_LIB) $(PGQUERY_A) $(YAML_LIBS) $(CRYPTO_LIBS) -lpthread -lm

# Test drivers: small C programs that exercise client modules (libpq, stdio)
# directly, for the integration tests.  tests/drivers/drv_NAME.c -> build/drivers/drv_NAME
DRIVER_SRCS := $(sort $(wildcard tests/drivers/drv_*.c))
DRIVER_BINS := $(DRIVER_SRCS:tests/drivers/%.c=$(BUILD)/drivers/%)

UNIT_SRCS   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS   := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

ifeq ($(SANITIZE),)
SAFEPG_BIN := safepg
else
SAFEPG_BIN := $(BUILD)/safepg
endif

# The names safepg answers to when called through a link (see wrap.c).
WRAPPER_NAMES := psql pg_dump pg_dumpall pg_restore dropdb createdb dropuser \
	createuser vacuumdb reindexdb clusterdb

.PHONY: drivers all check check-unit check-integ check-tty check-headers check-man \
	check-lint check-compat deps bench fuzz fuzz-run demo install uninstall clean

all: $(SAFEPG_BIN)

$(BUILD)/core/%.o: src/core/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_COMMON) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/client/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_COMMON) $(PQ_CFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(CLIENT_LIB): $(filter-out $(MAIN_OBJ),$(CLIENT_OBJS))
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(SAFEPG_BIN): $(MAIN_OBJ) $(CLIENT_LIB) $(CORE_LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(CLIENT_LIB) $(CORE_LIBS) $(EXT_LIBS)

$(BUILD)/drivers/%: tests/drivers/%.c $(CLIENT_LIB) $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_COMMON) $(PQ_CFLAGS) $(ALL_CFLAGS) -MF $@.d $(ALL_LDFLAGS) \
		-o $@ $< $(CLIENT_LIB) $(CORE_LIBS) $(EXT_LIBS)

drivers: $(DRIVER_BINS)

# Unit tests link the pure core only: no libpq, no readline.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/tap.h $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_COMMON) -Itests/unit $(ALL_CFLAGS) -MF $@.d $(ALL_LDFLAGS) \
		-o $@ $< $(CORE_LIBS)

deps:
	@scripts/deps.sh

check: deps all check-lint check-headers check-man check-unit check-integ check-tty

TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
INTEG_TESTS := $(sort $(wildcard tests/integration/t_*.py))
TTY_TESTS := $(sort $(wildcard tests/tty/t_*.py))

check-unit: $(UNIT_BINS)
	@echo "== unit tests"
	@cd tests/unit && prove --exec '' $(addprefix $(CURDIR)/,$(UNIT_BINS))

check-integ: $(SAFEPG_BIN) $(DRIVER_BINS)
	@echo "== integration tests (real PostgreSQL server)"
	$(if $(INTEG_TESTS),@SAFEPG=$(CURDIR)/$(SAFEPG_BIN) SAFEPG_TOP=$(CURDIR) SAFEPG_DRIVERS=$(CURDIR)/$(BUILD)/drivers \
		prove -j$(TEST_JOBS) --exec $(PYTHON) $(INTEG_TESTS),@echo "(none yet)")

check-tty: $(SAFEPG_BIN)
	@echo "== terminal tests (pseudo-terminal)"
	$(if $(TTY_TESTS),@SAFEPG=$(CURDIR)/$(SAFEPG_BIN) SAFEPG_TOP=$(CURDIR) \
		prove --exec $(PYTHON) $(TTY_TESTS),@echo "(none yet)")

# Every header compiles on its own; pure headers also without libpq's path.
check-headers:
	@echo "== headers"
	@set -e; for h in include/safepg/*.h; do \
		printf '#include "%s"\ntypedef int header_check_t;\n' "$${h#include/}" | \
			$(CC) $(CPPFLAGS_COMMON) $(PQ_CFLAGS) $(WARNFLAGS) -fsyntax-only -x c - \
			|| { echo "header $$h does not compile alone"; exit 1; }; \
	done
	@tests/lint.sh headers

check-lint:
	@echo "== lint"
	@tests/lint.sh source

check-man:
	@echo "== man pages"
	@set -e; for m in man/*.[1-8]; do \
		out=$$(groff -mandoc -ww -z $$m 2>&1); \
		if [ -n "$$out" ]; then echo "$$m:"; echo "$$out"; exit 1; fi; \
	done

check-compat: $(SAFEPG_BIN)
	../shared/compat/run-compat.sh ./$(SAFEPG_BIN)

bench: safepg
	@bench/run.sh

# libFuzzer targets: built by clang with the core compiled for fuzzing.
FUZZ_SRCS  := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BINS  := $(FUZZ_SRCS:fuzz/%.c=build/fuzz/%)
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1
FUZZ_SECONDS ?= 60

build/fuzz/%: fuzz/%.c $(CORE_SRCS) $(wildcard include/safepg/*.h)
	@mkdir -p $(@D)
	clang $(CPPFLAGS_COMMON) -std=c11 -Wall -Wextra -Werror $(FUZZ_FLAGS) \
		-o $@ $< $(CORE_SRCS) $(PGQUERY_A) $(YAML_LIBS) $(CRYPTO_LIBS) -lpthread -lm

fuzz: $(FUZZ_BINS)

fuzz-run: $(FUZZ_BINS)
	@set -e; for f in $(FUZZ_BINS); do \
		n=$${f#build/fuzz/}; mkdir -p build/fuzz/corpus-$$n; \
		echo "== $$n for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			build/fuzz/corpus-$$n fuzz/seeds/$${n#fuzz_}; \
	done

demo: deps safepg
	@scripts/demo.sh

install: safepg
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/bin \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 safepg $(DESTDIR)$(BINDIR)/safepg
	for n in $(WRAPPER_NAMES); do \
		ln -sf $(BINDIR)/safepg $(DESTDIR)$(LIBEXECDIR)/bin/$$n; \
	done
	install -m 644 man/safepg.1 $(DESTDIR)$(MANDIR)/man1/safepg.1
	install -m 644 man/safepg-profile.5 $(DESTDIR)$(MANDIR)/man5/safepg-profile.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/safepg $(DESTDIR)$(MANDIR)/man1/safepg.1 \
		$(DESTDIR)$(MANDIR)/man5/safepg-profile.5
	rm -rf $(DESTDIR)$(LIBEXECDIR)

clean:
	rm -rf build safepg

-include $(CORE_OBJS:.o=.d) $(CLIENT_OBJS:.o=.d) $(UNIT_BINS:=.d) $(DRIVER_BINS:=.d)
