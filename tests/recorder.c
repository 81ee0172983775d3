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
	r->hosts_seen = xgrow(r->hosts_seen, &r->cap_hosts_seen,
			      r->nhosts_seen + 1, sizeof(*r->hosts_seen));
	r->hosts_seen[r->nhosts_seen++] = xstrdup(r->host);
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
	x->ts_uncertainty_s = e->ts_uncertainty_s;
	x->mono_s = e->mono_s;
	x->level = e->level;
	x->facility = e->facility ? xstrdup(e->facility) : NULL;
	x->comm = e->comm ? xstrdup(e->comm) : NULL;
	x->host = r->host ? xstrdup(r->host) : NULL;
	return 0;
}

static char *dup_or_null(const char *t);

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

static char *dup_or_null(const char *t)
{
	return t ? xstrdup(t) : NULL;
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
	free(r->dumps);
	free(r->segments);
	free(r->threads);
	free(r->frames);
	free(r->modules);
	for (size_t i = 0; i < r->nstrings; i++) {
		free((char *)r->strings[i].s.region);
		free((char *)r->strings[i].s.encoding);
		free((char *)r->strings[i].s.text);
	}
	free(r->strings);
	free(r->notes);
}

static int rec_syscall(struct sink *s, const struct syscall_rec *c)
{
	struct recorder *r = R(s);
	struct syscall_rec *x;

	r->syscalls = xgrow(r->syscalls, &r->cap_syscalls, r->nsyscalls + 1,
			    sizeof(*r->syscalls));
	x = &r->syscalls[r->nsyscalls++].c;
	*x = *c;
	x->kind = dup_or_null(c->kind);
	x->name = dup_or_null(c->name);
	x->args = dup_or_null(c->args);
	x->ret = dup_or_null(c->ret);
	x->err = dup_or_null(c->err);
	x->err_text = dup_or_null(c->err_text);
	x->peer = dup_or_null(c->peer);
	return 0;
}

static void syscall_free(struct syscall_rec *x)
{
	free((char *)x->kind);
	free((char *)x->name);
	free((char *)x->args);
	free((char *)x->ret);
	free((char *)x->err);
	free((char *)x->err_text);
	free((char *)x->peer);
}

static int rec_event_attr(struct sink *s, int64_t line, const char *key,
			  const char *value)
{
	struct recorder *r = R(s);
	struct rec_attr *a;

	r->attrs = xgrow(r->attrs, &r->cap_attrs, r->nattrs + 1,
			 sizeof(*r->attrs));
	a = &r->attrs[r->nattrs++];
	a->line = line;
	a->key = xstrdup(key ? key : "");
	a->value = dup_or_null(value);
	return 0;
}

static int rec_oom(struct sink *s, const struct oom_rec *o)
{
	struct recorder *r = R(s);
	struct oom_rec *x;
	struct oom_zone_rec *z = NULL;
	struct oom_task_rec *t = NULL;

	r->ooms = xgrow(r->ooms, &r->cap_ooms, r->nooms + 1, sizeof(*r->ooms));
	x = &r->ooms[r->nooms++].o;
	*x = *o;
	x->invoker = dup_or_null(o->invoker);
	x->gfp_mask = dup_or_null(o->gfp_mask);
	x->constraint = dup_or_null(o->constraint);
	x->nodemask = dup_or_null(o->nodemask);
	x->cpuset = dup_or_null(o->cpuset);
	x->mems_allowed = dup_or_null(o->mems_allowed);
	x->oom_memcg = dup_or_null(o->oom_memcg);
	x->task_memcg = dup_or_null(o->task_memcg);
	x->killed_comm = dup_or_null(o->killed_comm);
	if (o->nzones) {
		z = xcalloc(o->nzones, sizeof(*z));
		for (size_t i = 0; i < o->nzones; i++) {
			z[i] = o->zones[i];
			z[i].zone = dup_or_null(o->zones[i].zone);
		}
	}
	if (o->ntasks) {
		t = xcalloc(o->ntasks, sizeof(*t));
		for (size_t i = 0; i < o->ntasks; i++) {
			t[i] = o->tasks[i];
			t[i].name = dup_or_null(o->tasks[i].name);
		}
	}
	x->zones = z;
	x->tasks = t;
	return 0;
}

static void oom_free(struct oom_rec *x)
{
	free((char *)x->invoker);
	free((char *)x->gfp_mask);
	free((char *)x->constraint);
	free((char *)x->nodemask);
	free((char *)x->cpuset);
	free((char *)x->mems_allowed);
	free((char *)x->oom_memcg);
	free((char *)x->task_memcg);
	free((char *)x->killed_comm);
	for (size_t i = 0; i < x->nzones; i++)
		free((char *)x->zones[i].zone);
	for (size_t i = 0; i < x->ntasks; i++)
		free((char *)x->tasks[i].name);
	free((void *)x->zones);
	free((void *)x->tasks);
}

const char *recorder_attr(const struct recorder *r, int64_t line,
			  const char *key)
{
	for (size_t i = 0; i < r->nattrs; i++)
		if (r->attrs[i].line == line && !strcmp(r->attrs[i].key, key))
			return r->attrs[i].value;
	return NULL;
}

const struct rec_event *recorder_event_at(const struct recorder *r,
					  int64_t line)
{
	for (size_t i = 0; i < r->nevents; i++)
		if (r->events[i].line == line)
			return &r->events[i];
	return NULL;
}

