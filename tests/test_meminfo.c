/*
 * test_meminfo.c - the meminfo importer on real captures (fixtures/meminfo,
 * made by its gen.sh on this machine) in the three shapes, the real
 * out-of-order log from a public post-mortem, and one broken file per
 * failure mode.  Expected values were read from the raw text with grep
 * (the command is beside each) and are checked in bytes (kB * 1024).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "snaptest.h"
#include "util_snap.h"

extern const struct importer meminfo_importer;

#define FX "fixtures/meminfo/"

static double val(const struct recorder *r, const char *metric, int64_t ts)
{
	double v = -1;

	if (!recorder_value(r, metric, "", ts, &v))
		fail_msg("no %s at %lld", metric, (long long)ts);
	return v;
}

/* (b) every line stamped `ts "%Y-%m-%d %H:%M:%.S"`-style. */
static void ts_log(void **state)
{
	for (int stream = 0; stream < 2; stream++) {
		struct recorder r;
		struct diag dg;
		char origin[128];

		recorder_init(&r);
		assert_int_equal(snap_run_file(&meminfo_importer, FX "meminfo-ts.log",
					       NULL, stream, TS_UNKNOWN, NULL, &r,
					       &dg, origin, sizeof(origin)),
				 IMPORT_OK);
		assert_int_equal(dg.nmsgs, 0);
		assert_string_equal(origin, "timestamp prefix on every line");
		/* grep -c MemTotal meminfo-ts.log: 120 snapshots, 53 fields */
		assert_int_equal(recorder_count(&r, "meminfo.Cached", ""), 120);
		assert_int_equal(r.nseries, 53);
		assert_int_equal(r.nsamples, 120 * 53);
		/* grep '13:48:31.007223 Cached:' -> 18480 kB (after the drop) */
		assert_true(val(&r, "meminfo.Cached", TS(2026, 11, 22, 13, 48, 31, 7223)) ==
			    18480.0 * 1024);
		/* 13:48:30.009231 Cached: 990284 kB; MemFree at :31 24415804 kB */
		double before;
		assert_true(recorder_value(&r, "meminfo.Cached", "",
					   TS(2026, 11, 22, 13, 48, 30, 9231), &before));
		assert_true(before > 900000.0 * 1024);
		assert_true(val(&r, "meminfo.MemFree", TS(2026, 11, 22, 13, 48, 31, 7223)) ==
			    24415804.0 * 1024);
		/* line 11: Active(file): 248448 kB; HugePages_Total: 0 (count) */
		assert_true(val(&r, "meminfo.Active(file)", TS(2026, 11, 22, 13, 48, 1, 6514)) ==
			    248448.0 * 1024);
		assert_string_equal(rec_unit(&r, "meminfo.HugePages_Total", ""), "count");
		assert_string_equal(rec_unit(&r, "meminfo.MemTotal", ""), "bytes");
		assert_true(val(&r, "meminfo.HugePages_Total", TS(2026, 11, 22, 13, 48, 22, 17605)) == 0);
		/* VmallocTotal: 34359738367 kB, exact in a double */
		assert_true(val(&r, "meminfo.VmallocTotal", TS(2026, 11, 22, 13, 48, 1, 6514)) ==
			    34359738367.0 * 1024);
		diag_release(&dg);
		recorder_release(&r);
	}
	(void)state;
}

/* (c) blocks after `date` lines hold the same reads as (b), at whole
 * seconds: every one of the 6360 values must agree. */
