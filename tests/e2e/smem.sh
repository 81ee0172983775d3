#!/bin/sh
# smem.sh - `pmortem smem` against smem 1.5 on the same captures
# (fixtures/smaps: gen.sh recorded smem's outputs in smem/*.expected), the
# smemcap tarball, and the leak between the two snapshots.
. "$(dirname "$0")/lib.inc"

F=fixtures/smaps
T1=$(ls -d $F/t1-*)
T2=$(ls -d $F/t2-*)
TAR=$(ls $F/smemcap-*.tar)
LEAKER=$(awk '$2 ~ /^leaker/ { print $1 }' $F/pids.txt)

# numbers only, one line per row, keyed by the first column: smem's table
# (fixed columns, header dropped) and pmortem's csv must say the same
numbers() { awk 'NR > 1 { print $1, $2, $3, $4, $5, $6, $7 }' "$1" | sort; }
nprocs=23
csv_numbers() { tail -n +2 "$1" | tr ',' ' ' | awk '{ print $1, $2, $3, $4, $5, $6, $7 }' | sort; }

for cap in t1 t2 tar; do
	case $cap in t1) src=$T1 ;; t2) src=$T2 ;; tar) src=$TAR ;; esac
	# per process: pid maps swap uss pss rss vss
	expect_rc "$cap: smem" 0 "$PMORTEM" smem "$src" --format csv \
		-c "pid maps swap uss pss rss vss user name"
	numbers $F/smem/$cap-all.expected > "$T/want"
	csv_numbers "$T/out" > "$T/got"
	expect_eq "$cap: per process numbers = smem's" "$(cat "$T/want")" "$(cat "$T/got")"
	# the tarball lost one process (it exited during the capture)
	[ "$cap" = tar ] && nprocs=22
	expect_eq "$cap: process count" $nprocs "$(wc -l < "$T/got" | tr -d ' ')"

	# per mapping: smem cuts names at the first space, pmortem keeps them;
	# compare the rows whose name has no space, and the totals
	expect_rc "$cap: smem -m" 0 "$PMORTEM" smem "$src" -m --format csv \
		-c "pids count swap uss pss rss vss avgpss avgrss map"
	tail -n +2 "$T/out" | grep -v ' ' | tr ',' ' ' |
		awk '{ m = $10; if (length(m) > 40) m = substr(m, 1, 40); $10 = m; print }' |
		sort > "$T/got"
	# smem's lines but for the names it cut short
	awk 'NR > 1 && $10 != "/tmp/pm-smaps/shared" && $10 != "/dev/zero" &&
		$10 != "/tmp/pm-smaps/gone.bin" { $1 = $1; print }' \
		$F/smem/$cap-m.expected | sort > "$T/want2"
	expect_eq "$cap: per mapping numbers = smem's" "$(cat "$T/want2")" "$(cat "$T/got")"
	expect_grep "$cap: full name with a space" '/tmp/pm-smaps/shared data.bin' "$T/out"
	expect_grep "$cap: full name with (deleted)" '/dev/zero (deleted)' "$T/out"

	# whole system from the capture's meminfo: used, cache, noncache per area
	expect_rc "$cap: smem -w" 0 "$PMORTEM" smem "$src" -w --format csv
	expect_eq "$cap: -w numbers = smem's" \
		"$(awk 'NR > 1 { print $(NF-2), $(NF-1), $NF }' $F/smem/$cap-w.expected)" \
		"$(tail -n +2 "$T/out" | awk -F, '{ print $2, $3, $4 }')"

	# per user (smem -u; pmortem's vss is the real one, not compared)
	expect_rc "$cap: smem -u" 0 "$PMORTEM" smem "$src" -u --format csv \
		-c "count swap uss pss rss user"
	if [ "$cap" != tar ]; then
		awk 'NR > 1 { print $1, $2, $3, $4, $5, $6 }' $F/smem/$cap-u.expected | sort > "$T/want"
		tail -n +2 "$T/out" | tr ',' ' ' | sort > "$T/got"
		expect_eq "$cap: per user numbers = smem's" "$(cat "$T/want")" "$(cat "$T/got")"
	fi
done

# smem's totals line, and the order of -s uss -r with a filter
expect_rc "t1 totals" 0 "$PMORTEM" smem "$T1" -t --format table -c "pid swap uss pss rss"
expect_eq "t1 totals = smem's" \
	"$(tail -1 $F/smem/t1-t.expected | awk '{ print $1, $3, $4, $5, $6 }')" \
	"$(tail -1 "$T/out" | awk '{ print $1, $2, $3, $4, $5 }')"
