#!/bin/bash
# sosreport.sh - a real sosreport (fixtures/sosreport: sos 4.0 on this
# machine, as a tree and as a tarball whose proc/ members come before its
# sos_commands/ and sos_reports/): its host name on every source, its
# capture time (`date --utc`) on the plain /proc copies (not the members'
# mtimes, which are the /proc inodes'), its boot time (proc/stat btime) on
# the dmesg, every value equal to the file's (awk on the fixture),
# manifest.json's start_time when the date files are missing, and a
# malformed manifest warned about while the rest imports.
. "$(dirname "$0")/lib.inc"

D=$(ls -d fixtures/sosreport/sosreport-*/ | head -1)
D=${D%/}
[ -d "$D" ] && [ -f "$D.tar.xz" ] || { fail "no sosreport fixture"; finish; }
NAME=$(basename "$D")
host=$(cat "$D/sos_commands/host/hostname")
cap=$(date -u -d "$(cat "$D/sos_commands/date/date_--utc")" +%s)000000
btime=$(awk '$1 == "btime" { print $2 "000000" }' "$D/proc/stat")
dm_first=$(awk -F'[][]' 'NR == 1 { printf "%.0f\n", $2 * 1000000 }' "$D/sos_commands/kernel/dmesg")
captured="sosreport of host '$host', captured $(date -u -d @"${cap%000000}" '+%F %T') UTC (sos_commands/date/date_--utc)"

