# lib.sh - sourced by every end-to-end test: a scratch directory, the
# binary under test ($PMORTEM, the ASan build under `make e2e-asan`), and
# small assertions that say what differed.
set -u
: "${PMORTEM:=$(pwd)/pmortem}"
export LC_ALL=C TZ=UTC
unset PMORTEM_DB NO_COLOR
T=$(mktemp -d "${TMPDIR:-/tmp}/pmortem-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB=$T/test.db
FAILS=0

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1"
		printf '  expected: %s\n  actual:   %s\n' "$2" "$3"
	fi
}

# expect_rc WHAT CODE COMMAND...
expect_rc() {
	what=$1 want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; rc=$?
	if [ "$rc" != "$want" ]; then
		fail "$what: exit $rc, want $want"
		sed 's/^/  stderr: /' "$T/err" | head -5
	fi
}

# expect_grep WHAT PATTERN FILE
expect_grep() {
	grep -q -- "$2" "$3" || { fail "$1: no '$2' in $3"; sed 's/^/  | /' "$3" | head -10; }
}

q() { "$PMORTEM" query --db "$DB" --format csv "$1" | tail -n +2; }

finish() {
	[ "$FAILS" -eq 0 ] && { echo "ok"; exit 0; }
	echo "$FAILS failures"; exit 1
}
