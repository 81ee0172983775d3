/*
 * test_analyze.c - detectors and rules on series with known shapes: a
 * flat series gives no event, a spike is found at its time with its
 * baseline and peak, a persistent rise is a step, a saturated disk is a
 * saturation, a leak-shaped line is growth, a counter that goes back is a
 * reset; and the page-cache rule links a cache drop to the major-fault
 * step that follows it, with the lag, while a quiet bundle gets no
 * finding.
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

#include "engine.h"
#include "store.h"
#include "util.h"

#define T0 1795336400000000LL   /* 2026-11-22 08:33:20 UTC */
#define SEC 1000000LL

static char dbpath[64];

static int setup(void **state)
{
	snprintf(dbpath, sizeof(dbpath), "/tmp/pmortem-analyze-%d.db", (int)getpid());
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

static const struct importer fake = { .name = "fake", .version = 1 };

typedef double (*shape_fn)(int i);

static double flat(int i) { return 50 + (i % 3) * 0.5; }
static double spike(int i) { return i >= 100 && i < 105 ? 900 : 10 + (i % 5) * 0.2; }
static double step(int i) { return i < 120 ? 0.3 + (i % 2) * 0.1 : 634 + (i % 3); }
static double cache(int i) { return i < 100 ? 13.4e9 + (i % 4) * 1e6 : 0.19e9 + (i % 4) * 1e6; }
/* pinned from 50 to 59 but for one sample at 55 (forgiven), and from 150
 * to 152 and 155 to 157 around two samples below (two runs) */
static double util(int i)
{
	if (i == 55)
		return 76;
	if ((i >= 50 && i < 60) || (i >= 150 && i < 153) || (i >= 155 && i < 158))
		return 99.5;
	return 20 + (i % 7);
}
static double leak(int i) { return 1e9 + i * 8e6 + (i % 3) * 1e5; }
/* a slab creeping up 4 MB a sample for 30 samples, then freed: the
 * rolling median follows it, so only a ramp sees it */
static double creep(int i)
{
	return i >= 100 && i < 130 ? 40e6 + (i - 99) * 4e6 : 40e6 + (i % 3) * 1e4;
}
static double scan(int i) { return i >= 80 && i < 90 ? 5000 + i : 0; }
static double counter(int i) { return i < 150 ? 1000.0 * i : 1000.0 * (i - 150); }

static void add_series(struct store *st, const char *metric, const char *inst,
		       const char *unit, shape_fn f, int n)
{
	struct sink *sk = store_sink(st);
	int64_t id = sk->series(sk, metric, inst, unit, NULL);

	for (int i = 0; i < n; i++)
		assert_int_equal(sk->sample(sk, id, T0 + i * SEC, f(i), i + 1), 0);
}

static void load(struct store *st, int quiet)
{
	struct host_rec h = { .name = "db1" };
	struct diag dg;

	assert_int_equal(store_source_begin(st, "series", "s1", 1, &fake), 0);
	store_sink(st)->host(store_sink(st), &h);
	add_series(st, "cpu.user_pct", "all", "pct", flat, 200);
	if (!quiet) {
		add_series(st, "net_dev.rxpck_per_s", "eth0", "per_s", spike, 200);
		add_series(st, "paging.majflt_per_s", "", "per_s", step, 200);
		add_series(st, "meminfo.Cached", "", "bytes", cache, 200);
		add_series(st, "disk.util_pct", "sda", "pct", util, 200);
		add_series(st, "meminfo.AnonPages", "", "bytes", leak, 200);
		add_series(st, "vmstat.pgfault", "", "count", counter, 200);
		add_series(st, "paging.pgscank_per_s", "", "per_s", scan, 200);
		add_series(st, "meminfo.SUnreclaim", "", "bytes", creep, 200);
	}
	diag_init(&dg, "series", 0);
	assert_true(store_source_end(st, IMPORT_OK, &dg, NULL) >= 0);
	diag_release(&dg);
}

static int64_t q64(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -999;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static double qd(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	double v = -999;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_double(s, 0);
	sqlite3_finalize(s);
	return v;
}

static const char *qs(struct store *st, const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *s;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(store_db(st)));
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

static void run_analysis(struct store *st)
{
	struct analyze_opts ao = { NULL, NULL, INT64_MIN, INT64_MAX };
	struct analyze_stats as;

	assert_int_equal(analyze_run(store_db(st), &ao, &as), 0);
	assert_true(as.series >= 1);
}

static void test_detectors(void **state)
{
	struct store *st = *state;

	load(st, 0);
	run_analysis(st);
	assert_true(q64(st, "SELECT count(*) FROM event WHERE metric='cpu.user_pct'") == 0);
	/* the spike: 5 samples at t=100..104 */
	assert_true(q64(st, "SELECT count(*) FROM event WHERE metric='net_dev.rxpck_per_s'") == 1);
	assert_true(q64(st, "SELECT start_us FROM event WHERE metric='net_dev.rxpck_per_s' "
			"AND kind='spike'") == T0 + 100 * SEC);
	assert_true(q64(st, "SELECT end_us FROM event WHERE metric='net_dev.rxpck_per_s'") ==
		    T0 + 104 * SEC);
	assert_true(qd(st, "SELECT peak FROM event WHERE metric='net_dev.rxpck_per_s'") == 900);
	assert_true(q64(st, "SELECT samples FROM event WHERE metric='net_dev.rxpck_per_s'") == 5);
	/* the step: starts at 120, never comes back */
	assert_true(q64(st, "SELECT start_us FROM event WHERE metric='paging.majflt_per_s' "
			"AND kind='step'") == T0 + 120 * SEC);
	assert_true(q64(st, "SELECT count(*) FROM event WHERE metric='paging.majflt_per_s' "
			"AND kind='spike'") == 0);
	/* the drop */
	assert_true(q64(st, "SELECT start_us FROM event WHERE metric='meminfo.Cached' "
			"AND kind='drop'") == T0 + 100 * SEC);
	/* saturation: 9 samples >= 95 from 50 to 59 (the dip at 55 forgiven),
	 * then two runs of 3 split by two samples below */
	assert_true(q64(st, "SELECT count(*) FROM event WHERE metric='disk.util_pct' "
			"AND kind='saturation'") == 3);
	assert_true(q64(st, "SELECT samples FROM event WHERE metric='disk.util_pct' "
			"AND kind='saturation' ORDER BY start_us LIMIT 1") == 9);
	assert_true(q64(st, "SELECT start_us FROM event WHERE metric='disk.util_pct' "
			"AND kind='saturation' ORDER BY start_us LIMIT 1") == T0 + 50 * SEC);
	assert_true(q64(st, "SELECT end_us FROM event WHERE metric='disk.util_pct' "
			"AND kind='saturation' ORDER BY start_us LIMIT 1") == T0 + 59 * SEC);
	assert_true(q64(st, "SELECT sum(start_us) FROM event WHERE metric='disk.util_pct' "
			"AND kind='saturation' AND start_us > 1795336500000000") ==
		    2 * T0 + (150 + 155) * SEC);
	assert_true(q64(st, "SELECT sum(end_us) FROM event WHERE metric='disk.util_pct' "
			"AND kind='saturation' AND start_us > 1795336500000000") ==
		    2 * T0 + (152 + 157) * SEC);
	/* growth: slope 8e6 per second = 2.88e10 per hour */
	assert_true(q64(st, "SELECT count(*) FROM event WHERE metric='meminfo.AnonPages' "
			"AND kind='growth'") == 1);
	double slope = (qd(st, "SELECT peak - baseline FROM event WHERE "
			   "metric='meminfo.AnonPages' AND kind='growth'")) / 199.0;
	assert_true(slope > 7.9e6 && slope < 8.1e6);
	/* ramp: the creep, from its first rise to its high; none where a
	 * whole-series growth says it already, none in noise or in one jump */
	assert_true(q64(st, "SELECT count(*) FROM event WHERE kind='ramp'") == 1);
	assert_true(q64(st, "SELECT start_us FROM event WHERE kind='ramp' "
			"AND metric='meminfo.SUnreclaim'") == T0 + 100 * SEC);
	assert_true(q64(st, "SELECT end_us FROM event WHERE kind='ramp'") == T0 + 129 * SEC);
	assert_true(qd(st, "SELECT baseline FROM event WHERE kind='ramp'") == 40e6);
	assert_true(qd(st, "SELECT peak FROM event WHERE kind='ramp'") == 160e6);
	assert_true(q64(st, "SELECT samples FROM event WHERE kind='ramp'") == 30);
	assert_true(q64(st, "SELECT count(*) FROM event WHERE metric='meminfo.SUnreclaim' "
			"AND kind IN ('spike', 'step')") == 0);
	/* reset */
	assert_true(q64(st, "SELECT end_us FROM event WHERE metric='vmstat.pgfault' "
			"AND kind='reset'") == T0 + 150 * SEC);
}

static void test_pagecache_rule(void **state)
{
	struct store *st = *state;

	load(st, 0);
	run_analysis(st);
	assert_true(q64(st, "SELECT count(*) FROM finding WHERE rule='pagecache_majflt'") == 1);
	assert_true(q64(st, "SELECT count(*) FROM causal_link l JOIN finding f USING (finding_id) WHERE f.rule='pagecache_majflt'") == 1);
	/* drop at t=100, faults at t=120: lag 20 s */
	assert_true(qd(st, "SELECT lag_s FROM v_causal_link WHERE effect_metric='paging.majflt_per_s'") == 20.0);
	assert_true(q64(st, "SELECT start_us FROM finding WHERE rule='pagecache_majflt'") ==
		    T0 + 100 * SEC);
	assert_true(q64(st, "SELECT count(*) FROM v_causal_link WHERE "
			"cause_metric='meminfo.Cached' AND effect_metric='paging.majflt_per_s'") == 1);
	assert_true(q64(st, "SELECT count(*) FROM finding WHERE summary LIKE "
			"'meminfo.Cached fell from 12.5 GiB to 181 MiB (-99%)%'") == 1);
	assert_true(q64(st, "SELECT count(*) FROM finding_evidence JOIN finding "
			"USING (finding_id) WHERE rule='pagecache_majflt'") == 3);
	/* kswapd's scanning 40 s before the faults is a supporting effect */
	assert_true(q64(st, "SELECT count(*) FROM finding_evidence JOIN finding "
			"USING (finding_id) WHERE rule='pagecache_majflt' AND role='effect'") == 2);
	/* the evidence SQL runs and returns the samples around it */
	sqlite3_stmt *s;
	sqlite3_stmt *e;
	assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT evidence_sql FROM finding "
					    "WHERE rule='pagecache_majflt'",
					    -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), (const char *)sqlite3_column_text(s, 0),
					    -1, &e, NULL), SQLITE_OK);
	int rows = 0;
	while (sqlite3_step(e) == SQLITE_ROW)
		rows++;
	assert_int_equal(rows, 400);
	sqlite3_finalize(e);
	sqlite3_finalize(s);
	/* analyze again: replaced, not doubled */
	run_analysis(st);
	assert_true(q64(st, "SELECT count(*) FROM finding WHERE rule='pagecache_majflt'") == 1);
}

