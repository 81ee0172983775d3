/*
 * test_vmstat.c - the vmstat importer on real 1 Hz captures
 * (fixtures/vmstat, see ../meminfo/gen.sh): counters at exact times,
 * rates worked out by hand from two snapshots, sar-aligned names, the
 * major faults of the capture's faulting process (its own getrusage count
 * in faulter.out) found again in paging.majflt_per_s, counter resets,
 * disorder beyond the window, and broken input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "snaptest.h"
#include "util_snap.h"

extern const struct importer vmstat_importer;

#define FX "fixtures/vmstat/"

static double val(const struct recorder *r, const char *metric, int64_t ts)
{
	double v = -1;

	if (!recorder_value(r, metric, "", ts, &v))
		fail_msg("no %s at %lld", metric, (long long)ts);
	return v;
}

static size_t count_unit(const struct recorder *r, const char *unit)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nsamples; i++)
		n += !strcmp(r->series[r->samples[i].series - 1].unit, unit);
	return n;
}

static void near(double got, double want)
{
	if (!(got == want || (got - want < 1e-9 * (want < 0 ? -want : want) &&
			      want - got < 1e-9 * (want < 0 ? -want : want))))
		fail_msg("%.17g != %.17g", got, want);
}

/* (b) epoch-prefixed log (`ts "%.s"`): values and hand-made rates. */
static void ts_log_rates(void **state)
{
	for (int stream = 0; stream < 2; stream++) {
		struct recorder r;
		struct diag dg;
		char origin[128];
		/* lines 7561..7594 and 7753..7786 of vmstat-ts.log */
		int64_t t0 = 1795355345007201, t1 = 1795355346007383;
		double dt = 1.000182;

		recorder_init(&r);
		assert_int_equal(snap_run_file(&vmstat_importer, FX "vmstat-ts.log", NULL,
					       stream, TS_UNKNOWN, NULL, &r, &dg,
					       origin, sizeof(origin)),
				 IMPORT_OK);
		assert_int_equal(dg.nmsgs, 0);
		assert_string_equal(origin, "timestamp prefix on every line");
		assert_int_equal(recorder_count(&r, "vmstat.pgmajfault", ""), 60);
		assert_int_equal(recorder_count(&r, "vmstat.pgmajfault_per_s", ""), 59);
		assert_true(val(&r, "vmstat.pgmajfault", t0) == 15131);
		assert_true(val(&r, "vmstat.pgmajfault", t1) == 17616);
		near(val(&r, "vmstat.pgmajfault_per_s", t1), (17616 - 15131) / dt);
		near(val(&r, "paging.majflt_per_s", t1), (17616 - 15131) / dt);
		near(val(&r, "paging.fault_per_s", t1), (5071923 - 5057423) / dt);
		near(val(&r, "paging.pgfree_per_s", t1), (5706619 - 5698795) / dt);
		near(val(&r, "paging.pgpgin_bytes_per_s", t1), (2103793 - 2050945) * 1024.0 / dt);
		assert_string_equal(rec_unit(&r, "paging.pgpgin_bytes_per_s", ""), "bytes_per_s");
		assert_true(val(&r, "paging.pgscank_per_s", t1) == 0);
		assert_true(val(&r, "paging.pgscand_per_s", t1) == 0);
		assert_true(val(&r, "paging.pgsteal_per_s", t1) == 0);
		assert_true(val(&r, "paging.vmeff_pct", t1) == 0);
		assert_true(val(&r, "paging.pgprom_per_s", t1) == 0);
		assert_true(val(&r, "paging.pgdem_per_s", t1) == 0);
		assert_true(val(&r, "swap.pswpin_per_s", t1) == 0);
		assert_true(val(&r, "swap.pswpout_per_s", t1) == 0);
		assert_string_equal(rec_unit(&r, "vmstat.pgmajfault", ""), "count");
		assert_string_equal(rec_unit(&r, "vmstat.pgmajfault_per_s", ""), "per_s");
		/* gauges have no rate, cumulative nr_* do */
		assert_int_equal(recorder_count(&r, "vmstat.nr_free_pages_per_s", ""), 0);
		assert_int_equal(recorder_count(&r, "vmstat.nr_free_pages", ""), 60);
		assert_int_equal(recorder_count(&r, "vmstat.nr_dirtied_per_s", ""), 59);
		assert_int_equal(r.nevents, 0);
		diag_release(&dg);
		recorder_release(&r);
	}
	(void)state;
}

/* (c) `=== date ===` blocks hold the same reads as (b) and (a); the faulting
 * process's own major faults (getrusage) show up in paging.majflt_per_s. */
