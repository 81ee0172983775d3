#!/bin/sh
# bench-strings.sh - `make bench` part for the string engine: `pmortem
# strings` against what an SRE runs instead,
#     strings -a -n 6 FILE | sort | uniq -c | sort -rn
# on the same multi-GB dump in the same run, and the peak resident set of
# `pmortem strings` and `pmortem import` on it against the 256 MiB bound.
#
# The dumps are real, made here at run time and deleted after (one at a
# time: SIZE_MB of disk, default 3072): a process fills its [heap] (sbrk)
# with the real heap dumps of fixtures/rawheap copied over and over, every
# "req-NNNNNNNN" id rewritten with a running number so the distinct strings
# grow with the size (the bounded-memory sketch is exercised), with zero
# pages and random bytes between copies.  Then either gdb's gcore writes
# its core (an ELF core, the elfcore importer), or the process writes its
# heap out itself, the bytes and name `gdb dump memory` would give (a raw
# dump, the rawheap importer).  Two mixes: all the dumps, as a core (the C
# leaker's are dense with strings: the hard case, tens of millions of
# distinct strings), and the CPython ones alone as a raw dump (a Python
# worker's heap, as in the story; few distinct strings).  Without gcore
# both are raw dumps.
#
# The pipeline runs on the whole file (20 to 30 s per 3 GB), once: so
# long a run averages out the load of a shared machine.  SLICE=8 times it
# on the first eighth and multiplies by 8, quicker but not a bound either
# way (on these files x8 came out 10 to 20% above the full run: GNU sort
# sorts on both cores).  pmortem runs RUNS times (default 3) and its best
# run counts: a half-second run is at the mercy of whatever else holds a
# core at that moment (its CPU time says what it costs).  The file is
# written back (sync) and read into the page cache first.  Peak RSS comes
# from GNU time (%M).
# On the core the pipeline may count a string once more than pmortem: the
# copy in the vector registers saved in the core's notes (XSAVE state),
# which strings -a sees and pmortem, counting memory, does not.
# Prints, per dump: pmortem's time, GB/s in total and per core (of CPU
# time), peak RSS of `strings` and of `import`, the pipeline's
# (extrapolated) time, and the ratio, next to the targets (50x, 2 GB/s per
# core, 256 MiB).
set -u
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-3072}
SLICE=${SLICE:-1}
RUNS=${RUNS:-3}
RSS_MAX_MIB=256
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-strings.XXXXXX")
fill_pid=
trap '[ -n "$fill_pid" ] && kill "$fill_pid" 2>/dev/null; rm -rf "$T"' EXIT
[ -x ./pmortem ] || { echo "bench-strings: build ./pmortem first"; exit 1; }

cat > "$T/fill.c" <<'EOF'
/* fill SIZE_MB READY RAWDIR|- FIXTURE... : the heap described above; with
 * RAWDIR, also its bytes as RAWDIR/heap-0xSTART-0xEND.bin.  Writes READY
 * (the raw dump's path, or "-") when done, then waits to be killed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long long want = strtoull(argv[1], NULL, 10) << 20, done = 0;
	unsigned long long id = 0, rnd = 88172645463325252ULL;
	int n = argc - 4;
	unsigned char **buf = calloc(n, sizeof(*buf)), *heap, *out;
	size_t *len = calloc(n, sizeof(*len));
	char raw[4096] = "-", tmp[4200];
	FILE *f;

	for (int i = 0; i < n; i++) {
		f = fopen(argv[4 + i], "rb");
		if (!f)
			return 1;
		fseek(f, 0, SEEK_END);
		len[i] = (size_t)ftell(f);
		rewind(f);
		buf[i] = malloc(len[i]);
		if (fread(buf[i], 1, len[i], f) != len[i])
			return 1;
		fclose(f);
	}
	heap = sbrk((intptr_t)want);
	if (heap == (void *)-1)
		return 1;
	out = heap;
	for (int k = 0; done < want; k++) {
		int i = k % n;
		size_t c = len[i], g = (size_t)(4096 * (1 + k % 64));

		for (size_t j = 0; j + 12 <= len[i]; j++)
			if (buf[i][j] == 'r' && !memcmp(buf[i] + j, "req-", 4)) {
				unsigned long long v = id++;

				for (int d = 11; d >= 4; d--, v /= 10)
					buf[i][j + d] = (unsigned char)('0' + v % 10);
			}
		if (c > want - done)
			c = want - done;
		memcpy(out, buf[i], c);
		out += c;
		done += c;
		/* between copies: zero pages, and now and then random bytes */
		if (g > want - done)
			g = want - done;
		if (k % 3 == 0)
			for (size_t j = 0; j < g; j++) {
				rnd ^= rnd << 13; rnd ^= rnd >> 7; rnd ^= rnd << 17;
				out[j] = (unsigned char)rnd;
			}
		out += g;
		done += g;
	}
	if (strcmp(argv[3], "-")) {
		snprintf(raw, sizeof(raw), "%s/heap-0x%llx-0x%llx.bin", argv[3],
			 (unsigned long long)(uintptr_t)heap,
			 (unsigned long long)(uintptr_t)heap + want);
		f = fopen(raw, "wb");
		if (!f || fwrite(heap, 1, want, f) != want || fclose(f))
			return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
	f = fopen(tmp, "w");
	if (!f)
		return 1;
	fprintf(f, "%s\n", raw);
	if (fclose(f) || rename(tmp, argv[2]))
		return 1;
	pause();
	return 0;
}
EOF
cc -O2 -o "$T/fill" "$T/fill.c" || exit 1
ncpu=$(nproc)
threads=2
[ "$ncpu" -lt 2 ] && threads=1
now() { date +%s.%N; }
have_gcore=0
command -v gcore > /dev/null 2>&1 && have_gcore=1

