# flinkc - one hand-written Makefile (STYLE §9).
#
#   make            build ./flinkc
#   make demo       install missing packages, build, render a bundled example
#   make test       install missing packages, build, run every test; last line "N passed, N failed"
#   make install    PREFIX=/usr/local DESTDIR=: binary, man page, completions, integrations
#   make unit | golden | golden-update | asan | tsan | fuzz | bench | check-headers | format | clean
#
# Objects and binaries go to $(O) (empty: in the tree).  `make asan` builds
# into build/asan/ and `make fuzz` into build/fuzz/, so a plain `make` never
# links an instrumented object and needs no `make clean` after them.

CC      ?= cc
# Link-time optimization for flinkc itself: its hot paths cross modules
# (arena, node, buf, yamlw), and inlining them there saves 4 % of a render's
# instructions.  The objects carry machine code too (fat), so the test
# programs link them as usual; LTO= turns it off (quicker links when editing).
LTO     ?= -flto=auto -ffat-lto-objects
CFLAGS  ?= -O2 -g $(LTO)
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wformat=2 -Wundef -Wvla -Wcast-qual -Wno-format-nonliteral
PKGS    = yaml-0.1 libxxhash libpcre2-8 jansson
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lxxhash -lpcre2-8 -ljansson) -lm -pthread
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -iquote compiler $(PKG_CFLAGS)
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# build tools and their outputs are never instrumented
PLAIN_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O1 -iquote compiler $(PKG_CFLAGS)
O       =

