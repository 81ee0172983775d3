/*
 * test_slabinfo.c - the slabinfo importer on real captures
 * (fixtures/slabinfo, see ../meminfo/gen.sh): /proc/slabinfo 2.1 in the
 * three shapes and `slabtop -o` taken in the same second, whose own
 * CACHE SIZE and header totals (procps computing them independently)
 * the slabinfo series must reproduce; and broken files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "snaptest.h"
#include "util_snap.h"

extern const struct importer slabinfo_importer;

#define FX "fixtures/slabinfo/"
#define PER_SNAP (232 * 10 + 8)

static double val(const struct recorder *r, const char *metric,
		  const char *inst, int64_t ts)
{
	double v = -1;

	if (!recorder_value(r, metric, inst, ts, &v))
		fail_msg("no %s %s at %lld", metric, inst, (long long)ts);
	return v;
}

static void within(double a, double b, double rel)
{
	if (a > b * (1 + rel) || a < b * (1 - rel))
		fail_msg("%.17g not within %g of %.17g", a, rel, b);
}

/* (a) a copy named -YYYYMMDDTHHMMSSZ, against slabtop -o of that second. */
static void plain_vs_slabtop(void **state)
{
	struct recorder a, b;
	struct diag da, db;
	char origin[128];
	int64_t t = TS(2026, 11, 22, 13, 48, 26, 0);

	recorder_init(&a);
	recorder_init(&b);
	assert_int_equal(snap_run_file(&slabinfo_importer,
				       FX "snap/slabinfo-20261122T134826Z", NULL, 0,
				       TS_UNKNOWN, NULL, &a, &da, origin, sizeof(origin)),
			 IMPORT_OK);
	assert_int_equal(da.nmsgs, 0);
	assert_string_equal(origin, "file name 'slabinfo-20261122T134826Z'");
	assert_int_equal(a.nsamples, PER_SNAP);
	/* buffer_head 169747 169845 104 39 1 : ... : slabdata 4355 4355 0 */
	assert_true(val(&a, "slabinfo.active_objs", "buffer_head", t) == 169747);
	assert_true(val(&a, "slabinfo.num_objs", "buffer_head", t) == 169845);
	assert_true(val(&a, "slabinfo.objsize_bytes", "buffer_head", t) == 104);
	assert_true(val(&a, "slabinfo.objperslab", "buffer_head", t) == 39);
	assert_true(val(&a, "slabinfo.pagesperslab", "buffer_head", t) == 1);
	assert_true(val(&a, "slabinfo.active_slabs", "buffer_head", t) == 4355);
	assert_true(val(&a, "slabinfo.num_slabs", "buffer_head", t) == 4355);
	assert_true(val(&a, "slabinfo.bytes", "buffer_head", t) == 169845.0 * 104);
	assert_true(val(&a, "slabinfo.active_bytes", "buffer_head", t) == 169747.0 * 104);
	assert_true(val(&a, "slabinfo.cache_bytes", "buffer_head", t) == 4355.0 * 4096);
	assert_true(val(&a, "slabinfo.total_caches", "", t) == 232);

	assert_int_equal(snap_run_file(&slabinfo_importer, FX "slabtop-o.20261122-134826",
				       NULL, 1, TS_UNKNOWN, NULL, &b, &db, origin,
				       sizeof(origin)),
			 IMPORT_OK);
	assert_int_equal(db.nmsgs, 0);
	assert_string_equal(origin, "file name 'slabtop-o.20261122-134826'");
	/* slabtop line 8: 169845 169791 99% 0.10K 4355 39 17420K buffer_head */
	assert_true(val(&b, "slabinfo.num_objs", "buffer_head", t) == 169845);
	assert_true(val(&b, "slabinfo.active_objs", "buffer_head", t) == 169791);
	assert_true(val(&b, "slabinfo.cache_bytes", "buffer_head", t) == 17420.0 * 1024);
	assert_true(val(&b, "slabinfo.objsize_bytes", "buffer_head", t) == 0.10 * 1024);
	assert_true(val(&b, "slabinfo.pagesperslab", "buffer_head", t) == 1);
	/* CACHE SIZE = slabs * pagesperslab * 4096: the same number both ways */
	assert_true(val(&b, "slabinfo.cache_bytes", "buffer_head", t) ==
		    val(&a, "slabinfo.cache_bytes", "buffer_head", t));
	/* slabtop's header, lines 1-4, vs our sums over slabinfo read a few
	 * ms earlier */
	assert_true(val(&b, "slabinfo.total_objs", "", t) == 626093);
	assert_true(val(&b, "slabinfo.total_active_caches", "", t) == 124);
	assert_true(val(&b, "slabinfo.total_bytes", "", t) == 146598.64 * 1024);
	assert_true(val(&a, "slabinfo.total_active_caches", "", t) == 124);
	assert_true(val(&a, "slabinfo.total_caches", "", t) == 232);
	within(val(&a, "slabinfo.total_objs", "", t), 626093, 0.005);
	within(val(&a, "slabinfo.total_active_objs", "", t), 621224, 0.005);
	within(val(&a, "slabinfo.total_slabs", "", t), 20004, 0.005);
	within(val(&a, "slabinfo.total_bytes", "", t), 146598.64 * 1024, 0.005);
	within(val(&a, "slabinfo.total_active_bytes", "", t), 145740.33 * 1024, 0.005);
	diag_release(&da);
	diag_release(&db);
	recorder_release(&a);
	recorder_release(&b);
	(void)state;
}

