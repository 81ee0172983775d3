/*
 * test_buddyinfo.c - the buddyinfo importer on real captures
 * (fixtures/buddyinfo, see ../meminfo/gen.sh): free blocks per order at
 * exact times, the derived free memory cross-checked against zoneinfo's
 * own `pages free` read in the same second, the three shapes, year-less
 * syslog stamps, and broken files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "snaptest.h"
#include "util_snap.h"

extern const struct importer buddyinfo_importer;
extern const struct importer zoneinfo_importer;

#define FX "fixtures/buddyinfo/"
#define P 4096.0
/* the files' mtime stands in for the year of `Nov 22 13:48:01` */
#define MTIME TS(2026, 11, 22, 14, 0, 0, 0)

static double val(const struct recorder *r, const char *metric,
		  const char *inst, int64_t ts)
{
	double v = -1;

	if (!recorder_value(r, metric, inst, ts, &v))
		fail_msg("no %s %s at %lld", metric, inst, (long long)ts);
	return v;
}

/* line 93: Normal 7147 4521 3184 2061 1158 578 275 147 68 43 260 */
static const double normal_1348_31[11] = { 7147, 4521, 3184, 2061, 1158, 578,
					   275, 147, 68, 43, 260 };

static void check_normal(const struct recorder *r, int64_t t)
{
	double total = 0, ge4 = 0;
	char inst[64];

	for (int i = 0; i < 11; i++) {
		snprintf(inst, sizeof(inst), "node0/Normal/order%d", i);
		assert_true(val(r, "buddyinfo.free_blocks", inst, t) == normal_1348_31[i]);
		total += normal_1348_31[i] * (1 << i) * P;
		if (i >= 4)
			ge4 += normal_1348_31[i] * (1 << i) * P;
	}
	assert_true(val(r, "buddyinfo.free_bytes", "node0/Normal", t) == total);
	assert_true(val(r, "buddyinfo.free_bytes", "node0/Normal", t) == 424517 * P);
	assert_true(val(r, "buddyinfo.free_bytes_order_ge4", "node0/Normal", t) == ge4);
	assert_true(val(r, "buddyinfo.unusable_pct_order4", "node0/Normal", t) ==
		    100.0 * (total - ge4) / total);
}

/* (b) `ts`'s default stamp: `Nov 22 13:48:31`, year from the mtime. */
static void ts_log(void **state)
{
	for (int stream = 0; stream < 2; stream++) {
		struct recorder r;
		struct diag dg;

		recorder_init(&r);
		assert_int_equal(snap_run_file(&buddyinfo_importer, FX "buddyinfo-ts.log",
					       NULL, stream, MTIME, NULL, &r, &dg,
					       NULL, 0),
				 IMPORT_OK);
		assert_int_equal(dg.nmsgs, 0);
		/* 120 snapshots x 3 zones x (11 orders + 3 derived) */
		assert_int_equal(r.nsamples, 120 * 3 * 14);
		check_normal(&r, TS(2026, 11, 22, 13, 48, 31, 0));
		/* DMA: order 10 has 3 blocks of 4 MB */
		assert_true(val(&r, "buddyinfo.free_blocks", "node0/DMA/order10",
				TS(2026, 11, 22, 13, 48, 31, 0)) == 3);
		diag_release(&dg);
		recorder_release(&r);
	}
	(void)state;
}

/* buddyinfo's free pages are zoneinfo's `pages free` of the same second
 * (13:48:31: zoneinfo line 1216 says 424535; the reads are a few ms
 * apart, so within 0.1 %). */
static void matches_zoneinfo(void **state)
{
	struct recorder b, z;
	struct diag db, dz;
	int64_t t = TS(2026, 11, 22, 13, 48, 31, 0);
	double fb, fz;

	recorder_init(&b);
	recorder_init(&z);
	assert_int_equal(snap_run_file(&buddyinfo_importer, FX "buddyinfo-ts.log", NULL,
				       0, MTIME, NULL, &b, &db, NULL, 0),
			 IMPORT_OK);
	assert_int_equal(test_import(&zoneinfo_importer,
				     "fixtures/zoneinfo/zoneinfo-ts.log", &z, &dz),
			 IMPORT_OK);
	fb = val(&b, "buddyinfo.free_bytes", "node0/Normal", t);
	fz = val(&z, "zoneinfo.free_bytes", "node0/Normal", t);
	assert_true(fz == 424535 * P);
	assert_true(fb < fz * 1.001 && fb > fz * 0.999);
	diag_release(&db);
	diag_release(&dz);
	recorder_release(&b);
	recorder_release(&z);
}

