/*
 * smem_agg.c - smem's sums in memory, filled from a database or straight
 * from a capture, and the rows printed from them (see smem_agg.h).
 *
 * The direct path is what makes `pmortem smem DIR` cheap: no schema, no
 * row per mapping, only a few additions per mapping.  Its sink keeps the
 * store's rules so both paths print the same bytes: a source's records
 * are staged and applied when it ends (a rejected source leaves nothing;
 * processes it created are dropped and those it completed restored), a
 * mapping whose start its process already has is ignored (the store's
 * UNIQUE (process_id, rollup, start_hex)), and processes keep the order
 * the store would give them ids in.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smem_agg.h"
#include "util.h"
#include "walk.h"

extern const struct importer smaps_importer, procpid_importer;

void smem_table_free(struct smem_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->rows[i].capture);
		free(t->rows[i].name);
		free(t->rows[i].command);
		free(t->rows[i].map);
		free(t->rows[i].user);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* ---- the arithmetic ------------------------------------------------- */

void smem_fields_of(const struct mapping_rec *m, struct smem_fields *f)
{
	static const int kb[SF_N] = {
		[SF_SIZE] = SMAPS_SIZE, [SF_RSS] = SMAPS_RSS, [SF_PSS] = SMAPS_PSS,
		[SF_PRIVATE_CLEAN] = SMAPS_PRIVATE_CLEAN,
		[SF_PRIVATE_DIRTY] = SMAPS_PRIVATE_DIRTY, [SF_SWAP] = SMAPS_SWAP,
		[SF_SWAP_PSS] = SMAPS_SWAP_PSS,
	};

	f->n = 1;
	f->has = 0;
	for (int k = 0; k < SF_N; k++) {
		int64_t v = m->kb[kb[k]];

		f->f[k] = v == INT64_MIN ? 0 : v;
		if (v != INT64_MIN)
			f->has |= 1u << k;
	}
}

static void fields_add(struct smem_fields *to, const struct smem_fields *f)
{
	to->n += f->n;
	for (int k = 0; k < SF_N; k++)
		to->f[k] += f->f[k];
	to->has |= f->has;
}

void smem_values(const struct smem_fields *f, int64_t v[NV], unsigned *has)
{
	static const int col[NV] = {
		[C_SWAP] = SF_SWAP, [C_PSS] = SF_PSS, [C_RSS] = SF_RSS,
		[C_VSS] = SF_SIZE, [C_SWAPPSS] = SF_SWAP_PSS, [C_USS] = -1,
	};

	*has = 0;
	for (int k = 0; k < NV; k++) {
		if (col[k] < 0)
			continue;
		v[k] = f->f[col[k]];
		if (f->has & (1u << col[k]))
			*has |= 1u << k;
	}
	/* USS: what is private to the process, clean or dirty; a mapping
	 * lacking a field counts 0 for it */
	v[C_USS] = f->f[SF_PRIVATE_CLEAN] + f->f[SF_PRIVATE_DIRTY];
	*has |= 1u << C_USS;
}

/* ---- tables --------------------------------------------------------- */

