#!/bin/sh
# deps.sh - install the Debian packages pmortem builds and tests with, only
# the missing ones (a no-op when all are present); via sudo when not root.
set -eu
pkgs="build-essential pkg-config clang libclang-rt-14-dev
libelf-dev libdw-dev libsqlite3-dev libarchive-dev libcmocka-dev zlib1g-dev
libzstd-dev liblz4-dev
sqlite3 libjs-dygraphs sysstat smem elfutils binutils gdb strace tcpdump
python3 locales chromium time"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
