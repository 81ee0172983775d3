/*
 * test_util_snap.c - the snapshot framing the /proc importers share:
 * every timestamp spelling (each checked against the epoch that `date -u
 * -d ... +%s` gives for it), times in file names, zones, year-less
 * stamps, what is not a time and what is a broken one; the series cache;
 * repeated times and the size bounds.  Driven through the meminfo
 * importer where a whole import is needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "snaptest.h"
#include "util_snap.h"

extern const struct importer meminfo_importer;

struct tcase {
	const char *text;
	const char *tz;          /* configured zone, NULL none */
	int64_t ref_s;           /* reference for year-less stamps, 0 none */
	enum snap_ts_kind kind;
	int64_t epoch_us;        /* date -u -d '...' +%s, times 1e6 */
	const char *body;        /* PREFIX: the body; BAD: the message */
};

static const struct tcase cases[] = {
	/* ISO, with and without zones */
	{ "2026-11-22 10:35:12", NULL, 0, SNAP_TS_LINE, 1795343712000000, NULL },
	{ "2026-11-22 10:35:12", "Europe/Berlin", 0, SNAP_TS_LINE, 1795340112000000, NULL },
	{ "2026-07-01 10:35:12", "Europe/Berlin", 0, SNAP_TS_LINE, 1782894912000000, NULL },
	{ "2026-11-22T10:35:12+01:00 MemTotal: 1 kB", NULL, 0, SNAP_TS_PREFIX, 1795340112000000, "MemTotal: 1 kB" },
	{ "2026-11-22T10:35:12-0530 x", NULL, 0, SNAP_TS_PREFIX, 1795363512000000, "x" },
	{ "2026-11-22T10:35:12.5Z x", "Europe/Berlin", 0, SNAP_TS_PREFIX, 1795343712500000, "x" },
	{ "2026-11-22 10:35:12,123 x", NULL, 0, SNAP_TS_PREFIX, 1795343712123000, "x" },
	{ "2026-11-22 10:35:12 UTC x", "Europe/Berlin", 0, SNAP_TS_PREFIX, 1795343712000000, "x" },
	{ "2026/11/22 10:35:12 x", NULL, 0, SNAP_TS_PREFIX, 1795343712000000, "x" },
	{ "2016-09-10 10:53:32.92709 MemTotal: 65837824 kB", NULL, 0, SNAP_TS_PREFIX, 1473504812927090, "MemTotal: 65837824 kB" },
	{ "20261122-103512", NULL, 0, SNAP_TS_LINE, 1795343712000000, NULL },
	/* epoch */
	{ "1700000000", NULL, 0, SNAP_TS_LINE, 1700000000000000, NULL },
	{ "1700000000.123456789 nr_free_pages 5", NULL, 0, SNAP_TS_PREFIX, 1700000000123456, "nr_free_pages 5" },
	{ "[1700000000.5] x", NULL, 0, SNAP_TS_PREFIX, 1700000000500000, "x" },
	{ "1700000000: x", NULL, 0, SNAP_TS_PREFIX, 1700000000000000, "x" },
	/* date(1) in the C locale, en_US and -R */
	{ "Sun Nov 22 10:35:12 UTC 2026", NULL, 0, SNAP_TS_LINE, 1795343712000000, NULL },
	{ "Mon Nov  2 10:35:12 UTC 2026", NULL, 0, SNAP_TS_LINE, 1793615712000000, NULL },
	{ "Sun Nov 22 10:35:12 CET 2026", NULL, 0, SNAP_TS_LINE, 1795340112000000, NULL },
	{ "Sun Nov 22 10:35:12 CET 2026", "America/New_York", 0, SNAP_TS_LINE, 1795361712000000, NULL },
	{ "Sun 22 Nov 2026 10:35:12 AM UTC", NULL, 0, SNAP_TS_LINE, 1795343712000000, NULL },
	{ "Sun 22 Nov 2026 12:05:00 AM UTC", NULL, 0, SNAP_TS_LINE, 1795305900000000, NULL },
	{ "Sun 22 Nov 2026 01:05:00 PM UTC", NULL, 0, SNAP_TS_LINE, 1795352700000000, NULL },
	{ "Sun, 22 Nov 2026 10:35:12 +0100", NULL, 0, SNAP_TS_LINE, 1795340112000000, NULL },
	/* decorated separator lines */
	{ "=== 2026-11-22 10:35:12 ===", NULL, 0, SNAP_TS_LINE, 1795343712000000, NULL },
	{ "--- 1700000000 ---", NULL, 0, SNAP_TS_LINE, 1700000000000000, NULL },
	{ "# 2026-11-22 10:35:12", NULL, 0, SNAP_TS_LINE, 1795343712000000, NULL },
	{ "[2026-11-22 10:35:12] MemTotal: 1 kB", NULL, 0, SNAP_TS_PREFIX, 1795343712000000, "MemTotal: 1 kB" },
	/* syslog: the year that puts it at most a week after the reference */
	{ "Nov 22 10:35:12 x", NULL, 1795400000, SNAP_TS_PREFIX, 1795343712000000, "x" },
	{ "Nov 22 10:35:12 x", NULL, 1800000000, SNAP_TS_PREFIX, 1795343712000000, "x" },
	{ "Dec 31 23:59:59 x", NULL, 1798761605, SNAP_TS_PREFIX, 1798761599000000, "x" },
	{ "Nov 22 10:35:12.25 x", "Europe/Berlin", 1795400000, SNAP_TS_PREFIX, 1795340112250000, "x" },
	/* not times */
	{ "MemTotal:       24683620 kB", NULL, 0, SNAP_TS_NONE, 0, NULL },
	{ "nr_free_pages 944717", NULL, 0, SNAP_TS_NONE, 0, NULL },
	{ "Node 0, zone      DMA      0      0", NULL, 0, SNAP_TS_NONE, 0, NULL },
	{ " 90531  90484  99%    0.19K   4311       21     17244K dentry", NULL, 0, SNAP_TS_NONE, 0, NULL },
	{ "Mapped:            15676 kB", NULL, 0, SNAP_TS_NONE, 0, NULL },
	{ "TCP                   24     24   2432   13    8 : tunables", NULL, 0, SNAP_TS_NONE, 0, NULL },
	{ "9p-fcall-cache 0 0 65560 1 16 : tunables 0 0 0 : slabdata 0 0 0", NULL, 0, SNAP_TS_NONE, 0, NULL },
	{ "", NULL, 0, SNAP_TS_NONE, 0, NULL },
	/* broken times */
	{ "2026-13-01 10:00:00 x", NULL, 0, SNAP_TS_BAD, 0, "cannot parse timestamp '2026-13-01 10:00:00'" },
	{ "2026-11-22 24:00:00 x", NULL, 0, SNAP_TS_BAD, 0, "cannot parse timestamp '2026-11-22 24:00:00'" },
	{ "2026-11-22 x", NULL, 0, SNAP_TS_BAD, 0, "cannot parse timestamp '2026-11-22'" },
	{ "2026-11-2 10:00:00 x", NULL, 0, SNAP_TS_BAD, 0, "cannot parse timestamp '2026-11-2 10:00:00'" },
	{ "10:35:12 MemTotal: 1 kB", NULL, 0, SNAP_TS_BAD, 0, "timestamp without a date '10:35:12'" },
	{ "Nov 22 10:35:12 x", NULL, 0, SNAP_TS_BAD, 0, "no year for timestamp 'Nov 22 10:35:12'" },
	{ "Nov 22 x", NULL, 1795400000, SNAP_TS_BAD, 0, "cannot parse timestamp 'Nov'" },
	{ "Sun Nov 22 10:35:12 UTC", NULL, 0, SNAP_TS_BAD, 0, "cannot parse timestamp 'Sun Nov 22 10:35:12'" },
	{ "1700000000x y", NULL, 0, SNAP_TS_BAD, 0, "cannot parse timestamp '1700000000x'" },
	{ "12345678901.5 y", NULL, 0, SNAP_TS_BAD, 0, "epoch time out of range '12345678901.5'" },
	{ "2026-11-22 10:35:12+99:00 x", NULL, 0, SNAP_TS_BAD, 0, "cannot parse timestamp '2026-11-22 10:35:12+99:00'" },
};

