#!/bin/sh
# run.sh - the main job on the fixture incident (fixtures/incident, a real
# capture: a page-cache drop with a major-fault victim and a leaking worker
# dumped twice).  The findings must be the true causes at the right times,
# the leak's strings with the worker's own exact counts; reports are
# deterministic; a quiet capture gives no high-severity finding.
. "$(dirname "$0")/lib.inc"

expect_rc "run" 0 "$PMORTEM" run --no-progress --db "$DB" fixtures/incident -o "$T/r.html"
cp "$T/out" "$T/run.txt"
expect_grep "text report first says cause -> effect" "CAUSE -> EFFECT" "$T/run.txt"

# the page-cache drop (echo 1 > drop_caches at 14:23:09, fixtures/incident/CAPTURE)
# and the victim's major faults, 0..2 s later (sar samples every second)
expect_eq "page-cache finding" "memory.cached_bytes|2026-11-22 14:23:09|paging.majflt_per_s" \
	"$(q "SELECT c.cause_metric || '|' || c.cause_ts || '|' || c.effect_metric
	      FROM v_causal_link c JOIN finding f USING (finding_id)
	      WHERE f.rule = 'pagecache_majflt'" | tr -d '"')"
lag=$(q "SELECT lag_s FROM causal_link l JOIN finding f USING (finding_id) WHERE f.rule = 'pagecache_majflt'")
awk -v l="$lag" 'BEGIN { exit !(l >= 0 && l <= 2) }' || fail "lag $lag s not within one sample interval"
expect_eq "one page-cache finding, not one per source" "1" \
	"$(q "SELECT count(*) FROM finding WHERE rule = 'pagecache_majflt'")"

# the leak: the worker's own live counts (the .expected files gen.sh wrote)
after=$(ls fixtures/incident/leakc-*.bin.expected | sort | tail -1)
for s in Unknown:Unknown couchbase.context_info; do
	want=$(awk -F'\t' -v s="$s" '$1 == s { print $2 }' "$after")
	expect_eq "heap count of $s" "$want" \
		"$(q "SELECT count_after FROM v_heap_growth WHERE region = 'heap' AND text = '$s'")"
done
expect_grep "heap finding names the leak" "'Unknown:Unknown' 3230 -> 16153" "$T/run.txt"
expect_eq "no other finding" "heap_string_growth pagecache_majflt" \
	"$(q "SELECT group_concat(rule, ' ') FROM (SELECT rule FROM finding ORDER BY rule)")"

# deterministic reports, valid JSON, an offline HTML page
for f in text json md html; do
	"$PMORTEM" report --db "$DB" --format $f -o "$T/a.$f" && "$PMORTEM" report --db "$DB" --format $f -o "$T/b.$f"
	cmp -s "$T/a.$f" "$T/b.$f" || fail "report --format $f differs between two runs"
done
python3 -m json.tool "$T/a.json" >/dev/null || fail "json report is not valid JSON"
grep -Eq '(src|href)="(https?:)?//' "$T/r.html" && fail "html report loads something from the network"
grep -q "Content-Security-Policy" "$T/r.html" || fail "html report has no CSP"

# a quiet capture (light load, fixtures/sar) gives no high-severity finding
expect_rc "quiet run" 0 "$PMORTEM" run --no-progress --db "$T/quiet.db" fixtures/sar/sar-A.C.txt
expect_eq "quiet" "0" "$("$PMORTEM" query --db "$T/quiet.db" --format csv \
	"SELECT count(*) FROM finding WHERE severity IN ('high', 'critical')" | tail -1)"
finish
