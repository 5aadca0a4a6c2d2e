#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-cli.sh - the command line people expect: --help lists every command,
# the man page renders without warnings and names every command, option,
# environment variable and exit status, the bash and zsh completions load
# and complete every command and option, `make install` installs exactly
# the listed files, and `flinkc version` names the source revision; the
# last line is "cli: N passed, M failed".
#
# Run by scripts/test.sh from the repository root after ./flinkc is built.
# The commands are taken from cmd/flinkc/main.c's table and the options
# from each command's --help, so a new command or option that is not
# documented and completable fails here.  zsh and man are optional (the
# checks that need them say they were skipped).

set -u
cd "$(dirname "$0")/.." || exit 3
LC_ALL=C
export LC_ALL
ROOT=$(pwd)
FLINKC=$ROOT/flinkc

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-cli.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
t() {
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name"
		[ -s "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -6
	fi
	: >"$tmp/err"
}

# the command table of main.c
sed -n '/^} commands\[\] = {/,/^};/p' cmd/flinkc/main.c | sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", .*/\1/p' >"$tmp/commands"
t "main.c: the command table was found" [ "$(wc -l <"$tmp/commands")" -ge 8 ]
# options of a command, one per line, from its --help ("  -o, --output DIR" gives -o and --output)
options() {
	"$FLINKC" "$1" --help | sed -n 's/^  \(-[^ ].*\)/\1/p' | sed 's/   .*//; s/ [A-Za-z|]*$//' | tr ',' '\n' | sed 's/^ *//; s/ .*//'
}

# ---- --help ----
"$FLINKC" --help >"$tmp/help" 2>"$tmp/err"
t "--help: exit 0" [ $? -eq 0 ]
while read -r c; do
	t "--help lists $c" grep -q "^  $c " "$tmp/help"
	"$FLINKC" "$c" --help >"$tmp/chelp" 2>"$tmp/err"
	t "$c --help: exit 0, a usage line" sh -c '[ $1 -eq 0 ] && grep -q "^usage: flinkc $2" "$3"' sh $? "$c" "$tmp/chelp"
done <"$tmp/commands"

# ---- the man page ----
groff -ww -man -Tutf8 doc/flinkc.1 >"$tmp/man.utf8" 2>"$tmp/err"
t "man: groff -ww renders it without warnings" sh -c '[ $1 -eq 0 ] && [ ! -s "$2" ]' sh $? "$tmp/err"
groff -man -Tascii -P-cbou doc/flinkc.1 2>/dev/null >"$tmp/man.txt"
if command -v man >/dev/null 2>&1; then
	MANPAGER=cat MANWIDTH=80 man -l doc/flinkc.1 >"$tmp/man.out" 2>"$tmp/err"
	t "man: man -l shows it" sh -c '[ $1 -eq 0 ] && grep -q "^NAME" "$2" && [ ! -s "$3" ]' sh $? "$tmp/man.out" "$tmp/err"
else
	echo "cli: man -l check skipped (no man)"
fi
while read -r c; do
	t "man: the command $c is described" grep -q "^       $c\b" "$tmp/man.txt"
	for o in $(options "$c"); do
		t "man: $c's option $o" grep -q -- "$o" "$tmp/man.txt"
	done
done <"$tmp/commands"
for v in $(sed -n 's/.*getenv("\([A-Z_]*\)").*/\1/p; s/.*"\(ARGOCD_ENV_[A-Z_]*\)".*/\1/p' cmd/flinkc/*.c | sort -u); do
	t "man: the environment variable $v" grep -q "$v" "$tmp/man.txt"
done
for s in 0 1 2 3; do
	t "man: exit status $s" grep -q "^       $s\b" "$tmp/man.txt"
done

# ---- bash completion ----
# complete WORDS...: the completions bash offers for the last word
bcomplete() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _flinkc; printf "%s\n" "${COMPREPLY[@]}"' \
		sh "$ROOT/completions/flinkc.bash" "$@"
}
bash -c 'source "$1" && complete -p flinkc' sh completions/flinkc.bash >"$tmp/out" 2>"$tmp/err"
t "bash: the completion loads and is registered" grep -q -- '-F _flinkc flinkc$' "$tmp/out"
t "bash: 're' completes to render" [ "$(bcomplete flinkc re)" = render ]
while read -r c; do
	t "bash: completes the command $c" sh -c 'printf "%s\n" "$1" | grep -qx "$2"' sh "$(bcomplete flinkc "")" "$c"
	offered=$(bcomplete flinkc "$c" -)
	for o in $(options "$c"); do
		case $o in -*) ;; *) continue ;; esac
		t "bash: $c offers $o" sh -c 'printf "%s\n" "$1" | grep -qx -- "$2"' sh "$offered" "$o"
	done
done <"$tmp/commands"
t "bash: --format values of render" [ "$(bcomplete flinkc render --format "" | tr '\n' ' ')" = "yaml json " ]
mkdir -p "$tmp/files/jobs" && touch "$tmp/files/a.yaml" "$tmp/files/b.txt" "$tmp/files/c.json"
(cd "$tmp/files" && bcomplete flinkc render "") >"$tmp/out"
t "bash: inputs complete to YAML/JSON files and directories, not other files" sh -c 'grep -qx a.yaml "$1" && grep -qx c.json "$1" && grep -qx jobs "$1" && ! grep -q b.txt "$1"' sh "$tmp/out"

# ---- zsh completion ----
if command -v zsh >/dev/null 2>&1; then
	zsh -n completions/_flinkc 2>"$tmp/err"
	t "zsh: the completion parses" [ $? -eq 0 ]
	# the completion system loads it from fpath and binds it to flinkc
	zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D; print -r -- ${_comps[flinkc]}' sh \
		"$ROOT/completions" >"$tmp/out" 2>"$tmp/err"
	t "zsh: compinit binds _flinkc to flinkc" grep -qx _flinkc "$tmp/out"
	# what it offers, with _describe/_arguments printing their specs: one
	# zsh (compinit takes seconds) completes "flinkc " and then "flinkc CMD "
	# for every command, each after a "== CMD" line
	zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D
		_describe() { print -l -- "${(@P)${@[-1]}}" }; _arguments() { print -l -- "$@" }
		shift
		print "== "; words=(flinkc ""); CURRENT=2; _flinkc
		for c in "$@"; do print "== $c"; words=(flinkc $c ""); CURRENT=3; _flinkc; done' sh \
		"$ROOT/completions" $(cat "$tmp/commands") >"$tmp/zall" 2>"$tmp/err"
	zsection() { awk -v want="== $1" '/^== / { on = ($0 == want); next } on' "$tmp/zall"; }
	zsection "" >"$tmp/zcmds"
	while read -r c; do
		t "zsh: completes the command $c" grep -q "^$c:" "$tmp/zcmds"
		zsection "$c" >"$tmp/zopts"
		for o in $(options "$c"); do
			case $o in -*) ;; *) continue ;; esac
			t "zsh: $c offers $o" grep -Eq -- "(^|[)*])$o([[]|=|[+])" "$tmp/zopts"
		done
	done <"$tmp/commands"
else
	echo "cli: zsh checks skipped (no zsh)"
fi

# ---- make install ----
make -s install PREFIX=/opt/fc DESTDIR="$tmp/dest" >"$tmp/out" 2>"$tmp/err"
t "install: make install exits 0" [ $? -eq 0 ]
(cd "$tmp/dest" && find . \( -type f -o -type l \) -printf '%m %p\n' | sort) >"$tmp/got"
cat >"$tmp/want" <<'EOF'
644 ./opt/fc/share/bash-completion/completions/flinkc
644 ./opt/fc/share/flinkc/argocd/plugin.yaml
644 ./opt/fc/share/man/man1/flinkc.1
644 ./opt/fc/share/zsh/site-functions/_flinkc
755 ./opt/fc/bin/flinkc
755 ./opt/fc/share/flinkc/helm/flinkc-post-render
755 ./opt/fc/share/flinkc/kustomize/plugin/flinkc.io/v1alpha1/flinkcgenerator/FlinkcGenerator
EOF
t "install: exactly the listed files, with their modes" cmp -s "$tmp/want" "$tmp/got"
t "install: the installed binary runs" sh -c '"$1/opt/fc/bin/flinkc" version >/dev/null' sh "$tmp/dest"
t "install: the man page and plugin.yaml are the repository's" sh -c 'cmp -s doc/flinkc.1 "$1/opt/fc/share/man/man1/flinkc.1" && cmp -s integrations/argocd/plugin.yaml "$1/opt/fc/share/flinkc/argocd/plugin.yaml"' sh "$tmp/dest"

# ---- version ----
"$FLINKC" version >"$tmp/version" 2>"$tmp/err"
t "version: exit 0" [ $? -eq 0 ]
t "version: 'flinkc X.Y.Z (revision R)'" grep -Eqx 'flinkc [0-9]+\.[0-9]+\.[0-9]+ \(revision ([0-9a-f]{7,40}(-dirty)?|unknown)\)' "$tmp/version"
"$FLINKC" --version >"$tmp/out"
t "version: --version is the same" cmp -s "$tmp/out" "$tmp/version"
if [ -e .git ] && command -v git >/dev/null 2>&1; then
	rev=$(sed -n 's/.*(revision \(.*\))$/\1/p' "$tmp/version")
	t "version: the revision is this checkout's commit" sh -c 'git rev-parse --verify -q "${1%-dirty}^{commit}" >/dev/null' sh "$rev"
fi
mkdir -p "$tmp/tarball/cmd/flinkc"
cp Makefile "$tmp/tarball/"
(cd "$tmp/tarball" && make -s cmd/flinkc/revision.h >/dev/null 2>&1)
t "version: outside a git checkout (a tarball) the revision is unknown" \
	grep -qx '#define FC_REVISION "unknown"' "$tmp/tarball/cmd/flinkc/revision.h"
"$FLINKC" render examples/quickstart.yaml >"$tmp/render" 2>/dev/null
t "version: the rendered objects do not carry the version or revision" \
	sh -c '! grep -q -e "0\.1\.0" -e "$(sed -n "s/.*(revision \(.*\))\$/\1/p" "$1")" "$2"' sh "$tmp/version" "$tmp/render"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
