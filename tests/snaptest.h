/*
 * snaptest.h - what the /proc snapshot importers' tests share: exact
 * diagnostics (`line: message`), running an importer on an in-memory
 * input with a chosen name, mtime and zone, and comparing two recordings.
 * Header-only (static) so each tests/test_NAME.c stays one file.
 */
#ifndef PMORTEM_SNAPTEST_H
#define PMORTEM_SNAPTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recorder.h"
#include "util.h"

/* 1 when dg holds exactly `text` at `line` (any level). */
static inline int diag_at(const struct diag *dg, int64_t line, const char *text)
{
	for (size_t i = 0; i < dg->nmsgs; i++)
		if (dg->msgs[i].line == line && !strcmp(dg->msgs[i].text, text))
			return 1;
	fprintf(stderr, "missing %lld: %s; have:\n", (long long)line, text);
	for (size_t i = 0; i < dg->nmsgs; i++)
		fprintf(stderr, "  %lld: %s\n", (long long)dg->msgs[i].line,
			dg->msgs[i].text);
	return 0;
}

/* Run imp on a file, served mapped (stream 0) or streamed (1), with the
 * given display name (NULL: the path), mtime and zone. */
static inline int snap_run_file(const struct importer *imp, const char *path,
				const char *name, int stream, int64_t mtime_us,
				const char *tz, struct recorder *r,
				struct diag *dg, char *origin, size_t origin_cap)
{
	struct test_input ti;
	int rc;

	if (test_input_file(&ti, path, stream) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		return -100;
	}
	if (name) {
		ti.in.path = name;
		ti.in.name = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	}
	ti.in.mtime_us = mtime_us;
	ti.opts.tz = tz;
	diag_init(dg, ti.in.path, 0);
	rc = imp->parse(&ti.in, &r->sink, dg);
	if (origin)
		snprintf(origin, origin_cap, "%s", ti.in.time_origin);
	test_input_release(&ti);
	return rc;
}

/* Same for a string. */
static inline int snap_run_mem(const struct importer *imp, const char *name,
			       const char *text, int64_t mtime_us,
			       int64_t capture_us, const char *tz,
			       struct recorder *r, struct diag *dg, char *origin,
			       size_t origin_cap)
{
	struct test_input ti;
	int rc;

	test_input_mem(&ti, name, text, strlen(text), 0);
	ti.in.mtime_us = mtime_us;
	ti.hints.capture_us = capture_us;
	ti.opts.tz = tz;
	diag_init(dg, name, 0);
	rc = imp->parse(&ti.in, &r->sink, dg);
	if (origin)
		snprintf(origin, origin_cap, "%s", ti.in.time_origin);
	test_input_release(&ti);
	return rc;
}

/* The timestamps of a metric/instance, in recording order, into ts[]
 * (at most cap); returns how many. */
static inline size_t rec_times(const struct recorder *r, const char *metric,
			       const char *instance, int64_t *ts, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nseries; i++) {
		if (strcmp(r->series[i].metric, metric) ||
		    strcmp(r->series[i].instance, instance))
			continue;
		for (size_t j = 0; j < r->nsamples; j++)
			if (r->samples[j].series == (int64_t)i + 1 && n < cap)
				ts[n++] = r->samples[j].ts_us;
	}
	return n;
}

/* The unit a metric/instance was created with, or NULL. */
static inline const char *rec_unit(const struct recorder *r, const char *metric,
				   const char *instance)
{
	for (size_t i = 0; i < r->nseries; i++)
		if (!strcmp(r->series[i].metric, metric) &&
		    !strcmp(r->series[i].instance, instance))
			return r->series[i].unit;
	return NULL;
}

/* Every sample of a (of series with unit `unit`, NULL: all), truncated to
 * whole seconds, is in b with the same value at the same whole second:
 * returns how many were compared, or -1 (printed) on the first difference. */
static inline long rec_same_unit(const struct recorder *a,
				 const struct recorder *b, const char *unit)
{
	long n = 0;
	int64_t *map = calloc(a->nseries + 1, sizeof(*map));

	for (size_t i = 0; i < a->nseries; i++)
		for (size_t j = 0; j < b->nseries; j++)
			if (!strcmp(a->series[i].metric, b->series[j].metric) &&
			    !strcmp(a->series[i].instance, b->series[j].instance))
				map[i + 1] = (int64_t)j + 1;
	for (size_t i = 0; i < a->nsamples; i++) {
		const struct rec_sample *x = &a->samples[i];
		const struct rec_series *sx = &a->series[x->series - 1];
		int64_t want = map[x->series];
		int found = 0;

		if (unit && strcmp(sx->unit, unit))
			continue;

		for (size_t j = 0; want && j < b->nsamples && !found; j++) {
			const struct rec_sample *y = &b->samples[j];

			if (y->series != want || x->ts_us / 1000000 != y->ts_us / 1000000)
				continue;
			found = 1;
			if (x->value != y->value) {
				fprintf(stderr, "%s %s at %lld: %.17g vs %.17g\n",
					sx->metric, sx->instance,
					(long long)x->ts_us, x->value, y->value);
				free(map);
				return -1;
			}
		}
		if (!found) {
			fprintf(stderr, "%s %s at %lld missing\n", sx->metric,
				sx->instance, (long long)x->ts_us);
			free(map);
			return -1;
		}
		n++;
	}
	free(map);
	return n;
}

static inline long rec_same_by_second(const struct recorder *a,
				      const struct recorder *b)
{
	return rec_same_unit(a, b, NULL);
}

#define TS(y, mo, d, h, mi, s, us) utc_us(y, mo, d, h, mi, s, us)

/* An importer's bad/cut-blocks.log: three snapshots, the second cut at a
 * line boundary.  It imports with exactly one message, `text` at `line`;
 * `metric` at `whole` (an instance, "" none) has all 3 samples, at `lost`
 * (a line the cut took) the 2 of the whole snapshots. */
static inline void snap_check_cut(const struct importer *imp, const char *path,
				  int64_t line, const char *text, const char *metric,
				  const char *whole, const char *lost)
{
	struct recorder r;
	struct diag dg;

	recorder_init(&r);
	assert_int_equal(test_import(imp, path, &r, &dg), IMPORT_OK);
	assert_true(diag_at(&dg, line, text));
	assert_int_equal(dg.nmsgs, 1);
	assert_int_equal(recorder_count(&r, metric, whole), 3);
	assert_int_equal(recorder_count(&r, metric, lost), 2);
	diag_release(&dg);
	recorder_release(&r);
}

#endif
