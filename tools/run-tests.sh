#!/bin/sh
# run-tests.sh LABEL PROGRAM... - run test programs (cmocka binaries or
# end-to-end shell scripts), keep going after a failure, and close with one
# "LABEL: N passed, N failed" line; exit 1 when any failed.
set -u
label=$1; shift
pass=0; fail=0; failed=""
export LC_ALL=C TZ=UTC
for t in "$@"; do
	[ -e "$t" ] || continue
	log=$(mktemp)
	if "$t" >"$log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
		echo "--- FAIL: $t"
		tail -n 40 "$log"
	fi
	rm -f "$log"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$label: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
