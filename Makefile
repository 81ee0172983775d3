# pmortem - offline post-mortem analyzer.
#
#   make deps    install missing Debian packages (apt-get; sudo when not root)
#   make         build ./pmortem
#   make check   deps + build + unit tests + end-to-end tests, the same again
#                under ASan+UBSan, and a short run of every fuzz target
#   make run     the main job on the fixture incident bundle
#   make bench   speed against the tools a user would use instead
#   make fuzz    longer fuzz runs (FUZZ_SECONDS per target)
#   make install PREFIX=/usr/local DESTDIR=
#
# Sources are found by directory: a new importers/x.c, tests/test_x.c or
# tests/fuzz/x.c needs no edit here.

CC       ?= gcc
FUZZCC   ?= clang
PKGS     := libelf libdw sqlite3 libarchive
PREFIX   ?= /usr/local
FUZZ_SECONDS ?= 300
FUZZ_SHORT   ?= 8

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

# libarchive is linked statically when libarchive.a is there and links (a
# probe, once per make): the shared library pulls in libxml2, ICU and
# libstdc++ for formats pmortem never reads, whose loading cost every run
# ~6 ms (a sixth of `pmortem smem DIR` on a small capture).  Its own
# dependencies stay shared, those it does not use are dropped (--as-needed).
ARCHIVE_A := $(wildcard $(shell pkg-config --variable=libdir libarchive 2>/dev/null)/libarchive.a)
ifneq ($(ARCHIVE_A),)
ARCHIVE_DEPS := $(foreach l,$(filter-out -larchive,$(shell pkg-config --static \
	--libs-only-l libarchive 2>/dev/null)),$(if $(filter /%,$(shell $(CC) \
	-print-file-name=lib$(l:-l%=%).so)),$(l)))
ARCHIVE_LIBS := $(ARCHIVE_A) -Wl,--as-needed $(ARCHIVE_DEPS) -Wl,--no-as-needed
ARCHIVE_OK := $(shell printf '\043include <archive.h>\nint main(void) { struct archive *a = \
	archive_read_new(); archive_read_support_filter_all(a); \
	archive_read_support_format_tar(a); archive_read_support_format_raw(a); \
	return archive_read_free(a); }\n' | $(CC) $(PKG_CFLAGS) -x c - -x none -o /dev/null \
	$(ARCHIVE_LIBS) 2>/dev/null && echo yes)
ifeq ($(ARCHIVE_OK),yes)
PKG_LIBS := $(filter-out -larchive,$(PKG_LIBS)) $(ARCHIVE_LIBS)
endif
endif
# The same for libdw, libelf, SQLite and the compressors, when their .a
# files are there and link (a probe): each shared library costs the loader
# a mapping and its relocations, ~0.3 ms apiece on this machine, and
# `pmortem smem DIR` on 60 processes takes a few ms in all.  libc and libm
# stay shared (getpwuid_r needs NSS).
STATIC_A := $(foreach l,dw elf sqlite3 lzma zstd lz4 bz2 z,$(if $(filter /%,$(shell \
	$(CC) -print-file-name=lib$(l).a)),-l$(l)))
ifeq ($(words $(STATIC_A)),8)
STATIC_LIBS := -Wl,-Bstatic $(STATIC_A) -Wl,-Bdynamic
STATIC_OK := $(shell printf '\043include <sqlite3.h>\n\043include <elfutils/libdwfl.h>\n\
	int main(void) { elf_version(EV_CURRENT); return sqlite3_libversion_number() + \
	(dwfl_begin(0) != 0); }\n' | $(CC) $(PKG_CFLAGS) -x c - -x none -o /dev/null \
	$(STATIC_LIBS) -lpthread -lm 2>/dev/null && echo yes)
ifeq ($(STATIC_OK),yes)
PKG_LIBS := $(filter-out -ldw -lelf -lsqlite3 -llzma -lzstd -llz4 -lbz2 -lz,$(PKG_LIBS)) \
	$(STATIC_LIBS)
endif
endif
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN     := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN) \
	-Iimporters -Isrc -Isrc/core -Isrc/rules -Ireports -Ibuild/gen $(PKG_CFLAGS)
CFLAGS   ?= -O2 -g
LDLIBS   := $(PKG_LIBS) -lpthread -lm
SAN      := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined,float-cast-overflow