# make KIND DUMP...: a dump of a process filled from DUMPs; KIND core or
# raw.  Sets F.
make_dump() {
	kind=$1
	shift
	rm -f "$T/ready"
	if [ "$kind" = core ]; then
		"$T/fill" "$SIZE_MB" "$T/ready" - "$@" &
	else
		"$T/fill" "$SIZE_MB" "$T/ready" "$T" "$@" &
	fi
	fill_pid=$!
	while [ ! -s "$T/ready" ]; do
		kill -0 "$fill_pid" 2>/dev/null || { fill_pid=; return 1; }
		sleep 0.2
	done
	if [ "$kind" = core ]; then
		gcore -o "$T/core" "$fill_pid" > "$T/gcore.log" 2>&1
		F=$T/core.$fill_pid
	else
		F=$(cat "$T/ready")
	fi
	kill "$fill_pid"
	wait "$fill_pid" 2>/dev/null
	fill_pid=
	[ -s "$F" ]
}

# rss_verdict KB: "N MiB (ok|OVER the 256 MiB bound)"
rss_verdict() {
	mib=$(( $1 / 1024 ))
	if [ "$mib" -le "$RSS_MAX_MIB" ]; then
		echo "$mib MiB (bound $RSS_MAX_MIB MiB: ok)"
	else
		echo "$mib MiB (OVER the $RSS_MAX_MIB MiB bound)"
	fi
}

