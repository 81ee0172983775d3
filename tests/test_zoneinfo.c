/*
 * test_zoneinfo.c - the zoneinfo importer on real captures
 * (fixtures/zoneinfo, see ../meminfo/gen.sh), on the `grep -A4 zone`
 * fragment of a public post-mortem, and on broken files.  Expected values
 * are the raw page counts (grep) times 4096.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "snaptest.h"
#include "util_snap.h"

extern const struct importer zoneinfo_importer;

#define FX "fixtures/zoneinfo/"
#define P 4096.0

static double val(const struct recorder *r, const char *metric,
		  const char *inst, int64_t ts)
{
	double v = -1;

	if (!recorder_value(r, metric, inst, ts, &v))
		fail_msg("no %s %s at %lld", metric, inst, (long long)ts);
	return v;
}

/* (b) ISO 8601 prefixes with a zone (`date -Iseconds`). */
static void ts_log(void **state)
{
	for (int stream = 0; stream < 2; stream++) {
		struct recorder r;
		struct diag dg;
		int64_t t = TS(2026, 11, 22, 13, 48, 31, 0);

		recorder_init(&r);
		assert_int_equal(snap_run_file(&zoneinfo_importer, FX "zoneinfo-ts.log",
					       NULL, stream, TS_UNKNOWN, NULL, &r, &dg,
					       NULL, 0),
				 IMPORT_OK);
		assert_int_equal(dg.nmsgs, 0);
		/* awk over a snapshot, pagesets and headers left out: 163 values */
		assert_int_equal(r.nsamples, 30 * 163);
		/* lines 1215..1227: the Normal zone right after the cache drop */
		assert_true(val(&r, "zoneinfo.free_bytes", "node0/Normal", t) == 424535 * P);
		assert_true(val(&r, "zoneinfo.min_bytes", "node0/Normal", t) == 6548 * P);
		assert_true(val(&r, "zoneinfo.low_bytes", "node0/Normal", t) == 8185 * P);
		assert_true(val(&r, "zoneinfo.high_bytes", "node0/Normal", t) == 9822 * P);
		assert_true(val(&r, "zoneinfo.managed_bytes", "node0/Normal", t) == 491520 * P);
		assert_true(val(&r, "zoneinfo.present_bytes", "node0/Normal", t) == 5505024 * P);
		assert_true(val(&r, "zoneinfo.nr_free_pages", "node0/Normal", t) == 424535);
		assert_string_equal(rec_unit(&r, "zoneinfo.nr_free_pages", "node0/Normal"), "count");
		assert_string_equal(rec_unit(&r, "zoneinfo.free_bytes", "node0/Normal"), "bytes");
		/* line 1134: protection: (0, 3018, 4938, 4938, 4938) */
		assert_true(val(&r, "zoneinfo.protection_bytes", "node0/DMA", t) == 4938 * P);
		assert_true(val(&r, "zoneinfo.protection_bytes", "node0/DMA32", t) == 1920 * P);
		/* line 1092, the per-node block: page cache right after the drop */
		assert_true(val(&r, "zoneinfo.nr_file_pages", "node0", t) == 4688);
		assert_true(val(&r, "zoneinfo.nr_free_pages", "node0/DMA32", t) == 772808);
		assert_true(val(&r, "zoneinfo.start_pfn", "node0/Normal", t) == 1048576);
		/* pagesets are not series */
		assert_null(rec_unit(&r, "zoneinfo.count", "node0/Normal"));
		assert_null(rec_unit(&r, "zoneinfo.batch", "node0/Normal"));
		assert_null(rec_unit(&r, "zoneinfo.high", "node0/Normal"));
		diag_release(&dg);
		recorder_release(&r);
	}
	(void)state;
}