static void blocks_match_ts_log(void **state)
{
	struct recorder a, b;
	struct diag da, db;
	char origin[128];

	recorder_init(&a);
	recorder_init(&b);
	assert_int_equal(snap_run_file(&meminfo_importer, FX "meminfo-blocks.log",
				       NULL, 1, TS_UNKNOWN, NULL, &a, &da, origin,
				       sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "timestamp line before every block");
	assert_int_equal(da.nmsgs, 0);
	assert_int_equal(test_import(&meminfo_importer, FX "meminfo-ts.log", &b, &db),
			 IMPORT_OK);
	assert_int_equal(a.nsamples, 120 * 53);
	/* `Sun Nov 22 13:48:31 UTC 2026` then MemFree: 24415804 kB */
	assert_true(val(&a, "meminfo.MemFree", TS(2026, 11, 22, 13, 48, 31, 0)) ==
		    24415804.0 * 1024);
	assert_int_equal(rec_same_by_second(&a, &b), 120 * 53);
	diag_release(&da);
	diag_release(&db);
	recorder_release(&a);
	recorder_release(&b);
}

/* (a) plain copies: the time is in the name; the same reads again. */
static void plain_copies(void **state)
{
	struct recorder r, b;
	struct diag dg, db;
	char origin[128];

	recorder_init(&r);
	assert_int_equal(snap_run_file(&meminfo_importer,
				       FX "snap/meminfo.20261122-134831", NULL, 0,
				       TS(2020, 1, 1, 0, 0, 0, 0), NULL, &r, &dg,
				       origin, sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "file name 'meminfo.20261122-134831'");
	assert_int_equal(r.nsamples, 53);
	/* grep Cached: snap/meminfo.20261122-134831 -> 18480 kB */
	assert_true(val(&r, "meminfo.Cached", TS(2026, 11, 22, 13, 48, 31, 0)) ==
		    18480.0 * 1024);
	recorder_init(&b);
	assert_int_equal(test_import(&meminfo_importer, FX "meminfo-ts.log", &b, &db),
			 IMPORT_OK);
	assert_int_equal(rec_same_by_second(&r, &b), 53);
	diag_release(&dg);
	diag_release(&db);
	recorder_release(&r);
	recorder_release(&b);

	/* a local name time is read in --tz */
	recorder_init(&r);
	assert_int_equal(snap_run_file(&meminfo_importer,
				       FX "snap/meminfo.20261122-134831", NULL, 0,
				       TS_UNKNOWN, "Europe/Berlin", &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_true(val(&r, "meminfo.Cached", TS(2026, 11, 22, 12, 48, 31, 0)) ==
		    18480.0 * 1024);
	diag_release(&dg);
	recorder_release(&r);
}

/* Without a time in the name: mtime, archive member mtime, capture time,
 * none (rejected). */
static void time_fallbacks(void **state)
{
	static const char text[] = "MemTotal:       24683620 kB\nMemFree:        24022660 kB\n";
	struct recorder r;
	struct diag dg;
	char origin[128];
	int64_t t = TS(2026, 11, 22, 13, 0, 0, 0);

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "x/meminfo", text, t,
				      t + 5, NULL, &r, &dg, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "file mtime");
	assert_true(val(&r, "meminfo.MemFree", t) == 24022660.0 * 1024);
	diag_release(&dg);
	recorder_release(&r);

	/* a capture directory's name beats the mtime (a checkout's is junk);
	 * the archive's own name does not count, its member's dirs do */
	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer,
				      "x/t1-20261122T134923Z/proc/meminfo", text, t,
				      TS_UNKNOWN, NULL, &r, &dg, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "directory name 't1-20261122T134923Z'");
	assert_true(val(&r, "meminfo.MemFree", TS(2026, 11, 22, 13, 49, 23, 0)) ==
		    24022660.0 * 1024);
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "b-20261122.tar.gz!snap-20261122-134501/meminfo",
				      text, t, TS_UNKNOWN, NULL, &r, &dg, origin,
				      sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "directory name 'snap-20261122-134501'");
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "b.tar.gz!proc/meminfo", text,
				      t, TS_UNKNOWN, NULL, &r, &dg, origin,
				      sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "archive member mtime");
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "meminfo", text, TS_UNKNOWN,
				      t + 5, NULL, &r, &dg, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "bundle capture time");
	assert_true(val(&r, "meminfo.MemTotal", t + 5) == 24683620.0 * 1024);
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "meminfo", text, TS_UNKNOWN,
				      TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_FAIL);
	assert_true(diag_at(&dg, 1, "no time for this snapshot: not in the file name, no mtime, no capture time"));
	diag_release(&dg);
	recorder_release(&r);
}

