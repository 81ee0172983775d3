/*
 * test_sadf.c - the sadf importer against real sadf output.
 *
 * Fixtures were captured on a real machine (fixtures/sar/gen.sh): one sadc
 * file rendered as sar text and as sadf -d / -j.  The exact values below
 * were read from the sar text rendering (fixtures/sar/sar-A.C.txt), an
 * independent path through sysstat, so a wrong scale, column or instance
 * fails here.  Then every form of the same data must give identical
 * samples (-d vs -j, UTC vs epoch vs local vs decimal comma, text vs the
 * binary file through the local sadf), and every sadf -d / -j file of
 * sysstat's own test suite (the peer corpus) must import without errors.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "recorder.h"
#include "util.h"

extern const struct importer sadf_importer;

#define FIX "fixtures/sadf/"
#define SAR "fixtures/sar/"
#define PEER "../shared/peer-corpus/sysstat/"

static const char *peer_dir(void)
{
	static const char *const cand[] = {
		"/work/shared/peer-corpus/sysstat/", PEER, NULL,
	};
	for (int i = 0; cand[i]; i++)
		if (access(cand[i], R_OK) == 0)
			return cand[i];
	return NULL;
}

static int64_t T(int y, int mo, int d, int h, int mi, int s)
{
	return utc_us(y, mo, d, h, mi, s, 0);
}

/* Import a file with options; asserts the result code. */
static void import_opts(const char *path, const char *tz, struct recorder *r,
			struct diag *dg, int want)
{
	struct test_input ti;

	recorder_init(r);
	assert_int_equal(test_input_file(&ti, path, 0), 0);
	ti.opts.tz = tz;
	diag_init(dg, path, 0);
	assert_int_equal(sadf_importer.parse(&ti.in, &r->sink, dg), want);
	test_input_release(&ti);
}

static void import_ok(const char *path, struct recorder *r, struct diag *dg)
{
	int rc;

	recorder_init(r);
	diag_init(dg, path, 0);
	rc = test_import(&sadf_importer, path, r, dg);
	for (size_t i = 0; rc != IMPORT_OK && i < dg->nmsgs; i++)
		print_message("%s:%lld: %s\n", path, (long long)dg->msgs[i].line,
			      dg->msgs[i].text);
	assert_int_equal(rc, IMPORT_OK);
}

static void assert_value(const struct recorder *r, const char *metric,
			 const char *inst, int64_t ts, double want)
{
	double v;

	if (!recorder_value(r, metric, inst, ts, &v))
		fail_msg("no sample %s[%s] at %lld", metric, inst, (long long)ts);
	if (fabs(v - want) > 1e-9 * (fabs(want) > 1 ? fabs(want) : 1))
		fail_msg("%s[%s]: %.17g, want %.17g", metric, inst, v, want);
}

/* Samples as sorted lines "metric|instance|ts|value" for comparison. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **sample_lines(const struct recorder *r, size_t *n)
{
	char **v = xcalloc(r->nsamples + 1, sizeof(*v));

	for (size_t i = 0; i < r->nsamples; i++) {
		const struct rec_sample *s = &r->samples[i];
		const struct rec_series *x = &r->series[s->series - 1];

		v[i] = xasprintf("%s|%s|%s|%lld|%.17g", x->host, x->metric,
				 x->instance, (long long)s->ts_us, s->value);
	}
	qsort(v, r->nsamples, sizeof(*v), cmp_str);
	*n = r->nsamples;
	return v;
}

static void free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Every sample of a is in b (subset=1), or a and b are the same set. */
static void compare_samples(const struct recorder *a, const struct recorder *b,
			    int subset)
{
	size_t na, nb, i = 0, j = 0, missing = 0;
	char **va = sample_lines(a, &na), **vb = sample_lines(b, &nb);

	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(va[i], vb[j]);

		if (c == 0) {
			i++, j++;
		} else if (c < 0) {
			if (missing++ < 5)
				print_message("only in first: %s\n", va[i]);
			i++;
		} else {
			if (!subset && missing++ < 5)
				print_message("only in second: %s\n", vb[j]);
			else if (subset)
				missing += 0;
			j++;
		}
	}
	free_lines(va, na);
	free_lines(vb, nb);
	assert_int_equal(missing, 0);
	if (!subset)
		assert_int_equal(na, nb);
	assert_true(na > 0);
}