# check WHAT: the database $DB holds the fixture, every number as the file says
check() {
	local what=$1 origin=$2
	expect_eq "$what: one host, on every source" "$host" \
		"$(q "SELECT DISTINCT h.name FROM source s JOIN host h USING (host_id)")"
	expect_eq "$what: /proc copies at the capture time" \
"buddyinfo,$cap,$origin
meminfo,$cap,$origin
slabinfo,$cap,$origin
vmstat,$cap,$origin
zoneinfo,$cap,$origin" \
		"$(q "SELECT format, first_us, time_origin FROM source WHERE path LIKE '%/proc/%'
		      AND format NOT IN ('smaps') ORDER BY format")"
	expect_eq "$what: smaps at the capture time" "3 $cap" \
		"$(q "SELECT count(*), min(ts_us) FROM process WHERE ts_us = $cap" | tr ',' ' ')"
	expect_eq "$what: dmesg on the wall clock from proc/stat btime" \
		"$((btime + dm_first)),boot time from /proc/stat btime" \
		"$(q "SELECT first_us, time_origin FROM source WHERE format = 'dmesg'")"
	# meminfo: every field, kB as bytes
	expect_eq "$what: meminfo values" \
		"$(awk '{ sub(":", "", $1); printf "meminfo.%s,%.0f\n", $1, ($3 == "kB" ? $2 * 1024 : $2) }' \
			"$D/proc/meminfo" | sort)" \
		"$(q "SELECT metric, printf('%.0f', value) FROM series JOIN sample USING (series_id)
		      WHERE metric LIKE 'meminfo.%' AND ts_us = $cap ORDER BY metric" | sort)"
	expect_eq "$what: vmstat counters" \
		"$(awk '{ printf "vmstat.%s,%s\n", $1, $2 }' "$D/proc/vmstat" | sort)" \
		"$(q "SELECT metric, printf('%.0f', value) FROM series JOIN sample USING (series_id)
		      WHERE metric LIKE 'vmstat.%' AND ts_us = $cap ORDER BY metric" | sort)"
	expect_eq "$what: buddyinfo Normal zone, per order" \
		"$(awk '$4 == "Normal" { for (i = 5; i <= NF; i++) printf "node0/Normal/order%d,%s\n", i - 5, $i }' \
			"$D/proc/buddyinfo" | sort)" \
		"$(q "SELECT instance, printf('%.0f', value) FROM series JOIN sample USING (series_id)
		      WHERE metric = 'buddyinfo.free_blocks' AND instance LIKE 'node0/Normal/%'" | sort)"
	expect_eq "$what: zoneinfo Normal zone free and min (pages as bytes)" \
		"$(awk -v ps="$(getconf PAGESIZE)" '/^Node 0, zone +Normal/ { z = 1; next } /^Node/ { z = 0 }
			z && $1 == "pages" && $2 == "free" { printf "zoneinfo.free_bytes,%.0f\n", $3 * ps }
			z && $1 == "min" { printf "zoneinfo.min_bytes,%.0f\n", $2 * ps }' "$D/proc/zoneinfo")" \
		"$(q "SELECT metric, printf('%.0f', value) FROM series JOIN sample USING (series_id)
		      WHERE instance = 'node0/Normal' AND metric IN ('zoneinfo.free_bytes', 'zoneinfo.min_bytes')
		      ORDER BY metric")"
	expect_eq "$what: slabinfo caches and objects" \
		"$(awk 'NR > 2 { n++; o += $2 } END { print n "," o }' "$D/proc/slabinfo")" \
		"$(q "SELECT count(*), printf('%.0f', sum(value)) FROM series JOIN sample USING (series_id)
		      WHERE metric = 'slabinfo.active_objs' AND ts_us = $cap")"
	expect_eq "$what: sar text on its own header's host" "$host" \
		"$(q "SELECT h.name FROM source s JOIN host h USING (host_id) WHERE format = 'sar'")"
	# pagetypeinfo is no zoneinfo (it landed as one, with 22 warnings)
	expect_eq "$what: pagetypeinfo not imported" "0" \
		"$(q "SELECT count(*) FROM source WHERE path LIKE '%pagetypeinfo'")"
	expect_eq "$what: no source with warnings" "0" \
		"$(q "SELECT count(*) FROM source WHERE status <> 'ok'")"
}

# ---- the tree
DB=$T/tree.db
expect_rc "tree import" 0 "$PMORTEM" import --db "$DB" "$D"
expect_grep "tree: what it says of itself" "^pmortem: $D: $captured$" "$T/err"
check tree "bundle capture time"

# ---- the tarball: proc/ before sos_commands/date/, members' mtimes an hour
# before the capture (the /proc inodes')
tar -tvJf "$D.tar.xz" > "$T/list"
expect_eq "tarball: proc/meminfo comes before the date" "1" \
	"$(awk '/proc\/meminfo$/ { m = NR } /date_--utc$/ { d = NR } END { print (m < d) }' "$T/list")"
mt=$(awk '/proc\/meminfo$/ { print $4 " " $5 }' "$T/list")
[ "$(date -u -d "$mt" +%s)000000" -lt "$cap" ] || fail "tarball: meminfo's mtime is not before the capture"
DB=$T/tar.db
expect_rc "tarball import" 0 "$PMORTEM" import --db "$DB" "$D.tar.xz"
expect_grep "tarball: what it says of itself" "^pmortem: $D.tar.xz!$NAME: $captured$" "$T/err"
check tarball "bundle capture time"
expect_eq "tarball: every member inside the sosreport" "0" \
	"$(q "SELECT count(*) FROM source WHERE path NOT LIKE '$D.tar.xz!$NAME/%'")"

# smem straight from the tarball: the capture time too
expect_rc "smem on the tarball" 0 "$PMORTEM" smem "$D.tar.xz" -c "ts pid" --format csv
expect_eq "smem: three processes at the capture time" "3" \
	"$(grep -c "^$(date -u -d @"${cap%000000}" '+%F %T')," "$T/out")"

# ---- manifest.json: the capture time when the date files are missing; its
# start_time is local time, read in etc/localtime's zone (Etc/UTC here)
S=$T/$NAME
cp -a "$D" "$S"
rm -r "$S/sos_commands/date" "$S/date"
start=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["start_time"])' \
	"$S/sos_reports/manifest.json")
mcap=$(date -u -d "$start" +%s%6N)
DB=$T/manifest.db
expect_rc "manifest: tree import" 0 "$PMORTEM" import --db "$DB" "$S"
expect_grep "manifest: the time from it" \
	"captured $(date -u -d "$start" '+%F %T.%6N') UTC (sos_reports/manifest.json)$" "$T/err"