static uint64_t hash_str(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static uint64_t proc_key(const char *snapshot, int64_t pid)
{
	return hash_str(snapshot, 0xcbf29ce484222325ULL ^ (uint64_t)(pid < 0 ? -1 : pid));
}

static uint64_t name_key(size_t proc, const char *name)
{
	return hash_str(name, 0xcbf29ce484222325ULL ^ ((uint64_t)proc * 0x9e3779b97f4a7c15ULL));
}

/* Insert 1 + idx under key h into an open-addressing table that grows at
 * half full; rehash() gives the key of an entry. */
static void table_put(size_t **tab, size_t *cap, size_t count, uint64_t h, size_t idx,
		      uint64_t (*rehash)(const struct smem_agg *, size_t),
		      const struct smem_agg *a)
{
	if (2 * (count + 1) > *cap) {
		size_t nc = *cap ? 2 * *cap : 256;
		size_t *t = xcalloc(nc, sizeof(*t));

		for (size_t i = 0; i < *cap; i++)
			if ((*tab)[i]) {
				size_t j = (size_t)rehash(a, (*tab)[i] - 1) & (nc - 1);

				while (t[j])
					j = (j + 1) & (nc - 1);
				t[j] = (*tab)[i];
			}
		free(*tab);
		*tab = t;
		*cap = nc;
	}
	size_t j = (size_t)h & (*cap - 1);

	while ((*tab)[j])
		j = (j + 1) & (*cap - 1);
	(*tab)[j] = idx + 1;
}

static uint64_t proc_rehash(const struct smem_agg *a, size_t i)
{
	return proc_key(a->procs[i].snapshot, a->procs[i].pid);
}

static uint64_t name_rehash(const struct smem_agg *a, size_t i)
{
	return name_key(a->names[i].proc, a->names[i].name);
}

void smem_agg_init(struct smem_agg *a)
{
	memset(a, 0, sizeof(*a));
}

static void proc_free(struct smem_proc *p)
{
	free(p->snapshot);
	free(p->capture);
	free(p->comm);
	free(p->cmdline);
	free(p->time_origin);
	free(p->starts);
	free(p->rstarts);
}

static void stage_free(struct smem_stage *s);

void smem_agg_release(struct smem_agg *a)
{
	for (size_t i = 0; i < a->nprocs; i++)
		proc_free(&a->procs[i]);
	for (size_t i = 0; i < a->nnames; i++)
		free(a->names[i].name);
	free(a->procs);
	free(a->names);
	free(a->rollups);
	free(a->proc_hash);
	free(a->name_hash);
	stage_free(a->stage);
	memset(a, 0, sizeof(*a));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

size_t smem_agg_add_proc(struct smem_agg *a, int64_t id, const char *capture,
			 int64_t ts_us, int64_t pid, int64_t euid, const char *comm,
			 const char *cmdline)
{
	struct smem_proc *p;

	a->procs = xgrow(a->procs, &a->capprocs, a->nprocs + 1, sizeof(*a->procs));
	p = &a->procs[a->nprocs];
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->snapshot = xstrdup("");
	p->capture = dup_or_null(capture);
	p->comm = dup_or_null(comm);
	p->cmdline = dup_or_null(cmdline);
	p->pid = pid;
	p->euid = euid;
	p->ts_us = ts_us;
	return a->nprocs++;
}

size_t smem_agg_find_id(const struct smem_agg *a, int64_t id)
{
	size_t lo = 0, hi = a->nprocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->procs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->nprocs && a->procs[lo].id == id ? lo : (size_t)-1;
}

static struct smem_name *name_entry(struct smem_agg *a, size_t proc, const char *path)
{
	struct smem_proc *p = &a->procs[proc];
	uint64_t h;

	if (p->last_name && !strcmp(a->names[p->last_name - 1].name, path))
		return &a->names[p->last_name - 1];
	h = name_key(proc, path);
	if (a->name_hash_cap)
		for (size_t j = (size_t)h & (a->name_hash_cap - 1); a->name_hash[j];
		     j = (j + 1) & (a->name_hash_cap - 1)) {
			struct smem_name *e = &a->names[a->name_hash[j] - 1];

			if (e->proc == proc && !strcmp(e->name, path)) {
				p->last_name = a->name_hash[j];
				return e;
			}
		}
	a->names = xgrow(a->names, &a->capnames, a->nnames + 1, sizeof(*a->names));
	struct smem_name *e = &a->names[a->nnames];

	memset(e, 0, sizeof(*e));
	e->proc = proc;
	e->name = xstrdup(path);
	table_put(&a->name_hash, &a->name_hash_cap, a->nnames, h, a->nnames, name_rehash, a);
	p->last_name = ++a->nnames;
	return e;
}

void smem_agg_add_maps(struct smem_agg *a, size_t proc, const char *path,
		       int rollup, uint64_t start, const struct smem_fields *f)
{
	if (rollup) {
		a->rollups = xgrow(a->rollups, &a->caprollups, a->nrollups + 1,
				   sizeof(*a->rollups));
		a->rollups[a->nrollups].proc = proc;
		a->rollups[a->nrollups].start = start;
		a->rollups[a->nrollups++].f = *f;
		return;
	}
	fields_add(&name_entry(a, proc, path)->f, f);
}

/* ---- the direct path's sink ----------------------------------------- */

struct staged {                 /* a mapping of the open source */
	size_t proc;
	int rollup;
	uint64_t start;
	size_t name;                /* offset in the pool */
	int64_t nextra;
	struct smem_fields f;
};

struct smem_stage {
	struct smem_agg *a;
	struct sink sink;
	struct walk_target target;
	size_t procs_before;        /* processes before the open source */
	struct smem_proc *saved;    /* processes it changed, as they were */
	size_t nsaved, capsaved;
	struct staged *maps;
	size_t nmaps, capmaps;
	char *pool;
	size_t pool_len, pool_cap;
	int64_t rows;
};

static void stage_free(struct smem_stage *s)
{
	if (!s)
		return;
	free(s->saved);
	free(s->maps);
	free(s->pool);
	free(s);
}

static void stage_begin(void *ctx, const char *path)
{
	struct smem_stage *s = ctx;

	(void)path;
	s->procs_before = s->a->nprocs;
	s->nsaved = s->nmaps = s->pool_len = 0;
	s->rows = 0;
}

static int64_t sink_process(struct sink *sk, const struct process_rec *r)
{
	struct smem_stage *s = sk->ctx;
	struct smem_agg *a = s->a;
	uint64_t h;
	int64_t pid = r->pid < 0 ? -1 : r->pid;
	struct smem_proc *p;

	if (!r->snapshot)
		return -1;
	h = proc_key(r->snapshot, pid);
	if (a->proc_hash_cap)
		for (size_t j = (size_t)h & (a->proc_hash_cap - 1); a->proc_hash[j];
		     j = (j + 1) & (a->proc_hash_cap - 1)) {
			size_t i = a->proc_hash[j] - 1;

			p = &a->procs[i];
			if (p->pid != pid || strcmp(p->snapshot, r->snapshot))
				continue;
			/* an older process: keep it as it was, for a rejection */
			const char *was = NULL;     /* its time origin then */

			if (i < s->procs_before) {
				size_t k;

				for (k = 0; k < s->nsaved; k++)
					if (s->saved[k].id == (int64_t)i)
						break;
				if (k == s->nsaved) {
					s->saved = xgrow(s->saved, &s->capsaved, s->nsaved + 1,
							 sizeof(*s->saved));
					s->saved[s->nsaved++] = *p;
				}
				was = s->saved[k].time_origin;
			}
			/* the store's merge: the earliest time, known fills unknown */
			if (r->ts_us != TS_UNKNOWN && (p->ts_us == TS_UNKNOWN || r->ts_us < p->ts_us)) {
				p->ts_us = r->ts_us;
				if (p->time_origin != was)
					free(p->time_origin);
				p->time_origin = dup_or_null(r->time_origin);
			}
			if (p->euid < 0)
				p->euid = r->euid;
			if (!p->comm)
				p->comm = dup_or_null(r->comm);
			if (!p->cmdline)
				p->cmdline = dup_or_null(r->cmdline);
			return (int64_t)i + 1;
		}
	a->procs = xgrow(a->procs, &a->capprocs, a->nprocs + 1, sizeof(*a->procs));
	p = &a->procs[a->nprocs];
	memset(p, 0, sizeof(*p));
	p->id = (int64_t)a->nprocs;
	p->snapshot = xstrdup(r->snapshot);
	p->capture = xstrdup(r->capture ? r->capture : r->snapshot);
	p->pid = pid;
	p->ts_us = r->ts_us;
	p->time_origin = r->ts_us == TS_UNKNOWN ? NULL : dup_or_null(r->time_origin);
	p->euid = r->euid;
	p->comm = dup_or_null(r->comm);
	p->cmdline = dup_or_null(r->cmdline);
	p->starts_sorted = 1;
	table_put(&a->proc_hash, &a->proc_hash_cap, a->nprocs, h, a->nprocs, proc_rehash, a);
	s->rows++;
	return (int64_t)a->nprocs++ + 1;
}

static int sink_mapping(struct sink *sk, const struct mapping_rec *m)
{
	struct smem_stage *s = sk->ctx;
	struct staged *g;
	size_t len = strlen(m->path);

	if (m->process <= 0 || (size_t)m->process > s->a->nprocs)
		return -1;
	s->maps = xgrow(s->maps, &s->capmaps, s->nmaps + 1, sizeof(*s->maps));
	g = &s->maps[s->nmaps++];
	g->proc = (size_t)m->process - 1;
	g->rollup = m->rollup;
	g->start = m->start;
	g->nextra = (int64_t)m->nextra;
	smem_fields_of(m, &g->f);
	s->pool = xgrow(s->pool, &s->pool_cap, s->pool_len + len + 1, 1);
	memcpy(s->pool + s->pool_len, m->path, len + 1);
	g->name = s->pool_len;
	s->pool_len += len + 1;
	return 0;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* Add start to the set; 0 when it was there already. */
static int start_add(uint64_t **v, size_t *n, size_t *cap, int *sorted, uint64_t start)
{
	size_t lo = 0, hi;

	if (*sorted && (*n == 0 || start > (*v)[*n - 1])) {
		*v = xgrow(*v, cap, *n + 1, sizeof(**v));
		(*v)[(*n)++] = start;
		return 1;
	}
	if (!*sorted) {
		if (*n > 1)
			qsort(*v, *n, sizeof(**v), cmp_u64);
		*sorted = 1;
	}
	hi = *n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((*v)[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < *n && (*v)[lo] == start)
		return 0;
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	memmove(*v + lo + 1, *v + lo, (*n - lo) * sizeof(**v));
	(*v)[lo] = start;
	(*n)++;
	return 1;
}

static void rebuild_proc_hash(struct smem_agg *a)
{
	memset(a->proc_hash, 0, a->proc_hash_cap * sizeof(*a->proc_hash));
	for (size_t i = 0; i < a->nprocs; i++) {
		size_t j = (size_t)proc_rehash(a, i) & (a->proc_hash_cap - 1);

		while (a->proc_hash[j])
			j = (j + 1) & (a->proc_hash_cap - 1);
		a->proc_hash[j] = i + 1;
	}
}

static int64_t stage_end(void *ctx, int keep)
{
	struct smem_stage *s = ctx;
	struct smem_agg *a = s->a;

	if (!keep) {
		/* forget it: its processes, and what it filled in older ones */
		for (size_t i = s->procs_before; i < a->nprocs; i++)
			proc_free(&a->procs[i]);
		a->nprocs = s->procs_before;
		for (size_t k = 0; k < s->nsaved; k++) {
			struct smem_proc *p = &a->procs[s->saved[k].id];
			const struct smem_proc *o = &s->saved[k];

			if (p->comm != o->comm)
				free(p->comm);
			if (p->cmdline != o->cmdline)
				free(p->cmdline);
			if (p->time_origin != o->time_origin)
				free(p->time_origin);
			*p = *o;
		}
		if (a->proc_hash_cap)
			rebuild_proc_hash(a);
		return -1;
	}
	for (size_t k = 0; k < s->nsaved; k++) {
		struct smem_proc *p = &a->procs[s->saved[k].id];

		if (p->time_origin != s->saved[k].time_origin)
			free(s->saved[k].time_origin);
	}
	for (size_t i = 0; i < s->nmaps; i++) {
		struct staged *g = &s->maps[i];
		struct smem_proc *p = &a->procs[g->proc];
		int added = g->rollup ?
			start_add(&p->rstarts, &p->nrstarts, &p->caprstarts,
				  &(int){ 0 }, g->start) :
			start_add(&p->starts, &p->nstarts, &p->capstarts,
				  &p->starts_sorted, g->start);

		if (!added)
			continue;       /* the snapshot has this mapping already */
		s->rows += 1 + g->nextra;
		smem_agg_add_maps(a, g->proc, s->pool + g->name, g->rollup, g->start, &g->f);
	}
	return s->rows;
}

const struct walk_target *smem_agg_target(struct smem_agg *a)
{
	static const struct importer *const only[] = {
		&smaps_importer, &procpid_importer, NULL,
	};
	struct smem_stage *s;

	if (a->stage)
		return &a->stage->target;
	s = xcalloc(1, sizeof(*s));
	s->a = a;
	s->sink.ctx = s;
	s->sink.process = sink_process;
	s->sink.mapping = sink_mapping;
	s->target.sink = &s->sink;
	s->target.begin = stage_begin;
	s->target.end = stage_end;
	s->target.ctx = s;
	s->target.only = only;
	a->stage = s;
	return &s->target;
}

/* ---- rows ----------------------------------------------------------- */

struct user_cache {
	int64_t uid[64];
	char name[64][64];
	size_t n;
};

static const char *user_name(struct user_cache *uc, int64_t uid, int numeric)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];
	size_t i;

	if (uid < 0)
		return "?";
	for (i = 0; i < uc->n; i++)
		if (uc->uid[i] == uid)
			return uc->name[i];
	i = uc->n < 64 ? uc->n++ : 63;
	uc->uid[i] = uid;
	if (!numeric && getpwuid_r((uid_t)uid, &pw, tmp, sizeof(tmp), &res) == 0 && res)
		snprintf(uc->name[i], sizeof(uc->name[i]), "%s", res->pw_name);
	else
		snprintf(uc->name[i], sizeof(uc->name[i]), "%lld", (long long)uid);
	return uc->name[i];
}

/* Is the process shown at all (kernel threads and --capture)? */
static int proc_shown(const struct smem_proc *p, const struct smem_filter *flt)
{
	if (p->cmdline && !p->cmdline[0])
		return 0;
	if (flt->capture && !(p->capture && strstr(p->capture, flt->capture)))
		return 0;
	return 1;
}

static const char *map_name(const char *path)
{
	return path[0] ? path : "<anonymous>";
}

/* Append the row of process p with values from f; 0 when -P/-U drop it. */
static int add_row(struct smem_table *t, const struct smem_proc *p,
		   const struct smem_filter *flt, struct user_cache *uc,
		   const struct smem_fields *f, const char *map, int rollup)
{
	struct smem_row r;
	const char *user = user_name(uc, p->euid, flt->numeric);

	/* smem: -P matches the name or the command line, -U the user */
	if (flt->pre && !(p->comm && regexec(flt->pre, p->comm, 0, NULL, 0) == 0) &&
	    !(p->cmdline && regexec(flt->pre, p->cmdline, 0, NULL, 0) == 0))
		return 0;
	if (flt->ure && regexec(flt->ure, user, 0, NULL, 0) != 0)
		return 0;
	memset(&r, 0, sizeof(r));
	r.uid = p->euid;
	r.capture = dup_or_null(p->capture);
	r.ts_us = p->ts_us;
	r.pid = p->pid;
	r.name = dup_or_null(p->comm);
	r.command = p->cmdline ? xstrdup(p->cmdline) :
		    xasprintf("[%s]", p->comm ? p->comm : "?");
	r.map = map ? xstrdup(map) : NULL;
	r.user = xstrdup(user);
	r.maps = rollup ? -1 : f->n;
	r.count = 1;
	r.pids = 1;
	smem_values(f, r.v, &r.has);
	if (rollup)
		r.has &= ~(1u << C_VSS);   /* a rollup has no size of its own */
	t->rows = xgrow(t->rows, &t->cap, t->n + 1, sizeof(*t->rows));
	t->rows[t->n++] = r;
	return 1;
}

static const struct smem_agg *sort_agg;

static int cmp_names(const void *x, const void *y)
{
	const struct smem_name *a = &sort_agg->names[*(const size_t *)x];
	const struct smem_name *b = &sort_agg->names[*(const size_t *)y];

	if (a->proc != b->proc)
		return a->proc < b->proc ? -1 : 1;
	return strcmp(map_name(a->name), map_name(b->name));
}

static int cmp_rollups(const void *x, const void *y)
{
	const struct smem_rollup *a = x, *b = y;

	if (a->proc != b->proc)
		return a->proc < b->proc ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

void smem_agg_rows(struct smem_agg *a, const struct smem_filter *flt, int by_map,
		   struct smem_table *t)
{
	size_t *order = xcalloc(a->nnames + 1, sizeof(*order));
	char *pass = xcalloc(a->nnames + 1, 1);
	char *has_maps = xcalloc(a->nprocs + 1, 1);
	struct user_cache *uc = xcalloc(1, sizeof(*uc));

	/* mappings in (process, name) order; which pass -M */
	for (size_t i = 0; i < a->nnames; i++) {
		order[i] = i;
		has_maps[a->names[i].proc] = 1;
		pass[i] = !flt->mre ||
			  regexec(flt->mre, map_name(a->names[i].name), 0, NULL, 0) == 0;
	}
	sort_agg = a;
	qsort(order, a->nnames, sizeof(*order), cmp_names);
	for (size_t i = 0; i < a->nnames;) {
		size_t proc = a->names[order[i]].proc, j;
		const struct smem_proc *p = &a->procs[proc];
		struct smem_fields sum;
		int any = 0;

		memset(&sum, 0, sizeof(sum));
		for (j = i; j < a->nnames && a->names[order[j]].proc == proc; j++) {
			const struct smem_name *e = &a->names[order[j]];

			if (!pass[order[j]] || !proc_shown(p, flt))
				continue;
			if (by_map)
				add_row(t, p, flt, uc, &e->f, map_name(e->name), 0);
			fields_add(&sum, &e->f);
			any = 1;
		}
		if (!by_map && any)
			add_row(t, p, flt, uc, &sum, NULL, 0);
		i = j;
	}
	/* processes whose smaps was not captured, from their smaps_rollup */
	if (!by_map && !flt->mre) {
		if (a->nrollups > 1)
			qsort(a->rollups, a->nrollups, sizeof(*a->rollups), cmp_rollups);
		for (size_t i = 0; i < a->nrollups; i++) {
			const struct smem_proc *p = &a->procs[a->rollups[i].proc];

			if (!has_maps[a->rollups[i].proc] && proc_shown(p, flt))
				add_row(t, p, flt, uc, &a->rollups[i].f, NULL, 1);
		}
	}
	free(order);
	free(pass);
	free(has_maps);
	free(uc);
}