/* (b) ISO-with-fraction prefixes and (c) ISO separator lines. */
static void logs(void **state)
{
	struct recorder a, b;
	struct diag da, db;
	int64_t t = TS(2026, 11, 22, 13, 48, 21, 18871);

	recorder_init(&a);
	recorder_init(&b);
	assert_int_equal(snap_run_file(&slabinfo_importer, FX "slabinfo-ts.log", NULL, 1,
				       TS_UNKNOWN, NULL, &a, &da, NULL, 0),
			 IMPORT_OK);
	assert_int_equal(da.nmsgs, 0);
	assert_int_equal(a.nsamples, 12 * PER_SNAP);
	/* buffer_head 170079 170079 104 39 1 ... slabdata 4361 4361 */
	assert_true(val(&a, "slabinfo.num_objs", "buffer_head", t) == 170079);
	assert_true(val(&a, "slabinfo.cache_bytes", "buffer_head", t) == 4361.0 * 4096);
	assert_true(val(&a, "slabinfo.bytes", "dentry", t) == 96222.0 * 192);
	assert_int_equal(test_import(&slabinfo_importer, FX "slabinfo-blocks.log", &b, &db),
			 IMPORT_OK);
	assert_int_equal(db.nmsgs, 0);
	assert_int_equal(b.nsamples, 6 * PER_SNAP);
	/* the blocks are every 20 s, the ts log every 10 s, same reads */
	assert_int_equal(rec_same_by_second(&b, &a), 6 * PER_SNAP);
	diag_release(&da);
	diag_release(&db);
	recorder_release(&a);
	recorder_release(&b);
	(void)state;
}

static void bad_values(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&slabinfo_importer,
				     FX "bad/slabinfo-20261122T134826Z-values", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 1, "slabinfo version '1.1' is not 2.x: read as 2.1"));
	assert_true(diag_at(&dg, 59, "'ext4_inode_cache' objsize is not a number: '11x0'"));
	assert_true(diag_at(&dg, 134, "'buffer_head' num_objs is out of range: '999999999999999999999'"));
	assert_true(diag_at(&dg, 152, "'dentry' active_objs is negative: '-96390'"));
	assert_int_equal(dg.nmsgs, 4);
	assert_int_equal(r.nsamples, PER_SNAP - 3 * 10);
	assert_true(val(&r, "slabinfo.total_caches", "", TS(2026, 11, 22, 13, 48, 26, 0)) == 229);
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(test_import(&slabinfo_importer,
				     FX "bad/slabinfo-20261122T134826Z-cut", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 227, "cannot parse slabinfo line 'kmalloc-64          2430   2560     64   64    1 : tunables '"));
	assert_int_equal(dg.nmsgs, 1);
	/* 227 lines, 2 of them headers, the last cut */
	assert_int_equal(r.nsamples, 224 * 10 + 8);
	diag_release(&dg);
	recorder_release(&r);

	recorder_init(&r);
	assert_int_equal(test_import(&slabinfo_importer,
				     FX "bad/slabtop-o.20261122-134841-bad", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 8, "'dentry' has a size that is not a number of K: '0.1xK'"));
	assert_int_equal(dg.nmsgs, 1);
	diag_release(&dg);
	recorder_release(&r);
}

/* a line of other whitespace (a fuzz finding): a warning, no crash */
static void whitespace_line(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&slabinfo_importer, "slabinfo",
				      "slabinfo - version: 2.1\n\v\f\n", TS(2026, 1, 1, 0, 0, 0, 0),
				      TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 2, "cannot parse slabinfo line '\v\f'"));
	diag_release(&dg);
	recorder_release(&r);
	(void)state;
}