static void assert_no_errors(const struct diag *dg)
{
	for (size_t i = 0; i < dg->nmsgs; i++)
		if (dg->msgs[i].level == DIAG_ERROR)
			fail_msg("%s:%lld: %s", dg->path, (long long)dg->msgs[i].line,
				 dg->msgs[i].text);
	assert_int_equal(dg->nerror, 0);
}

static void release(struct recorder *r, struct diag *dg)
{
	recorder_release(r);
	diag_release(dg);
}

/* ------------------------------------------------------------------ */

static int sniff_mem(const char *text)
{
	struct test_input ti;
	int s;

	test_input_mem(&ti, "x", text, strlen(text), 0);
	s = sadf_importer.sniff(&ti.in);
	test_input_release(&ti);
	return s;
}

static void test_sniff(void **state)
{
	(void)state;
	assert_true(test_sniff_file(&sadf_importer, FIX "sadf-d-A.txt") >= 95);
	assert_true(test_sniff_file(&sadf_importer, FIX "sadf-j-A.json") >= 95);
	assert_true(test_sniff_file(&sadf_importer, SAR "sa-1s.bin") >= 95);
	assert_true(test_sniff_file(&sadf_importer, FIX "sadf-d-A-restart.txt") >= 95);
	/* a -d file that starts with a restart row, no header yet */
	assert_true(sniff_mem("vm;-1;2026-11-22 13:49:46 UTC;LINUX-RESTART\t(2 CPU)\n") >= 90);
	assert_true(sniff_mem("vm;1;1795355133;-1;35.50;0.00\n") >= 90);
	/* not ours */
	assert_int_equal(test_sniff_file(&sadf_importer, SAR "sar-A.C.txt"), 0);
	assert_int_equal(sniff_mem("{\"other\": 1}"), 0);
	assert_int_equal(sniff_mem("hello;world\n"), 0);
	assert_int_equal(sniff_mem(""), 0);
}

/* Values read from fixtures/sar/sar-A.C.txt (sar -A of the same file). */
static void check_sar_values(const struct recorder *r)
{
	int64_t t13 = T(2026, 11, 22, 13, 46, 13), t40 = T(2026, 11, 22, 13, 46, 40);

	/* -u ALL -P ALL */
	assert_value(r, "cpu.usr_pct", "all", t13, 16.92);
	assert_value(r, "cpu.idle_pct", "all", t13, 79.10);
	assert_value(r, "cpu.iowait_pct", "1", t13, 0.99);
	assert_value(r, "cpu.sys_pct", "1", t40, 15.00);
	/* -w */
	assert_value(r, "task.proc_per_s", "", t13, 12.00);
	assert_value(r, "task.cswch_per_s", "", t13, 259.00);
	/* -I ALL: sum 276.00 132.00 144.00; LOC at 13:46:40 274 140 134 */
	assert_value(r, "intr.intr_per_s", "sum", t13, 276.00);
	assert_value(r, "intr.intr_per_s", "sum/cpu0", t13, 132.00);
	assert_value(r, "intr.intr_per_s", "sum/cpu1", t13, 144.00);
	assert_value(r, "intr.intr_per_s", "LOC/cpu1", t40, 134.00);
	/* -B at 13:46:13: 224.00 3924.00 2631.00 3.00 1775.00 ... */
	assert_value(r, "paging.pgpgin_bytes_per_s", "", t13, 224.0 * 1024);
	assert_value(r, "paging.pgpgout_bytes_per_s", "", t13, 3924.0 * 1024);
	assert_value(r, "paging.majflt_per_s", "", t13, 3.00);
	assert_value(r, "paging.pgpgout_bytes_per_s", "", t40, 8.0 * 1024);
	/* -b at 13:46:13: 84.00 21.00 59.00 4.00 448.00 7848.00 48.00 */
	assert_value(r, "io.tps", "", t13, 84.00);
	assert_value(r, "io.wr_bytes_per_s", "", t13, 7848.0 * 512);
	assert_value(r, "io.dc_bytes_per_s", "", t13, 48.0 * 512);
	/* -r ALL at 13:46:40 */
	assert_value(r, "memory.memfree_bytes", "", t40, 23986236.0 * 1024);
	assert_value(r, "memory.memused_pct", "", t40, 0.36);
	assert_value(r, "memory.vmused_bytes", "", t40, 14524.0 * 1024);
	/* -q at 13:46:40: 0 106 1.05 0.72 0.32 0 */
	assert_value(r, "load.plist_sz", "", t40, 106);
	assert_value(r, "load.ldavg_1", "", t40, 1.05);
	/* -d at 13:46:13: vda 82.00 216.00 3924.00 24.00 50.78 0.04 0.45 0.80 */
	assert_value(r, "disk.tps", "vda", t13, 82.00);
	assert_value(r, "disk.rd_bytes_per_s", "vda", t13, 216.0 * 1024);
	assert_value(r, "disk.wr_bytes_per_s", "vda", t13, 3924.0 * 1024);
	assert_value(r, "disk.areq_sz_bytes", "vda", t13, 50.78 * 1024);
	assert_value(r, "disk.await_s", "vda", t13, 0.45 * 0.001);
	assert_value(r, "disk.util_pct", "vda", t13, 0.80);
	/* -n DEV at 13:46:40: lo 105.00 105.00 2053.33 2053.33 */
	assert_value(r, "net_dev.rxpck_per_s", "lo", t40, 105.00);
	assert_value(r, "net_dev.rx_bytes_per_s", "lo", t40, 2053.33 * 1024);
	assert_value(r, "net_edev.rxerr_per_s", "lo", t40, 0);
	/* -n SOFT, -m CPU at 13:46:40 */
	assert_value(r, "net_softnet.total_per_s", "all", t40, 105.00);
	assert_value(r, "power_cpufreq.freq_hz", "all", t40, 2096.01e6);
	/* -F at 13:46:40: 241105 16915 6.56 68.58 16337004 440212 2.62 /dev/vda */
	assert_value(r, "filesystem.fsfree_bytes", "/dev/vda", t40, 241105.0 * 1048576);
	assert_value(r, "filesystem.ifree", "/dev/vda", t40, 16337004);
	assert_value(r, "filesystem.iused_pct", "/dev/vda", t40, 2.62);
}