/* The real log from a public post-mortem: four snapshots out of time
 * order.  They come out sorted, with Cached 13.4 GB -> 0.19 GB. */
static void out_of_order(void **state)
{
	struct recorder r;
	struct diag dg;
	int64_t ts[8];

	recorder_init(&r);
	assert_int_equal(test_import(&meminfo_importer, FX "pagecache-meminfo-ts.log",
				     &r, &dg),
			 IMPORT_OK);
	assert_int_equal(dg.nmsgs, 0);
	assert_int_equal(rec_times(&r, "meminfo.Cached", "", ts, 8), 4);
	assert_true(ts[0] == TS(2016, 9, 10, 10, 53, 32, 927090));
	assert_true(ts[1] == TS(2016, 9, 10, 10, 53, 35, 17320));
	assert_true(ts[2] == TS(2016, 9, 10, 10, 53, 41, 458400));
	assert_true(ts[3] == TS(2016, 9, 10, 13, 15, 15, 729780));
	/* lines 4, 90, 47, 133 */
	assert_true(val(&r, "meminfo.Cached", ts[0]) == 13413548.0 * 1024);
	assert_true(val(&r, "meminfo.Cached", ts[1]) == 11538272.0 * 1024);
	assert_true(val(&r, "meminfo.Cached", ts[2]) == 192460.0 * 1024);
	assert_true(val(&r, "meminfo.Cached", ts[3]) == 106128.0 * 1024);
	diag_release(&dg);
	recorder_release(&r);
}

/* `ts` stamps each line as it arrives: one snapshot straddling a second,
 * and interleaved snapshots, still group right. */