GEN     = compiler/templates_gen.c compiler/schema_gen.c compiler/schema_trees_gen.c
LIBSRC  = $(sort $(filter-out %_test.c $(GEN),$(wildcard compiler/*.c))) $(GEN)
LIBOBJ  = $(addprefix $(O),$(LIBSRC:.c=.o))
TESTSRC = $(sort $(wildcard compiler/*_test.c))
TESTOBJ = $(addprefix $(O),$(TESTSRC:.c=.o))
HDR     = $(wildcard compiler/*.h)
LIB     = $(O)compiler/libfc.a

all: $(O)flinkc

$(LIB): $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(LIBOBJ) $(TESTOBJ): $(HDR)

$(O)%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

CLISRC  = $(sort $(wildcard cmd/flinkc/*.c))
CLIOBJ  = $(addprefix $(O),$(CLISRC:.c=.o))

# flinkc is linked statically when the static libraries are there (Debian's
# -dev packages ship them): no shared objects to map and relocate at start,
# which is most of a one-job render (README, Benchmark), and one file to copy
# into an Argo CD sidecar.  STATIC= links dynamically; so does a failed
# static link.
STATIC  = -static
LTO_LINK = $(if $(findstring -flto,$(CFLAGS)),-O2 -flto=auto)
$(O)flinkc: $(CLIOBJ) $(LIB)
	$(CC) $(LDFLAGS) $(LTO_LINK) $(STATIC) -o $@ $(CLIOBJ) $(LIB) $(PKG_LIBS) 2>/dev/null || \
		$(CC) $(LDFLAGS) $(LTO_LINK) -o $@ $(CLIOBJ) $(LIB) $(PKG_LIBS)

$(CLIOBJ): compiler/fc.h cmd/flinkc/cli.h

# the source revision for `flinkc version`: from git when this directory is
# a checkout, else "unknown" (a tarball); rewritten only when it changes
REVISION = $(shell [ -e .git ] && git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
cmd/flinkc/revision.h: FORCE
	@printf '#define FC_REVISION "%s"\n' '$(REVISION)' >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(O)cmd/flinkc/main.o: cmd/flinkc/revision.h

FORCE:

# flinkc with allocation-failure injection (FC_FAIL_ALLOC_AT, alloc.h), for
# scripts/test-alloc.sh: the same objects but alloc.c built with FC_TEST_FAULTS
FAULTOBJ = $(filter-out $(O)compiler/alloc.o,$(LIBOBJ)) $(O)compiler/alloc-faults.o
$(O)compiler/alloc-faults.o: compiler/alloc.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DFC_TEST_FAULTS -c -o $@ compiler/alloc.c

$(O)flinkc-faults: $(CLIOBJ) $(FAULTOBJ)
	$(CC) $(LDFLAGS) -o $@ $(CLIOBJ) $(FAULTOBJ) $(PKG_LIBS)

# generated sources: data files embedded at build time
cmd/gen/embed: cmd/gen/embed.c
	$(CC) $(PLAIN_CFLAGS) -o $@ cmd/gen/embed.c

compiler/templates_gen.c: cmd/gen/embed $(wildcard templates/*)
	cmd/gen/embed templates compiler/templates_gen.c $(sort $(wildcard templates/*))

compiler/schema_gen.c: cmd/gen/embed schema $(wildcard schema/*)
	cmd/gen/embed schema compiler/schema_gen.c $(sort $(wildcard schema/*))

# the schema's YAML parsed and compiled at build time by flinkc's own reader
# and schema compiler, built here from source with plain flags (not the
# instrumented objects of asan/fuzz)
NODES_SRC = cmd/gen/nodes.c $(addprefix compiler/,yaml.c node.c arena.c alloc.c diag.c source.c units.c buf.c \
            os_posix.c schema.c regex.c)
cmd/gen/nodes: $(NODES_SRC) $(HDR)
	$(CC) $(PLAIN_CFLAGS) -o $@ $(NODES_SRC) $(PKG_LIBS)

compiler/schema_trees_gen.c: cmd/gen/nodes schema $(wildcard schema/*.yaml)
	cmd/gen/nodes --schema schema compiler/schema_trees_gen.c $(sort $(wildcard schema/*.yaml))

# unit tests: compiler/<mod>_test.c, run by cmd/unit
unit-bin: $(O)cmd/unit/unit

$(O)cmd/unit/unit: $(TESTOBJ) $(O)cmd/unit/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(O)cmd/unit/main.o $(TESTOBJ) $(LIB) $(PKG_LIBS)

$(O)cmd/unit/main.o: compiler/test.h

unit: unit-bin
	./$(O)cmd/unit/unit

# golden runner and the libfyaml re-parser used by the tests
$(O)cmd/golden/golden: cmd/golden/golden.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ cmd/golden/golden.c

$(O)cmd/golden/reparse: cmd/golden/reparse.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(shell pkg-config --cflags libfyaml) -o $@ cmd/golden/reparse.c $(shell pkg-config --libs libfyaml)

deps:
	@sh scripts/deps.sh

demo: deps
	@$(MAKE) -s flinkc >&2
	./flinkc render examples/quickstart.yaml

test: deps
	@$(MAKE) -s flinkc unit-bin cmd/golden/golden cmd/golden/reparse flinkc-faults $(REPLAY) >&2
	@sh scripts/test.sh

golden: flinkc cmd/golden/golden
	./cmd/golden/golden ./flinkc testdata golden

golden-update: flinkc cmd/golden/golden
	./cmd/golden/golden --update ./flinkc testdata golden

# instrumented builds in their own directories; generated sources are
# made first, here, with plain flags
asan: $(GEN)
	$(MAKE) O=build/asan/ CFLAGS='-O1 -g $(SANITIZE)' LDFLAGS='$(SANITIZE)' STATIC= \
		build/asan/flinkc build/asan/flinkc-faults build/asan/cmd/unit/unit build/asan/cmd/golden/golden

# ThreadSanitizer build of flinkc, for scripts/test-jobs.sh (-j N)
TSAN = -fsanitize=thread
tsan: $(GEN)
	$(MAKE) O=build/tsan/ CFLAGS='-O1 -g $(TSAN)' LDFLAGS='$(TSAN)' STATIC= build/tsan/flinkc

# fuzzing: one harness per reader, cmd/fuzz/fuzz_NAME.c defining
# LLVMFuzzerTestOneInput; fuzz/NAME/ holds its corpus (minimized finds and
# seeds).  Adding a harness is adding the file: make test replays every
# corpus through cmd/fuzz/replay-NAME (cmd/fuzz/replay.c's main, any
# compiler), and `make fuzz FUZZER=NAME` runs libFuzzer (clang) on it in
# build/fuzz/ for FUZZ_SECONDS (default 60); new inputs land in
# build/fuzz/corpus-NAME.  FUZZ_ARGS adds libFuzzer options (e.g. -jobs=1).
FUZZERS = $(patsubst cmd/fuzz/fuzz_%.c,%,$(sort $(wildcard cmd/fuzz/fuzz_*.c)))
REPLAY  = $(addprefix cmd/fuzz/replay-,$(FUZZERS))
FUZZER  = compile
FUZZ_CFLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_LINK   = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# a smaller quarantine of freed blocks than ASan's 256 MB: faster for the
# harnesses that compile a whole input.  Keep ASan's fill of new blocks:
# it exposed the read of an uninitialized buffer (fuzz-conf-list-of-maps).
FUZZ_ASAN   = quarantine_size_mb=16

$(O)cmd/fuzz/replay-%: $(O)cmd/fuzz/fuzz_%.o $(O)cmd/fuzz/replay.o $(O)cmd/fuzz/common.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(O)cmd/fuzz/fuzz_$*.o $(O)cmd/fuzz/replay.o $(O)cmd/fuzz/common.o $(LIB) $(PKG_LIBS)

$(O)cmd/fuzz/fuzz-%: $(O)cmd/fuzz/fuzz_%.o $(O)cmd/fuzz/common.o $(LIB)
	$(CC) $(FUZZ_LINK) -o $@ $(O)cmd/fuzz/fuzz_$*.o $(O)cmd/fuzz/common.o $(LIB) $(PKG_LIBS)

$(addprefix $(O),$(FUZZERS:%=cmd/fuzz/fuzz_%.o) cmd/fuzz/replay.o cmd/fuzz/common.o): compiler/fc.h cmd/fuzz/fuzz.h
# the harnesses that reach past fc.h (test code: undo a stage, read the defaults alone)
$(O)cmd/fuzz/common.o: compiler/arena.h compiler/base.h compiler/ctx.h compiler/source.h
$(O)cmd/fuzz/fuzz_defaults.o: compiler/arena.h compiler/base.h compiler/ctx.h compiler/defaults.h \
	compiler/diag.h compiler/node.h compiler/source.h

fuzz: $(GEN)
	$(MAKE) O=build/fuzz/ CC=clang CFLAGS='$(FUZZ_CFLAGS)' build/fuzz/cmd/fuzz/fuzz-$(FUZZER)
	mkdir -p build/fuzz/corpus-$(FUZZER)
	ASAN_OPTIONS=$${ASAN_OPTIONS:-$(FUZZ_ASAN)} build/fuzz/cmd/fuzz/fuzz-$(FUZZER) \
		-max_total_time=$${FUZZ_SECONDS:-60} -max_len=8192 -timeout=10 \
		$(FUZZ_ARGS) build/fuzz/corpus-$(FUZZER) fuzz/$(FUZZER)

bench: flinkc
	@sh scripts/bench.sh

check-headers:
	@for h in compiler/*.h; do \
		printf '#include "%s"\n' "$${h#compiler/}" | $(CC) $(ALL_CFLAGS) -Werror -fsyntax-only -x c - || exit 1; \
	done; echo "headers ok"

format:
	clang-format -i compiler/*.c compiler/*.h cmd/*/*.c

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, the man page, the
# shell completions and the integration files (scripts/test-cli.sh checks
# that exactly these are installed)
PREFIX  = /usr/local
BINDIR  = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share
KPLUGIN = kustomize/plugin/flinkc.io/v1alpha1/flinkcgenerator
install: flinkc
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/man/man1 \
		$(DESTDIR)$(SHAREDIR)/bash-completion/completions $(DESTDIR)$(SHAREDIR)/zsh/site-functions \
		$(DESTDIR)$(SHAREDIR)/flinkc/argocd $(DESTDIR)$(SHAREDIR)/flinkc/helm $(DESTDIR)$(SHAREDIR)/flinkc/$(KPLUGIN)
	cp flinkc $(DESTDIR)$(BINDIR)/flinkc
	chmod 755 $(DESTDIR)$(BINDIR)/flinkc
	cp doc/flinkc.1 $(DESTDIR)$(SHAREDIR)/man/man1/flinkc.1
	cp completions/flinkc.bash $(DESTDIR)$(SHAREDIR)/bash-completion/completions/flinkc
	cp completions/_flinkc $(DESTDIR)$(SHAREDIR)/zsh/site-functions/_flinkc
	cp integrations/argocd/plugin.yaml $(DESTDIR)$(SHAREDIR)/flinkc/argocd/plugin.yaml
	cp integrations/helm/flinkc-post-render $(DESTDIR)$(SHAREDIR)/flinkc/helm/flinkc-post-render
	cp integrations/$(KPLUGIN)/FlinkcGenerator $(DESTDIR)$(SHAREDIR)/flinkc/$(KPLUGIN)/FlinkcGenerator
	chmod 644 $(DESTDIR)$(SHAREDIR)/man/man1/flinkc.1 $(DESTDIR)$(SHAREDIR)/bash-completion/completions/flinkc \
		$(DESTDIR)$(SHAREDIR)/zsh/site-functions/_flinkc $(DESTDIR)$(SHAREDIR)/flinkc/argocd/plugin.yaml
	chmod 755 $(DESTDIR)$(SHAREDIR)/flinkc/helm/flinkc-post-render $(DESTDIR)$(SHAREDIR)/flinkc/$(KPLUGIN)/FlinkcGenerator

clean:
	rm -f flinkc flinkc-faults compiler/*.o compiler/libfc.a cmd/*/*.o $(GEN) cmd/gen/embed cmd/gen/nodes \
		cmd/unit/unit cmd/golden/golden cmd/golden/reparse cmd/fuzz/fuzz-* cmd/fuzz/replay-* \
		cmd/flinkc/revision.h
	rm -rf build/asan build/tsan build/fuzz/cmd build/fuzz/compiler # keeps build/fuzz/corpus-*

.PHONY: FORCE all install deps demo test unit unit-bin golden golden-update asan tsan fuzz bench check-headers format clean