IMP_SRC  := $(sort $(wildcard importers/*.c))
CORE_SRC := $(sort $(wildcard src/core/*.c src/rules/*.c reports/*.c))
CMD_SRC  := $(sort $(filter-out src/main.c,$(wildcard src/*.c)))
GEN_SRC  := build/gen/schema_sql.c build/gen/schema_db.c build/gen/rules_sql.c
LIB_SRC  := $(IMP_SRC) $(CORE_SRC) $(CMD_SRC)
RULES_SQL := $(sort $(wildcard src/rules/*.sql))

TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_HELP := tests/recorder.c
FUZZ_SRC := $(sort $(filter-out tests/fuzz/nullsink.c,$(wildcard tests/fuzz/*.c)))

OBJ      := $(patsubst %.c,build/obj/%.o,$(LIB_SRC) $(GEN_SRC:build/%=%))
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(GEN_SRC:build/%=%))
TESTS    := $(patsubst tests/%.c,build/tests/%,$(TEST_SRC))
ASAN_TESTS := $(patsubst tests/%.c,build/asan-tests/%,$(TEST_SRC))
FUZZERS  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))

.PHONY: all deps check unit e2e asan unit-asan e2e-asan fuzz-short fuzz run \
	bench install clean browser

all: pmortem

deps:
	@tools/deps.sh

# V=1 shows the full commands.
Q := $(if $(V),,@)
say = $(if $(V),,@printf '  %-6s %s\n' $(1) $(2);)

build/gen/schema_sql.c: src/schema.sql tools/embed.sh
	@mkdir -p $(@D)
	$(Q)tools/embed.sh pm_schema_sql $< > $@

build/gen/schema_db.c: src/schema.sql tools/embed-db.sh
	@mkdir -p $(@D)
	$(Q)tools/embed-db.sh pm_schema_db $< > $@

build/gen/rules_sql.c: $(RULES_SQL) tools/embed.sh tools/embed-rules.sh
	@mkdir -p $(@D)
	$(Q)tools/embed-rules.sh $(RULES_SQL) > $@

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(BASE_CFLAGS) $(CFLAGS) -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC-SAN,$<)$(CC) $(BASE_CFLAGS) -O1 -g $(SAN) -MMD -MP -c $< -o $@

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	$(call say,CC-SAN,$<)$(CC) $(BASE_CFLAGS) -O1 -g $(SAN) -c $< -o $@

pmortem: build/obj/src/main.o $(OBJ)
	$(call say,LINK,$@)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/pmortem-asan: build/asan/src/main.o $(ASAN_OBJ)
	$(call say,LINK,$@)$(CC) -O1 -g $(SAN) -o $@ $^ $(LDLIBS)

build/tests/%: tests/%.c $(TEST_HELP) $(OBJ)
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(BASE_CFLAGS) -Itests $(CFLAGS) -o $@ $< $(TEST_HELP) \
		$(OBJ) $(CMOCKA_LIBS) $(LDLIBS)

build/asan-tests/%: tests/%.c $(TEST_HELP) $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(BASE_CFLAGS) -Itests -O1 -g $(SAN) -o $@ $< $(TEST_HELP) \
		$(ASAN_OBJ) $(CMOCKA_LIBS) $(LDLIBS)

# Fuzz targets link the importers only: pure parsers, no SQLite.
build/fuzz/%: tests/fuzz/%.c tests/fuzz/nullsink.c $(IMP_SRC)
	@mkdir -p $(@D)
	$(call say,FUZZ,$@)$(FUZZCC) -std=c11 -D_GNU_SOURCE -Iimporters -Itests/fuzz -O1 -g \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o $@ $< tests/fuzz/nullsink.c $(IMP_SRC) -lm \
		$(shell pkg-config --libs libelf libdw)

unit: $(TESTS)
	@tools/run-tests.sh unit $(TESTS)

e2e: pmortem
	@PMORTEM=$(CURDIR)/pmortem tools/run-tests.sh e2e tests/e2e/*.sh

unit-asan: $(ASAN_TESTS)
	@ASAN_OPTIONS=detect_leaks=1 tools/run-tests.sh unit-asan $(ASAN_TESTS)

e2e-asan: build/pmortem-asan
	@ASAN_OPTIONS=detect_leaks=1 PMORTEM=$(CURDIR)/build/pmortem-asan \
		tools/run-tests.sh e2e-asan tests/e2e/*.sh

asan: unit-asan e2e-asan

fuzz-short: $(FUZZERS)
	@FUZZ_SECONDS=$(FUZZ_SHORT) tools/run-fuzz.sh $(FUZZERS)

fuzz: $(FUZZERS)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tools/run-fuzz.sh $(FUZZERS)

browser: pmortem
	@if [ -x tools/browser-test.sh ]; then tools/browser-test.sh; fi

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit e2e
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory fuzz-short
	@$(MAKE) --no-print-directory browser

run: pmortem
	tools/run-main.sh

bench: pmortem
	tools/bench.sh

install: pmortem
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 pmortem $(DESTDIR)$(PREFIX)/bin/pmortem
	install -m 644 docs/pmortem.1 $(DESTDIR)$(PREFIX)/share/man/man1/pmortem.1

clean:
	rm -rf build pmortem

-include $(shell find build/obj build/asan -name '*.d' 2>/dev/null)
