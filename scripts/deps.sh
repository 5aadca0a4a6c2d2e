#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# deps.sh - install the Debian packages the build and the tests need.
#
# Idempotent: when everything is installed it runs one dpkg-query and exits
# (well under a second).  Otherwise it runs `apt-get update` once and installs
# only what is missing, as root or through sudo.  Progress goes to stderr only.
# Package lists are split into words on purpose:
# shellcheck disable=SC2086,SC2116

PKGS="gcc make pkg-config libyaml-dev libfyaml-dev libpcre2-dev libxxhash-dev
libjansson-dev nodejs npm diffutils curl busybox python3 python3-yaml patch
git pre-commit groff-base man-db zsh"

say() { printf 'deps.sh: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1; then
	say "not a Debian system (no dpkg-query); make sure these are installed:"
	say "  $(echo $PKGS)"
	exit 0
fi

# one query for all packages; unknown packages print nothing on stdout
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $PKGS 2>/dev/null |
	awk '$NF == "installed" { print $1 }')

# a tool installed some other way also counts (e.g. NodeSource's nodejs
# bundles npm and conflicts with Debian's npm package)
tool_of() {
	case $1 in
	gcc | make | pkg-config | npm | curl | busybox | git | pre-commit | zsh) echo "$1" ;;
	groff-base) echo groff ;;
	man-db) echo man ;;
	nodejs) echo node ;;
	diffutils) echo diff ;;
	esac
}

have=" $(echo $installed) "
missing=
for p in $PKGS; do
	case $have in
	*" $p "*) continue ;;
	esac
	t=$(tool_of "$p")
	if [ -n "$t" ] && command -v "$t" >/dev/null 2>&1; then
		continue
	fi
	missing="$missing $p"
done
[ -z "$missing" ] && exit 0
missing=${missing# }

if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	say "missing packages: $missing"
	say "not root and no sudo: install them with 'apt-get install $missing'"
	exit 1
fi

say "installing: $missing"
if ! $SUDO apt-get update -qq >&2; then
	say "apt-get update failed; install by hand: apt-get install $missing"
	exit 1
fi
if ! $SUDO env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq $missing >/dev/null; then
	say "apt-get install failed; install by hand: apt-get install $missing"
	exit 1
fi
say "installed: $missing"