static void test_d_exact(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	import_ok(FIX "sadf-d-A.txt", &r, &dg);
	assert_no_errors(&dg);
	assert_int_equal(dg.nwarn, 0);
	assert_string_equal(r.host, "vm");
	check_sar_values(&r);
	/* 90 records at 1 s: 13:46:13 .. 13:47:42 */
	assert_int_equal(recorder_count(&r, "cpu.usr_pct", "all"), 89);
	assert_int_equal(recorder_count(&r, "intr.intr_per_s", "sum/cpu1"), 89);
	assert_int_equal(r.nevents, 0);
	release(&r, &dg);
}

static void test_j_exact(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	import_ok(FIX "sadf-j-A.json", &r, &dg);
	assert_no_errors(&dg);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.last_host.ncpu, 2);
	check_sar_values(&r);
	assert_int_equal(recorder_count(&r, "cpu.usr_pct", "all"), 89);
	release(&r, &dg);
}

/* The same data as -d and -j, as UTC, epoch, local time and decimal
 * comma: identical samples. */
static void test_forms_agree(void **state)
{
	struct recorder d, x;
	struct diag dd, dx;

	(void)state;
	import_ok(FIX "sadf-d-A.txt", &d, &dd);

	import_ok(FIX "sadf-j-A.json", &x, &dx);
	compare_samples(&d, &x, 0);
	release(&x, &dx);

	import_ok(FIX "sadf-d-U-A.txt", &x, &dx);
	assert_no_errors(&dx);
	compare_samples(&d, &x, 0);
	release(&x, &dx);

	import_ok(FIX "sadf-d-A.de_DE.txt", &x, &dx);
	assert_no_errors(&dx);
	assert_int_equal(dx.nwarn, 0);
	compare_samples(&d, &x, 0);
	release(&x, &dx);

	/* local time (sadf -T under Europe/Berlin) read with --tz */
	import_opts(FIX "sadf-d-T-A.berlin.txt", "Europe/Berlin", &x, &dx, IMPORT_OK);
	assert_no_errors(&dx);
	assert_int_equal(dx.nwarn, 0);
	compare_samples(&x, &d, 1);
	release(&x, &dx);

	/* ... and without --tz: read as UTC, with one warning */
	import_opts(FIX "sadf-d-T-A.berlin.txt", NULL, &x, &dx, IMPORT_OK);
	assert_int_equal(dx.nwarn, 1);
	assert_true(diag_has(&dx, "local times without a zone: read as UTC (use --tz)"));
	assert_value(&x, "cpu.usr_pct", "all", T(2026, 11, 22, 14, 46, 13), 16.92);
	release(&x, &dx);

	release(&d, &dd);
}

