/*
 * recorder.c - the in-memory sink and test inputs declared in recorder.h.
 * Linear searches: tests are small, clarity wins.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recorder.h"
#include "util.h"

static struct recorder *R(struct sink *s)
{
	return s->ctx;
}

static int rec_host(struct sink *s, const struct host_rec *h)
{
	struct recorder *r = R(s);

	free(r->host);
	r->host = xstrdup(h->name ? h->name : "");
	r->last_host = *h;
	r->last_host.name = r->host;
	r->last_host.os = r->last_host.kernel = r->last_host.arch = NULL;
	r->last_host.tz = NULL;
	r->nhosts++;
	return 0;
}

static int64_t rec_series(struct sink *s, const char *metric,
			  const char *instance, const char *unit, const char *desc)
{
	struct recorder *r = R(s);
	const char *host = r->host ? r->host : "";

	for (size_t i = 0; i < r->nseries; i++) {
		struct rec_series *x = &r->series[i];

		if (!strcmp(x->metric, metric) && !strcmp(x->instance, instance) &&
		    !strcmp(x->host, host))
			return (int64_t)i + 1;
	}
	r->series = xgrow(r->series, &r->cap_series, r->nseries + 1,
			  sizeof(*r->series));
	r->series[r->nseries].host = xstrdup(host);
	r->series[r->nseries].metric = xstrdup(metric);
	r->series[r->nseries].instance = xstrdup(instance);
	r->series[r->nseries].unit = xstrdup(unit ? unit : "");
	return (int64_t)++r->nseries;
}

static int rec_sample(struct sink *s, int64_t series, int64_t ts_us,
		      double value, int64_t line)
{
	struct recorder *r = R(s);

	if (series < 1 || (size_t)series > r->nseries)
		return -1;
	r->samples = xgrow(r->samples, &r->cap_samples, r->nsamples + 1,
			   sizeof(*r->samples));
	r->samples[r->nsamples++] = (struct rec_sample){ series, ts_us, value, line };
	return 0;
}

static int rec_event(struct sink *s, const struct event_rec *e)
{
	struct recorder *r = R(s);
	struct rec_event *x;

	r->events = xgrow(r->events, &r->cap_events, r->nevents + 1,
			  sizeof(*r->events));
	x = &r->events[r->nevents++];
	x->ts_us = e->ts_us;
	x->pid = e->pid;
	x->line = e->line;
	x->kind = xstrdup(e->kind ? e->kind : "");
	x->message = xstrdup(e->message ? e->message : "");
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void merge_str(char **dst, const char *src)
{
	if (src && !*dst)
		*dst = xstrdup(src);
}

static void merge_i64(int64_t *dst, int64_t src)
{
	if (src != -1 && *dst == -1)
		*dst = src;
}

static int64_t rec_process(struct sink *s, const struct process_rec *p)
{
	struct recorder *r = R(s);
	const char *host = r->host ? r->host : "";
	struct rec_process *x = NULL;

	if (!p->snapshot)
		return -1;
	for (size_t i = 0; i < r->nprocesses; i++)
		if (!strcmp(r->processes[i].host, host) &&
		    !strcmp(r->processes[i].snapshot, p->snapshot) &&
		    r->processes[i].pid == p->pid)
			x = &r->processes[i];
	if (!x) {
		r->processes = xgrow(r->processes, &r->cap_processes,
				     r->nprocesses + 1, sizeof(*r->processes));
		x = &r->processes[r->nprocesses++];
		memset(x, 0, sizeof(*x));
		x->host = xstrdup(host);
		x->snapshot = xstrdup(p->snapshot);
		x->capture = xstrdup(p->capture ? p->capture : "");
		x->pid = p->pid;
		x->ts_us = TS_UNKNOWN;
		x->ppid = x->uid = x->euid = x->gid = x->egid = -1;
		x->threads = x->start_ticks = x->vm_rss_bytes = x->vm_swap_bytes = -1;
	}
	if (p->ts_us != TS_UNKNOWN && (x->ts_us == TS_UNKNOWN || p->ts_us < x->ts_us)) {
		x->ts_us = p->ts_us;
		free(x->time_origin);
		x->time_origin = dup_or_null(p->time_origin);
	}
	merge_str(&x->comm, p->comm);
	merge_str(&x->cmdline, p->cmdline);
	merge_str(&x->state, p->state);
	free(x->from);
	x->from = dup_or_null(p->from);
	merge_i64(&x->ppid, p->ppid);
	merge_i64(&x->uid, p->uid);
	merge_i64(&x->euid, p->euid);
	merge_i64(&x->gid, p->gid);
	merge_i64(&x->egid, p->egid);
	merge_i64(&x->threads, p->threads);
	merge_i64(&x->start_ticks, p->start_ticks);
	merge_i64(&x->vm_rss_bytes, p->vm_rss_bytes);
	merge_i64(&x->vm_swap_bytes, p->vm_swap_bytes);
	x->nrecords++;
	return (int64_t)(x - r->processes) + 1;
}

static int rec_mapping(struct sink *s, const struct mapping_rec *m)
{
	struct recorder *r = R(s);
	struct rec_mapping *x;

	if (m->process < 1 || (size_t)m->process > r->nprocesses)
		return -1;
	r->mappings = xgrow(r->mappings, &r->cap_mappings, r->nmappings + 1,
			    sizeof(*r->mappings));
	x = &r->mappings[r->nmappings++];
	memset(x, 0, sizeof(*x));
	x->process = m->process;
	x->rollup = m->rollup;
	x->start = m->start;
	x->end = m->end;
	x->offset = m->offset;
	x->inode = m->inode;
	x->perms = xstrdup(m->perms);
	x->dev = xstrdup(m->dev);
	x->path = xstrdup(m->path);
	x->vm_flags = dup_or_null(m->vm_flags);
	memcpy(x->kb, m->kb, sizeof(x->kb));
	x->thp_eligible = m->thp_eligible;
	x->protection_key = m->protection_key;
	x->line = m->line;
	x->nextra = m->nextra;
	x->extra_name = xcalloc(m->nextra + 1, sizeof(char *));
	x->extra_value = xcalloc(m->nextra + 1, sizeof(char *));
	x->extra_bytes = xcalloc(m->nextra + 1, sizeof(int64_t));
	for (size_t i = 0; i < m->nextra; i++) {
		x->extra_name[i] = xstrdup(m->extra[i].name);
		x->extra_value[i] = xstrdup(m->extra[i].value);
		x->extra_bytes[i] = m->extra[i].bytes;
	}
	return 0;
}

const struct rec_process *recorder_process(const struct recorder *r,
					   const char *snap, int64_t pid)
{
	for (size_t i = 0; i < r->nprocesses; i++)
		if (r->processes[i].pid == pid &&
		    (!snap || strstr(r->processes[i].snapshot, snap)))
			return &r->processes[i];
	return NULL;
}

const struct rec_mapping *recorder_mapping(const struct recorder *r,
					   const struct rec_process *p,
					   uint64_t start, int rollup)
{
	int64_t id = p ? (int64_t)(p - r->processes) + 1 : 0;

	for (size_t i = 0; i < r->nmappings; i++)
		if (r->mappings[i].process == id && r->mappings[i].start == start &&
		    r->mappings[i].rollup == rollup)
			return &r->mappings[i];
	return NULL;
}

const char *recorder_extra(const struct rec_mapping *m, const char *name)
{
	for (size_t i = 0; m && i < m->nextra; i++)
		if (!strcmp(m->extra_name[i], name))
			return m->extra_value[i];
	return NULL;
}

void recorder_init(struct recorder *r)
{
	memset(r, 0, sizeof(*r));
	r->sink.ctx = r;
	r->sink.host = rec_host;
	r->sink.series = rec_series;
	r->sink.sample = rec_sample;
	r->sink.event = rec_event;
	r->sink.process = rec_process;
	r->sink.mapping = rec_mapping;
}

void recorder_release(struct recorder *r)
{
	for (size_t i = 0; i < r->nseries; i++) {
		free(r->series[i].host);
		free(r->series[i].metric);
		free(r->series[i].instance);
		free(r->series[i].unit);
	}
	for (size_t i = 0; i < r->nevents; i++) {
		free(r->events[i].kind);
		free(r->events[i].message);
	}
	for (size_t i = 0; i < r->nprocesses; i++) {
		struct rec_process *x = &r->processes[i];

		free(x->host);
		free(x->snapshot);
		free(x->capture);
		free(x->time_origin);
		free(x->comm);
		free(x->cmdline);
		free(x->state);
		free(x->from);
	}
	for (size_t i = 0; i < r->nmappings; i++) {
		struct rec_mapping *x = &r->mappings[i];

		for (size_t k = 0; k < x->nextra; k++) {
			free(x->extra_name[k]);
			free(x->extra_value[k]);
		}
		free(x->extra_name);
		free(x->extra_value);
		free(x->extra_bytes);
		free(x->perms);
		free(x->dev);
		free(x->path);
		free(x->vm_flags);
	}
	free(r->processes);
	free(r->mappings);
	free(r->series);
	free(r->samples);
	free(r->events);
	free(r->host);
	memset(r, 0, sizeof(*r));
}

static int64_t find_series(const struct recorder *r, const char *metric,
			   const char *instance)
{
	for (size_t i = 0; i < r->nseries; i++)
		if (!strcmp(r->series[i].metric, metric) &&
		    !strcmp(r->series[i].instance, instance))
			return (int64_t)i + 1;
	return 0;
}

int recorder_value(const struct recorder *r, const char *metric,
		   const char *instance, int64_t ts_us, double *out)
{
	int64_t id = find_series(r, metric, instance);

	for (size_t i = 0; id && i < r->nsamples; i++)
		if (r->samples[i].series == id && r->samples[i].ts_us == ts_us) {
			*out = r->samples[i].value;
			return 1;
		}
	return 0;
}

size_t recorder_count(const struct recorder *r, const char *metric,
		      const char *instance)
{
	int64_t id = find_series(r, metric, instance);
	size_t n = 0;

	for (size_t i = 0; id && i < r->nsamples; i++)
		n += r->samples[i].series == id;
	return n;
}

static ssize_t mem_read(struct input *in, void *buf, size_t n)
{
	struct test_input *ti = in->stream;
	uint64_t left = in->size - in->stream_pos;

	/* serve odd-sized chunks to exercise buffer boundaries */
	if (n > 7777)
		n = 7777;
	if (n > left)
		n = (size_t)left;
	memcpy(buf, ti->data + in->stream_pos, n);
	in->stream_pos += n;
	return (ssize_t)n;
}