static void timestamps(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		struct tzconv tz;
		struct snap_clock ck;
		int64_t ts = 0;
		size_t body = 0;
		char why[128];
		enum snap_ts_kind k;

		tzconv_init(&tz, c->tz);
		ck.tz = &tz;
		ck.tz_given = c->tz != NULL;
		ck.ref_us = c->ref_s ? c->ref_s * 1000000 : TS_UNKNOWN;
		k = snap_parse_ts(c->text, strlen(c->text), &ck, &ts, &body, why,
				  sizeof(why));
		if (k != c->kind)
			fail_msg("'%s': kind %d, want %d (%s)", c->text, k, c->kind, why);
		if ((k == SNAP_TS_LINE || k == SNAP_TS_PREFIX) && ts != c->epoch_us)
			fail_msg("'%s': %lld, want %lld", c->text, (long long)ts,
				 (long long)c->epoch_us);
		if (k == SNAP_TS_PREFIX && strcmp(c->text + body, c->body))
			fail_msg("'%s': body '%s'", c->text, c->text + body);
		if (k == SNAP_TS_BAD && strcmp(why, c->body))
			fail_msg("'%s': '%s', want '%s'", c->text, why, c->body);
	}
	(void)state;
}

static void name_times(void **state)
{
	static const struct {
		const char *name;
		int found;
		int64_t epoch_s;
	} names[] = {
		{ "meminfo.20261122-103512", 1, 1795343712 },
		{ "meminfo-2026-11-22T10:35:12Z", 1, 1795343712 },
		{ "meminfo.1700000000", 1, 1700000000 },
		{ "meminfo_20261122_103512", 1, 1795343712 },
		{ "meminfo-2026-11-22-10-35-12", 1, 1795343712 },
		{ "slabinfo-20261122T103512Z", 1, 1795343712 },
		{ "vmstat.20261122103512", 1, 1795343712 },
		{ "vmstat-2026-11-22_10.35", 1, 1795343700 },
		{ "meminfo", 0, 0 },
		{ "meminfo.2", 0, 0 },
		{ "meminfo.20261345-103512", 0, 0 },
		{ "sosreport-web01-2026-11-22-abcdef", 0, 0 },
		{ "meminfo.123456789012", 0, 0 },
	};
	struct tzconv tz;

	tzconv_init(&tz, NULL);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int64_t ts = 0;
		int f = snap_name_time(names[i].name, &tz, &ts);

		if (f != names[i].found || (f && ts != names[i].epoch_s * 1000000))
			fail_msg("'%s': %d %lld", names[i].name, f, (long long)ts);
	}
	/* a zone-less name is local time in the configured zone */
	tzconv_init(&tz, "Europe/Berlin");
	int64_t ts;
	assert_int_equal(snap_name_time("meminfo.20261122-103512", &tz, &ts), 1);
	assert_true(ts == 1795340112000000);
	assert_int_equal(snap_name_time("meminfo-2026-11-22T10:35:12Z", &tz, &ts), 1);
	assert_true(ts == 1795343712000000);
	(void)state;
}

