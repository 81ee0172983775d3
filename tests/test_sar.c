/*
 * test_sar.c - the sar text importer against real sar output.
 *
 * What is checked, and against what:
 *   - every value of sar -A text, sample by sample, against `sadf -d` made
 *     from the same binary file (fixtures/sadf, and sysstat's own test
 *     outputs in the peer corpus): an independent rendering, so a parsing
 *     or naming mistake shows up as a mismatch;
 *   - the same capture rendered under C, en_US (12 h), de_DE and fr_FR
 *     (decimal comma, translated Average), ISO and --pretty gives exactly
 *     the same samples; -h (--human) the same within its rounding;
 *   - midnight rollover, LINUX RESTART, repeated headers, old column sets,
 *     header-less fragments (--date, bundle hint, defer then refuse);
 *   - every sar text file of the peer corpus imports with no error, and
 *     the files that are not sar text are refused;
 *   - each malformed input (fixtures/sar/bad/) gives its exact
 *     `line: message`;
 *   - the sar views over the real store.
 * Runs from the repository root (make unit).  The peer corpus is found in
 * $PMORTEM_SHARED, ../shared or /work/shared; tests that need it are
 * skipped when it is absent.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "recorder.h"
#include "util_sarcols.h"
#include "store.h"
#include "util.h"

extern const struct importer sar_importer;

#define FIX "fixtures/sar/"

/* ------------------------------------------------------------------ */
/* helpers                                                              */

static int64_t ts(const char *iso)     /* "YYYY-MM-DD HH:MM:SS", UTC */
{
	int y, mo, d, h, mi, s;
	int64_t us;

	assert_int_equal(parse_date(iso, 10, 0, &y, &mo, &d), 0);
	assert_int_equal(parse_hms(iso + 11, strlen(iso + 11), &h, &mi, &s, &us), 8);
	return utc_us(y, mo, d, h, mi, s, 0);
}

static double val(const struct recorder *r, const char *metric, const char *inst,
		  const char *when)
{
	double v = NAN;

	if (!recorder_value(r, metric, inst, ts(when), &v))
		fail_msg("no %s{%s} at %s", metric, inst, when);
	return v;
}

static void assert_close(double a, double b)
{
	if (!(fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b))))
		fail_msg("%.17g != %.17g", a, b);
}

/* Import a file (mapped, or streamed in odd chunks) with a fresh diag. */
static int run(const char *path, struct recorder *r, struct diag *dg, int stream,
	       int64_t date_us, int retry)
{
	struct test_input ti;
	int rc;

	if (test_input_file(&ti, path, stream) < 0)
		fail_msg("cannot read %s", path);
	ti.opts.date_us = date_us;
	ti.in.retry = retry;
	recorder_init(r);
	diag_init(dg, path, 0);
	rc = sar_importer.parse(&ti.in, &r->sink, dg);
	test_input_release(&ti);
	return rc;
}

static int run_mem(const char *name, const char *text, size_t len,
		   struct recorder *r, struct diag *dg, int stream)
{
	struct test_input ti;
	int rc;

	test_input_mem(&ti, name, text, len, stream);
	recorder_init(r);
	diag_init(dg, name, 0);
	rc = sar_importer.parse(&ti.in, &r->sink, dg);
	test_input_release(&ti);
	return rc;
}

/* recorder_value() is a linear scan; comparing whole files needs a
 * sorted copy.  Built once per recorder (keyed by its sample array). */
static struct {
	const struct rec_sample *key;
	size_t n;
	struct rec_sample *sorted;
} vidx;

static void done(struct recorder *r, struct diag *dg)
{
	vidx.key = NULL;
	recorder_release(r);
	diag_release(dg);
}

/* Exactly this message at this line (0: no line). */
static void assert_msg(const struct diag *dg, int64_t line, const char *text)
{
	for (size_t i = 0; i < dg->nmsgs; i++)
		if (dg->msgs[i].line == line && !strcmp(dg->msgs[i].text, text))
			return;
	for (size_t i = 0; i < dg->nmsgs; i++)
		fprintf(stderr, "  have %lld: %s\n", (long long)dg->msgs[i].line,
			dg->msgs[i].text);
	fail_msg("no message '%lld: %s'", (long long)line, text);
}

static int sniff_mem(const char *name, const char *text)
{
	struct test_input ti;
	int s;

	test_input_mem(&ti, name, text, strlen(text), 0);
	s = sar_importer.sniff(&ti.in);
	test_input_release(&ti);
	return s;
}

static const char *corpus(void)
{
	static char dir[512];
	const char *env = getenv("PMORTEM_SHARED");
	const char *cands[] = { env, "../shared", "/work/shared" };
	struct stat sb;

	for (size_t i = 0; i < 3; i++) {
		char m[600];

		if (!cands[i])
			continue;
		snprintf(m, sizeof(m), "%s/peer-corpus/sysstat/MANIFEST.txt", cands[i]);
		if (stat(m, &sb) == 0) {
			snprintf(dir, sizeof(dir), "%s/peer-corpus/sysstat", cands[i]);
			return dir;
		}
	}
	return NULL;
}

static const char *samples_dir(void)
{
	static char dir[512];
	const char *c = corpus();

	if (!c)
		return NULL;
	snprintf(dir, sizeof(dir), "%.*s/samples", (int)(strlen(c) - strlen("/peer-corpus/sysstat")), c);
	return dir;
}

/* ------------------------------------------------------------------ */
/* sadf -d, read independently, as the reference                        */

static int cmp_sample(const void *a, const void *b)
{
	const struct rec_sample *x = a, *y = b;

	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	return x->ts_us < y->ts_us ? -1 : x->ts_us > y->ts_us;
}

static int fast_value(const struct recorder *r, const char *metric,
		      const char *inst, int64_t when, double *v)
{
	struct rec_sample k = { 0 }, *hit;

	if (vidx.key != r->samples || vidx.n != r->nsamples) {
		free(vidx.sorted);
		vidx.sorted = xmalloc((r->nsamples + 1) * sizeof(*vidx.sorted));
		memcpy(vidx.sorted, r->samples, r->nsamples * sizeof(*vidx.sorted));
		qsort(vidx.sorted, r->nsamples, sizeof(*vidx.sorted), cmp_sample);
		vidx.key = r->samples;
		vidx.n = r->nsamples;
	}
	for (size_t i = 0; i < r->nseries; i++)
		if (!strcmp(r->series[i].metric, metric) &&
		    !strcmp(r->series[i].instance, inst))
			k.series = (int64_t)i + 1;
	k.ts_us = when;
	hit = k.series ? bsearch(&k, vidx.sorted, vidx.n, sizeof(k), cmp_sample) : NULL;
	if (hit)
		*v = hit->value;
	return hit != NULL;
}