static void test_disk_and_leak_rules(void **state)
{
	struct store *st = *state;

	load(st, 0);
	run_analysis(st);
	/* sda saturated at t=50..59; kswapd scanned from t=80: 30 s later */
	assert_true(q64(st, "SELECT count(*) FROM finding WHERE rule='disk_saturation_reclaim'") == 1);
	assert_true(qd(st, "SELECT lag_s FROM v_causal_link WHERE cause_metric='disk.util_pct'") == 30.0);
	assert_string_equal(qs(st, "SELECT summary FROM finding WHERE "
			       "rule='disk_saturation_reclaim'"),
			    "sda was saturated for 9 s (peak 99.5% busy); 30 s after it "
			    "saturated, paging.pgscank_per_s rose from 0/s to 5.09k/s");
	/* the leak-shaped AnonPages */
	assert_true(q64(st, "SELECT count(*) FROM finding WHERE rule='anon_growth'") == 1);
	assert_true(q64(st, "SELECT start_us FROM finding WHERE rule='anon_growth'") == T0);
	/* the chain drop -> faults and saturation -> drop share the drop */
	assert_true(q64(st, "SELECT count(*) FROM causal_link") == 2);
}

static void test_quiet(void **state)
{
	struct store *st = *state;

	load(st, 1);
	run_analysis(st);
	assert_true(q64(st, "SELECT count(*) FROM event") == 0);
	assert_true(q64(st, "SELECT count(*) FROM finding") == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_detectors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pagecache_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disk_and_leak_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quiet, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
