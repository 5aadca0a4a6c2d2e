#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# test-realworld.sh - real FlinkDeployments from public repositories, held
# to the verdicts of ../shared/realworld/EXPECT.tsv (issue 8).
#
# Run by scripts/test.sh from the repository root.  For every *.yaml file of
# the corpus (each must have a row in EXPECT.tsv):
#   render  `flinkc render FILE` exits 0 and its output passes
#           k8s-validate (schemas and [semantic] pod-spec rules); a
#           "warn: <note>" in the why column needs one warning line holding
#           every word of five or more letters of the note;
#   reject  exit 1, nothing on stdout, a located FILE:LINE:COL: error (or,
#           for a document that renders nothing, a located warning and
#           E0004), and every technical token of the why column (metadata.name,
#           spec.flinkVersion, v1_13, jarURI, local://, ...; the word
#           "placeholder") in a located diagnostic: the error names the cause.
# A why column naming the defaults document allowing the http scheme is run
# a second time with a temporary defaults document that allows http, and
# must then render.  Without ../shared/realworld the suite is skipped.
# REALWORLD_DIR=DIR runs it on another corpus (to see it fail, say).
# Last line: "realworld: N passed, M failed".

set -u
cd "$(dirname "$0")/.." || exit 3

FLINKC=${FLINKC:-./flinkc}
DIR=${REALWORLD_DIR:-../shared/realworld}
K8S_VALIDATE=../shared/tools/k8s-validate/run.sh

if [ ! -f "$DIR/EXPECT.tsv" ]; then
	echo "realworld: skipped (no $DIR/EXPECT.tsv)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -f "$K8S_VALIDATE" ]; then
	echo "realworld: skipped (no $K8S_VALIDATE)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/flinkc-realworld.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -s "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -20
}

# the technical tokens of a why text, one per line
tokens() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed 's/^[(]*//; s/[),;:]*$//' | grep -v '\.\.\.' |
		grep -E '[._/$]|[a-z][A-Z]|^v[0-9]+_[0-9]+$' | sed 's#://$##; s#:/*$##'
	case $1 in *placeholder*) echo placeholder ;; esac
}

# render FILE [DEFAULTS]: must exit 0; the output is kept as
# $tmp/render-N.yaml for one k8s-validate run at the end (node starts once)
nrender=0
check_render() {
	f=$1
	name=$(basename "$f")
	nrender=$((nrender + 1))
	out=$tmp/render-$nrender.yaml
	if [ -n "${2:-}" ]; then
		"$FLINKC" render --defaults "$2" "$f" >"$out" 2>"$tmp/err"
	else
		"$FLINKC" render "$f" >"$out" 2>"$tmp/err"
	fi
	rc=$?
	if [ $rc -ne 0 ]; then
		rm -f "$out"
		bad "$name${2:+ (http allowed)}: expected render, exit $rc"
		return 1
	fi
	printf '%s\t%s\n' "$out" "$name${2:+ (http allowed)}" >>"$tmp/rendered"
	ok
}

# reject FILE WHY: exit 1, nothing rendered, a located error naming the cause
check_reject() {
	f=$1
	name=$(basename "$f")
	"$FLINKC" render "$f" >"$tmp/out.yaml" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 1 ] || [ -s "$tmp/out.yaml" ]; then
		bad "$name: expected reject (exit 1, empty stdout), exit $rc"
		return 1
	fi
	grep -F "$f:" "$tmp/err" | grep -E "^[^ ]+:[0-9]+:[0-9]+: (error|warning)\[" >"$tmp/located"
	if ! grep -q ': error\[' "$tmp/located" &&
		! { grep -q ': warning\[' "$tmp/located" && grep -q 'error\[E0004\]' "$tmp/err"; }; then
		bad "$name: no located error"
		return 1
	fi
	missing=
	for t in $(tokens "$2"); do
		grep -qiF -- "$t" "$tmp/located" || missing="$missing $t"
	done
	if [ -n "$missing" ]; then
		bad "$name: the located diagnostics do not name:$missing"
		return 1
	fi
	ok
}

# warn FILE NOTE: one warning line holds every long word of the note
check_warn() {
	name=$(basename "$1")
	words=$(printf '%s\n' "$2" | tr ' ' '\n' | sed 's/[^A-Za-z0-9._-]//g' | grep -E '^.{5,}$')
	grep 'warning\[' "$tmp/err" >"$tmp/warn" || true
	for w in $words; do
		grep -F -- "$w" "$tmp/warn" >"$tmp/warn2" || true
		mv "$tmp/warn2" "$tmp/warn"
	done
	if [ ! -s "$tmp/warn" ]; then
		bad "$name: no warning saying: $2"
		return 1
	fi
	ok
}

printf 'apiVersion: flinkc.io/v1alpha1\nkind: Defaults\nflinkConfiguration:\n  kubernetes.operator.user.artifacts.allowed-schemes: [https, http]\n' \
	>"$tmp/allow-http.yaml"

for f in "$DIR"/*.yaml; do
	name=$(basename "$f")
	row=$(awk -F '\t' -v n="$name" '$1 == n' "$DIR/EXPECT.tsv")
	if [ -z "$row" ]; then
		: >"$tmp/err"
		bad "$name: no row in EXPECT.tsv"
		continue
	fi
	verdict=$(printf '%s\n' "$row" | cut -f2)
	why=$(printf '%s\n' "$row" | cut -f3)
	case $verdict in
	render)
		if check_render "$f"; then
			case $why in warn:*) check_warn "$f" "${why#warn:}" ;; esac
		fi
		;;
	reject)
		check_reject "$f" "$why"
		case $why in
		*"allows the http scheme"*) check_render "$f" "$tmp/allow-http.yaml" ;;
		esac
		;;
	*)
		: >"$tmp/err"
		bad "$name: unknown verdict '$verdict'"
		;;
	esac
done

# every rendered output against the API server's schemas and pod-spec rules;
# on failure, each output again on its own to name the file
if [ -s "$tmp/rendered" ]; then
	if bash "$K8S_VALIDATE" $(cut -f1 "$tmp/rendered") >"$tmp/err" 2>&1; then
		ok
	else
		while IFS='	' read -r out name; do
			bash "$K8S_VALIDATE" "$out" >"$tmp/err" 2>&1 || bad "$name: rendered output fails k8s-validate"
		done <"$tmp/rendered"
	fi
fi

echo "realworld: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
