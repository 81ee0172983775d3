#!/bin/sh
# report.sh - the report's header says how complete every source is, from
# real captures, each number cross-checked against an independent reading
# of the same input (the sar text itself, readelf, the meminfo log); and
# the text report of every fixture bundle fits in 100 columns.
. "$(dirname "$0")/lib.inc"

# ---- a sar capture with a hole: sadc stopped for 5 s (fixtures/sar/gen-gap.sh)
S=fixtures/sar
expect_rc "import gap + restart" 0 "$PMORTEM" import --db "$DB" "$S/sar-A-gap.C.txt" "$S/sar-A-restart.C.txt"
"$PMORTEM" report --db "$DB" > "$T/gap.txt"
# independently: the times of the first `all` CPU lines of the sar text
# (one sample each), their steps, the missing seconds and the largest step
read -r n missing largest at <<EOF
$(awk '$2 == "all" && $1 ~ /^[0-9][0-9]:/ { if (seen[$1]++) next; split($1, t, ":");
	s = t[1] * 3600 + t[2] * 60 + t[3]; if (n && s - p > 1) { m += s - p - 1;
	if (s - p > big) { big = s - p; at = last } } n++; p = s; last = $1 }
	/^Average:/ && n { exit } END { print n, m, big, at }' "$S/sar-A-gap.C.txt")
EOF
expect_eq "sar says what is missing" "13 4 5 16:37:21" "$n $missing $largest $at"
expect_grep "gap line" "sar-A-gap.C.txt  *sar  $n samples every 1 s; $missing missing, largest gap ${largest} s at $at" "$T/gap.txt"
expect_grep "restart line" "sar-A-restart.C.txt  *sar  8 samples every 1 s, none missing; 1 restart" "$T/gap.txt"
expect_eq "json completeness row" "13,4,1,5,2026-11-22 16:37:21" \
	"$("$PMORTEM" report --db "$DB" --format json | python3 -c 'import json, sys
r = [r for r in json.load(sys.stdin)["completeness"]["rows"] if r["source"].endswith("gap.C.txt")][0]
print(",".join(str(r[k]) for k in ("items", "missing", "interval_s", "largest_gap_s", "gap_at")))')"

# ---- a cut core: the segments past the cut, counted by readelf on the whole core
C=fixtures/elfcore/leaker-kernel.core
head -c 28672 "$C" > "$T/cut.core"
cut=0; all=0; unsaved=0
for os in $(readelf -lW "$C" | awk '$1 == "LOAD" { print $2 ":" $5 ":" $6 }'); do
	all=$((all + 1))
	o=${os%%:*} m=${os##*:} s=${os#*:} s=${s%:*}
	[ $((o + s)) -gt 28672 ] && [ $((s)) -gt 0 ] && cut=$((cut + 1))
	[ $((s)) -lt $((m)) ] && unsaved=$((unsaved + 1))
done
expect_rc "import cut core" 1 "$PMORTEM" import --db "$T/core.db" --no-unwind "$T/cut.core" "$C"
"$PMORTEM" report --db "$T/core.db" > "$T/core.txt"
expect_grep "cut core line" "core cut short: $cut of $all segments past the end; the file has 28 KiB of" "$T/core.txt"
expect_grep "whole core line" "^      core complete, $all segments; $unsaved segments not saved (coredump_filter)$" "$T/core.txt"
expect_grep "partial source line" "cut.core  *elfcore  partial: " "$T/core.txt"

# ---- a /proc capture with files missing: a real capture, two files removed
mkdir -p "$T/snap"
cp -r fixtures/incident/snap-20261122T142241Z "$T/snap/"
rm "$T/snap/snap-20261122T142241Z/proc/5084/status" "$T/snap/snap-20261122T142241Z/proc/5102/stat"
expect_rc "import capture" 0 "$PMORTEM" import --db "$T/snap.db" "$T/snap"
"$PMORTEM" report --db "$T/snap.db" > "$T/snap.txt"
expect_grep "capture line" "4 processes, incomplete: stat missing for 1 (pid 5102), status missing for 1 (pid 5084)" "$T/snap.txt"

# ---- the incident: hosts, memory, time span, skipped files
expect_rc "run incident" 0 "$PMORTEM" run --no-progress --db "$T/inc.db" fixtures/incident
cp "$T/out" "$T/inc.txt"
memtotal=$(awk '$3 == "MemTotal:" { v = $4 } END { printf "%.0f\n", v * 1024 }' fixtures/incident/meminfo.log)
expect_eq "memory from MemTotal" "$memtotal" \
	"$("$PMORTEM" report --db "$T/inc.db" --format json | python3 -c 'import json, sys
print(json.load(sys.stdin)["hosts"]["rows"][0]["mem_bytes"])')"
expect_grep "host line" "^host: vm  Linux 6.18.44-fc-v769 x86_64, CPUs 2, memory 23.5 GiB$" "$T/inc.txt"
expect_grep "time span" "^time span: 2026-11-22 14:22:12 .. 2026-11-22 14:24:04 UTC (1 min 52 s)$" "$T/inc.txt"
expect_grep "sources line" "^sources: 45 under fixtures/incident/ (4 files skipped)$" "$T/inc.txt"
expect_grep "sar complete" "^  sar-A.txt  *sar      99 samples every 1 s, none missing$" "$T/inc.txt"
expect_grep "capture complete" "^  snap-20261122T142241Z/proc  *procpid  4 processes, every file present$" "$T/inc.txt"
skipped=$(ls fixtures/incident | grep -c -e '\.expected$' -e '^gen\.sh$')
expect_grep "skipped line" "^  $skipped files skipped: not recognized, e.g. gen.sh$" "$T/inc.txt"

# ---- every fixture bundle's text report fits in 100 columns (code points)
for d in fixtures/*/; do
	n=$(basename "$d")
	"$PMORTEM" run --no-progress --db "$T/w-$n.db" "$d" > "$T/w-$n.txt" 2>/dev/null
	[ -s "$T/w-$n.txt" ] || fail "$n: no text report"
	python3 - "$T/w-$n.txt" "$n" <<'EOF' || fail "$n: report wider than 100 columns"
import sys
bad = [(i + 1, len(l)) for i, l in enumerate(open(sys.argv[1], encoding="utf-8",
       errors="replace").read().split("\n")) if len(l) > 100]
for i, w in bad[:3]:
    print("  %s line %d: %d columns" % (sys.argv[2], i, w))
sys.exit(1 if bad else 0)
EOF
done
finish
