#!/bin/sh
# run-fuzz.sh FUZZER... - run each libFuzzer target for FUZZ_SECONDS from a
# seed corpus (its fixtures/NAME/ files plus tests/fuzz/corpus/NAME/), and
# fail on the first crash or sanitizer report.  Findings land in build/fuzz/.
set -u
secs=${FUZZ_SECONDS:-10}
pass=0; fail=0
for f in "$@"; do
	n=$(basename "$f")
	corpus=build/fuzz/corpus/$n
	mkdir -p "$corpus" build/fuzz/crash
	for seed in fixtures/"$n" tests/fuzz/corpus/"$n"; do
		[ -d "$seed" ] || continue
		find "$seed" -type f -size -1024k ! -name gen.sh ! -name '*.expected' \
			-exec cp -n {} "$corpus"/ \; 2>/dev/null
	done
	if "$f" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 \
		-timeout=10 -artifact_prefix=build/fuzz/crash/"$n"- \
		-print_final_stats=0 "$corpus" >build/fuzz/"$n".log 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "--- FUZZ FAIL: $n (log: build/fuzz/$n.log)"
		grep -E 'ERROR|SUMMARY|runtime error' build/fuzz/"$n".log | head -20
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