static void series_cache(void **state)
{
	struct recorder r;
	struct snap_series c;
	struct diag dg;

	recorder_init(&r);
	diag_init(&dg, "x", 0);
	snap_series_init(&c);
	int64_t a = snap_series(&c, &r.sink, &dg, 1, "m.a", "", "count", NULL);
	int64_t b = snap_series(&c, &r.sink, &dg, 1, "m.a", "x", "count", NULL);
	int64_t a2 = snap_series(&c, &r.sink, &dg, 1, "m.a", "", "count", NULL);
	/* "m.a" + "x" must not meet "m.ax" + "" */
	int64_t d = snap_series(&c, &r.sink, &dg, 1, "m.ax", "", "count", NULL);
	assert_true(a > 0 && b > 0 && d > 0);
	assert_true(a == a2 && a != b && b != d);
	assert_int_equal(r.nseries, 3);
	for (int i = 0; i < 2000; i++) {
		char inst[16];

		snprintf(inst, sizeof(inst), "%d", i);
		assert_true(snap_series(&c, &r.sink, &dg, 1, "m.b", inst, "count", NULL) ==
			    (int64_t)(4 + i));
	}
	assert_true(snap_series(&c, &r.sink, &dg, 1, "m.b", "1999", "count", NULL) == 2003);
	snap_series_release(&c);
	diag_release(&dg);
	recorder_release(&r);
	(void)state;
}