static void blocks_and_copies(void **state)
{
	struct recorder a, b, c;
	struct diag da, db, dc;
	char origin[128];
	int64_t ts[200];
	size_t n;
	double total = 0, majflt_self = 0;
	FILE *f;
	char buf[128], *p;

	recorder_init(&a);
	recorder_init(&b);
	recorder_init(&c);
	assert_int_equal(snap_run_file(&vmstat_importer, FX "vmstat-blocks.log", NULL, 1,
				       TS_UNKNOWN, NULL, &a, &da, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_int_equal(da.nmsgs, 0);
	assert_string_equal(origin, "timestamp line before every block");
	assert_int_equal(test_import(&vmstat_importer, FX "vmstat-ts.log", &b, &db),
			 IMPORT_OK);
	/* the 60 x 192 counters of the ts log are the blocks' at the same second */
	assert_int_equal(rec_same_unit(&b, &a, "count"), 60 * 192);
	assert_int_equal(snap_run_file(&vmstat_importer,
				       FX "snap/vmstat-2026-11-22T13:48:21Z", NULL, 0,
				       TS_UNKNOWN, NULL, &c, &dc, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "file name 'vmstat-2026-11-22T13:48:21Z'");
	assert_int_equal(c.nsamples, 192);
	assert_int_equal(rec_same_by_second(&c, &a), 192);

	/* sum of rate * interval = pgmajfault 78491 - 1384 (first and last
	 * block), at least the faulter's own count */
	n = rec_times(&a, "paging.majflt_per_s", "", ts, 200);
	assert_int_equal(n, 119);
	for (size_t i = 0; i < n; i++)
		total += val(&a, "paging.majflt_per_s", ts[i]) * 1.0;
	near(total, 78491 - 1384);
	/* faulter.out: "pages 76800 majflt 76800 minflt 246 sum 0" */
	f = fopen(FX "faulter.out", "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_non_null(p = strstr(buf, " majflt "));
	majflt_self = strtod(p + 8, NULL);
	assert_true(majflt_self == 76800);
	assert_true(total >= majflt_self);
	diag_release(&da);
	diag_release(&db);
	diag_release(&dc);
	recorder_release(&a);
	recorder_release(&b);
	recorder_release(&c);
}

/* 13:48:04 holds the 13:48:01 read again: counters went down.  No rate for
 * that interval, one counter_reset event, no warning; rates resume. */
static void counter_reset(void **state)
{
	struct recorder r;
	struct diag dg;
	int64_t t3 = TS(2026, 11, 22, 13, 48, 3, 0), t4 = t3 + 1000000,
		t5 = t4 + 1000000;
	double v;

	recorder_init(&r);
	assert_int_equal(test_import(&vmstat_importer, FX "bad/reset-blocks.log", &r, &dg),
			 IMPORT_OK);
	assert_int_equal(dg.nmsgs, 0);
	/* pgfault: lines 97 (:02) 290 (:03) 483 (:04) 676 (:05) */
	assert_true(val(&r, "vmstat.pgfault", t4) == 4056537);
	near(val(&r, "vmstat.pgfault_per_s", t3), 4084082 - 4070246);
	assert_false(recorder_value(&r, "vmstat.pgfault_per_s", "", t4, &v));
	assert_false(recorder_value(&r, "paging.fault_per_s", "", t4, &v));
	near(val(&r, "paging.fault_per_s", t5), 4140678 - 4056537);
	/* an unchanged counter still has its (zero) rate at the reset */
	assert_true(val(&r, "vmstat.pswpin_per_s", t4) == 0);
	assert_int_equal(r.nevents, 1);
	assert_string_equal(r.events[0].kind, "counter_reset");
	assert_true(r.events[0].ts_us == t4);
	assert_int_equal(r.events[0].line, 388);   /* its first line */
	assert_non_null(strstr(r.events[0].message,
			       "counters (numa_hit, ...) went down between 2026-11-22 13:48:03 and 2026-11-22 13:48:04"));
	diag_release(&dg);
	recorder_release(&r);
}

/* A snapshot older than SNAP_WINDOW later ones: kept, without a rate. */
static void beyond_window(void **state)
{
	char *text = malloc(100 * 64);
	size_t len = 0;
	struct recorder r;
	struct diag dg;
	int64_t base = 1795355300;
	double v;

	for (int i = 0; i < 80; i++)
		len += (size_t)snprintf(text + len, 64, "%lld.5 pgfault %d\n",
					(long long)(base + 10 + i), 1000 + 10 * i);
	len += (size_t)snprintf(text + len, 64, "%lld.5 pgfault %d\n",
				(long long)base, 900);
	recorder_init(&r);
	assert_int_equal(snap_run_mem(&vmstat_importer, "vmstat.log", text, TS_UNKNOWN,
				      TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 81, "snapshot at '2026-11-22 13:48:20.500000' comes after the one at '2026-11-22 13:48:46.500000' (out of order beyond 64 snapshots): no rates for it"));
	assert_int_equal(dg.nmsgs, 1);
	assert_int_equal(recorder_count(&r, "vmstat.pgfault", ""), 81);
	assert_int_equal(recorder_count(&r, "vmstat.pgfault_per_s", ""), 79);
	assert_true(val(&r, "vmstat.pgfault", base * 1000000 + 500000) == 900);
	assert_false(recorder_value(&r, "vmstat.pgfault_per_s", "",
				    base * 1000000 + 500000, &v));
	near(val(&r, "vmstat.pgfault_per_s", (base + 89) * 1000000 + 500000), 10);
	diag_release(&dg);
	recorder_release(&r);
	free(text);
}

static void bad_values(void **state)
{
	struct recorder r;
	struct diag dg;
	int64_t t = TS(2026, 11, 22, 13, 48, 1, 0);

	recorder_init(&r);
	assert_int_equal(test_import(&vmstat_importer,
				     FX "bad/vmstat-2026-11-22T13:48:01Z-values", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 1, "'nr_free_pages' has a value that is not a number: '12abc'"));
	assert_true(diag_at(&dg, 97, "'pgfault' is negative: '-12'"));
	assert_true(diag_at(&dg, 98, "'pgmajfault' is out of range: '99999999999999999999999'"));
	assert_true(diag_at(&dg, 193, "cannot parse vmstat line 'direct_map_level2_spl'"));
	assert_int_equal(dg.nmsgs, 4);
	/* the unknown counter is stored; 192 whole lines - 3 bad */
	assert_true(val(&r, "vmstat.new_counter_x", t) == 42);
	assert_int_equal(r.nsamples, 189);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_timestamps(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&vmstat_importer, FX "bad/badts-ts.log", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 3, "cannot parse timestamp '1795355306.00749x5'"));
	assert_true(diag_at(&dg, 5, "epoch time out of range '99999999999.5'"));
	assert_true(diag_at(&dg, 200, "epoch time out of range '0795355306.007495'"));
	assert_int_equal(dg.nmsgs, 3);
	assert_int_equal(recorder_count(&r, "vmstat.nr_free_pages", ""), 2);
	/* 190 + 191 counter values; the skipped lines have no value */
	assert_int_equal(count_unit(&r, "count"), 190 + 191);
	assert_int_equal(recorder_count(&r, "vmstat.nr_zone_inactive_anon", ""), 1);
	diag_release(&dg);
	recorder_release(&r);
}

static void sniff(void **state)
{
	assert_true(test_sniff_file(&vmstat_importer, FX "vmstat-ts.log") >= SNIFF_SURE);
	assert_true(test_sniff_file(&vmstat_importer, FX "vmstat-blocks.log") >= SNIFF_SURE);
	assert_true(test_sniff_file(&vmstat_importer, "fixtures/zoneinfo/zoneinfo-ts.log") < SNIFF_WEAK);
	assert_true(test_sniff_file(&vmstat_importer, "fixtures/meminfo/meminfo-ts.log") < SNIFF_WEAK);
	(void)state;
}

/* The second of three `date`-separated snapshots cut after 100 of its 192
 * lines (at a line boundary, so no line is malformed): warned at its
 * first line, what it has kept, the others whole. */
static void bad_cut_blocks(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	recorder_init(&r);
	assert_int_equal(test_import(&vmstat_importer, FX "bad/cut-blocks.log", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 195, "snapshot at '2026-11-22 13:48:02' is incomplete: 100 lines, the one before 192"));
	assert_int_equal(dg.nmsgs, 1);
	assert_int_equal(recorder_count(&r, "vmstat.nr_free_pages", ""), 3);
	assert_int_equal(recorder_count(&r, "vmstat.pgmajfault", ""), 3);
	assert_int_equal(recorder_count(&r, "vmstat.unevictable_pgs_mlocked", ""), 2);
	diag_release(&dg);
	recorder_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ts_log_rates),
		cmocka_unit_test(blocks_and_copies),
		cmocka_unit_test(counter_reset),
		cmocka_unit_test(beyond_window),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(bad_cut_blocks),
		cmocka_unit_test(bad_timestamps),
		cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