static void test_midnight(void **state)
{
	struct recorder d, j;
	struct diag dd, dj;

	(void)state;
	import_ok(FIX "sadf-d-A-midnight.txt", &d, &dd);
	assert_no_errors(&dd);
	/* sar-A-midnight.C.txt: 23:59:59 all 1.52 ...; 00:00:00 all 1.97 */
	assert_value(&d, "cpu.usr_pct", "all", T(2026, 11, 21, 23, 59, 59), 1.51);
	assert_value(&d, "cpu.usr_pct", "all", T(2026, 11, 22, 0, 0, 0), 1.97);
	assert_int_equal(recorder_count(&d, "cpu.usr_pct", "all"), 59);
	import_ok(FIX "sadf-j-A-midnight.json", &j, &dj);
	assert_no_errors(&dj);
	compare_samples(&d, &j, 0);
	release(&d, &dd);
	release(&j, &dj);
}

static void test_restart(void **state)
{
	struct recorder d, j;
	struct diag dd, dj;
	int64_t boot = T(2026, 11, 22, 13, 49, 46);

	(void)state;
	import_ok(FIX "sadf-d-A-restart.txt", &d, &dd);
	assert_no_errors(&dd);
	assert_int_equal(d.nevents, 1);
	assert_string_equal(d.events[0].kind, "restart");
	assert_string_equal(d.events[0].message, "LINUX RESTART (2 CPU)");
	assert_true(d.events[0].ts_us == boot);
	/* two runs of 5 records, 4 intervals each */
	assert_int_equal(recorder_count(&d, "cpu.usr_pct", "all"), 8);
	import_ok(FIX "sadf-j-A-restart.json", &j, &dj);
	assert_no_errors(&dj);
	assert_int_equal(j.nevents, 1);
	{
		/* sadf -j -T: "utc": 0, local times, read with --tz */
		struct recorder l;
		struct diag dl;

		import_opts(FIX "sadf-j-T-A-restart.berlin.json", "Europe/Berlin", &l,
			    &dl, IMPORT_OK);
		assert_int_equal(dl.nwarn, 0);
		compare_samples(&l, &j, 0);
		assert_int_equal(l.nevents, 1);
		assert_true(l.events[0].ts_us == boot);
		release(&l, &dl);
	}
	assert_string_equal(j.events[0].kind, "restart");
	assert_string_equal(j.events[0].message, "LINUX RESTART (2 CPU)");
	assert_true(j.events[0].ts_us == boot);
	compare_samples(&d, &j, 0);
	release(&d, &dd);
	release(&j, &dj);
}

/* sadf -dh: one line per record.  Where the activities can be cut apart
 * every sample is the same as sadf -d's; where they cannot (-A: interrupts
 * followed by devices) what precedes is kept and the rest is reported. */
static void test_dh(void **state)
{
	struct recorder h, d;
	struct diag dh, dd;

	(void)state;
	import_ok(FIX "sadf-d-A-restart.txt", &d, &dd);
	import_ok(FIX "sadf-dh-restart.txt", &h, &dh);
	assert_no_errors(&dh);
	assert_int_equal(dh.nwarn, 0);
	compare_samples(&h, &d, 1);
	/* 8 records: 3 CPUs x 10 fields, 35 interrupts x 3, 11 memory, 6
	 * load, 6 sockets */
	assert_int_equal(h.nsamples, 8 * (30 + 105 + 11 + 6 + 6));
	assert_int_equal(h.nevents, 1);
	release(&h, &dh);

	import_ok(FIX "sadf-dh-A-restart.txt", &h, &dh);
	assert_int_equal(dh.nwarn, 1);
	assert_string_equal(dh.msgs[0].text,
			    "'sadf -dh': cannot tell where the 'INTR' instances end: rest of the line skipped (use 'sadf -d')");
	compare_samples(&h, &d, 1);
	assert_int_equal(recorder_count(&h, "cpu.usr_pct", "1"), 8);
	assert_int_equal(recorder_count(&h, "task.cswch_per_s", ""), 8);
	release(&h, &dh);
	release(&d, &dd);
}