static int64_t rec_flow(struct sink *s, const struct flow_rec *f)
{
	struct recorder *r = R(s);
	struct flow_rec *x;

	r->flows = xgrow(r->flows, &r->cap_flows, r->nflows + 1, sizeof(*r->flows));
	x = &r->flows[r->nflows++].f;
	*x = *f;
	x->proto = dup_or_null(f->proto);
	x->a_addr = dup_or_null(f->a_addr);
	x->b_addr = dup_or_null(f->b_addr);
	return (int64_t)r->nflows;
}

static int rec_packet(struct sink *s, const struct packet_rec *p)
{
	struct recorder *r = R(s);
	struct packet_rec *x;

	r->packets = xgrow(r->packets, &r->cap_packets, r->npackets + 1,
			   sizeof(*r->packets));
	x = &r->packets[r->npackets++];
	*x = *p;
	x->iface = dup_or_null(p->iface);
	x->direction = dup_or_null(p->direction);
	x->proto = dup_or_null(p->proto);
	x->src = dup_or_null(p->src);
	x->dst = dup_or_null(p->dst);
	x->flags = dup_or_null(p->flags);
	x->options = dup_or_null(p->options);
	x->sack = dup_or_null(p->sack);
	x->info = dup_or_null(p->info);
	x->raw = dup_or_null(p->raw);
	return 0;
}

static int rec_dns(struct sink *s, const struct dns_rec *d)
{
	struct recorder *r = R(s);
	struct dns_rec *x;

	r->dns = xgrow(r->dns, &r->cap_dns, r->ndns + 1, sizeof(*r->dns));
	x = &r->dns[r->ndns++];
	*x = *d;
	x->qtype = dup_or_null(d->qtype);
	x->name = dup_or_null(d->name);
	x->rcode = dup_or_null(d->rcode);
	x->flags = dup_or_null(d->flags);
	x->answers = dup_or_null(d->answers);
	x->client = dup_or_null(d->client);
	x->server = dup_or_null(d->server);
	return 0;
}

static int rec_capture(struct sink *s, const struct capture_rec *c)
{
	struct recorder *r = R(s);
	struct capture_rec *x = &r->capture.c;

	free((char *)x->tool);
	free((char *)x->ts_mode);
	free((char *)x->time_origin);
	free((char *)x->link);
	*x = *c;
	x->tool = dup_or_null(c->tool);
	x->ts_mode = dup_or_null(c->ts_mode);
	x->time_origin = dup_or_null(c->time_origin);
	x->link = dup_or_null(c->link);
	r->capture.n++;
	return 0;
}

const struct packet_rec *recorder_packet_at(const struct recorder *r,
					    int64_t line)
{
	for (size_t i = 0; i < r->npackets; i++)
		if (r->packets[i].line == line)
			return &r->packets[i];
	return NULL;
}

const struct dns_rec *recorder_dns_at(const struct recorder *r, int64_t line)
{
	for (size_t i = 0; i < r->ndns; i++)
		if (r->dns[i].line == line)
			return &r->dns[i];
	return NULL;
}

static void free_capture_recs(struct recorder *r)
{
	for (size_t i = 0; i < r->nflows; i++) {
		free((char *)r->flows[i].f.proto);
		free((char *)r->flows[i].f.a_addr);
		free((char *)r->flows[i].f.b_addr);
	}
	for (size_t i = 0; i < r->npackets; i++) {
		struct packet_rec *x = &r->packets[i];

		free((char *)x->iface);
		free((char *)x->direction);
		free((char *)x->proto);
		free((char *)x->src);
		free((char *)x->dst);
		free((char *)x->flags);
		free((char *)x->options);
		free((char *)x->sack);
		free((char *)x->info);
		free((char *)x->raw);
	}
	for (size_t i = 0; i < r->ndns; i++) {
		struct dns_rec *x = &r->dns[i];

		free((char *)x->qtype);
		free((char *)x->name);
		free((char *)x->rcode);
		free((char *)x->flags);
		free((char *)x->answers);
		free((char *)x->client);
		free((char *)x->server);
	}
	free(r->flows);
	free(r->packets);
	free(r->dns);
	free((char *)r->capture.c.tool);
	free((char *)r->capture.c.ts_mode);
	free((char *)r->capture.c.time_origin);
	free((char *)r->capture.c.link);
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
	r->sink.process = rec_process;
	r->sink.mapping = rec_mapping;
	r->sink.syscall = rec_syscall;
	r->sink.event_attr = rec_event_attr;
	r->sink.oom = rec_oom;
	r->sink.flow = rec_flow;
	r->sink.packet = rec_packet;
	r->sink.dns = rec_dns;
	r->sink.capture = rec_capture;
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
		free(r->events[i].facility);
		free(r->events[i].comm);
		free(r->events[i].host);
	}
	release_dumps(r);
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
	for (size_t i = 0; i < r->nsyscalls; i++)
		syscall_free(&r->syscalls[i].c);
	for (size_t i = 0; i < r->nattrs; i++) {
		free(r->attrs[i].key);
		free(r->attrs[i].value);
	}
	for (size_t i = 0; i < r->nooms; i++)
		oom_free(&r->ooms[i].o);
	for (size_t i = 0; i < r->nhosts_seen; i++)
		free(r->hosts_seen[i]);
	free(r->syscalls);
	free(r->attrs);
	free(r->ooms);
	free(r->hosts_seen);
	free(r->series);
	free(r->samples);
	free(r->events);
	free(r->host);
	free_capture_recs(r);
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

int test_sniff_file(const struct importer *imp, const char *path)
{
	struct test_input ti;
	int score;

	if (test_input_file(&ti, path, 0) < 0) {
		fprintf(stderr, "test_sniff_file: cannot read %s\n", path);
		abort();
	}
	score = imp->sniff(&ti.in);
	test_input_release(&ti);
	return score;
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
