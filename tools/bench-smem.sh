#!/bin/bash
# bench-smem.sh - `pmortem smem DIR` against `smem -S DIR` on the same
# captures, in the same run: a parent and 60 children captured live by
# fixtures/smaps/gen.sh --bench (61 processes), as they are (~28 mappings
# each), with 200 more mappings per child (PM_MAPS=100, as a system daemon
# or a Python process has) and with 1000 more (PM_MAPS=500, as a JVM or a
# browser has); best of 5 runs each, and the ratios.  The issue asks for
# at least 20x.  pmortem's time is the whole command: it reads the capture
# (no database: the records are summed in memory) and prints the report.
# Both commands' times on a capture with no process at all come first:
# what starting costs each (pmortem's bounds its ratio on small captures).
# Times are wall clock; on a busy machine CPU time (user+sys, also
# printed) is steadier.
set -eu
cd "$(dirname "$0")/.."
command -v smem >/dev/null || { echo "bench-smem: smem not installed (apt-get install smem)"; exit 0; }
[ "$(id -u)" = 0 ] || { echo "bench-smem: needs root (the workload switches users)"; exit 0; }
cap=$(mktemp -d)
trap 'rm -rf "$cap"' EXIT

# best wall time in microseconds of 5 runs of "$@" ($EPOCHREALTIME: no
# `date` process inside the timed span)
best() {
	local b=-1 t s e
	for _ in 1 2 3 4 5; do
		s=${EPOCHREALTIME/[.,]/}
		"$@" >/dev/null 2>&1
		e=${EPOCHREALTIME/[.,]/}
		t=$(( e - s ))
		if [ "$b" -lt 0 ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b"
}
# user+sys seconds of one run of "$@", from 10 runs (the clock ticks 10 ms)
cpu() {
	/usr/bin/time -f '%U %S' sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do "$@"; done' \
		sh "$@" 2>&1 >/dev/null | tail -1 | awk '{ print ($1 + $2) / 10 }'
}
mkdir -p "$cap/empty/proc"
N=1 OUT="$cap/one" fixtures/smaps/gen.sh --bench >/dev/null
cp "$cap/one/proc/meminfo" "$cap/empty/proc/" 2>/dev/null || true
printf 'no process (start-up): pmortem smem %.1f ms, smem -S %.1f ms (wall, best of 5)\n' \
	"$(awk "BEGIN { print $(best ./pmortem smem "$cap/empty" --format csv) / 1000 }")" \
	"$(awk "BEGIN { print $(best smem -S "$cap/empty") / 1000 }")"
for maps in 0 100 500; do
	rm -rf "$cap/c"
	N=60 OUT="$cap/c" PM_MAPS=$maps fixtures/smaps/gen.sh --bench >/dev/null
	nproc=$(ls -d "$cap"/c/proc/[0-9]* | wc -l)
	nmaps=$(cat "$cap"/c/proc/[0-9]*/smaps | grep -c '^VmFlags')
	p=$(best ./pmortem smem "$cap/c" --format csv)
	s=$(best smem -S "$cap/c")
	pc=$(cpu ./pmortem smem "$cap/c" --format csv)
	sc=$(cpu smem -S "$cap/c")
	printf 'capture: %d processes, %d mappings\n' "$nproc" "$nmaps"
	r=$(awk "BEGIN { printf \"%.1f\", $s / $p }")
	printf '  wall, best of 5: pmortem smem %7.1f ms  smem -S %7.1f ms  ratio %5.1fx  (target >= 20x: %s)\n' \
		"$(awk "BEGIN { print $p / 1000 }")" "$(awk "BEGIN { print $s / 1000 }")" \
		"$r" "$(awk "BEGIN { print ($r >= 20 ? \"met\" : \"NOT met\") }")"
	printf '  cpu (user+sys), mean of 10 runs: pmortem %.4f s  smem %.4f s  ratio %5.1fx\n' "$pc" "$sc" \
		"$(awk "BEGIN { print ($pc > 0 ? $sc / $pc : 0) }")"
done