/* ------------------------------------------------------------------ */
/* sysstat's own test outputs                                           */

static void peer_import(const char *name, struct recorder *r, struct diag *dg)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s", peer_dir(), name);
	import_ok(path, r, dg);
	assert_no_errors(dg);
}

/* sadf -d / -j outputs of the suite (MANIFEST.txt): *sadf-d*, *sadf-j*
 * and the -d runs with -s/-e/-i/-U/-T options. */
static int is_peer_sadf(const char *name)
{
	static const char *const extra[] = {
		"expected.sadf-se", "expected2.sadf-se", "expected.sadf-i",
		"expected.sadf-U-se-epoch", "expected.sadf-T-s-epoch", NULL,
	};
	const char *p;

	for (int i = 0; extra[i]; i++)
		if (!strcmp(name, extra[i]))
			return 1;
	if (strncmp(name, "expected", 8))
		return 0;
	if ((p = strstr(name, "sadf-d")) && (p[6] == '\0' || p[6] == '-' || p[6] == 'h'))
		return 1;
	return (p = strstr(name, "sadf-j")) && (p[6] == '\0' || p[6] == '-');
}

static void test_peer_all(void **state)
{
	const char *dir = peer_dir();
	DIR *d;
	struct dirent *e;
	int n = 0;

	(void)state;
	if (!dir)
		skip();
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		struct recorder r;
		struct diag dg;

		if (!is_peer_sadf(e->d_name))
			continue;
		peer_import(e->d_name, &r, &dg);
		assert_true(r.nsamples > 0 || r.nevents > 0);
		release(&r, &dg);
		n++;
	}
	closedir(d);
	assert_int_equal(n, 17);
}

static void test_peer_pairs(void **state)
{
	static const char *const pairs[][2] = {
		{ "expected.sadf-d", "expected.sadf-j" },
		{ "expected.data-11.6.5-sadf-d", "expected.data-11.6.5-sadf-j" },
		{ "expected.data-wghfreq-sadf-d", "expected.data-wghfreq-sadf-j" },
		/* UTC, the file's own zone (-t, "CET") and local (-T, "EST") */
		{ "expected.sadf-d-tz", "expected.sadf-d-t-tz" },
		{ "expected.sadf-d-tz", "expected.sadf-d-T-tz" },
	};
	struct recorder a, b;
	struct diag da, db;

	(void)state;
	if (!peer_dir())
		skip();
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		peer_import(pairs[i][0], &a, &da);
		peer_import(pairs[i][1], &b, &db);
		compare_samples(&a, &b, 0);
		release(&a, &da);
		release(&b, &db);
	}
}

/* sadf -dh (one line per record, -Iu ALL -P all,3) of the same file as
 * expected.sadf-d: every sample it gives is one sadf -d gives too. */
static void test_peer_dh(void **state)
{
	struct recorder h, d;
	struct diag dh, dd;

	(void)state;
	if (!peer_dir())
		skip();
	peer_import("expected.sadf-dh", &h, &dh);
	assert_int_equal(dh.nwarn, 0);
	peer_import("expected.sadf-d", &d, &dd);
	compare_samples(&h, &d, 1);
	/* all and CPU 3 only, interrupts per CPU 3 */
	assert_int_equal(recorder_count(&h, "cpu.usr_pct", "all"), 5);
	assert_int_equal(recorder_count(&h, "cpu.usr_pct", "3"), 5);
	assert_int_equal(recorder_count(&h, "cpu.usr_pct", "0"), 0);
	assert_value(&h, "intr.intr_per_s", "sum/cpu3", T(2019, 4, 18, 13, 20, 19), 1027.05);
	release(&h, &dh);
	release(&d, &dd);
}

