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

static int64_t rec_dump(struct sink *s, const struct dump_rec *d)
{
	struct recorder *r = R(s);
	struct dump_rec *x;

	r->dumps = xgrow(r->dumps, &r->cap_dumps, r->ndumps + 1,
			 sizeof(*r->dumps));
	x = &r->dumps[r->ndumps++].d;
	*x = *d;
	x->kind = dup_or_null(d->kind);
	x->producer = dup_or_null(d->producer);
	x->comm = dup_or_null(d->comm);
	x->cmdline = dup_or_null(d->cmdline);
	x->exe = dup_or_null(d->exe);
	return (int64_t)r->ndumps;
}

static int64_t rec_segment(struct sink *s, const struct segment_rec *g)
{
	struct recorder *r = R(s);
	struct segment_rec *x;

	if (g->dump < 1 || (size_t)g->dump > r->ndumps)
		return -1;
	r->segments = xgrow(r->segments, &r->cap_segments, r->nsegments + 1,
			    sizeof(*r->segments));
	x = &r->segments[r->nsegments++].g;
	*x = *g;
	x->label = dup_or_null(g->label);
	x->path = dup_or_null(g->path);
	return (int64_t)r->nsegments;
}

static int64_t rec_thread(struct sink *s, const struct thread_rec *t)
{
	struct recorder *r = R(s);
	struct thread_rec *x;

	if (t->dump < 1 || (size_t)t->dump > r->ndumps)
		return -1;
	r->threads = xgrow(r->threads, &r->cap_threads, r->nthreads + 1,
			   sizeof(*r->threads));
	x = &r->threads[r->nthreads++].t;
	*x = *t;
	x->unwind = dup_or_null(t->unwind);
	x->unwind_reason = dup_or_null(t->unwind_reason);
	return (int64_t)r->nthreads;
}

static int rec_frame(struct sink *s, const struct frame_rec *f)
{
	struct recorder *r = R(s);
	struct frame_rec *x;

	if (f->thread < 1 || (size_t)f->thread > r->nthreads)
		return -1;
	r->frames = xgrow(r->frames, &r->cap_frames, r->nframes + 1,
			  sizeof(*r->frames));
	x = &r->frames[r->nframes++].f;
	*x = *f;
	x->module = dup_or_null(f->module);
	x->build_id = dup_or_null(f->build_id);
	x->symbol = dup_or_null(f->symbol);
	x->src_file = dup_or_null(f->src_file);
	return 0;
}

static int rec_module(struct sink *s, const struct module_rec *m)
{
	struct recorder *r = R(s);
	struct module_rec *x;

	if (m->dump < 1 || (size_t)m->dump > r->ndumps)
		return -1;
	r->modules = xgrow(r->modules, &r->cap_modules, r->nmodules + 1,
			   sizeof(*r->modules));
	x = &r->modules[r->nmodules++].m;
	*x = *m;
	x->name = dup_or_null(m->name);
	x->build_id = dup_or_null(m->build_id);
	x->found_path = dup_or_null(m->found_path);
	return 0;
}

static int rec_note(struct sink *s, const struct note_rec *n)
{
	struct recorder *r = R(s);
	struct note_rec *x;

	if (n->dump < 1 || (size_t)n->dump > r->ndumps)
		return -1;
	r->notes = xgrow(r->notes, &r->cap_notes, r->nnotes + 1,
			 sizeof(*r->notes));
	x = &r->notes[r->nnotes++].n;
	*x = *n;
	x->note = dup_or_null(n->note);
	x->key = dup_or_null(n->key);
	x->text = dup_or_null(n->text);
	return 0;
}

