#!/bin/sh
# procstat.sh - the /proc snapshot importers through the CLI: a bundle of
# the real captures (fixtures/{meminfo,vmstat,zoneinfo,buddyinfo,slabinfo})
# in all three shapes plus a tarball member, recognized without --format,
# and the values a user queries: v_meminfo, sar-named vmstat rates, zone
# watermarks, buddy orders, slab caches; where each time came from; and a
# broken file landing as partial with its `line: message`.
. "$(dirname "$0")/lib.inc"

B=$T/bundle
mkdir -p "$B/logs" "$B/snap" "$T/tarroot/proc"
cp fixtures/meminfo/meminfo-ts.log fixtures/meminfo/pagecache-meminfo-ts.log \
	fixtures/vmstat/vmstat-blocks.log fixtures/zoneinfo/zoneinfo-ts.log \
	fixtures/buddyinfo/buddyinfo-ts.log fixtures/slabinfo/slabinfo-ts.log "$B/logs/"
cp fixtures/slabinfo/slabtop-o.20261122-134826 fixtures/zoneinfo/snap/zoneinfo.1795355311 \
	fixtures/buddyinfo/snap/buddyinfo_20261122_134831 "$B/snap/"
# `Nov 22 13:48:31` stamps take their year from the file's mtime
touch -d '2026-11-22 14:00:00 UTC' "$B/logs/buddyinfo-ts.log"
# a plain copy whose only time is its archive member's mtime
cp fixtures/meminfo/snap/meminfo.20261122-134831 "$T/tarroot/proc/meminfo"
tar -C "$T/tarroot" --mtime='2026-11-22 13:48:31 UTC' -czf "$B/capture.tar.gz" proc

expect_rc "import bundle" 0 "$PMORTEM" import --db "$DB" "$B"
expect_eq "formats recognized" "buddyinfo,2
meminfo,3
slabinfo,2
vmstat,1
zoneinfo,2" "$(q "SELECT format, count(*) FROM source GROUP BY format ORDER BY format")"
expect_eq "all whole" "0" "$(q "SELECT count(*) FROM source WHERE status <> 'ok'")"
expect_eq "time origins" "buddyinfo-ts.log|timestamp prefix on every line
buddyinfo_20261122_134831|file name 'buddyinfo_20261122_134831'
meminfo-ts.log|timestamp prefix on every line
meminfo|archive member mtime
pagecache-meminfo-ts.log|timestamp prefix on every line
slabinfo-ts.log|timestamp prefix on every line
slabtop-o.20261122-134826|file name 'slabtop-o.20261122-134826'
vmstat-blocks.log|timestamp line before every block
zoneinfo-ts.log|timestamp prefix on every line
zoneinfo.1795355311|file name 'zoneinfo.1795355311'" \
	"$(q "SELECT path || '|' || time_origin FROM source" | sed 's|^.*/||' | sort)"

# meminfo: the page cache dropped by `echo 1 > drop_caches` at 13:48:31
# (grep 'Cached:' meminfo-ts.log: 988300 kB at :30, 18480 kB at :31; the
# tar member, read in the same second, is the :31.000 row)
expect_eq "v_meminfo Cached" "2026-11-22 13:48:30.009|1012019200
2026-11-22 13:48:31.000|18923520
2026-11-22 13:48:31.007|18923520" \
	"$(q "SELECT ts || '|' || CAST(Cached AS INTEGER) AS x FROM v_meminfo
	      WHERE ts_us BETWEEN 1795355310000000 AND 1795355311999999 ORDER BY ts_us")"
expect_eq "tar member = ts log line" "18923520" \
	"$(q "SELECT CAST(value AS INTEGER) FROM v_sample WHERE metric = 'meminfo.Cached'
	      AND ts_us = 1795355311000000")"
expect_eq "out-of-order log sorted" "13735473152
11815190528
197079040
108675072" "$(q "SELECT CAST(Cached AS INTEGER) FROM v_meminfo WHERE ts < '2017' ORDER BY ts_us")"

# vmstat: sar's names; the faulting process's 76800 major faults
# (faulter.out) are in the sum of paging.majflt_per_s over the run
expect_eq "majflt sum" "77107" \
	"$(q "SELECT CAST(round(sum(value)) AS INTEGER) FROM v_sample WHERE metric = 'paging.majflt_per_s'")"
expect_eq "majflt rows" "119" \
	"$(q "SELECT count(*) FROM v_sample WHERE metric = 'paging.majflt_per_s'")"
expect_eq "sar units" "paging.majflt_per_s|per_s
paging.pgpgin_bytes_per_s|bytes_per_s
swap.pswpin_per_s|per_s" \
	"$(q "SELECT metric || '|' || unit FROM metric WHERE metric IN
	      ('paging.majflt_per_s', 'paging.pgpgin_bytes_per_s', 'swap.pswpin_per_s') ORDER BY 1")"

# zoneinfo: Normal right after the drop (lines 1216-1220 of zoneinfo-ts.log)
expect_eq "watermarks" "1738895360|26820608|33525760|0" \
	"$(q "SELECT CAST(free_bytes AS INTEGER) || '|' || CAST(min_bytes AS INTEGER) || '|' ||
	      CAST(low_bytes AS INTEGER) || '|' || below_low AS x FROM v_zone_watermarks
	      WHERE zone = 'node0/Normal' AND ts_us = 1795355311000000")"

# buddyinfo: the ts log (year from mtime) and the plain copy name the same
# second with the same counts: the copy adds nothing and says so
expect_eq "buddy order 10" "260" \
	"$(q "SELECT CAST(value AS INTEGER) FROM v_sample
	      WHERE metric = 'buddyinfo.free_blocks' AND instance = 'node0/Normal/order10'
	      AND ts_us = 1795355311000000")"
expect_eq "copy is a duplicate" "0|42 samples were already present from another source" \
	"$(q "SELECT rows || '|' || message AS x FROM source WHERE path LIKE '%buddyinfo_2026%'")"

# slabinfo: slabtop's CACHE SIZE for buffer_head, 17420K
expect_eq "slab cache" "17838080" \
	"$(q "SELECT CAST(value AS INTEGER) FROM v_sample WHERE metric = 'slabinfo.cache_bytes'
	      AND instance = 'buffer_head' AND source_id = (SELECT source_id FROM source
	      WHERE path LIKE '%slabtop-o%')")"

# re-importing is a no-op
expect_rc "re-import" 0 "$PMORTEM" import --db "$DB" "$B"
expect_eq "no new sources" "10" "$(q "SELECT count(*) FROM source")"

# a broken file imports the rest, partial, with its line and message
DB=$T/bad.db
expect_rc "import broken" 1 "$PMORTEM" import --db "$DB" fixtures/meminfo/bad/badts-ts.log
expect_grep "stderr names the line" \
	"badts-ts.log:2: warning: cannot parse timestamp '2026-13-45 13:48:01.006514'" "$T/err"
expect_eq "partial" "partial|103|3" "$(q "SELECT status || '|' || rows || '|' || warnings FROM source")"
expect_eq "diagnostic row" "56|cannot parse timestamp '2026-11-22 25:48:02.007206'" \
	"$(q "SELECT line || '|' || message FROM diagnostic WHERE line = 56")"
finish