expect_rc "t1 -P -s uss -r" 0 "$PMORTEM" smem "$T1" -P 'leaker|writer' -s uss -r \
	--format csv -c "pid swap uss pss rss"
expect_eq "filtered, sorted = smem's" \
	"$(awk 'NR > 1 { print $1, $(NF-3), $(NF-2), $(NF-1), $NF }' $F/smem/t1-P.expected)" \
	"$(tail -n +2 "$T/out" | tr ',' ' ')"
expect_rc "t1 -k" 0 "$PMORTEM" smem "$T1" -k -t --format csv -c "pid swap uss pss rss"
expect_eq "human units = smem's" \
	"$(awk 'NR > 1 && !/^---/ { print $NF }' $F/smem/t1-k.expected | sort)" \
	"$(tail -n +2 "$T/out" | awk -F, '{ print $NF }' | sort)"
expect_rc "t1 -m -M" 0 "$PMORTEM" smem "$T1" -m -M 'shared|zero' --format csv \
	-c "pids avgpss pss map"
expect_eq "map filter = smem's" \
	"$(awk 'NR > 1 { print $2, $3, $4 }' $F/smem/t1-M.expected | sort)" \
	"$(tail -n +2 "$T/out" | awk -F, '{ print $1, $2, $3 }' | sort)"

# the tarball: the vanished pid's garbage members (size 0) are skipped
GONE=$(tar -tvf "$TAR" 2>/dev/null | awk '$2 == "21998/8347490" && $6 ~ /\/stat$/ { sub("/stat", "", $6); print $6 }')
expect_rc "tarball import" 0 "$PMORTEM" import --db "$DB" "$TAR"
expect_eq "garbage members skipped" "3" \
	"$(q "SELECT count(*) FROM skipped WHERE path LIKE '%!$GONE/%' AND reason = 'empty file'")"

# a garbage tar header (the checksum of one smaps member's header zeroed):
# warned at its offset, that member lost, every other member imported
BAD=$T/damaged.tar
cp "$TAR" "$BAD"
set -- $(tar -tvRf "$TAR" | awk '$NF ~ /\/smaps$/ { sub(":", "", $2); print $2, $NF; exit }')
printf '00000000' | dd of="$BAD" bs=1 seek=$(($1 * 512 + 148)) conv=notrunc status=none
LOST=${2%/smaps}
rm -f "$T/dmg.db"
expect_rc "damaged tarball: partial" 1 "$PMORTEM" import --db "$T/dmg.db" "$BAD"
expect_grep "damaged tarball: warned" "damaged.tar: offset 0x[0-9a-f]*: warning: .*: skipped to the next member" "$T/err"
expect_eq "damaged tarball: only the lost member's mappings are missing" \
	"$(q "SELECT count(*) FROM mapping m JOIN process p ON p.process_id = m.process_id WHERE p.pid != $LOST AND NOT m.rollup")" \
	"$(DB=$T/dmg.db q "SELECT count(*) FROM mapping m JOIN process p ON p.process_id = m.process_id WHERE NOT m.rollup")"
expect_eq "damaged tarball: the rest of the lost pid's files imported" "1" \
	"$(DB=$T/dmg.db q "SELECT count(*) FROM process WHERE pid = $LOST AND cmdline IS NOT NULL")"

# both snapshots in one database: the leaker stands out by USS growth;
# unchanged files (a cmdline) still belong to each snapshot
expect_rc "import both" 0 "$PMORTEM" import --db "$DB" "$T1" "$T2"
expect_eq "every process has its command" "0" \
	"$(q "SELECT count(*) FROM process WHERE cmdline IS NULL")"
expect_eq "processes per capture" "23
23
22" "$(q "SELECT count(*) FROM v_smem GROUP BY capture ORDER BY min(ts_us)")"
expect_rc "smem --growth" 0 "$PMORTEM" smem --db "$DB" --growth --format csv
expect_eq "leaker grows most" "$LEAKER" "$(sed -n 2p "$T/out" | cut -d, -f2)"
growth=$(sed -n 2p "$T/out" | cut -d, -f9)
[ "$growth" -ge 3072 ] && [ "$growth" -lt 3328 ] ||
	fail "leaker's USS growth $growth KiB, want 3 MiB and a little"

# rollup vs per-mapping sums: every process has both, rollup Pss >= sum
expect_rc "smem --rollup" 0 "$PMORTEM" smem --db "$DB" --rollup --format csv
expect_eq "rollup rows (the tarball has none)" 46 "$(tail -n +2 "$T/out" | wc -l | tr -d ' ')"
expect_eq "rollup Pss never below the sum" "" \
	"$(tail -n +2 "$T/out" | awk -F, '$7 < 0')"