expect_eq "manifest: meminfo at its start_time" "$mcap" \
	"$(q "SELECT first_us FROM source WHERE format = 'meminfo'")"
# the same as a tarball in name order (manifest.json last)
tar -C "$T" --sort=name -cJf "$T/m.tar.xz" "$NAME"
DB=$T/manifest-tar.db
expect_rc "manifest: tarball import" 0 "$PMORTEM" import --db "$DB" "$T/m.tar.xz"
expect_eq "manifest: tarball meminfo at its start_time" "$mcap" \
	"$(q "SELECT first_us FROM source WHERE format = 'meminfo'")"
# without etc/localtime the zone is unknown: said, and --tz fixes it
rm "$S/etc/localtime"
DB=$T/manifest-nozone.db
expect_rc "manifest: no zone" 0 "$PMORTEM" import --db "$DB" "$S"
expect_grep "manifest: no zone, said" \
	"^pmortem: $S/sos_reports/manifest.json: 'start_time' is local time in an unknown zone (try --tz)$" "$T/err"
expect_grep "manifest: no zone, no time" "captured at an unknown time$" "$T/err"
DB=$T/manifest-tz.db
expect_rc "manifest: --tz" 0 "$PMORTEM" import --db "$DB" --tz Europe/Berlin "$S"
expect_eq "manifest: start_time read in --tz" "$(TZ=Europe/Berlin date -d "$start" +%s%6N)" \
	"$(q "SELECT first_us FROM source WHERE format = 'meminfo'")"

# ---- a malformed manifest (fixtures/sosreport/bad/): a warning with the
# path and line, the rest imported under the bundle's host
B=fixtures/sosreport/bad/sosreport-badmanifest
DB=$T/bad.db
expect_rc "bad manifest" 0 "$PMORTEM" import --db "$DB" "$B"
expect_grep "bad manifest: said where" \
	"^pmortem: $B/sos_reports/manifest.json:4: cannot read the sosreport manifest: unexpected '\"', expected ',' or '}'$" "$T/err"
expect_grep "bad manifest: no time" "^pmortem: $B: sosreport of host 'badhost', captured at an unknown time$" "$T/err"
expect_eq "bad manifest: meminfo imported, its host, its mtime" \
	"$(awk 'END { print NR }' "$B/proc/meminfo"),badhost,file mtime" \
	"$(q "SELECT s.rows, h.name, s.time_origin FROM source s JOIN host h USING (host_id)")"
# one sosreport's host and time do not carry over to the next
DB=$T/both.db
expect_rc "two sosreports" 0 "$PMORTEM" import --db "$DB" "$D" "$B"
expect_eq "two sosreports: each its own host and time" \
	"badhost,file mtime,1
vm,bundle capture time,5" \
	"$(q "SELECT h.name, s.time_origin, count(*) FROM source s JOIN host h USING (host_id)
	      WHERE s.path LIKE '%/proc/%' AND s.format <> 'smaps' GROUP BY 1, 2 ORDER BY 1")"
# a manifest that is not JSON at all, in a tarball
mkdir -p "$T/bad2"
cp -a "$B" "$T/bad2/"
printf 'not json\n' > "$T/bad2/sosreport-badmanifest/sos_reports/manifest.json"
tar -C "$T/bad2" -cJf "$T/bad2.tar.xz" sosreport-badmanifest
DB=$T/bad2.db
expect_rc "not JSON in a tarball" 0 "$PMORTEM" import --db "$DB" "$T/bad2.tar.xz"
expect_grep "not JSON: said where" \
	"^pmortem: $T/bad2.tar.xz!sosreport-badmanifest/sos_reports/manifest.json:1: cannot read the sosreport manifest: " "$T/err"
expect_eq "not JSON: meminfo imported" "1" "$(q "SELECT count(*) FROM source WHERE format = 'meminfo'")"
finish
