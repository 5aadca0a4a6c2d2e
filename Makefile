# flinkc - one hand-written Makefile (STYLE §9).
#
#   make            build ./flinkc
#   make demo       install missing packages, build, render a bundled example
#   make test       install missing packages, build, run every test; last line "N passed, N failed"
#   make install    PREFIX=/usr/local DESTDIR=: binary, man page, completions, integrations
#   make unit | golden | golden-update | asan | bench | check-headers | format | clean

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wformat=2 -Wundef -Wvla -Wcast-qual -Wno-format-nonliteral
PKGS    = yaml-0.1 libxxhash libpcre2-8 jansson
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lxxhash -lpcre2-8 -ljansson) -lm
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -iquote compiler $(PKG_CFLAGS)
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

GEN     = compiler/templates_gen.c compiler/schema_gen.c compiler/schema_trees_gen.c
LIBSRC  = $(sort $(filter-out %_test.c $(GEN),$(wildcard compiler/*.c))) $(GEN)
LIBOBJ  = $(LIBSRC:.c=.o)
TESTSRC = $(sort $(wildcard compiler/*_test.c))
TESTOBJ = $(TESTSRC:.c=.o)
HDR     = $(wildcard compiler/*.h)

all: flinkc

compiler/libfc.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(LIBOBJ) $(TESTOBJ): $(HDR)

.c.o:
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

CLISRC  = $(sort $(wildcard cmd/flinkc/*.c))
CLIOBJ  = $(CLISRC:.c=.o)

flinkc: $(CLIOBJ) compiler/libfc.a
	$(CC) $(LDFLAGS) -o $@ $(CLIOBJ) compiler/libfc.a $(PKG_LIBS)

$(CLIOBJ): compiler/fc.h cmd/flinkc/cli.h

# the source revision for `flinkc version`: from git when this directory is
# a checkout, else "unknown" (a tarball); rewritten only when it changes
REVISION = $(shell [ -e .git ] && git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
cmd/flinkc/revision.h: FORCE
	@printf '#define FC_REVISION "%s"\n' '$(REVISION)' >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

cmd/flinkc/main.o: cmd/flinkc/revision.h

FORCE:

# generated sources: data files embedded at build time
cmd/gen/embed: cmd/gen/embed.c
	$(CC) $(ALL_CFLAGS) -o $@ cmd/gen/embed.c

compiler/templates_gen.c: cmd/gen/embed $(wildcard templates/*)
	cmd/gen/embed templates compiler/templates_gen.c $(sort $(wildcard templates/*))

compiler/schema_gen.c: cmd/gen/embed schema $(wildcard schema/*)
	cmd/gen/embed schema compiler/schema_gen.c $(sort $(wildcard schema/*))

# the schema's YAML parsed at build time by flinkc's own reader, built here
# from source with plain flags (not the instrumented objects of asan/fuzz)
NODES_SRC = cmd/gen/nodes.c $(addprefix compiler/,yaml.c node.c arena.c alloc.c diag.c source.c units.c buf.c os_posix.c)
cmd/gen/nodes: $(NODES_SRC) $(HDR)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O1 -iquote compiler $(PKG_CFLAGS) -o $@ $(NODES_SRC) $(PKG_LIBS)

compiler/schema_trees_gen.c: cmd/gen/nodes schema $(wildcard schema/*.yaml)
	cmd/gen/nodes schema compiler/schema_trees_gen.c $(sort $(wildcard schema/*.yaml))

# unit tests: compiler/<mod>_test.c, run by cmd/unit
unit-bin: $(TESTOBJ) cmd/unit/main.o compiler/libfc.a
	$(CC) $(LDFLAGS) -o cmd/unit/unit cmd/unit/main.o $(TESTOBJ) compiler/libfc.a $(PKG_LIBS)

cmd/unit/main.o: cmd/unit/main.c compiler/test.h
	$(CC) $(ALL_CFLAGS) -c -o $@ cmd/unit/main.c

unit: unit-bin
	./cmd/unit/unit

# golden runner and the libfyaml re-parser used by the tests
cmd/golden/golden: cmd/golden/golden.c
	$(CC) $(ALL_CFLAGS) -o $@ cmd/golden/golden.c

cmd/golden/reparse: cmd/golden/reparse.c
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags libfyaml) -o $@ cmd/golden/reparse.c $(shell pkg-config --libs libfyaml)

deps:
	@sh scripts/deps.sh

demo: deps
	@$(MAKE) -s flinkc >&2
	./flinkc render examples/quickstart.yaml

test: deps
	@$(MAKE) -s flinkc unit-bin cmd/golden/golden cmd/golden/reparse cmd/fuzz/replay >&2
	@sh scripts/test.sh

golden: flinkc cmd/golden/golden
	./cmd/golden/golden ./flinkc testdata golden

golden-update: flinkc cmd/golden/golden
	./cmd/golden/golden --update ./flinkc testdata golden

asan:
	$(MAKE) clean
	$(MAKE) CFLAGS='-O1 -g $(SANITIZE)' LDFLAGS='$(SANITIZE)' flinkc unit-bin cmd/golden/golden

# fuzzing: libFuzzer with clang; a corpus replayer with any compiler
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
fuzz:
	$(MAKE) clean
	$(MAKE) CC=clang CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' compiler/libfc.a
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -iquote compiler $(FUZZ_FLAGS) -o cmd/fuzz/fuzz cmd/fuzz/fuzz_compile.c compiler/libfc.a $(PKG_LIBS)
	mkdir -p build/fuzz-corpus && cp testdata/*/*.yaml build/fuzz-corpus/ 2>/dev/null; \
	./cmd/fuzz/fuzz -max_total_time=$${FUZZ_SECONDS:-60} -max_len=8192 -timeout=10 build/fuzz-corpus fuzz/corpus

cmd/fuzz/replay: cmd/fuzz/fuzz_compile.c compiler/libfc.a
	$(CC) $(ALL_CFLAGS) -DFC_FUZZ_MAIN -o $@ cmd/fuzz/fuzz_compile.c compiler/libfc.a $(PKG_LIBS)

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
	rm -f flinkc compiler/*.o compiler/libfc.a cmd/*/*.o $(GEN) cmd/gen/embed cmd/gen/nodes cmd/unit/unit \
		cmd/golden/golden cmd/golden/reparse cmd/fuzz/fuzz cmd/fuzz/replay cmd/flinkc/revision.h

.PHONY: FORCE all install deps demo test unit unit-bin golden golden-update asan fuzz bench check-headers format clean