static void straddle_and_interleave(void **state)
{
	static const char text[] =
		"2026-11-22 13:48:01.999990 MemTotal:       24683620 kB\n"
		"2026-11-22 13:48:01.999998 MemFree:        24022660 kB\n"
		"2026-11-22 13:48:02.000004 Cached:           357744 kB\n"
		"2026-11-22 13:48:02.999990 MemTotal:       24683620 kB\n"
		"2026-11-22 13:48:03.000010 MemFree:        24024200 kB\n"
		"2026-11-22 13:48:03.000020 Cached:           357796 kB\n"
		"2026-11-22 13:48:05 MemTotal:       24683620 kB\n"
		"2026-11-22 13:48:04 MemTotal:       24683620 kB\n"
		"2026-11-22 13:48:05 MemFree:        5 kB\n"
		"2026-11-22 13:48:04 MemFree:        4 kB\n";
	struct recorder r;
	struct diag dg;
	int64_t ts[8];

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "log", text, TS_UNKNOWN,
				      TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_int_equal(rec_times(&r, "meminfo.MemTotal", "", ts, 8), 4);
	assert_true(ts[0] == TS(2026, 11, 22, 13, 48, 1, 999990));
	assert_true(ts[1] == TS(2026, 11, 22, 13, 48, 2, 999990));
	assert_true(ts[2] == TS(2026, 11, 22, 13, 48, 4, 0));
	assert_true(val(&r, "meminfo.Cached", ts[0]) == 357744.0 * 1024);
	assert_true(val(&r, "meminfo.Cached", ts[1]) == 357796.0 * 1024);
	assert_true(val(&r, "meminfo.MemFree", ts[2]) == 4.0 * 1024);
	assert_true(val(&r, "meminfo.MemFree", ts[3]) == 5.0 * 1024);
	/* the last incomplete snapshots are reported */
	assert_int_equal(dg.nmsgs, 2);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_cut(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&meminfo_importer, FX "bad/cut-ts.log", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 58, "'Cached' has no unit 'kB': skipped"));
	assert_true(diag_at(&dg, 54, "snapshot at '2026-11-22 13:48:02.007206' is incomplete: 5 lines, the one before 53"));
	assert_int_equal(dg.nmsgs, 2);
	assert_int_equal(recorder_count(&r, "meminfo.Buffers", ""), 2);
	assert_int_equal(recorder_count(&r, "meminfo.Cached", ""), 1);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_numbers(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&meminfo_importer,
				     FX "bad/meminfo.20261122-134801-nokb", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 2, "'MemFree' has no unit 'kB': skipped"));
	assert_int_equal(dg.nmsgs, 1);
	assert_int_equal(r.nsamples, 52);
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(test_import(&meminfo_importer,
				     FX "bad/meminfo.20261122-134801-numbers", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 1, "'MemTotal' is out of range: '99999999999999999999999'"));
	assert_true(diag_at(&dg, 19, "'Dirty' is negative: '-5'"));
	assert_true(diag_at(&dg, 35, "'Committed_AS' is out of range: '18446744073709551615'"));
	assert_int_equal(dg.nmsgs, 3);
	assert_int_equal(r.nsamples, 50);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_unknown_field(void **state)
{
	struct recorder r;
	struct diag dg;
	int64_t t = TS(2026, 11, 22, 13, 48, 1, 0);

	recorder_init(&r);
	assert_int_equal(test_import(&meminfo_importer,
				     FX "bad/meminfo.20261122-134801-unknown", &r, &dg),
			 IMPORT_OK);
	assert_int_equal(dg.nmsgs, 0);
	assert_true(val(&r, "meminfo.FancyNewField", t) == 123.0 * 1024);
	assert_string_equal(rec_unit(&r, "meminfo.FancyNewField", ""), "bytes");
	assert_true(val(&r, "meminfo.NewCounter", t) == 7);
	assert_string_equal(rec_unit(&r, "meminfo.NewCounter", ""), "count");
	assert_int_equal(r.nsamples, 55);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_timestamps(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&meminfo_importer, FX "bad/badts-ts.log", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 2, "cannot parse timestamp '2026-13-45 13:48:01.006514'"));
	assert_true(diag_at(&dg, 56, "cannot parse timestamp '2026-11-22 25:48:02.007206'"));
	assert_true(diag_at(&dg, 60, "cannot parse meminfo line 'x2026-11-22 13:48:02.007206 Active:           250120 kB'"));
	assert_int_equal(dg.nmsgs, 3);
	/* the rest imported: 52 + 51 fields */
	assert_int_equal(r.nsamples, 52 + 51);
	diag_release(&dg);
	recorder_release(&r);
}

static void sniff(void **state)
{
	struct test_input ti;

	assert_true(test_sniff_file(&meminfo_importer, FX "meminfo-ts.log") >= SNIFF_SURE);
	assert_true(test_sniff_file(&meminfo_importer, FX "snap/meminfo.20261122-134801") >= SNIFF_SURE);
	assert_true(test_sniff_file(&meminfo_importer, "fixtures/vmstat/vmstat-ts.log") < SNIFF_WEAK);
	test_input_mem(&ti, "smaps", "Rss:   4 kB\nPss:   4 kB\n", 24, 0);
	assert_true(meminfo_importer.sniff(&ti.in) < SNIFF_WEAK);
	test_input_release(&ti);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ts_log),
		cmocka_unit_test(blocks_match_ts_log),
		cmocka_unit_test(plain_copies),
		cmocka_unit_test(time_fallbacks),
		cmocka_unit_test(out_of_order),
		cmocka_unit_test(straddle_and_interleave),
		cmocka_unit_test(bad_cut),
		cmocka_unit_test(bad_numbers),
		cmocka_unit_test(bad_unknown_field),
		cmocka_unit_test(bad_timestamps),
		cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