/* (c) epoch separator lines and (a) copies named by epoch: the same reads. */
static void shapes_agree(void **state)
{
	struct recorder a, b, c;
	struct diag da, db, dc;
	char origin[128];

	recorder_init(&a);
	recorder_init(&b);
	recorder_init(&c);
	assert_int_equal(test_import(&zoneinfo_importer, FX "zoneinfo-ts.log", &a, &da),
			 IMPORT_OK);
	assert_int_equal(snap_run_file(&zoneinfo_importer, FX "zoneinfo-blocks.log",
				       NULL, 1, TS_UNKNOWN, NULL, &b, &db, origin,
				       sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "timestamp line before every block");
	assert_int_equal(db.nmsgs, 0);
	assert_int_equal(b.nsamples, 30 * 163);
	assert_int_equal(snap_run_file(&zoneinfo_importer, FX "snap/zoneinfo.1795355311",
				       NULL, 0, TS_UNKNOWN, NULL, &c, &dc, origin,
				       sizeof(origin)),
			 IMPORT_OK);
	assert_string_equal(origin, "file name 'zoneinfo.1795355311'");
	/* 1795355311 = 13:48:31, in the ts log's half minute */
	assert_int_equal(rec_same_by_second(&c, &a), 163);
	/* the blocks (13:48:46..) overlap the ts log (..13:48:55) for 10 s */
	diag_release(&dc);
	recorder_release(&c);
	recorder_init(&c);
	assert_int_equal(snap_run_file(&zoneinfo_importer, FX "snap/zoneinfo.1795355331",
				       NULL, 0, TS_UNKNOWN, NULL, &c, &dc, NULL, 0),
			 IMPORT_OK);
	assert_int_equal(rec_same_by_second(&c, &b), 163);
	assert_int_equal(rec_same_by_second(&c, &a), 163);     /* 13:48:51: in both */
	diag_release(&da);
	diag_release(&db);
	diag_release(&dc);
	recorder_release(&a);
	recorder_release(&b);
	recorder_release(&c);
}

/* `grep -A 4 zone /proc/zoneinfo` from a 2016 incident: old layout, no
 * indentation, `--` separators, two nodes; its time is the file mtime. */
static void grep_fragment(void **state)
{
	struct recorder r;
	struct diag dg;
	char origin[128];
	int64_t t = TS(2016, 9, 10, 11, 0, 0, 0);

	recorder_init(&r);
	assert_int_equal(snap_run_file(&zoneinfo_importer,
				       FX "pagecache-zoneinfo-grep-A4.txt", NULL, 0, t,
				       NULL, &r, &dg, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_int_equal(dg.nmsgs, 0);
	assert_string_equal(origin, "file mtime");
	assert_int_equal(r.nsamples, 16);
	assert_true(val(&r, "zoneinfo.free_bytes", "node0/Normal", t) == 2436172 * P);
	assert_true(val(&r, "zoneinfo.min_bytes", "node1/Normal", t) == 11291 * P);
	assert_true(val(&r, "zoneinfo.high_bytes", "node0/DMA", t) == 7 * P);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_cut(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&zoneinfo_importer, FX "bad/zoneinfo.1795355281-cut",
				     &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 1, "zoneinfo line outside a zone: 'garbage before the first zone'"));
	assert_true(diag_at(&dg, 154, "cannot parse zoneinfo line 'prese'"));
	assert_int_equal(dg.nmsgs, 2);
	/* Normal got its header values up to spanned */
	assert_true(val(&r, "zoneinfo.spanned_bytes", "node0/Normal",
			TS(2026, 11, 22, 13, 48, 1, 0)) == 5505024 * P);
	assert_int_equal(recorder_count(&r, "zoneinfo.present_bytes", "node0/Normal"), 0);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_values(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&zoneinfo_importer,
				     FX "bad/zoneinfo.1795355281-values", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 56, "'min' is negative: '-5'"));
	assert_true(diag_at(&dg, 57, "'low' has a value that is not a number: '12x'"));
	assert_true(diag_at(&dg, 65, "'nr_free_pages' is out of range: '99999999999999999999999'"));
	assert_int_equal(dg.nmsgs, 3);
	assert_true(val(&r, "zoneinfo.fancy_new_counter", "node0/DMA",
			TS(2026, 11, 22, 13, 48, 1, 0)) == 3);
	assert_int_equal(r.nsamples, 163 - 3 + 1);
	diag_release(&dg);
	recorder_release(&r);
}

static void bad_timestamps(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&zoneinfo_importer, FX "bad/badts-ts.log", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 3, "cannot parse timestamp '2026-11-22T13:48:26+25:00'"));
	assert_true(diag_at(&dg, 220, "cannot parse timestamp '2026-11-22T13:61:27+00:00'"));
	assert_int_equal(dg.nmsgs, 2);
	assert_int_equal(r.nsamples, 2 * 163 - 2);
	diag_release(&dg);
	recorder_release(&r);
}

#define SOS "fixtures/sosreport/sosreport-vm-pmortem-2026-11-22-lbfhncc/"

static void sniff(void **state)
{
	assert_true(test_sniff_file(&zoneinfo_importer, FX "zoneinfo-ts.log") >= SNIFF_SURE);
	assert_true(test_sniff_file(&zoneinfo_importer, FX "pagecache-zoneinfo-grep-A4.txt") >= SNIFF_WEAK);
	assert_true(test_sniff_file(&zoneinfo_importer, "fixtures/buddyinfo/buddyinfo-ts.log") <
		    SNIFF_WEAK + 10);
	assert_true(test_sniff_file(&zoneinfo_importer, "fixtures/vmstat/vmstat-ts.log") < SNIFF_WEAK);
	/* a sosreport's proc/: zoneinfo yes, pagetypeinfo (zone headers with
	 * ", type", no zone blocks) no */
	assert_true(test_sniff_file(&zoneinfo_importer, SOS "proc/zoneinfo") >= SNIFF_SURE);
	assert_true(test_sniff_file(&zoneinfo_importer, SOS "proc/pagetypeinfo") == 0);
	(void)state;
}

/* The second of three epoch-separated snapshots cut after 120 of its 214
 * lines, inside DMA32 (at a line boundary): warned, the rest kept. */
static void bad_cut_blocks(void **state)
{
	(void)state;
	snap_check_cut(&zoneinfo_importer, FX "bad/cut-blocks.log", 217,
		       "snapshot at '2026-11-22 13:48:47' is incomplete: 120 lines, the one before 214",
		       "zoneinfo.managed_bytes", "node0/DMA32", "node0/Normal");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ts_log),
		cmocka_unit_test(shapes_agree),
		cmocka_unit_test(grep_fragment),
		cmocka_unit_test(bad_cut),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(bad_cut_blocks),
		cmocka_unit_test(bad_timestamps),
		cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