# bench NAME KIND DUMP...: build the dump, time both sides, print.
bench() {
	name=$1
	kind=$2
	shift 2
	[ "$kind" = core ] && [ "$have_gcore" = 0 ] && kind=raw
	make_dump "$kind" "$@" || { echo "bench-strings: cannot build the $kind dump"; return 1; }
	bytes=$(stat -c %s "$F")
	gb=$(echo "$bytes / 1000000000" | bc -l)
	sync                             # no writeback of the dump meanwhile
	cat "$F" > /dev/null             # both sides read it from the page cache
	# the machine's page-cache read speed right now, for scale
	t0=$(now)
	dd if="$F" of=/dev/null bs=16M 2>/dev/null
	t1=$(now)
	rd=$(echo "$gb / ($t1 - $t0)" | bc -l)

	# pmortem strings: wall time, CPU time and peak RSS from GNU time;
	# the best of RUNS
	pm=
	for r in $(seq "$RUNS"); do
		t0=$(now)
		/usr/bin/time -f '%M %U %S' -o "$T/rss" ./pmortem strings --threads $threads \
			--top 20 --format table "$F" > "$T/pm.out" ||
			{ echo "bench-strings: pmortem strings failed"; return 1; }
		t1=$(now)
		w=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$pm" ] || [ "$(echo "$w < $pm" | bc -l)" = 1 ]; then
			pm=$w
			rss_kb=$(tail -n 1 "$T/rss" | cut -d' ' -f1)
			pm_cpu=$(tail -n 1 "$T/rss" | awk '{ print $2 + $3 }')
		fi
	done
	runs=$(sed -n 's/^region all: \([0-9]*\) strings.*/\1/p' "$T/pm.out")

	# pmortem import (hash, segments, strings per region into the database)
	rm -f "$T/bench.db"
	t0=$(now)
	/usr/bin/time -f '%M' -o "$T/rss-import" ./pmortem import --db "$T/bench.db" \
		"$F" > "$T/import.out" 2>&1 ||
		{ echo "bench-strings: pmortem import failed:"; cat "$T/import.out"; return 1; }
	t1=$(now)
	imp=$(echo "$t1 - $t0" | bc -l)
	imp_rss_kb=$(tail -n 1 "$T/rss-import")
	rm -f "$T/bench.db"

	# the pipeline, on a slice
	if [ "$SLICE" -gt 1 ]; then
		head -c $((bytes / SLICE)) "$F" > "$T/slice.bin"
		S=$T/slice.bin
		cat "$S" > /dev/null
	else
		S=$F
	fi
	t0=$(now)
	/usr/bin/time -f '%U %S' -o "$T/pipecpu" sh -c 'LC_ALL=C strings -a -n 6 "$1" |
		LC_ALL=C sort | uniq -c | LC_ALL=C sort -rn > "$2"' sh "$S" "$T/pipe.out"
	t1=$(now)
	pipe_slice=$(echo "$t1 - $t0" | bc -l)
	pipe_cpu=$(tail -n 1 "$T/pipecpu" | awk -v k="$SLICE" '{ print ($1 + $2) * k }')
	pipe=$(echo "$pipe_slice * $SLICE" | bc -l)
	rm -f "$T/slice.bin"

	printf '%s: %.2f GB %s (%s), %d strings (one per %d bytes), in %s, page-cached\n' \
		"$name" "$gb" "$kind" \
		"$([ "$kind" = core ] && echo "gcore of a process with that [heap]" ||
		   echo "its [heap] as 'dump memory' writes it")" \
		"$runs" "$((bytes / (runs > 0 ? runs : 1)))" "${TMPDIR:-/tmp}"
	printf '  machine: %d CPUs, load average %s; dd bs=16M reads the page cache at %.2f GB/s (one core)\n' \
		"$ncpu" "$(cut -d' ' -f1-3 /proc/loadavg)" "$rd"
	printf '  pmortem strings --threads %d (best of %d): %.2f s wall, %.2f GB/s; %.2f CPU s, %.2f GB/s per core (CPU time; target >= 2)\n' \
		"$threads" "$RUNS" "$pm" "$(echo "$gb / $pm" | bc -l)" "$pm_cpu" \
		"$(echo "$gb / $pm_cpu" | bc -l)"
	printf '  peak RSS: pmortem strings %s; pmortem import (%.1f s) %s\n' \
		"$(rss_verdict "$rss_kb")" "$imp" "$(rss_verdict "$imp_rss_kb")"
	if [ "$SLICE" -gt 1 ]; then
		printf '  strings -a -n 6 | sort | uniq -c | sort -rn: %.2f s wall on 1/%d of the file, x%d = %.1f s (%.1f CPU s), extrapolated\n' \
			"$pipe_slice" "$SLICE" "$SLICE" "$pipe" "$pipe_cpu"
	else
		printf '  strings -a -n 6 | sort | uniq -c | sort -rn: %.1f s wall (%.1f CPU s)\n' \
			"$pipe" "$pipe_cpu"
	fi
	printf '  ratio: %.1fx faster (wall; target >= 50), %.1fx less CPU\n' \
		"$(echo "$pipe / $pm" | bc -l)" "$(echo "$pipe_cpu / $pm_cpu" | bc -l)"
	sed -n '2p;6,8p' "$T/pm.out" | sed 's/^/    pmortem: /'
	head -n 2 "$T/pipe.out" | sed 's/^/    pipeline: /'
	rm -f "$F"
}

bench "dense (C + CPython heaps)" core fixtures/rawheap/*.bin || exit 1
bench "python (CPython heaps)" raw fixtures/rawheap/leakpy-*.bin || exit 1