/* (c) `date -R` separators and (a) copies named _YYYYMMDD_HHMMSS. */
static void shapes_agree(void **state)
{
	struct recorder a, b, c;
	struct diag da, db, dc;
	char origin[128];

	recorder_init(&a);
	recorder_init(&b);
	recorder_init(&c);
	assert_int_equal(snap_run_file(&buddyinfo_importer, FX "buddyinfo-blocks.log",
				       NULL, 1, TS_UNKNOWN, NULL, &a, &da, origin,
				       sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "timestamp line before every block");
	assert_int_equal(da.nmsgs, 0);
	check_normal(&a, TS(2026, 11, 22, 13, 48, 31, 0));
	assert_int_equal(snap_run_file(&buddyinfo_importer, FX "buddyinfo-ts.log", NULL,
				       0, MTIME, NULL, &b, &db, NULL, 0),
			 IMPORT_OK);
	assert_int_equal(rec_same_by_second(&a, &b), 120 * 3 * 14);
	assert_int_equal(snap_run_file(&buddyinfo_importer,
				       FX "snap/buddyinfo_20261122_134831", NULL, 0,
				       TS_UNKNOWN, NULL, &c, &dc, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "file name 'buddyinfo_20261122_134831'");
	check_normal(&c, TS(2026, 11, 22, 13, 48, 31, 0));
	assert_int_equal(rec_same_by_second(&c, &a), 3 * 14);
	diag_release(&da);
	diag_release(&db);
	diag_release(&dc);
	recorder_release(&a);
	recorder_release(&b);
	recorder_release(&c);
}

/* Without an mtime or capture time a syslog stamp has no year. */
static void no_year(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&buddyinfo_importer, FX "bad/badts-ts.log", &r, &dg),
			 IMPORT_FAIL);
	assert_true(diag_at(&dg, 1, "no year for timestamp 'Nov 22 13:48:01'"));
	assert_true(diag_at(&dg, 0, "no buddyinfo snapshot found"));
	assert_int_equal(r.nsamples, 0);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_timestamps(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(snap_run_file(&buddyinfo_importer, FX "bad/badts-ts.log", NULL,
				       0, MTIME, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 2, "cannot parse timestamp 'Nov 31 13:48:01'"));
	assert_true(diag_at(&dg, 6, "cannot parse timestamp 'Nov 22 13:48:xx'"));
	assert_int_equal(dg.nmsgs, 2);
	assert_int_equal(r.nsamples, (9 - 2) * 14);
	diag_release(&dg);
	recorder_release(&r);
}

/* 20 orders (MAX_ORDERS) import; 21 and 22 are skipped with a warning (the
 * fuzzer found 21 written one past the counts' array). */
static void many_orders(void **state)
{
	char text[512];
	struct recorder r;
	struct diag dg;

	(void)state;
	for (int orders = 20; orders <= 22; orders++) {
		size_t len = (size_t)snprintf(text, sizeof(text), "Node 0, zone   Normal");

		for (int i = 0; i < orders; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, " %d", i);
		snprintf(text + len, sizeof(text) - len, "\n");
		recorder_init(&r);
		assert_int_equal(snap_run_mem(&buddyinfo_importer, "buddyinfo", text,
					      1795354163000000, TS_UNKNOWN, NULL, &r, &dg,
					      NULL, 0), IMPORT_OK);
		if (orders == 20) {
			assert_int_equal(dg.nmsgs, 0);
			assert_int_equal(recorder_count(&r, "buddyinfo.free_blocks",
							"node0/Normal/order19"), 1);
		} else {
			assert_true(diag_at(&dg, 1, "more than 20 orders: line skipped"));
			assert_int_equal(r.nsamples, 0);
		}
		diag_release(&dg);
		recorder_release(&r);
	}
}

static void bad_cut_and_values(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&buddyinfo_importer,
				     FX "bad/buddyinfo_20261122_134801-cut", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 3, "'Node 0, zone   Normal' has 3 orders, the first line 11: skipped"));
	assert_int_equal(dg.nmsgs, 1);
	assert_int_equal(r.nsamples, 2 * 14);
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(test_import(&buddyinfo_importer,
				     FX "bad/buddyinfo_20261122_134801-values", &r, &dg),
			 IMPORT_OK);
	assert_int_equal(r.nsamples, 0);
	assert_true(diag_at(&dg, 1, "order 0 count is negative: '-1'"));
	assert_true(diag_at(&dg, 2, "order 10 count is out of range: '99999999999999999999'"));
	assert_true(diag_at(&dg, 3, "order 0 count is not a number: '8x1'"));
	diag_release(&dg);
	recorder_release(&r);
}

static void sniff(void **state)
{
	assert_true(test_sniff_file(&buddyinfo_importer, FX "buddyinfo-ts.log") >= SNIFF_SURE);
	assert_true(test_sniff_file(&buddyinfo_importer, FX "snap/buddyinfo_20261122_134801") >= SNIFF_SURE);
	/* broken numbers are still buddyinfo's */
	assert_true(test_sniff_file(&buddyinfo_importer, FX "bad/buddyinfo_20261122_134801-values") >= SNIFF_SURE);
	assert_true(test_sniff_file(&buddyinfo_importer, "fixtures/zoneinfo/zoneinfo-ts.log") < SNIFF_WEAK);
	(void)state;
}

/* The second of three `date -R`-separated snapshots lacks its Normal line
 * (cut at a line boundary): warned, the rest kept. */
static void bad_cut_blocks(void **state)
{
	(void)state;
	snap_check_cut(&buddyinfo_importer, FX "bad/cut-blocks.log", 6,
		       "snapshot at '2026-11-22 13:48:02' is incomplete: 2 lines, the one before 3",
		       "buddyinfo.free_blocks", "node0/DMA32/order0", "node0/Normal/order0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ts_log),
		cmocka_unit_test(matches_zoneinfo),
		cmocka_unit_test(shapes_agree),
		cmocka_unit_test(no_year),
		cmocka_unit_test(bad_timestamps),
		cmocka_unit_test(bad_cut_and_values),
		cmocka_unit_test(bad_cut_blocks),
		cmocka_unit_test(many_orders),
		cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
