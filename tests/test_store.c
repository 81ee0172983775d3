/*
 * test_store.c - the store's promises, on a real SQLite file: a source
 * lands whole or not at all, a rejected source keeps its row and its
 * diagnostics, the same bytes are recognized, samples come back exactly
 * as written whatever order they arrived in, and overlapping samples from
 * a second source are counted, not duplicated.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store.h"
#include "util.h"

static char dbpath[64];

static int setup(void **state)
{
	snprintf(dbpath, sizeof(dbpath), "/tmp/pmortem-test-%d.db", (int)getpid());
	unlink(dbpath);
	*state = store_open(dbpath, 0);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	char p[80];

	store_close(*state);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	return 0;
}

static int64_t query_i64(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static const char *query_text(struct store *st, const char *sql, char *buf, size_t cap)
{
	sqlite3_stmt *s;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, cap, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

static const struct importer fake = { .name = "fake", .version = 3 };

/* 3 series x 1000 timestamps, time-major like sar text. */
static void write_grid(struct sink *sk, int64_t t0)
{
	struct host_rec h = { .name = "db1", .kernel = "6.1.0", .ncpu = 2 };
	int64_t ids[3];

	assert_int_equal(sk->host(sk, &h), 0);
	ids[0] = sk->series(sk, "cpu.user_pct", "all", "pct", "user time");
	ids[1] = sk->series(sk, "cpu.user_pct", "0", "pct", NULL);
	ids[2] = sk->series(sk, "paging.majflt_per_s", "", "per_s", "major faults");
	for (int t = 0; t < 1000; t++)
		for (int i = 0; i < 3; i++)
			assert_int_equal(sk->sample(sk, ids[i], t0 + t * 1000000LL,
						    t * 10 + i + 0.25, t + 2), 0);
}

static void test_commit(void **state)
{
	struct store *st = *state;
	struct diag dg;
	char buf[128];

	assert_int_equal(store_source_begin(st, "a.txt", "aa", 100, &fake), 0);
	write_grid(store_sink(st), 1000000000000000LL);
	diag_init(&dg, "a.txt", 0);
	assert_true(store_source_end(st, IMPORT_OK, &dg, "test origin") == 3000);
	diag_release(&dg);
	assert_true(query_i64(st, "SELECT count(*) FROM sample") == 3000);
	assert_true(query_i64(st, "SELECT count(*) FROM series") == 3);
	assert_string_equal(query_text(st, "SELECT status FROM source", buf, sizeof(buf)), "ok");
	assert_true(query_i64(st, "SELECT rows FROM source") == 3000);
	assert_string_equal(query_text(st, "SELECT time_origin FROM source", buf, sizeof(buf)),
			    "test origin");
	assert_true(query_i64(st, "SELECT first_us FROM source") == 1000000000000000LL);
	assert_true(query_i64(st, "SELECT last_us FROM source") == 1000000000000000LL + 999000000);
	/* exact values at exact times, and the line each came from */
	assert_string_equal(query_text(st, "SELECT value FROM v_sample WHERE metric="
				       "'cpu.user_pct' AND instance='0' AND ts_us="
				       "1000000500000000", buf, sizeof(buf)), "5001.25");
	assert_true(query_i64(st, "SELECT line FROM v_sample WHERE metric="
			      "'paging.majflt_per_s' AND ts_us=1000000500000000") == 502);
	assert_string_equal(query_text(st, "SELECT description FROM metric WHERE "
				       "metric='cpu.user_pct'", buf, sizeof(buf)), "user time");
	assert_string_equal(query_text(st, "SELECT kernel FROM host", buf, sizeof(buf)), "6.1.0");
	assert_true(store_find_source(st, "aa") > 0);
	assert_true(store_find_source(st, "bb") == 0);
}

static void test_reject(void **state)
{
	struct store *st = *state;
	struct diag dg;
	char buf[128];

	assert_int_equal(store_source_begin(st, "bad.txt", "cc", 10, &fake), 0);
	write_grid(store_sink(st), 0);
	diag_init(&dg, "bad.txt", 0);
	diag_warn(&dg, 7, "odd line");
	diag_error(&dg, 9, "cannot parse '%s'", "x");
	assert_true(store_source_end(st, IMPORT_FAIL, &dg, NULL) == -1);
	diag_release(&dg);
	assert_true(query_i64(st, "SELECT count(*) FROM sample") == 0);
	assert_true(query_i64(st, "SELECT count(*) FROM series") == 0);
	assert_string_equal(query_text(st, "SELECT status FROM source", buf, sizeof(buf)),
			    "rejected");
	assert_string_equal(query_text(st, "SELECT message FROM source", buf, sizeof(buf)),
			    "cannot parse 'x'");
	assert_true(query_i64(st, "SELECT count(*) FROM diagnostic") == 2);
	assert_true(query_i64(st, "SELECT line FROM diagnostic WHERE level='error'") == 9);
	/* a rejected source may be tried again */
	assert_true(store_find_source(st, "cc") == 0);
	assert_int_equal(store_source_begin(st, "bad.txt", "cc", 10, &fake), 0);
	diag_init(&dg, "bad.txt", 0);
	assert_true(store_source_end(st, IMPORT_OK, &dg, NULL) == 0);
	diag_release(&dg);
	assert_true(query_i64(st, "SELECT count(*) FROM source") == 1);
	assert_true(query_i64(st, "SELECT count(*) FROM diagnostic") == 0);
}

static void test_overlap(void **state)
{
	struct store *st = *state;
	struct diag dg;
	char buf[128];

	assert_int_equal(store_source_begin(st, "a", "a1", 1, &fake), 0);
	write_grid(store_sink(st), 0);
	diag_init(&dg, "a", 0);
	assert_true(store_source_end(st, IMPORT_OK, &dg, NULL) == 3000);
	assert_int_equal(store_source_begin(st, "b", "b1", 1, &fake), 0);
	write_grid(store_sink(st), 500000000);
	assert_true(store_source_end(st, IMPORT_OK, &dg, NULL) == 1500);
	diag_release(&dg);
	assert_true(query_i64(st, "SELECT count(*) FROM sample") == 4500);
	assert_string_equal(query_text(st, "SELECT message FROM source WHERE sha256='b1'",
				       buf, sizeof(buf)),
			    "1500 samples were already present from another source");
}

static void test_stream_sha(void **state)
{
	struct store *st = *state;
	struct diag dg;

	assert_int_equal(store_source_begin(st, "x", "x1", 1, &fake), 0);
	diag_init(&dg, "x", 0);
	assert_true(store_source_end(st, IMPORT_OK, &dg, NULL) == 0);
	/* a stream turns out to be the same bytes: abandoned, nothing left */
	assert_int_equal(store_source_begin(st, "y", NULL, 1, &fake), 0);
	write_grid(store_sink(st), 0);
	assert_true(store_source_set_sha(st, "x1") > 0);
	store_source_abort(st);
	assert_true(query_i64(st, "SELECT count(*) FROM source") == 1);
	assert_true(query_i64(st, "SELECT count(*) FROM sample") == 0);
	/* a new stream gets its real hash */
	assert_int_equal(store_source_begin(st, "z", NULL, 1, &fake), 0);
	assert_true(store_source_set_sha(st, "z1") == 0);
	assert_true(store_source_end(st, IMPORT_OK, &dg, NULL) == 0);
	diag_release(&dg);
	assert_true(store_find_source(st, "z1") > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream_sha, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