static void test_peer_values(void **state)
{
	struct recorder r;
	struct diag dg;
	int64_t t = T(2019, 4, 18, 13, 20, 19);

	(void)state;
	if (!peer_dir())
		skip();
	peer_import("expected.sadf-d", &r, &dg);
	assert_string_equal(r.host, "SYSSTAT.TEST");
	assert_value(&r, "cpu.nice_pct", "all", t, 12.50);
	assert_value(&r, "cpu.nice_pct", "3", t, 99.55);
	assert_value(&r, "intr.intr_per_s", "sum/cpu7", t, 587.30);
	assert_int_equal(r.nevents, 3);
	assert_string_equal(r.events[0].kind, "restart");
	assert_string_equal(r.events[0].message, "LINUX RESTART (9 CPU)");
	assert_string_equal(r.events[1].kind, "comment");
	assert_string_equal(r.events[1].message, "Testing sysstat!");
	assert_true(r.events[1].ts_us == T(2019, 4, 18, 13, 39, 9));
	release(&r, &dg);

	/* -m FAN: instance is number:device */
	peer_import("expected.data-11.6.5-sadf-d", &r, &dg);
	assert_value(&r, "fan.rpm", "2:f71858fg-isa-0200", T(2018, 8, 29, 9, 34, 34), 1347);
	assert_value(&r, "temp.temp_pct", "1:f71858fg-isa-0200", T(2018, 8, 29, 9, 34, 34), 48.57);
	release(&r, &dg);
}

/* ------------------------------------------------------------------ */
/* binary sa files                                                      */

static int have_sadf(void)
{
	return access("/usr/bin/sadf", X_OK) == 0 || system("command -v sadf >/dev/null 2>&1") == 0;
}

static void test_binary(void **state)
{
	struct recorder b, d;
	struct diag db, dd;

	(void)state;
	if (!have_sadf()) {
		print_message("sadf not installed (Debian package sysstat): skipped\n");
		skip();
	}
	import_ok(SAR "sa-1s.bin", &b, &db);
	assert_no_errors(&db);
	check_sar_values(&b);
	import_ok(FIX "sadf-d-A.txt", &d, &dd);
	compare_samples(&d, &b, 0);
	release(&b, &db);
	release(&d, &dd);
	/* the restart record and the comment (-C) come through as events */
	import_ok(SAR "sa-restart.bin", &b, &db);
	assert_int_equal(b.nevents, 2);
	assert_string_equal(b.events[0].kind, "restart");
	assert_string_equal(b.events[1].kind, "comment");
	assert_string_equal(b.events[1].message, "pmortem fixture comment");
	release(&b, &db);
}

static void test_binary_peer(void **state)
{
	char path[512];
	struct recorder r, e;
	struct diag dg, de;

	(void)state;
	if (!have_sadf() || !peer_dir())
		skip();
	snprintf(path, sizeof(path), "%sbin-data-trunc.sa", peer_dir());
	recorder_init(&r);
	diag_init(&dg, path, 0);
	assert_int_equal(test_import(&sadf_importer, path, &r, &dg), IMPORT_FAIL);
	assert_true(diag_has(&dg,
		"sadf could not read this sa file: 'End of system activity file unexpected'"));
	release(&r, &dg);
	/* an 11.6.5 file: sadf -c converts it first; sysstat's own -d of it
	 * (-m FAN,IN,TEMP) is a subset of what we get */
	snprintf(path, sizeof(path), "%sbin-data-11.6.5.sa", peer_dir());
	import_ok(path, &r, &dg);
	assert_no_errors(&dg);
	peer_import("expected.data-11.6.5-sadf-d", &e, &de);
	compare_samples(&e, &r, 1);
	release(&r, &dg);
	release(&e, &de);
}

static void test_binary_no_sadf(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	setenv("PMORTEM_SADF", "", 1);
	recorder_init(&r);
	diag_init(&dg, SAR "sa-1s.bin", 0);
	assert_int_equal(test_import(&sadf_importer, SAR "sa-1s.bin", &r, &dg), IMPORT_FAIL);
	assert_true(diag_has(&dg,
		"binary sa file: converting it needs 'sadf', which is not installed (Debian package sysstat)"));
	unsetenv("PMORTEM_SADF");
	assert_int_equal(r.nsamples, 0);
	release(&r, &dg);
}

/* ------------------------------------------------------------------ */
/* malformed input: fixtures/sadf/bad/                                  */

