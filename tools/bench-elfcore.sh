#!/bin/sh
# bench-elfcore.sh - `make bench` part for core files: pmortem's import of a
# core (segments, notes, modules and every thread's backtrace, into SQLite)
# against what a user runs instead to get the backtraces, on the same core
# in the same run:
#   eu-stack -l --core CORE --executable EXE   (elfutils: backtraces with
#                                          source lines, as pmortem stores)
#   gdb -batch -ex 'thread apply all bt'    (backtraces only)
# Ratios > 1 mean pmortem is faster.  Cores: the fixtures (a few hundred KB
# each), imported ROUNDS times each to get measurable times.
set -u
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-20}
F=fixtures/elfcore
EXE=$F/sysroot/tmp/pmortem-elfcore/leaker
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

now() { date +%s.%N; }
took() {  # COMMAND...: seconds for ROUNDS runs
	t0=$(now)
	i=0
	while [ $i -lt "$ROUNDS" ]; do
		"$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	echo "$(now) - $t0" | bc -l
}
pm() { rm -f "$T/b.db"; ./pmortem import --db "$T/b.db" --sysroot "$F/sysroot" "$1"; }

for core in leaker-kernel leaker-gcore-2; do
	c=$F/$core.core
	p=$(took pm "$c")
	printf '%s: pmortem import %.3f s / %d\n' "$core" "$p" "$ROUNDS"
	if command -v eu-stack >/dev/null; then
		e=$(took eu-stack -l --core "$c" --executable "$EXE")
		printf '  eu-stack -l %.3f s: ratio %.2f\n' "$e" "$(echo "$e / $p" | bc -l)"
	fi
	if command -v gdb >/dev/null; then
		g=$(took gdb -batch -nx -ex 'thread apply all bt' "$EXE" "$c")
		printf '  gdb bt   %.3f s: ratio %.2f\n' "$g" "$(echo "$g / $p" | bc -l)"
	fi
done