/* sysstat's own outputs of one data file disagree on one device's name:
 * sar -A calls it xvdq, sar -h and sadf -d xvdiw (its name is resolved
 * from major:minor when printed).  Look a value up under both. */
static int value_at(const struct recorder *r, const char *metric,
		    const char *inst, int64_t when, double *v)
{
	if (fast_value(r, metric, inst, when, v))
		return 1;
	if (!strcmp(inst, "xvdiw"))
		return fast_value(r, metric, "xvdq", when, v);
	if (!strcmp(inst, "xvdq"))
		return fast_value(r, metric, "xvdiw", when, v);
	return 0;
}

/* Split on ';' in place; returns the field count. */
static size_t split_semi(char *s, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *e = strchr(s, ';');

		f[n++] = s;
		if (!e)
			break;
		*e = '\0';
		s = e + 1;
	}
	return n;
}

/* Every value of every `sadf -d` row must be in the recorder, at its time,
 * equal.  Interrupts (CPU* columns) and USB (its header names the columns
 * in the wrong order) are left out.  Returns the number of values
 * compared. */
static size_t check_sadf(const struct recorder *r, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[65536], *names[512], *fld[512];
	size_t nnames = 0, compared = 0;
	const struct sar_section *sec = NULL;
	int skip = 1;

	if (!f)
		fail_msg("cannot read %s", path);
	while (fgets(line, sizeof(line), f)) {
		size_t n;

		line[strcspn(line, "\r\n")] = '\0';
		if (!strncmp(line, "# hostname;interval;timestamp;", 30)) {
			for (size_t i = 0; i < nnames; i++)
				free(names[i]);
			n = split_semi(line + 30, fld, 512);
			for (size_t i = 0; i < n; i++)
				names[i] = xstrdup(fld[i]);
			nnames = n;
			sec = sar_section_match((const char *const *)names, n);
			skip = !sec || strstr(line + 30, "CPU*") ||
			       !strcmp(names[0], "manufact");
			continue;
		}
		if (line[0] == '#' || skip)
			continue;
		n = split_semi(line, fld, 512);
		if (n < 4 || !strncmp(fld[3], "LINUX-RESTART", 13) ||
		    !strncmp(fld[3], "COM ", 4))
			continue;
		assert_int_equal(n, nnames + 3);
		{
			char inst[512] = "";
			int64_t when;
			int y, mo, d, h, mi, s;
			int64_t us;

			/* "2026-11-22 13:46:13 UTC" */
			assert_int_equal(parse_date(fld[2], 10, 0, &y, &mo, &d), 0);
			assert_int_equal(parse_hms(fld[2] + 11, 8, &h, &mi, &s, &us), 8);
			when = utc_us(y, mo, d, h, mi, s, 0);
			/* instance: instance columns in table order, ':' joined */
			for (const struct sar_column *c = sec->cols; c->name; c++) {
				if (c->kind != SAR_INSTANCE)
					continue;
				for (size_t i = 0; i < nnames; i++) {
					const char *v = fld[3 + i];

					if (strcmp(names[i], c->name))
						continue;
					if (!strcmp(c->name, "CPU") && !strcmp(v, "-1"))
						v = "all";
					if (inst[0])
						strcat(inst, ":");
					strncat(inst, v, sizeof(inst) - strlen(inst) - 2);
				}
			}
			for (size_t i = 0; i < nnames; i++) {
				const struct sar_column *c = sar_column_find(sec, names[i]);
				char metric[128];
				double want, have;

				if (!c || (c->kind != SAR_VALUE && c->kind != SAR_STATUS))
					continue;
				sar_metric(sec, c, metric, sizeof(metric));
				if (c->kind == SAR_STATUS) {
					want = sar_battery_status(fld[3 + i], strlen(fld[3 + i]));
				} else {
					assert_int_equal(num_parse(fld[3 + i], strlen(fld[3 + i]),
								   ',', &want), 0);
					want *= c->scale;
				}
				if (!value_at(r, metric, inst, when, &have))
					fail_msg("%s: %s{%s} at %s missing", path, metric, inst, fld[2]);
				if (!(fabs(have - want) <= 1e-9 * fmax(1.0, fabs(want))))
					fail_msg("%s: %s{%s} at %s: sar %.17g, sadf %.17g", path,
						 metric, inst, fld[2], have, want);
				compared++;
			}
		}
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	fclose(f);
	return compared;
}

/* How far a value printed by sar -h may be from the plain one: one
 * decimal of its unit (k, M, G for bytes: at least k, as sar prints kB
 * columns), and MB columns are whole numbers in plain output. */
static double human_tol(const struct rec_series *s, double v)
{
	double m = 1024;

	if (strncmp(s->unit, "bytes", 5))
		return 0.051;
	while (m * 1024 <= fabs(v))
		m *= 1024;
	return 0.051 * m + (strncmp(s->metric, "filesystem.", 11) ? 0 : 0.51 * 1048576);
}

/* Two imports hold the same samples (same series, times and values);
 * tol_abs < 0: within sar -h rounding. */
static void assert_same_samples(const struct recorder *a, const struct recorder *b,
				double tol_abs, double tol_rel)
{
	assert_int_equal(a->nsamples, b->nsamples);
	for (size_t i = 0; i < a->nsamples; i++) {
		const struct rec_sample *x = &a->samples[i];
		const struct rec_series *s = &a->series[x->series - 1];
		double v;

		if (!value_at(b, s->metric, s->instance, x->ts_us, &v))
			fail_msg("%s{%s} missing", s->metric, s->instance);
		if (!(fabs(v - x->value) <= (tol_abs < 0 ? human_tol(s, x->value) :
					     fmax(tol_abs, tol_rel * fabs(x->value)))))
			fail_msg("%s{%s}: %.17g vs %.17g", s->metric, s->instance,
				 x->value, v);
	}
}

/* ------------------------------------------------------------------ */
/* real captures (fixtures/sar, made by fixtures/sar/gen.sh)            */

static void test_c_locale_against_sadf(void **state)
{
	struct recorder r;
	struct diag dg;
	size_t n;

	assert_int_equal(run(FIX "sar-A.C.txt", &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn + dg.nerror, 0);
	n = check_sadf(&r, "fixtures/sadf/sadf-d-A.txt");
	assert_true(n > 30000);
	/* and a few by hand, from the text itself */
	assert_close(val(&r, "cpu.usr_pct", "all", "2026-11-22 13:46:13"), 16.92);
	assert_close(val(&r, "cpu.idle_pct", "1", "2026-11-22 13:46:13"), 91.09);
	assert_close(val(&r, "memory.memfree_bytes", "", "2026-11-22 13:46:14"),
		     23897132.0 * 1024);
	assert_close(val(&r, "disk.wr_bytes_per_s", "vda", "2026-11-22 13:46:13"),
		     3924.0 * 1024);
	assert_close(val(&r, "disk.await_s", "vda", "2026-11-22 13:46:13"), 0.00045);
	assert_close(val(&r, "disk.areq_sz_bytes", "vda", "2026-11-22 13:46:16"),
		     59.66 * 1024);
	assert_string_equal(r.last_host.name, "vm");
	assert_int_equal(r.last_host.ncpu, 2);
	done(&r, &dg);
}

static void test_locales_same_samples(void **state)
{
	static const char *const same[] = {
		FIX "sar-A.en_US.txt", FIX "sar-A.de_DE.txt", FIX "sar-A.fr_FR.txt",
		FIX "sar-A.ISO.txt", FIX "sar-A-p.C.txt",
	};
	struct recorder c, o;
	struct diag dg, dg2;

	assert_int_equal(run(FIX "sar-A.C.txt", &c, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		/* streamed in odd chunks, to cover the stream path too */
		assert_int_equal(run(same[i], &o, &dg2, 1, TS_UNKNOWN, 0), IMPORT_OK);
		assert_int_equal(dg2.nwarn + dg2.nerror, 0);
		assert_same_samples(&c, &o, 0, 0);
		done(&o, &dg2);
	}
	/* de_DE against its own sadf -d (decimal commas there too) */
	assert_int_equal(run(FIX "sar-A.de_DE.txt", &o, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_true(check_sadf(&o, "fixtures/sadf/sadf-d-A.de_DE.txt") > 30000);
	done(&o, &dg2);
	done(&c, &dg);
}

/* More spellings (fixtures/sar/gen-locales.sh): es_ES "22/11/26" and
 * "Media:", pl_PL "Średnia:", ja_JP "2026年11月22日", "13時46分12秒" and
 * "平均値:" all read like C; sar -u (not ALL) agrees with sar -A's -u ALL. */
static void test_more_locales(void **state)
{
	static const char *const loc[] = { "es_ES", "pl_PL", "ja_JP" };
	struct recorder c, o, a;
	struct diag dg, dg2, dg3;
	char p[128];

	assert_int_equal(run(FIX "sar-ur.C.txt", &c, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(c.nsamples, 1513);
	for (size_t i = 0; i < sizeof(loc) / sizeof(loc[0]); i++) {
		snprintf(p, sizeof(p), FIX "sar-ur.%s.txt", loc[i]);
		assert_int_equal(run(p, &o, &dg2, i & 1, TS_UNKNOWN, 0), IMPORT_OK);
		assert_int_equal(dg2.nwarn + dg2.nerror, 0);
		assert_same_samples(&c, &o, 0, 0);
		done(&o, &dg2);
	}
	assert_int_equal(run(FIX "sar-A.C.txt", &a, &dg3, 0, TS_UNKNOWN, 0), IMPORT_OK);
	for (size_t i = 0; i < c.nsamples; i++) {
		const struct rec_sample *x = &c.samples[i];
		const struct rec_series *s = &c.series[x->series - 1];
		double v, g;

		if (!strncmp(s->metric, "memory.", 7)) {
			assert_true(fast_value(&a, s->metric, s->instance, x->ts_us, &v));
			assert_close(x->value, v);
		} else if (!strcmp(s->metric, "cpu.user_pct")) {
			/* %user = %usr + %guest, each rounded to 0.01 */
			assert_true(fast_value(&a, "cpu.usr_pct", s->instance, x->ts_us, &v));
			assert_true(recorder_value(&a, "cpu.guest_pct", s->instance, x->ts_us, &g));
			assert_true(fabs(x->value - (v + g)) <= 0.011);
		}
	}
	done(&a, &dg3);
	done(&c, &dg);
}

static void test_human(void **state)
{
	struct recorder c, h;
	struct diag dg, dg2;

	assert_int_equal(run(FIX "sar-A.C.txt", &c, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(run(FIX "sar-h.C.txt", &h, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(dg2.nwarn + dg2.nerror, 0);
	/* -h prints one decimal and scales to k/M/G: 3 significant digits */
	assert_same_samples(&c, &h, -1, 0);
	/* "22.8G" kbmemfree is bytes, not kB */
	{
		double a = val(&c, "memory.memfree_bytes", "", "2026-11-22 13:46:13");
		double b = val(&h, "memory.memfree_bytes", "", "2026-11-22 13:46:13");

		assert_true(fabs(a - b) < 0.003 * a);
	}
	done(&c, &dg);
	done(&h, &dg2);
}

static void test_midnight(void **state)
{
	struct recorder c, e;
	struct diag dg, dg2;

	assert_int_equal(run(FIX "sar-A-midnight.C.txt", &c, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn + dg.nerror, 0);
	/* header 11/21/26; 23:59:59 is the 21st, 00:00:00 the 22nd */
	assert_close(val(&c, "cpu.idle_pct", "all", "2026-11-21 23:59:59"), 95.48);
	assert_close(val(&c, "cpu.idle_pct", "all", "2026-11-22 00:00:00"), 96.06);
	assert_close(val(&c, "cpu.idle_pct", "all", "2026-11-22 00:00:10"), 27.60);
	assert_true(check_sadf(&c, "fixtures/sadf/sadf-d-A-midnight.txt") > 20000);
	/* 12 h: 11:59:59 PM -> 12:00:00 AM (hour 0 of the next day) */
	assert_int_equal(run(FIX "sar-A-midnight.en_US.txt", &e, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_same_samples(&c, &e, 0, 0);
	done(&c, &dg);
	done(&e, &dg2);
}

static void test_restart(void **state)
{
	struct recorder r, e;
	struct diag dg, dg2;

	assert_int_equal(run(FIX "sar-A-restart.C.txt", &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn + dg.nerror, 0);
	assert_int_equal(r.nevents, 1);
	assert_string_equal(r.events[0].kind, "restart");
	assert_string_equal(r.events[0].message, "LINUX RESTART (2 CPU)");
	assert_true(r.events[0].ts_us == ts("2026-11-22 13:49:46"));
	assert_int_equal(r.events[0].line, 500);
	assert_true(check_sadf(&r, "fixtures/sadf/sadf-d-A-restart.txt") > 2500);
	assert_int_equal(run(FIX "sar-A-restart.en_US.txt", &e, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_same_samples(&r, &e, 0, 0);
	assert_int_equal(e.nevents, 1);
	assert_true(e.events[0].ts_us == r.events[0].ts_us);
	done(&r, &dg);
	done(&e, &dg2);
}

/* ------------------------------------------------------------------ */
/* sysstat's own test outputs                                           */

static void test_peer_all_against_sadf(void **state)
{
	const char *c = corpus();
	char p[600];
	struct recorder r;
	struct diag dg;

	if (!c)
		skip();
	/* tests/00161 sar -A -f data.tmp and 00510 sadf -d data.tmp -- -A */
	snprintf(p, sizeof(p), "%s/expected2.sar-all", c);
	assert_int_equal(run(p, &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn + dg.nerror, 0);
	snprintf(p, sizeof(p), "%s/expected.sadf-d", c);
	assert_true(check_sadf(&r, p) > 3000);
	/* interrupts: the new layout, per CPU */
	assert_close(val(&r, "intr.intr_per_s", "sum", "2019-04-18 13:20:19"), 31915.30);
	assert_close(val(&r, "intr.intr_per_s", "sum/cpu4", "2019-04-18 13:20:19"), 2952.81);
	assert_close(val(&r, "intr.intr_per_s", "LOC/cpu9", "2019-04-18 13:54:35"),
		     val(&r, "intr.intr_per_s", "LOC/cpu9", "2019-04-18 13:54:35"));
	/* battery status symbols, USB devices with blanks in their names */
	assert_close(val(&r, "battery.status", "0", "2019-04-18 13:20:19"), 4);
	assert_close(val(&r, "battery.status", "1", "2019-04-18 13:20:19"), 0);
	assert_close(val(&r, "usb.maxpower_ma", "1:3f0:862", "2019-04-18 13:20:29"), 196);
	assert_close(val(&r, "filesystem.fsfree_bytes", "/dev/sda9", "2019-04-18 13:20:19"),
		     705.0 * 1048576);
	/* the two restarts, and the segment after them */
	assert_int_equal(r.nevents, 2);
	assert_true(r.events[1].ts_us == ts("2019-04-18 13:54:09"));
	assert_string_equal(r.events[1].message, "LINUX RESTART (10 CPU)");
	assert_close(val(&r, "cpu.usr_pct", "9", "2019-04-18 13:54:35"),
		     val(&r, "cpu.usr_pct", "9", "2019-04-18 13:54:35"));
	done(&r, &dg);
}

static int is_sar_text(const char *name)
{
	/* sar's own outputs, minus -V env and sadf -H style dumps */
	return strstr(name, "sar") && !strstr(name, "sadf") &&
	       strcmp(name, "expected.sar-V-env") != 0;
}

static void test_peer_corpus_every_file(void **state)
{
	const char *c = corpus();
	FILE *ls;
	char cmd[700], name[256];
	size_t nsar = 0, nother = 0;

	if (!c)
		skip();
	snprintf(cmd, sizeof(cmd), "ls %s", c);
	ls = popen(cmd, "r");
	assert_non_null(ls);
	while (fgets(name, sizeof(name), ls)) {
		char p[800];
		struct recorder r;
		struct diag dg;
		int rc, sn;

		name[strcspn(name, "\n")] = '\0';
		if (strncmp(name, "expected", 8))
			continue;
		snprintf(p, sizeof(p), "%s/%s", c, name);
		sn = test_sniff_file(&sar_importer, p);
		rc = run(p, &r, &dg, 0, TS_UNKNOWN, 1);
		if (is_sar_text(name) || !strcmp(name, "expected.data-9.1.6") ||
		    (strstr(name, "expected.data-") && !strstr(name, "sadf") &&
		     strcmp(name, "expected.data-12.0.0-H"))) {
			if (rc != IMPORT_OK || dg.nerror)
				fail_msg("%s: rc %d, %zu errors", name, rc, dg.nerror);
			if (sn < SNIFF_SURE)
				fail_msg("%s: sniff %d", name, sn);
			nsar++;
		} else {
			/* sadf output of every kind, -V env, -H: not ours */
			if (sn >= SNIFF_WEAK)
				fail_msg("%s: sniff %d claims it", name, sn);
			if (rc == IMPORT_OK)
				fail_msg("%s: imported as sar text", name);
			if (dg.nerror == 0)
				fail_msg("%s: refused without an error", name);
			nother++;
		}
		done(&r, &dg);
	}
	pclose(ls);
	assert_true(nsar >= 80);
	assert_true(nother >= 50);
}

static void test_peer_variants(void **state)
{
	const char *c = corpus();
	char p[600];
	struct recorder r, h;
	struct diag dg, dg2;

	if (!c)
		skip();
	/* --pretty -d: device last */
	snprintf(p, sizeof(p), "%s/expected.sar-pretty", c);
	assert_int_equal(run(p, &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_close(val(&r, "disk.tps", "sda", "2019-04-18 13:20:49"),
		     val(&r, "disk.tps", "sda", "2019-04-18 13:20:49"));
	assert_true(recorder_count(&r, "disk.util_pct", "sda") == 5);
	done(&r, &dg);
	/* --human against the plain rendering of the same file */
	snprintf(p, sizeof(p), "%s/expected2.sar-all", c);
	assert_int_equal(run(p, &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	snprintf(p, sizeof(p), "%s/expected.sar-human", c);
	assert_int_equal(run(p, &h, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_same_samples(&r, &h, -1, 0);
	done(&h, &dg2);
	/* S_COLORS=always: ANSI sequences stripped, same values */
	snprintf(p, sizeof(p), "%s/expected.sar-always", c);
	assert_int_equal(run(p, &h, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(dg2.nwarn, 0);
	assert_close(val(&h, "cpu.user_pct", "all", "2019-04-18 13:20:19"), 2.15);
	done(&h, &dg2);
	/* repeated headers (S_REPEAT_HEADER=2) and "Average: CPU ..." */
	snprintf(p, sizeof(p), "%s/expected.sar-rep_hdr", c);
	assert_int_equal(run(p, &h, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(dg2.nwarn, 0);
	assert_int_equal(recorder_count(&h, "cpu.user_pct", "all"), 4);
	assert_close(val(&h, "cpu.user_pct", "all", "2019-04-18 13:20:49"), 6.80);
	done(&h, &dg2);
	/* midnight inside a section, and the next section back at 23:59:58 */
	snprintf(p, sizeof(p), "%s/expected.sar-cd", c);
	assert_int_equal(run(p, &h, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_close(val(&h, "task.cswch_per_s", "", "2019-05-01 23:59:59"), 46287.74);
	assert_close(val(&h, "task.cswch_per_s", "", "2019-05-02 00:00:00"), 64945.01);
	assert_close(val(&h, "cpu.nice_pct", "all", "2019-05-02 00:00:00"), 23.20);
	done(&h, &dg2);
	/* ISO dates */
	snprintf(p, sizeof(p), "%s/expected.sar-ISO", c);
	assert_int_equal(run(p, &h, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_close(val(&h, "cpu.idle_pct", "all", "2019-04-18 13:20:19"), 82.88);
	/* comments (sar -C) become events */
	assert_string_equal(h.events[1].kind, "comment");
	assert_string_equal(h.events[1].message, "Testing sysstat!");
	done(&h, &dg2);
	/* comments printed once per section are kept once */
	snprintf(p, sizeof(p), "%s/expected.sar-ext-hl", c);
	assert_int_equal(run(p, &h, &dg2, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_int_equal(h.nevents, 9);
	done(&h, &dg2);
	done(&r, &dg);
}

/* ------------------------------------------------------------------ */
/* fragments and old formats (shared/samples)                           */

static void test_fragment_12h_with_date(void **state)
{
	const char *s = samples_dir();
	char p[600];
	struct recorder r;
	struct diag dg;

	if (!s)
		skip();
	snprintf(p, sizeof(p), "%s/pagecache-sar-u-12h.txt", s);
	assert_int_equal(run(p, &r, &dg, 0, ts("2016-03-01 00:00:00"), 0), IMPORT_OK);
	assert_msg(&dg, 1, "no sar header: dates taken from --date 2016-03-01");
	assert_int_equal(dg.nwarn, 1);        /* the repeated header is fine */
	/* 12:20:08 PM is noon, 01:00:08 PM is 13:00 */
	assert_close(val(&r, "cpu.iowait_pct", "all", "2016-03-01 12:20:08"), 31.58);
	assert_close(val(&r, "cpu.iowait_pct", "all", "2016-03-01 13:00:08"), 53.93);
	assert_close(val(&r, "cpu.user_pct", "all", "2016-03-01 11:40:01"), 26.88);
	assert_close(val(&r, "cpu.idle_pct", "all", "2016-03-01 15:30:05"), 42.57);
	done(&r, &dg);
}

static void test_fragment_defer_hint_refuse(void **state)
{
	const char *s = samples_dir();
	char p[600];
	struct recorder r;
	struct diag dg;
	struct test_input ti;

	if (!s)
		skip();
	snprintf(p, sizeof(p), "%s/pagecache-sar-B-12h.txt", s);
	/* nothing to date it with: defer, emitting nothing */
	assert_int_equal(run(p, &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_DEFER);
	assert_int_equal(r.nsamples, 0);
	assert_int_equal(r.nseries, 0);
	done(&r, &dg);
	/* the retry at the end of the bundle: refused with the way out */
	assert_int_equal(run(p, &r, &dg, 0, TS_UNKNOWN, 1), IMPORT_FAIL);
	assert_msg(&dg, 1, "sar rows without a header line and no date for them: give --date YYYY-MM-DD");
	done(&r, &dg);
	/* a sar header elsewhere in the bundle gave a date */
	assert_int_equal(test_input_file(&ti, p, 0), 0);
	ti.hints.sar_date_us = ts("2016-02-29 00:00:00");
	snprintf(ti.hints.sar_date_from, sizeof(ti.hints.sar_date_from), "bundle/sar29");
	recorder_init(&r);
	diag_init(&dg, p, 0);
	assert_int_equal(sar_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_msg(&dg, 1, "no sar header: dates taken from the sar header of 'bundle/sar29' (2016-02-29)");
	assert_string_equal(ti.in.time_origin,
			    "the date of another sar file in the bundle (no sar header); local times read in UTC");
	/* the jump: majflt/s 0.17 -> 633.88 at 03:00:07 AM */
	assert_close(val(&r, "paging.majflt_per_s", "", "2016-02-29 02:50:02"), 0.17);
	assert_close(val(&r, "paging.majflt_per_s", "", "2016-02-29 03:00:07"), 633.88);
	assert_close(val(&r, "paging.pgpgin_bytes_per_s", "", "2016-02-29 03:00:07"),
		     694031.81 * 1024);
	assert_close(val(&r, "paging.vmeff_pct", "", "2016-02-29 03:00:07"), 47.88);
	test_input_release(&ti);
	done(&r, &dg);
}

static void test_old_columns(void **state)
{
	const char *s = samples_dir();
	char p[600];
	struct recorder r;
	struct diag dg;

	if (!s)
		skip();
	/* old -d: sectors and ms */
	snprintf(p, sizeof(p), "%s/pagecache-sar-d-12h-a.txt", s);
	assert_int_equal(run(p, &r, &dg, 0, ts("2016-03-01 00:00:00"), 0), IMPORT_OK);
	assert_close(val(&r, "disk.wr_bytes_per_s", "sdb", "2016-03-01 02:50:02"), 1734.51 * 512);
	assert_close(val(&r, "disk.rd_bytes_per_s", "vgca0", "2016-03-01 03:00:07"),
		     1363553.94 * 512);
	assert_close(val(&r, "disk.areq_sz_bytes", "sda", "2016-03-01 02:50:02"), 51.51 * 512);
	assert_close(val(&r, "disk.aqu_sz", "sda", "2016-03-01 02:50:02"), 3.15);
	assert_close(val(&r, "disk.await_s", "sda", "2016-03-01 02:50:02"), 0.09363);
	assert_close(val(&r, "disk.svctm_s", "sda", "2016-03-01 02:50:02"), 0.00611);
	assert_close(val(&r, "disk.util_pct", "sda", "2016-03-01 03:10:07"), 100.34);
	done(&r, &dg);
	/* old -r */
	snprintf(p, sizeof(p), "%s/pagecache-sar-r-12h.txt", s);
	assert_int_equal(run(p, &r, &dg, 0, ts("2016-03-01 00:00:00"), 0), IMPORT_OK);
	assert_close(val(&r, "memory.cached_bytes", "", "2016-03-01 20:20:01"), 19469400.0 * 1024);
	assert_close(val(&r, "memory.cached_bytes", "", "2016-03-01 20:30:06"), 53060.0 * 1024);
	assert_close(val(&r, "memory.commit_pct", "", "2016-03-01 21:00:08"), 44.01);
	done(&r, &dg);
}

static void test_synthetic_forms(void **state)
{
	/* the forms no fixture has: old -r with swap columns, old per-CPU
	 * interrupts, 12 AM, DD/MM/YYYY with commas, bare LINUX RESTART,
	 * French Average with an ASCII space, an unknown section */
	static const char text[] =
		"Linux 2.6.32 (old) \t05/03/2010 \t_x86_64_\t(2 CPU)\n"
		"\n"
		"11:59:50 PM kbmemfree kbmemused  %memused kbbuffers  kbcached kbswpfree kbswpused  %swpused  kbswpcad\n"
		"11:59:59 PM   100,50      200      66,67        10        20       300       400     57,14        5\n"
		"12:00:09 AM       101      199      66,33        10        20       300       400     57,14        5\n"
		"Moyenne :        100      200      66,50        10        20       300       400     57,14        5\n"
		"\n"
		"12:00:10 AM       LINUX RESTART\n"
		"\n"
		"12:00:20 AM       CPU   i000/s   i001/s   i009/s\n"
		"12:00:30 AM         0     12,00      0,50      1,00\n"
		"12:00:30 AM         1      3,00      0,00      0,00\n"
		"12:00:30 AM       foo/s   %bar   baz\n"
		"12:00:40 AM        1,50   2,50     7\n";
	struct recorder r;
	struct diag dg;

	assert_int_equal(run_mem("old.txt", text, sizeof(text) - 1, &r, &dg, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn + dg.nerror, 0);
	/* 05/03/2010 with decimal commas: 5 March */
	assert_close(val(&r, "memory.memfree_bytes", "", "2010-03-05 23:59:59"), 100.5 * 1024);
	assert_close(val(&r, "memory.memfree_bytes", "", "2010-03-06 00:00:09"), 101.0 * 1024);
	assert_close(val(&r, "swap_util.swpused_bytes", "", "2010-03-05 23:59:59"), 400.0 * 1024);
	assert_close(val(&r, "swap_util.swpused_pct", "", "2010-03-06 00:00:09"), 57.14);
	assert_int_equal(r.nevents, 1);
	assert_true(r.events[0].ts_us == ts("2010-03-06 00:00:10"));
	assert_string_equal(r.events[0].message, "LINUX RESTART");
	assert_close(val(&r, "intr.intr_per_s", "0/cpu0", "2010-03-06 00:00:30"), 12.0);
	assert_close(val(&r, "intr.intr_per_s", "1/cpu0", "2010-03-06 00:00:30"), 0.5);
	assert_close(val(&r, "intr.intr_per_s", "9/cpu1", "2010-03-06 00:00:30"), 0.0);
	assert_close(val(&r, "sar.foo_per_s", "", "2010-03-06 00:00:40"), 1.5);
	assert_close(val(&r, "sar.bar_pct", "", "2010-03-06 00:00:40"), 2.5);
	assert_close(val(&r, "sar.baz", "", "2010-03-06 00:00:40"), 7);
	done(&r, &dg);
}

/* Two sar files concatenated: each header names its host, and each
 * host's samples go to its own series. */
static void test_two_hosts(void **state)
{
	static const char text[] =
		"Linux 6.1.0 (web1) \t2024-03-01 \t_x86_64_\t(4 CPU)\n"
		"\n"
		"09:59:00        CPU     %user     %nice   %system   %iowait    %steal     %idle\n"
		"10:00:00        all      1.00      0.00      1.00      0.00      0.00     98.00\n"
		"Average:        all      1.00      0.00      1.00      0.00      0.00     98.00\n"
		"Linux 6.1.0 (web2) \t2024-03-01 \t_x86_64_\t(8 CPU)\n"
		"\n"
		"09:59:00        CPU     %user     %nice   %system   %iowait    %steal     %idle\n"
		"10:00:00        all      5.00      0.00      5.00      0.00      0.00     90.00\n";
	struct recorder r;
	struct diag dg;
	int n1 = 0, n2 = 0;

	assert_int_equal(run_mem("two.txt", text, sizeof(text) - 1, &r, &dg, 0), IMPORT_OK);
	assert_int_equal(r.nhosts, 2);
	assert_int_equal(r.nsamples, 12);
	for (size_t i = 0; i < r.nsamples; i++) {
		const struct rec_series *s = &r.series[r.samples[i].series - 1];

		if (!strcmp(s->metric, "cpu.idle_pct")) {
			if (!strcmp(s->host, "web1") && r.samples[i].value == 98.0)
				n1++;
			if (!strcmp(s->host, "web2") && r.samples[i].value == 90.0)
				n2++;
		}
	}
	assert_int_equal(n1, 1);
	assert_int_equal(n2, 1);
	done(&r, &dg);
}

/* MM/DD/YYYY (en_US) and DD/MM/YYYY (fr_FR, es_ES, it_IT) look alike:
 * decimal commas say DD/MM, AM/PM says MM/DD, sa2's file name sarDD says
 * which field is the day; with no clue MM/DD wins, with a warning. */
static void test_ambiguous_dates(void **state)
{
	static const char text[] =
		"Linux 6.1.0 (db1) \t05/03/2010 \t_x86_64_\t(4 CPU)\n"
		"\n"
		"09:59:00        CPU     %user     %nice   %system   %iowait    %steal     %idle\n"
		"10:00:00        all      1.00      0.00      1.00      0.00      0.00     98.00\n";
	struct recorder r;
	struct diag dg;

	assert_int_equal(run_mem("x.txt", text, sizeof(text) - 1, &r, &dg, 0), IMPORT_OK);
	assert_msg(&dg, 1, "ambiguous date '05/03/2010': read as month/day (2010-05-03)");
	assert_close(val(&r, "cpu.idle_pct", "all", "2010-05-03 10:00:00"), 98.0);
	done(&r, &dg);
	assert_int_equal(run_mem("sa/sar05", text, sizeof(text) - 1, &r, &dg, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_close(val(&r, "cpu.idle_pct", "all", "2010-03-05 10:00:00"), 98.0);
	done(&r, &dg);
	assert_int_equal(run_mem("sa/sar03", text, sizeof(text) - 1, &r, &dg, 0), IMPORT_OK);
	assert_int_equal(dg.nwarn, 0);
	assert_close(val(&r, "cpu.idle_pct", "all", "2010-05-03 10:00:00"), 98.0);
	done(&r, &dg);
}

static void test_tz(void **state)
{
	static const char text[] =
		"Linux 6.1.0 (db1) \t2024-07-01 \t_x86_64_\t(4 CPU)\n"
		"\n"
		"09:59:00        CPU     %user     %nice   %system   %iowait    %steal     %idle\n"
		"10:00:00        all      1.00      0.00      1.00      0.00      0.00     98.00\n";
	struct test_input ti;
	struct recorder r;
	struct diag dg;

	test_input_mem(&ti, "sar01", text, sizeof(text) - 1, 0);
	ti.opts.tz = "Europe/Berlin";     /* CEST, UTC+2 */
	recorder_init(&r);
	diag_init(&dg, "sar01", 0);
	assert_int_equal(sar_importer.parse(&ti.in, &r.sink, &dg), IMPORT_OK);
	assert_close(val(&r, "cpu.idle_pct", "all", "2024-07-01 08:00:00"), 98.0);
	assert_string_equal(ti.in.time_origin, "sar header date; local times read in Europe/Berlin");
	assert_non_null(ti.hints.sar_date_from);
	assert_true(ti.hints.sar_date_us == ts("2024-07-01 00:00:00"));
	assert_string_equal(ti.hints.sar_date_from, "sar01");
	test_input_release(&ti);
	done(&r, &dg);
}

/* ------------------------------------------------------------------ */
/* malformed input (fixtures/sar/bad)                                   */

static void test_bad_truncated(void **state)
{
	struct recorder r;
	struct diag dg;

	for (int stream = 0; stream < 2; stream++) {
		assert_int_equal(run(FIX "bad/truncated.txt", &r, &dg, stream, TS_UNKNOWN, 0),
				 IMPORT_OK);
		assert_msg(&dg, 6, "last line has no end of line (file cut?): skipped");
		assert_int_equal(recorder_count(&r, "cpu.user_pct", "all"), 2);
		done(&r, &dg);
	}
}

static void test_bad_junk(void **state)
{
	struct recorder r;
	struct diag dg;

	assert_int_equal(test_sniff_file(&sar_importer, FIX "bad/sar.txt"), 0);
	assert_int_equal(run(FIX "bad/sar.txt", &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_FAIL);
	assert_msg(&dg, 0, "no sar data: no header line and no time-stamped rows");
	assert_int_equal(r.nsamples, 0);
	done(&r, &dg);
}

static void test_bad_nul(void **state)
{
	struct recorder r;
	struct diag dg;

	assert_int_equal(run(FIX "bad/nul.txt", &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_msg(&dg, 5, "line with NUL bytes skipped");
	assert_int_equal(dg.nwarn, 1);
	assert_int_equal(recorder_count(&r, "cpu.user_pct", "all"), 2);
	assert_close(val(&r, "cpu.user_pct", "all", "2024-03-01 10:30:01"), 2.60);
	done(&r, &dg);
}

static void test_bad_crlf(void **state)
{
	struct recorder r, lf;
	struct diag dg, dg2;
	static const char text[] =
		"Linux 6.1.0-18-amd64 (db1) \t03/01/24 \t_x86_64_\t(4 CPU)\n"
		"\n"
		"10:00:01        CPU     %user     %nice   %system   %iowait    %steal     %idle\n"
		"10:10:01        all      2.15      0.00      1.84      0.12      0.00     95.89\n"
		"10:20:01        all      2.28      0.00      1.55      0.48      0.00     95.69\n"
		"10:30:01        all      2.60      0.00      1.60      0.20      0.00     95.60\n"
		"Average:        all      2.34      0.00      1.66      0.27      0.00     95.73\n";

	for (int stream = 0; stream < 2; stream++) {
		assert_int_equal(run(FIX "bad/crlf.txt", &r, &dg, stream, TS_UNKNOWN, 0), IMPORT_OK);
		assert_int_equal(dg.nwarn + dg.nerror, 0);
		assert_int_equal(run_mem("lf.txt", text, sizeof(text) - 1, &lf, &dg2, 0), IMPORT_OK);
		assert_same_samples(&lf, &r, 0, 0);
		assert_close(val(&r, "cpu.idle_pct", "all", "2024-03-01 10:30:01"), 95.60);
		done(&r, &dg);
		done(&lf, &dg2);
	}
}

static void test_bad_long_line(void **state)
{
	static const char head[] =
		"Linux 6.1.0-18-amd64 (db1) \t03/01/24 \t_x86_64_\t(4 CPU)\n"
		"\n"
		"10:00:01        CPU     %user     %nice   %system   %iowait    %steal     %idle\n"
		"10:10:01        all      2.15      0.00      1.84      0.12      0.00     95.89\n";
	static const char tail[] =
		"\n10:20:01        all      2.28      0.00      1.55      0.48      0.00     95.69\n";
	size_t big = 50u << 20, n = sizeof(head) - 1 + big + sizeof(tail) - 1;
	char *buf = xmalloc(n);
	struct recorder r;
	struct diag dg;

	memcpy(buf, head, sizeof(head) - 1);
	memset(buf + sizeof(head) - 1, '7', big);
	memcpy(buf + sizeof(head) - 1 + big, tail, sizeof(tail) - 1);
	for (int stream = 0; stream < 2; stream++) {
		assert_int_equal(run_mem("long.txt", buf, n, &r, &dg, stream), IMPORT_OK);
		assert_msg(&dg, 5, "line longer than 1048576 bytes skipped");
		assert_int_equal(dg.nwarn, 1);
		assert_close(val(&r, "cpu.user_pct", "all", "2024-03-01 10:20:01"), 2.28);
		done(&r, &dg);
	}
	free(buf);
}

static void test_bad_columns(void **state)
{
	struct recorder r;
	struct diag dg;

	assert_int_equal(run(FIX "bad/columns.txt", &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_msg(&dg, 5, "row has 6 columns, the header has 7: skipped");
	assert_int_equal(dg.nwarn, 1);
	assert_int_equal(recorder_count(&r, "cpu.idle_pct", "all"), 2);
	done(&r, &dg);
}

static void test_bad_number(void **state)
{
	struct recorder r;
	struct diag dg;
	double v;

	assert_int_equal(run(FIX "bad/number.txt", &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_OK);
	assert_msg(&dg, 5, "cannot parse '1.5x5' in column '%system': value skipped");
	assert_int_equal(dg.nwarn, 1);
	/* the rest of the row is kept */
	assert_close(val(&r, "cpu.iowait_pct", "all", "2024-03-01 10:20:01"), 0.48);
	assert_false(recorder_value(&r, "cpu.system_pct", "all", ts("2024-03-01 10:20:01"), &v));
	done(&r, &dg);
}

static void test_bad_date(void **state)
{
	struct recorder r;
	struct diag dg;

	assert_int_equal(test_sniff_file(&sar_importer, FIX "bad/date.txt"), 75);
	assert_int_equal(run(FIX "bad/date.txt", &r, &dg, 0, TS_UNKNOWN, 0), IMPORT_FAIL);
	assert_msg(&dg, 1, "impossible date '02/30/24' in the sar header");
	assert_int_equal(r.nsamples, 0);
	done(&r, &dg);
}

/* ------------------------------------------------------------------ */
/* the sniffer                                                          */

static void test_sniff(void **state)
{
	const char *s = samples_dir();
	char p[600];

	assert_true(test_sniff_file(&sar_importer, FIX "sar-A.C.txt") >= SNIFF_SURE);
	assert_true(test_sniff_file(&sar_importer, FIX "sar-A.fr_FR.txt") >= SNIFF_SURE);
	assert_int_equal(test_sniff_file(&sar_importer, "fixtures/sadf/sadf-d-A.txt"), 0);
	assert_int_equal(test_sniff_file(&sar_importer, "fixtures/sadf/sadf-d-A.de_DE.txt"), 0);
	assert_int_equal(test_sniff_file(&sar_importer, "fixtures/sadf/sadf-j-A.json"), 0);
	assert_int_equal(test_sniff_file(&sar_importer, FIX "sa-1s.bin"), 0);
	if (s) {
		/* a fragment that starts with a header row: strong */
		snprintf(p, sizeof(p), "%s/pagecache-sar-d-12h-a.txt", s);
		assert_int_equal(test_sniff_file(&sar_importer, p), 75);
	}
	/* data rows only: weak but positive */
	assert_int_equal(sniff_mem("frag.txt",
		"10:10:01 AM all 2.15 0.00 1.84 0.12 0.00 95.89\n"
		"10:20:01 AM all 2.28 0.00 1.55 0.48 0.00 95.69\n"
		"10:30:01 AM all 2.60 0.00 1.60 0.20 0.00 95.60\n"), 40);
	assert_int_equal(sniff_mem("x.log", "hello world\nthis is text\n"), 0);
	/* other time-stamped text: strace -t, a log */
	assert_int_equal(sniff_mem("trace.txt",
		"13:50:24 brk(NULL)                      = 0x55e3c26e9000\n"
		"13:50:24 access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT\n"
		"13:50:24 openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY) = 3\n"), 0);
	/* a NUL byte in a row does not hide a sar file */
	assert_true(test_sniff_file(&sar_importer, FIX "bad/nul.txt") >= SNIFF_SURE);
	assert_int_equal(sniff_mem("x.log", "10:00:01 started\n10:00:02 stopped\n"), 0);
}

/* ------------------------------------------------------------------ */
/* the views, through the real store                                    */

static double q1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	double v = NAN;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_double(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void test_views(void **state)
{
	char db[64];
	struct store *st;
	struct test_input ti;
	struct diag dg;
	sqlite3 *h;
	int rc;

	snprintf(db, sizeof(db), "/tmp/pmortem-test-sar-%d.db", (int)getpid());
	unlink(db);
	st = store_open(db, 0);
	assert_non_null(st);
	assert_int_equal(test_input_file(&ti, FIX "sar-A.C.txt", 0), 0);
	assert_int_equal(store_source_begin(st, FIX "sar-A.C.txt",
					    "00000000000000000000000000000000000000000000000000000000000000aa",
					    ti.in.size, &sar_importer), 0);
	diag_init(&dg, FIX "sar-A.C.txt", 0);
	rc = sar_importer.parse(&ti.in, store_sink(st), &dg);
	assert_int_equal(rc, IMPORT_OK);
	assert_true(store_source_end(st, rc, &dg, ti.in.time_origin) > 40000);
	h = store_db(st);
	/* the example */
	assert_close(q1(h, "SELECT iowait_pct FROM v_sar_cpu WHERE cpu='all' "
			   "AND ts='2026-11-22 13:46:13'"), 0.50);
	assert_close(q1(h, "SELECT count(*) FROM v_sar_cpu WHERE cpu='all'"), 89);
	/* %user = %usr + %guest, %system = %sys + %irq + %soft */
	assert_close(q1(h, "SELECT user_pct FROM v_sar_cpu WHERE cpu='all' "
			   "AND ts='2026-11-22 13:46:13'"), 16.92);
	assert_close(q1(h, "SELECT system_pct FROM v_sar_cpu WHERE cpu='all' "
			   "AND ts='2026-11-22 13:46:13'"), 2.99 + 0.50);
	assert_close(q1(h, "SELECT memfree_bytes FROM v_sar_mem "
			   "WHERE ts='2026-11-22 13:46:14'"), 23897132.0 * 1024);
	assert_close(q1(h, "SELECT wr_bytes_per_s FROM v_sar_disk "
			   "WHERE dev='vda' AND ts='2026-11-22 13:46:13'"), 3924.0 * 1024);
	assert_close(q1(h, "SELECT await_s FROM v_sar_disk "
			   "WHERE dev='vda' AND ts='2026-11-22 13:46:13'"), 0.00045);
	assert_close(q1(h, "SELECT count(*) FROM v_sar_net WHERE iface='lo'"), 89);
	assert_true(q1(h, "SELECT max(rx_bytes_per_s) FROM v_sar_net WHERE iface='lo'") > 1e6);
	assert_close(q1(h, "SELECT count(*) FROM v_sar_paging"), 89);
	assert_close(q1(h, "SELECT count(ldavg_1) FROM v_sar_load"), 89);
	assert_close(q1(h, "SELECT count(*) FROM metric WHERE metric LIKE 'cpu.%' "
			   "AND description IS NOT NULL"), 10);
	assert_close(q1(h, "SELECT count(*) FROM source WHERE time_origin = "
			   "'sar header date; local times read in UTC'"), 1);
	test_input_release(&ti);
	diag_release(&dg);
	store_close(st);
	unlink(db);
}

/* ------------------------------------------------------------------ */
/* the table and its documentation                                      */

static void test_table_documented(void **state)
{
	FILE *f = fopen("docs/SCHEMA.md", "r");
	char *doc;
	size_t n = 0, cap = 1 << 20;

	assert_non_null(f);
	doc = xmalloc(cap);
	n = fread(doc, 1, cap - 1, f);
	doc[n] = '\0';
	fclose(f);
	assert_non_null(strstr(doc, "## sar metrics"));
	for (const struct sar_section *s = sar_sections; s->family; s++)
		for (const struct sar_column *c = s->cols; c->name; c++) {
			char metric[128], row[256];

			if (c->kind != SAR_VALUE && c->kind != SAR_STATUS)
				continue;
			sar_metric(s, c, metric, sizeof(metric));
			snprintf(row, sizeof(row), "| `%s` | `%s` |", c->name, metric);
			if (!strstr(doc, row))
				fail_msg("docs/SCHEMA.md lacks the row %s", row);
		}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c_locale_against_sadf),
		cmocka_unit_test(test_locales_same_samples),
		cmocka_unit_test(test_more_locales),
		cmocka_unit_test(test_human),
		cmocka_unit_test(test_midnight),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_peer_all_against_sadf),
		cmocka_unit_test(test_peer_corpus_every_file),
		cmocka_unit_test(test_peer_variants),
		cmocka_unit_test(test_fragment_12h_with_date),
		cmocka_unit_test(test_fragment_defer_hint_refuse),
		cmocka_unit_test(test_old_columns),
		cmocka_unit_test(test_synthetic_forms),
		cmocka_unit_test(test_two_hosts),
		cmocka_unit_test(test_ambiguous_dates),
		cmocka_unit_test(test_tz),
		cmocka_unit_test(test_bad_truncated),
		cmocka_unit_test(test_bad_junk),
		cmocka_unit_test(test_bad_nul),
		cmocka_unit_test(test_bad_crlf),
		cmocka_unit_test(test_bad_long_line),
		cmocka_unit_test(test_bad_columns),
		cmocka_unit_test(test_bad_number),
		cmocka_unit_test(test_bad_date),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_table_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