void test_input_mem(struct test_input *ti, const char *name, const void *data,
		    size_t len, int stream)
{
	memset(ti, 0, sizeof(*ti));
	ti->data = xmalloc(len + 1);
	memcpy(ti->data, data, len);
	ti->stream = stream;
	ti->opts.date_us = TS_UNKNOWN;
	ti->opts.boot_time_us = TS_UNKNOWN;
	ti->hints.sar_date_us = TS_UNKNOWN;
	ti->hints.capture_us = TS_UNKNOWN;
	ti->hints.boot_time_us = TS_UNKNOWN;
	ti->in.path = name;
	ti->in.name = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	ti->in.head = ti->data;
	ti->in.head_len = len < INPUT_HEAD_MAX ? len : INPUT_HEAD_MAX;
	ti->in.map = stream ? NULL : ti->data;
	ti->in.size = len;
	ti->in.read = mem_read;
	ti->in.stream = ti;
	ti->in.fd = -1;
	ti->in.mtime_us = TS_UNKNOWN;
	ti->in.opts = &ti->opts;
	ti->in.hints = &ti->hints;
}

int test_input_file(struct test_input *ti, const char *path, int stream)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return -1;
	do {
		buf = xgrow(buf, &cap, len + 65536, 1);
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	test_input_mem(ti, path, buf, len, stream);
	free(buf);
	return 0;
}

void test_input_release(struct test_input *ti)
{
	free(ti->data);
	memset(ti, 0, sizeof(*ti));
}

int test_import(const struct importer *imp, const char *path,
		struct recorder *r, struct diag *dg)
{
	struct test_input ti;
	int rc;

	if (test_input_file(&ti, path, 0) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		return -100;
	}
	diag_init(dg, path, 0);
	rc = imp->parse(&ti.in, &r->sink, dg);
	test_input_release(&ti);
	return rc;
}

int diag_has(const struct diag *dg, const char *needle)
{
	for (size_t i = 0; i < dg->nmsgs; i++)
		if (strstr(dg->msgs[i].text, needle))
			return 1;
	return 0;
}