static int rec_string(struct sink *s, const struct string_rec *g)
{
	struct recorder *r = R(s);
	struct string_rec *x;

	if (g->dump < 1 || (size_t)g->dump > r->ndumps ||
	    g->segment < 0 || (size_t)g->segment > r->nsegments)
		return -1;
	r->strings = xgrow(r->strings, &r->cap_strings, r->nstrings + 1,
			   sizeof(*r->strings));
	x = &r->strings[r->nstrings++].s;
	*x = *g;
	x->region = dup_or_null(g->region);
	x->encoding = dup_or_null(g->encoding);
	x->text = g->text ? xstrndup(g->text, g->len) : NULL;
	return 0;
}

const struct string_rec *recorder_string(const struct recorder *r, int64_t dump,
					 const char *region, const char *text)
{
	for (size_t i = 0; i < r->nstrings; i++) {
		const struct string_rec *x = &r->strings[i].s;

		if (x->dump != dump || strcmp(x->region, region))
			continue;
		if (!text && !x->text && !strcmp(x->encoding, "ascii"))
			return x;
		if (text && x->text && x->len == strlen(text) &&
		    !memcmp(x->text, text, x->len))
			return x;
	}
	return NULL;
}

const struct segment_rec *recorder_segment_at(const struct recorder *r,
					      uint64_t addr)
{
	for (size_t i = 0; i < r->nsegments; i++) {
		const struct segment_rec *g = &r->segments[i].g;

		if (addr >= g->vaddr && addr - g->vaddr < g->memsz)
			return g;
	}
	return NULL;
}

const struct note_rec *recorder_note(const struct recorder *r,
				     const char *note, const char *key)
{
	for (size_t i = 0; i < r->nnotes; i++)
		if (!strcmp(r->notes[i].n.note, note) &&
		    !strcmp(r->notes[i].n.key, key))
			return &r->notes[i].n;
	return NULL;
}

static void release_dumps(struct recorder *r)
{
	for (size_t i = 0; i < r->ndumps; i++) {
		struct dump_rec *d = &r->dumps[i].d;

		free((char *)d->kind);
		free((char *)d->producer);
		free((char *)d->comm);
		free((char *)d->cmdline);
		free((char *)d->exe);
	}
	for (size_t i = 0; i < r->nsegments; i++) {
		free((char *)r->segments[i].g.label);
		free((char *)r->segments[i].g.path);
	}
	for (size_t i = 0; i < r->nthreads; i++) {
		free((char *)r->threads[i].t.unwind);
		free((char *)r->threads[i].t.unwind_reason);
	}
	for (size_t i = 0; i < r->nframes; i++) {
		free((char *)r->frames[i].f.module);
		free((char *)r->frames[i].f.build_id);
		free((char *)r->frames[i].f.symbol);
		free((char *)r->frames[i].f.src_file);
	}
	for (size_t i = 0; i < r->nmodules; i++) {
		free((char *)r->modules[i].m.name);
		free((char *)r->modules[i].m.build_id);
		free((char *)r->modules[i].m.found_path);
	}
	for (size_t i = 0; i < r->nnotes; i++) {
		free((char *)r->notes[i].n.note);
		free((char *)r->notes[i].n.key);
		free((char *)r->notes[i].n.text);
	}
	for (size_t i = 0; i < r->nstrings; i++) {
		free((char *)r->strings[i].s.region);
		free((char *)r->strings[i].s.encoding);
		free((char *)r->strings[i].s.text);
	}
	free(r->strings);
	free(r->dumps);
	free(r->segments);
	free(r->threads);
	free(r->frames);
	free(r->modules);
	free(r->notes);
}

void recorder_init(struct recorder *r)
{
	memset(r, 0, sizeof(*r));
	r->sink.ctx = r;
	r->sink.host = rec_host;
	r->sink.series = rec_series;
	r->sink.sample = rec_sample;
	r->sink.event = rec_event;
	r->sink.dump = rec_dump;
	r->sink.segment = rec_segment;
	r->sink.dump_thread = rec_thread;
	r->sink.dump_frame = rec_frame;
	r->sink.dump_module = rec_module;
	r->sink.dump_note = rec_note;
	r->sink.dump_string = rec_string;
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
	release_dumps(r);
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
