#!/bin/sh
# diskreclaim.sh - the rule disk_saturation_reclaim on a real capture
# (fixtures/diskreclaim, see its gen.sh and CAPTURE: a throttled loop device
# read through the page cache while free memory sits just above the raised
# low watermarks): loop0's saturation and kswapd's scanning found at the
# times sar printed them (read here with awk), one saturation across the
# one-sample dip, and --explain; fixtures/pressure (the same pressure with a
# disk that keeps up) is its quiet case, in pressure.sh.
. "$(dirname "$0")/lib.inc"
F=fixtures/diskreclaim

expect_rc "run diskreclaim" 0 "$PMORTEM" run --no-progress --db "$DB" $F -o "$T/r.html"
cp "$T/out" "$T/text"

day=$(awk 'NR == 1 { print $4 }' $F/sar-A.txt)        # MM/DD/YY
d=$(echo "$day" | awk -F/ '{ printf "20%s-%s-%s", $3, $1, $2 }')
# independent: sar's first and last loop0 sample at >= 95 % busy, and its
# first pgscank/s of 1000 or more after that
sat0=$(awk '$2 == "loop0" && $NF + 0 >= 95 { print $1; exit }' $F/sar-A.txt)
sat1=$(awk '$2 == "loop0" && $NF + 0 >= 95 { t = $1 } END { print t }' $F/sar-A.txt)
scan=$(awk -v s="$sat0" '/pgscank\/s/ { h = 1; next } h && $1 >= s && $7 + 0 >= 1000 { print $1; exit }
	/^$/ { h = 0 }' $F/sar-A.txt)
lag=$(( $(date -u -d "$d $scan" +%s) - $(date -u -d "$d $sat0" +%s) ))
expect_eq "one disk_saturation_reclaim finding, medium, on loop0" "1|medium" \
	"$(q "SELECT count(*) || '|' || min(severity) FROM finding WHERE rule = 'disk_saturation_reclaim'" | tr -d '"')"
expect_eq "saturation start and end (sar's loop0 %util >= 95)" "$d $sat0|$d $sat1" \
	"$(q "SELECT substr(pm_ts(c.start_us), 1, 19) || '|' || substr(pm_ts(c.end_us), 1, 19)
	      FROM causal_link l JOIN finding f USING (finding_id) JOIN event c ON c.event_id = l.cause_event_id
	      WHERE f.rule = 'disk_saturation_reclaim'" | tr -d '"')"
expect_eq "the effect: kswapd scanning, at sar's first pgscank/s >= 1000" \
	"paging.pgscank_per_s|$d $scan|$lag.0" \
	"$(q "SELECT e.metric || '|' || substr(pm_ts(e.start_us), 1, 19) || '|' || printf('%.1f', l.lag_s)
	      FROM causal_link l JOIN finding f USING (finding_id) JOIN event e ON e.event_id = l.effect_event_id
	      WHERE f.rule = 'disk_saturation_reclaim'" | tr -d '"')"
expect_grep "the story in the text report" \
	"loop0 was saturated for 59 s (peak 100% busy); $lag s after it saturated, paging.pgscank_per_s rose" "$T/text"
# the page cache the reads pushed out: its drop starts with the scanning
expect_eq "the cache drop starts with the scanning" "$d $scan" \
	"$(q "SELECT substr(pm_ts(min(start_us)), 1, 19) FROM event WHERE metric = 'memory.cached_bytes' AND kind = 'drop'" | tr -d '"')"
# I/O wait from the saturated device is not an effect of the later faults
expect_eq "no link with a negative lag" "0" \
	"$(q "SELECT count(*) FROM causal_link WHERE lag_s < 0")"

expect_rc "explain" 0 "$PMORTEM" analyze --db "$DB" --explain disk_saturation_reclaim
expect_grep "explain lists the saturation" "loop0" "$T/out"
finish
