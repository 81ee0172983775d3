#!/bin/sh
# bench-strings.sh - `make bench` part for the string engine: `pmortem
# strings` against what an SRE runs instead,
#     strings -a -n 6 FILE | sort | uniq -c | sort -rn
# on the same multi-GB core-like file in the same run.
#
# Each file (SIZE_MB, default 3072) is built here in /tmp and deleted after:
# real heap dumps of fixtures/rawheap copied over and over, every
# "req-NNNNNNNN" id rewritten with a running number so the distinct strings
# grow with the size (the bounded-memory sketch is exercised), with zero
# pages and random bytes between copies as in a real core.  Two mixes: all
# the dumps (the C leaker's are dense with strings: the hard case), and the
# CPython ones alone (a Python worker's heap, as in the story; they hold
# no ids to vary, so few distinct strings).
#
# The pipeline is timed on the first 1/SLICE of the file (default 8, its
# own strings) and its time multiplied by SLICE: sort is n log n, so the
# real full-file time is longer and the ratio printed is a lower bound.
# SLICE=1 times it on the whole file.  Peak RSS comes from GNU time.
# Prints: pmortem's time, GB/s in total and per core, peak RSS, the
# pipeline's (extrapolated) time, and the ratio.
set -u
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-3072}
SLICE=${SLICE:-8}
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-strings.XXXXXX")
trap 'rm -rf "$T"' EXIT
[ -x ./pmortem ] || { echo "bench-strings: build ./pmortem first"; exit 1; }

cat > "$T/gen.c" <<'EOF'
/* gen SIZE_MB OUT FIXTURE... : the core-like file described above */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	unsigned long long want = strtoull(argv[1], NULL, 10) << 20, done = 0;
	unsigned long long id = 0, rnd = 88172645463325252ULL;
	FILE *out = fopen(argv[2], "wb");
	int n = argc - 3;
	unsigned char **buf = calloc(n, sizeof(*buf));
	size_t *len = calloc(n, sizeof(*len));
	unsigned char *gap = malloc(1 << 20);

	for (int i = 0; i < n; i++) {
		FILE *f = fopen(argv[3 + i], "rb");

		fseek(f, 0, SEEK_END);
		len[i] = (size_t)ftell(f);
		rewind(f);
		buf[i] = malloc(len[i]);
		if (fread(buf[i], 1, len[i], f) != len[i])
			return 1;
		fclose(f);
	}
	for (int k = 0; done < want; k++) {
		int i = k % n;
		size_t g;

		for (size_t j = 0; j + 12 <= len[i]; j++)
			if (buf[i][j] == 'r' && !memcmp(buf[i] + j, "req-", 4)) {
				unsigned long long v = id++;

				for (int d = 11; d >= 4; d--, v /= 10)
					buf[i][j + d] = (unsigned char)('0' + v % 10);
			}
		fwrite(buf[i], 1, len[i], out);
		done += len[i];
		/* between copies: zero pages, and now and then random bytes */
		g = (size_t)(4096 * (1 + k % 64));
		if (k % 3 == 0) {
			for (size_t j = 0; j < g; j++) {
				rnd ^= rnd << 13; rnd ^= rnd >> 7; rnd ^= rnd << 17;
				gap[j] = (unsigned char)rnd;
			}
		} else {
			memset(gap, 0, g);
		}
		fwrite(gap, 1, g, out);
		done += g;
	}
	return fclose(out) != 0;
}
EOF
cc -O2 -o "$T/gen" "$T/gen.c" || exit 1
ncpu=$(nproc)
threads=2
[ "$ncpu" -lt 2 ] && threads=1
now() { date +%s.%N; }

# bench NAME DUMP...: build the file from DUMPs, time both sides, print.
bench() {
	name=$1
	shift
	F=$T/core-like.bin
	"$T/gen" "$SIZE_MB" "$F" "$@" || { echo "bench-strings: cannot build the file"; return 1; }
	bytes=$(stat -c %s "$F")
	gb=$(echo "$bytes / 1000000000" | bc -l)
	cat "$F" > /dev/null             # both sides read it from the page cache
	# the machine's page-cache read speed right now, for scale
	t0=$(now)
	dd if="$F" of=/dev/null bs=16M 2>/dev/null
	t1=$(now)
	rd=$(echo "$gb / ($t1 - $t0)" | bc -l)

	# pmortem: wall time, CPU time and peak RSS from GNU time
	t0=$(now)
	/usr/bin/time -f '%M %U %S' -o "$T/rss" ./pmortem strings --threads $threads \
		--top 20 --format table "$F" > "$T/pm.out" ||
		{ echo "bench-strings: pmortem failed"; return 1; }
	t1=$(now)
	pm=$(echo "$t1 - $t0" | bc -l)
	rss_kb=$(tail -n 1 "$T/rss" | cut -d' ' -f1)
	pm_cpu=$(tail -n 1 "$T/rss" | awk '{ print $2 + $3 }')
	runs=$(sed -n 's/^region all: \([0-9]*\) strings.*/\1/p' "$T/pm.out")

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
	pipe=$(echo "$pipe_slice * $SLICE" | bc -l)
	pipe_cpu=$(tail -n 1 "$T/pipecpu" | awk -v k="$SLICE" '{ print ($1 + $2) * k }')
	rm -f "$T/slice.bin"

	printf '%s: %.2f GB core-like file, %d strings (one per %d bytes), in /tmp, page-cached\n' \
		"$name" "$gb" "$runs" "$((bytes / (runs > 0 ? runs : 1)))"
	printf '  machine: %d CPUs, load average %s; dd bs=16M reads the page cache at %.2f GB/s (one core)\n' \
		"$ncpu" "$(cut -d' ' -f1-3 /proc/loadavg)" "$rd"
	printf '  pmortem strings --threads %d: %.2f s wall, %.2f GB/s; %.2f CPU s, %.2f GB/s per core (CPU time); peak RSS %d MiB\n' \
		"$threads" "$pm" "$(echo "$gb / $pm" | bc -l)" "$pm_cpu" \
		"$(echo "$gb / $pm_cpu" | bc -l)" "$((rss_kb / 1024))"
	if [ "$SLICE" -gt 1 ]; then
		printf '  strings -a -n 6 | sort | uniq -c | sort -rn: %.2f s wall on 1/%d of the file, x%d = %.1f s (%.1f CPU s); a lower bound: sort is n log n\n' \
			"$pipe_slice" "$SLICE" "$SLICE" "$pipe" "$pipe_cpu"
	else
		printf '  strings -a -n 6 | sort | uniq -c | sort -rn: %.1f s wall (%.1f CPU s)\n' \
			"$pipe" "$pipe_cpu"
	fi
	printf '  ratio: %.1fx faster (wall), %.1fx less CPU\n' "$(echo "$pipe / $pm" | bc -l)" \
		"$(echo "$pipe_cpu / $pm_cpu" | bc -l)"
	sed -n '2p;6,8p' "$T/pm.out" | sed 's/^/    pmortem: /'
	head -n 2 "$T/pipe.out" | sed 's/^/    pipeline (slice): /'
	rm -f "$F"
}

# dense: the C leaker's structs are nothing but strings (one per ~30
# bytes) and its ids are made unique: the hardest case, tens of millions of
# distinct strings.  python: a CPython worker's heap, like the story's.
bench "dense (C + CPython heaps)" fixtures/rawheap/*.bin || exit 1
bench "python (CPython heaps)" fixtures/rawheap/leakpy-*.bin || exit 1