static void test_bad_truncated_json(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	recorder_init(&r);
	diag_init(&dg, FIX "bad/truncated.json", 0);
	/* the complete records before the cut are kept */
	assert_int_equal(test_import(&sadf_importer, FIX "bad/truncated.json", &r, &dg),
			 IMPORT_OK);
	assert_int_equal(dg.nerror, 1);
	assert_string_equal(dg.msgs[0].text,
			    "truncated JSON: unexpected end of input inside an object");
	assert_int_equal(dg.msgs[0].line, 261);
	assert_int_equal(recorder_count(&r, "cpu.usr_pct", "all"), 2);
	release(&r, &dg);
}

static void test_bad_json_syntax(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	recorder_init(&r);
	diag_init(&dg, FIX "bad/syntax.json", 0);
	assert_int_equal(test_import(&sadf_importer, FIX "bad/syntax.json", &r, &dg),
			 IMPORT_FAIL);
	assert_string_equal(dg.msgs[0].text, "unexpected ';', expected ',' or '}'");
	assert_int_equal(dg.msgs[0].line, 14);
	release(&r, &dg);
}

static void test_bad_fields(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	import_ok(FIX "bad/wrong-fields.txt", &r, &dg);
	assert_int_equal(dg.nwarn, 1);
	assert_int_equal(dg.msgs[0].line, 3);
	assert_string_equal(dg.msgs[0].text, "expected 14 fields, found 12: row skipped");
	/* the rows around it are kept */
	assert_int_equal(recorder_count(&r, "cpu.usr_pct", "all"), 1);
	assert_int_equal(recorder_count(&r, "cpu.usr_pct", "1"), 1);
	assert_int_equal(recorder_count(&r, "cpu.usr_pct", "0"), 0);
	release(&r, &dg);
}

static void test_bad_number(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	import_ok(FIX "bad/bad-number.txt", &r, &dg);
	assert_int_equal(dg.nwarn, 2);
	assert_int_equal(dg.msgs[0].line, 2);
	assert_string_equal(dg.msgs[0].text, "cannot parse '1.6O' in column 'ldavg-1'");
	assert_int_equal(dg.msgs[1].line, 3);
	assert_string_equal(dg.msgs[1].text,
			    "cannot parse timestamp '2026-11-22 13:46:61 UTC'");
	/* the other columns of the row are kept */
	assert_value(&r, "load.plist_sz", "", T(2026, 11, 22, 13, 46, 13), 101);
	assert_int_equal(recorder_count(&r, "load.ldavg_5", ""), 1);
	assert_int_equal(recorder_count(&r, "load.ldavg_1", ""), 0);
	release(&r, &dg);
}

static void test_bad_empty(void **state)
{
	struct recorder r;
	struct diag dg;

	(void)state;
	recorder_init(&r);
	diag_init(&dg, FIX "bad/header-only.txt", 0);
	assert_int_equal(test_import(&sadf_importer, FIX "bad/header-only.txt", &r, &dg),
			 IMPORT_FAIL);
	assert_true(diag_has(&dg, "no sadf records found"));
	release(&r, &dg);
}

/* The stream path gives the same as the mapped path. */
static void test_stream(void **state)
{
	struct test_input ti;
	struct recorder a, b;
	struct diag da, db;

	(void)state;
	import_ok(FIX "sadf-j-A-restart.json", &a, &da);
	recorder_init(&b);
	diag_init(&db, "stream", 0);
	assert_int_equal(test_input_file(&ti, FIX "sadf-j-A-restart.json", 1), 0);
	assert_int_equal(sadf_importer.parse(&ti.in, &b.sink, &db), IMPORT_OK);
	test_input_release(&ti);
	compare_samples(&a, &b, 0);
	release(&a, &da);
	release(&b, &db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_d_exact),
		cmocka_unit_test(test_j_exact),
		cmocka_unit_test(test_forms_agree),
		cmocka_unit_test(test_midnight),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_dh),
		cmocka_unit_test(test_peer_all),
		cmocka_unit_test(test_peer_pairs),
		cmocka_unit_test(test_peer_dh),
		cmocka_unit_test(test_peer_values),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_binary_peer),
		cmocka_unit_test(test_binary_no_sadf),
		cmocka_unit_test(test_bad_truncated_json),
		cmocka_unit_test(test_bad_json_syntax),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_bad_number),
		cmocka_unit_test(test_bad_empty),
		cmocka_unit_test(test_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