# without --db no database is made (the importers' records are summed as
# they come); with one, the sums are read back from it: the same bytes for
# every view, filter and column set
n=0
for src in "$T1" "$TAR" "$T1 $T2"; do
	n=$((n + 1))
	rm -f "$T/cmp$n.db"
	# shellcheck disable=SC2086
	"$PMORTEM" import --db "$T/cmp$n.db" $src >/dev/null 2>&1
	for opts in "" "-u" "-m" "-g" "-w" "-t" "-P leaker|writer -s uss -r" \
		"-m -M shared|zero" "-M zero -t" "--growth" "--rollup" "-U nobody" \
		"-c pid,maps,swap,uss,pss,rss,vss,user,name,ts,capture -k" \
		"-m -t -c map,pids,count,avgpss,avguss,avgrss,swap,vss --bytes" \
		"-u -t -n" "-g -t -r -s rss" "--capture t1" "--format json -t"; do
		# word splitting on purpose; the regexes hold no space
		# shellcheck disable=SC2086
		"$PMORTEM" smem $src --format csv $opts > "$T/direct" 2>"$T/err"
		# shellcheck disable=SC2086
		"$PMORTEM" smem --db "$T/cmp$n.db" --format csv $opts > "$T/viadb" 2>>"$T/err"
		cmp -s "$T/direct" "$T/viadb" || {
			fail "smem $src $opts: direct and --db differ"
			diff "$T/direct" "$T/viadb" | head -5 | sed 's/^/  /'
		}
		[ -s "$T/direct" ] || fail "smem $src $opts: no output"
	done
done

# a sosreport tree: its capture time (sos_commands/date/date_--utc, as
# `date --utc` writes it) is the time of the plain /proc copies that name
# none; a copy whose path names a time keeps that one
S=$T/sosreport-testhost
mkdir -p "$S/sos_commands/date" "$S/proc" "$S/old"
cp -r "$T1"/proc/[0-9]* "$S/proc/"
cp -r "$T2" "$S/old/"
echo testhost > "$S/hostname"
date -u -d @1795354163 > "$S/sos_commands/date/date_--utc"      # 2026-11-22 13:29:23
expect_rc "sosreport smem" 0 "$PMORTEM" smem "$S/" -c "ts pid" --format csv
expect_eq "sosreport: its capture time" "2026-11-22 13:29:23 23" \
	"$(grep -c '2026-11-22 13:29:23' "$T/out" | sed 's/^/2026-11-22 13:29:23 /')"
expect_eq "sosreport: the path's time where it names one" "23" \
	"$(grep -c "$(basename "$T2" | sed -E 's/t2-(....)(..)(..)T(..)(..)(..)Z/\1-\2-\3 \4:\5:\6/')" "$T/out")"
rm -f "$T/sos.db"
expect_rc "sosreport import" 0 "$PMORTEM" import --db "$T/sos.db" "$S"
DB=$T/sos.db
expect_eq "sosreport: times and where they came from" "1795354163000000 capture time 23
$(q "SELECT min(ts_us) FROM process WHERE snapshot LIKE '%/old/%'") path 23" \
	"$(q "SELECT ts_us, time_origin, count(*) FROM process GROUP BY ts_us, time_origin ORDER BY time_origin" | tr ',' ' ')"
expect_eq "sosreport: its host" "testhost" "$(q "SELECT DISTINCT h.name FROM process p JOIN host h USING (host_id)")"
# `date` in a zone that is not UTC, without --tz: no time from it (the
# files' mtimes instead); with the zone named by --tz, the same instant
rm "$S/sos_commands/date/date_--utc"
TZ=Europe/Berlin date -d @1795354163 > "$S/sos_commands/date/date"
expect_rc "sosreport, local date" 0 "$PMORTEM" smem "$S/proc/.." -c "ts pid" --format csv
expect_eq "local date without a zone: not taken" "0" "$(grep -c '2026-11-22 13:29:23' "$T/out")"
expect_rc "sosreport, local date, --tz" 0 "$PMORTEM" smem "$S" --tz Europe/Berlin -c "ts pid" --format csv
expect_eq "local date in --tz" "23" "$(grep -c '2026-11-22 13:29:23' "$T/out")"

# usage
expect_rc "two views" 64 "$PMORTEM" smem -u -m "$T1"
expect_rc "bad column" 64 "$PMORTEM" smem "$T1" -c "pid nosuch"
expect_rc "bad regex" 64 "$PMORTEM" smem "$T1" -P '('
expect_rc "json" 0 "$PMORTEM" smem "$T1" --format json -c "pid pss"
expect_grep "json rows" '"pss":' "$T/out"
finish