/* Two blocks with the same time: the second is skipped with a warning. */
static void repeated_time(void **state)
{
	static const char text[] =
		"Sun Nov 22 10:35:12 UTC 2026\n"
		"MemTotal: 1 kB\n"
		"MemFree: 2 kB\n"
		"Sun Nov 22 10:35:12 UTC 2026\n"
		"MemTotal: 3 kB\n"
		"MemFree: 4 kB\n"
		"Sun Nov 22 10:35:13 UTC 2026\n"
		"MemTotal: 5 kB\n"
		"MemFree: 6 kB\n";
	struct recorder r;
	struct diag dg;
	double v;

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "log", text, TS_UNKNOWN,
				      TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 5, "snapshot at '2026-11-22 10:35:12' repeats the time of an earlier one: skipped"));
	assert_int_equal(dg.nmsgs, 1);
	assert_true(recorder_value(&r, "meminfo.MemFree", "", 1795343712000000, &v));
	assert_true(v == 2048);
	assert_int_equal(r.nsamples, 4);
	diag_release(&dg);
	recorder_release(&r);
	(void)state;
}

/* A repeated key inside one snapshot, lines before the first time. */
static void repeats_and_untimed(void **state)
{
	static const char text[] =
		"MemTotal: 9 kB\n"
		"1700000000 MemTotal: 1 kB\n"
		"1700000000 MemFree: 2 kB\n"
		"1700000000 MemFree: 3 kB\n";
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "log", text, TS_UNKNOWN,
				      TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_true(diag_at(&dg, 4, "'MemFree: 3 kB' repeats within one snapshot: skipped"));
	assert_true(diag_at(&dg, 1, "lines without a time skipped (the first of them here)"));
	assert_int_equal(dg.nmsgs, 2);
	assert_int_equal(r.nsamples, 2);
	diag_release(&dg);
	recorder_release(&r);
	(void)state;
}

/* One snapshot may not grow past SNAP_GROUP_BYTES. */
static void group_bound(void **state)
{
	size_t cap = 12u << 20, len = 0;
	char *text = malloc(cap);
	struct recorder r;
	struct diag dg;
	int i;

	len += (size_t)snprintf(text, cap, "1700000000 MemTotal: 1 kB\n");
	for (i = 0; len + 64 < cap; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"1700000000 F%07d_%0100d: 1 kB\n", i, 0);
	recorder_init(&r);
	assert_int_equal(snap_run_mem(&meminfo_importer, "big", text, TS_UNKNOWN,
				      TS_UNKNOWN, NULL, &r, &dg, NULL, 0),
			 IMPORT_OK);
	assert_int_equal(dg.nmsgs, 1);
	assert_non_null(strstr(dg.msgs[0].text, "snapshot at '2023-11-14 22:13:20' larger than 8388608 bytes: its lines from here skipped"));
	/* each line costs 12 bytes of framing plus its 115 byte body */
	assert_true(r.nsamples > 8388608 / (12 + 115) - 2 &&
		    r.nsamples < 8388608 / (12 + 115) + 2);
	diag_release(&dg);
	recorder_release(&r);
	free(text);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timestamps),
		cmocka_unit_test(name_times),
		cmocka_unit_test(series_cache),
		cmocka_unit_test(repeated_time),
		cmocka_unit_test(repeats_and_untimed),
		cmocka_unit_test(group_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