static void bad_timestamps(void **state)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(&slabinfo_importer, FX "bad/badts-ts.log", &r, &dg),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 2, "cannot parse timestamp '2026-11-22T13:48:01.006514Q'"));
	assert_int_equal(dg.nmsgs, 1);
	assert_int_equal(r.nsamples, 2 * PER_SNAP);
	diag_release(&dg);
	recorder_release(&r);
}

static void sniff(void **state)
{
	assert_true(test_sniff_file(&slabinfo_importer, FX "slabinfo-ts.log") >= SNIFF_SURE);
	assert_true(test_sniff_file(&slabinfo_importer, FX "slabtop-o.20261122-134826") >= SNIFF_SURE);
	assert_true(test_sniff_file(&slabinfo_importer, "fixtures/meminfo/meminfo-ts.log") < SNIFF_WEAK);
	(void)state;
}

/* The second of three ISO-separated snapshots cut after 100 of its 234
 * lines (at a line boundary): warned, the rest kept. */
static void bad_cut_blocks(void **state)
{
	(void)state;
	snap_check_cut(&slabinfo_importer, FX "bad/cut-blocks.log", 237,
		       "snapshot at '2026-11-22 13:48:21' is incomplete: 100 lines, the one before 234",
		       "slabinfo.active_objs", "bio-448", "dentry");
}

/* A slabtop row whose cache size is absurd (a corrupt file): imported,
 * with no pages per slab, and no out-of-range conversion on the way (the
 * fuzzer found one; under UBSan this test would stop there). */
static void huge_cache_size(void **state)
{
	static const char text[] =
		"  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME\n"
		" 96411  96411 100%    0.19K   4591       21     18364K dentry\n"
		"   100     50  50%    0.19K      1       21 99999999999999999999999999K bogus\n";
	struct recorder r;
	struct diag dg;

	(void)state;
	recorder_init(&r);
	assert_int_equal(snap_run_mem(&slabinfo_importer, "slabtop-o.20261122-134826",
				      text, TS_UNKNOWN, TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_int_equal(recorder_count(&r, "slabinfo.active_objs", "bogus"), 1);
	assert_int_equal(recorder_count(&r, "slabinfo.pagesperslab", "bogus"), 0);
	assert_int_equal(recorder_count(&r, "slabinfo.pagesperslab", "dentry"), 1);
	diag_release(&dg);
	recorder_release(&r);
}

/* A cache that goes away (its module unloaded) between two snapshots: the
 * shorter snapshot ends as the longer one did, so it is not cut, and
 * nothing is said (the real 6-snapshot log, one middle row of the second
 * snapshot taken out). */
static void cache_gone(void **state)
{
	FILE *f = fopen(FX "slabinfo-blocks.log", "r");
	char line[1024], gone[128] = "";
	char *buf = NULL;
	size_t len = 0, cap = 0;
	struct test_input ti;
	struct recorder r;
	struct diag dg;

	(void)state;
	assert_non_null(f);
	for (int no = 1; fgets(line, sizeof(line), f); no++) {
		size_t n = strlen(line);

		if (no == 300) {        /* a row in the middle of snapshot 2 */
			snprintf(gone, sizeof(gone), "%.*s", (int)strcspn(line, " "), line);
			continue;
		}
		buf = xgrow(buf, &cap, len + n, 1);
		memcpy(buf + len, line, n);
		len += n;
	}
	fclose(f);
	assert_true(gone[0] != '\0' && strcmp(gone, "#") != 0);
	test_input_mem(&ti, "slabinfo.log", buf, len, 0);
	recorder_init(&r);
	diag_init(&dg, "slabinfo.log", 0);
	assert_int_equal(slabinfo_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_int_equal(dg.nmsgs, 0);
	assert_int_equal(recorder_count(&r, "slabinfo.active_objs", gone), 5);
	assert_int_equal(recorder_count(&r, "slabinfo.active_objs", "dentry"), 6);
	diag_release(&dg);
	recorder_release(&r);
	test_input_release(&ti);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_vs_slabtop),
		cmocka_unit_test(logs),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(bad_cut_blocks),
		cmocka_unit_test(cache_gone),
		cmocka_unit_test(huge_cache_size),
		cmocka_unit_test(whitespace_line),
		cmocka_unit_test(bad_timestamps),
		cmocka_unit_test(sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
