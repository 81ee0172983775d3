#!/bin/sh
# anonleak.sh - the rule anon_growth on a real capture (fixtures/anonleak,
# see its gen.sh): a process leaking 12 MiB a second while the page cache
# churns by 1 GiB and a 600 MiB process sits still.  The finding names the
# leaking pid (pids.txt) with the USS growth its smaps show (summed here
# with awk), says what the cache did, and ends at the last meminfo sample;
# the same churn without the leak (quiet/) gives no finding.
. "$(dirname "$0")/lib.inc"
F=fixtures/anonleak

expect_rc "run leak" 0 "$PMORTEM" run --no-progress --db "$DB" $F/leak -o "$T/r.html"
leak=$(awk '$1 == "leak" { print $2 }' $F/leak/pids.txt)
# USS = Private_Clean + Private_Dirty over the pid's mappings, per snapshot
uss() { awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s * 1024 }' "$1"; }
set -- $F/leak/snap-*/proc/"$leak"/smaps
growth=$(( $(uss "$2") - $(uss "$1") ))
expect_eq "one anon_growth finding, medium" "1|medium" \
	"$(q "SELECT count(*) || '|' || min(severity) FROM finding WHERE rule = 'anon_growth'" | tr -d '"')"
expect_eq "the grower is the leaking pid, with its USS growth" \
	"$leak|USS grew by $growth bytes (RSS by $growth)" \
	"$(q "SELECT p.pid || '|' || e.note FROM finding_evidence e JOIN finding f USING (finding_id)
	      JOIN process p ON p.process_id = e.ref_id WHERE f.rule = 'anon_growth' AND e.ref_table = 'process'" | tr -d '"')"
last=$(awk '$2 == "AnonPages:" { t = $1 } END { printf "%.6f", t }' $F/leak/meminfo.log)
expect_eq "the growth runs to the last meminfo sample" "$last" \
	"$(q "SELECT printf('%.6f', end_us / 1e6) FROM finding WHERE rule = 'anon_growth'")"
q "SELECT summary FROM finding WHERE rule = 'anon_growth'" >"$T/sum"
expect_grep "summary: the line, the grower, the cache" \
	"meminfo.AnonPages grew from .* in a straight line (11.[0-9] MiB/s, r2 1.000); the process whose unique memory grew most is pm-leak (pid $leak): USS +.*; meanwhile the page cache (meminfo.Cached) went between" \
	"$T/sum"
expect_rc "explain" 0 "$PMORTEM" analyze --db "$DB" --explain anon_growth
expect_grep "explain ranks the USS growth" "pm-leak leak 12" "$T/out"

rm -f "$DB"
expect_rc "run quiet" 0 "$PMORTEM" run --no-progress --db "$DB" $F/quiet -o "$T/q.html"
expect_eq "quiet: no anon_growth, nothing high" "0|0" \
	"$(q "SELECT (SELECT count(*) FROM finding WHERE rule = 'anon_growth') || '|' ||
	      (SELECT count(*) FROM finding WHERE severity IN ('high', 'critical')) AS n" | tr -d '"')"
finish
