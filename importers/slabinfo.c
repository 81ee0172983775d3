/*
 * slabinfo.c - kernel slab caches over time, from /proc/slabinfo
 * (version 2.x) or from `slabtop -o` text.
 *
 * A slab cache that only grows (dentry, a driver's kmalloc-*) is a kernel
 * memory leak that meminfo shows only as a growing SUnreclaim; per-cache
 * series show which.  Instance = the cache name.  Per cache:
 *
 *   slabinfo.active_objs, num_objs        count
 *   slabinfo.objsize_bytes                bytes (slabtop rounds to 0.01K)
 *   slabinfo.objperslab, pagesperslab     count
 *   slabinfo.active_slabs, num_slabs      count (active_slabs: slabinfo only)
 *   slabinfo.bytes                        num_objs * objsize
 *   slabinfo.active_bytes                 active_objs * objsize
 *   slabinfo.cache_bytes                  num_slabs * pagesperslab * 4096:
 *                                         slabtop's CACHE SIZE
 * and for the whole snapshot (instance ""), as slabtop's header computes
 * them (caches with objects are "active"):
 *   slabinfo.total_objs, total_active_objs, total_slabs,
 *   total_active_slabs, total_caches, total_active_caches   count
 *   slabinfo.total_bytes, total_active_bytes                bytes
 * From `slabtop -o` the totals are its own header lines; from slabinfo
 * they are summed over the caches.  Tunables and sharedavail (zeros on
 * SLUB) are not kept.
 *
 * /proc/slabinfo 2.1, one cache per line:
 *   <name> <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>
 *     : tunables <limit> <batchcount> <sharedfactor>
 *     : slabdata <active_slabs> <num_slabs> <sharedavail>
 * `slabtop -o`: five summary lines, a header, then per cache
 *   OBJS ACTIVE USE% OBJ_SIZE(K) SLABS OBJ/SLAB CACHE_SIZE(K) NAME
 */
#include <stdio.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_snap.h"

#define PAGE_BYTES 4096.0

struct slabinfo {
	struct sink *out;
	struct diag *dg;
	struct snap_series series;
	int64_t ts;
	int version_warned;
	int saw_summary;         /* slabtop header lines in this snapshot */
	double t_objs, t_active, t_slabs, t_aslabs, t_caches, t_acaches,
	       t_bytes, t_abytes;
};

static int is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static int is_slabinfo_row(const char *s, size_t n)
{
	return memmem(s, n, ": slabdata", 10) || memmem(s, n, ": tunables", 10);
}

static size_t slab_key(const char *s, size_t n, const char **key)
{
	size_t pos = 0, end;
	struct span t, last = { s, 0 };
	const char *c;

	if (n > 9 && !memcmp(s, "slabinfo ", 9)) {
		*key = s;
		return 8;
	}
	if ((c = memchr(s, ':', n)) && !is_slabinfo_row(s, n)) {
		*key = s;                               /* slabtop summary */
		end = (size_t)(c - s);
		while (end && s[end - 1] == ' ')
			end--;
		return end;
	}
	if (!span_token(s, n, &pos, &t))
		return 0;
	if (is_digits(t.p, t.n) && !is_slabinfo_row(s, n)) {
		while (span_token(s, n, &pos, &t))     /* slabtop row: the name */
			last = t;
		*key = last.p;
		return last.n;
	}
	*key = t.p;
	return t.n;
}

static int slab_begin(void *ctx, int64_t ts, int64_t line)
{
	struct slabinfo *sl = ctx;

	sl->ts = ts;
	sl->saw_summary = 0;
	sl->t_objs = sl->t_active = sl->t_slabs = sl->t_aslabs = 0;
	sl->t_caches = sl->t_acaches = sl->t_bytes = sl->t_abytes = 0;
	return 0;
}

static int put(struct slabinfo *sl, int64_t line, const char *metric,
	       const char *inst, const char *unit, const char *desc, double v)
{
	int64_t h = snap_series(&sl->series, sl->out, sl->dg, line, metric,
				inst, unit, desc);

	if (h < 0)
		return -1;
	return h > 0 ? sl->out->sample(sl->out, h, sl->ts, v, line) : 0;
}

/* An unsigned count; warns and returns -1 when it is not one. */
static int count_of(struct slabinfo *sl, int64_t line, const char *what,
		    struct span name, struct span v, uint64_t *out)
{
	if (v.n && v.p[0] == '-') {
		diag_warn(sl->dg, line, "'%.*s' %s is negative: '%.*s'", (int)name.n,
			  name.p, what, (int)(v.n > 40 ? 40 : v.n), v.p);
		return -1;
	}
	if (num_parse_u64(v.p, v.n, out) < 0 || *out > (UINT64_C(1) << 40)) {
		diag_warn(sl->dg, line, is_digits(v.p, v.n)
				  ? "'%.*s' %s is out of range: '%.*s'"
				  : "'%.*s' %s is not a number: '%.*s'",
			  (int)name.n, name.p, what, (int)(v.n > 40 ? 40 : v.n), v.p);
		return -1;
	}
	return 0;
}

struct cache {
	uint64_t active, objs, objsize_x100, perslab, pages, aslabs, slabs;
	int has_pages, has_aslabs;
	double objsize, cache_bytes;
};

static int emit_cache(struct slabinfo *sl, int64_t line, struct span name,
		      const struct cache *c)
{
	char inst[128];

	span_copy(name, inst, sizeof(inst));
	if (put(sl, line, "slabinfo.active_objs", inst, "count", "objects in use", (double)c->active) < 0 ||
	    put(sl, line, "slabinfo.num_objs", inst, "count", "objects allocated (in use or free in the slabs)", (double)c->objs) < 0 ||
	    put(sl, line, "slabinfo.objsize_bytes", inst, "bytes", "object size", c->objsize) < 0 ||
	    put(sl, line, "slabinfo.objperslab", inst, "count", "objects per slab", (double)c->perslab) < 0 ||
	    put(sl, line, "slabinfo.num_slabs", inst, "count", "slabs of the cache", (double)c->slabs) < 0 ||
	    put(sl, line, "slabinfo.bytes", inst, "bytes", "num_objs * objsize", (double)c->objs * c->objsize) < 0 ||
	    put(sl, line, "slabinfo.active_bytes", inst, "bytes", "active_objs * objsize", (double)c->active * c->objsize) < 0 ||
	    put(sl, line, "slabinfo.cache_bytes", inst, "bytes",
		"memory held by the cache's slabs (slabtop CACHE SIZE)", c->cache_bytes) < 0)
		return -1;
	if (c->has_pages &&
	    put(sl, line, "slabinfo.pagesperslab", inst, "count", "pages per slab", (double)c->pages) < 0)
		return -1;
	if (c->has_aslabs &&
	    put(sl, line, "slabinfo.active_slabs", inst, "count", "slabs with objects in use", (double)c->aslabs) < 0)
		return -1;
	sl->t_objs += (double)c->objs;
	sl->t_active += (double)c->active;
	sl->t_slabs += (double)c->slabs;
	sl->t_aslabs += (double)(c->has_aslabs ? c->aslabs : c->slabs);
	sl->t_caches += 1;
	sl->t_acaches += c->objs > 0;
	sl->t_bytes += (double)c->objs * c->objsize;
	sl->t_abytes += (double)c->active * c->objsize;
	return 0;
}

/* <name> <active> <num> <objsize> <perslab> <pages> : tunables ... : slabdata <a> <n> <s> */
static int slabinfo_row(struct slabinfo *sl, const char *s, size_t n, int64_t line)
{
	struct span t[32];
	int more;
	size_t nt = span_split(s, n, t, 32, &more), sd;
	uint64_t v[5];
	static const char *const what[5] = { "active_objs", "num_objs", "objsize",
					     "objperslab", "pagesperslab" };
	struct cache c = { 0 };

	for (sd = 0; sd < nt; sd++)
		if (span_eq(t[sd], "slabdata"))
			break;
	if (nt < 6 || sd + 2 >= nt || t[0].n > 100) {
		diag_warn(sl->dg, line, "cannot parse slabinfo line '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	for (int i = 0; i < 5; i++)
		if (count_of(sl, line, what[i], t[0], t[1 + i], &v[i]) < 0)
			return 0;
	if (count_of(sl, line, "active_slabs", t[0], t[sd + 1], &c.aslabs) < 0 ||
	    count_of(sl, line, "num_slabs", t[0], t[sd + 2], &c.slabs) < 0)
		return 0;
	c.active = v[0];
	c.objs = v[1];
	c.objsize = (double)v[2];
	c.perslab = v[3];
	c.pages = v[4];
	c.has_pages = c.has_aslabs = 1;
	c.cache_bytes = (double)c.slabs * (double)c.pages * PAGE_BYTES;
	return emit_cache(sl, line, t[0], &c);
}

/* "0.19K", "17420K" -> bytes */
static int kbytes_of(struct span v, double *out)
{
	if (v.n < 2 || v.p[v.n - 1] != 'K' || num_parse(v.p, v.n - 1, 0, out) < 0 ||
	    *out < 0)
		return -1;
	*out *= 1024;
	return 0;
}

/* OBJS ACTIVE USE OBJ_SIZE SLABS OBJ/SLAB CACHE_SIZE NAME */
static int slabtop_row(struct slabinfo *sl, const char *s, size_t n, int64_t line)
{
	struct span t[8];
	int more;
	size_t nt = span_split(s, n, t, 8, &more);
	struct cache c = { 0 };
	struct span name;

	if (nt < 8 || more) {
		diag_warn(sl->dg, line, "cannot parse slabtop line '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	name = t[7];
	if (count_of(sl, line, "OBJS", name, t[0], &c.objs) < 0 ||
	    count_of(sl, line, "ACTIVE", name, t[1], &c.active) < 0 ||
	    count_of(sl, line, "SLABS", name, t[4], &c.slabs) < 0 ||
	    count_of(sl, line, "OBJ/SLAB", name, t[5], &c.perslab) < 0)
		return 0;
	if (kbytes_of(t[3], &c.objsize) < 0 || kbytes_of(t[6], &c.cache_bytes) < 0) {
		diag_warn(sl->dg, line, "'%.*s' has a size that is not a number of K: '%.*s'",
			  (int)name.n, name.p, (int)(t[3].n > 20 ? 20 : t[3].n), t[3].p);
		return 0;
	}
	if (c.slabs && c.cache_bytes > 0) {
		double pages = c.cache_bytes / ((double)c.slabs * PAGE_BYTES);

		/* a whole number of pages (and one a uint64_t holds: a
		 * corrupt size can be any double) */
		if (pages < 9007199254740992.0 && pages == (double)(uint64_t)pages) {
			c.pages = (uint64_t)pages;
			c.has_pages = 1;
		}
	}
	return emit_cache(sl, line, name, &c);
}

/* " Active / Total Objects (% used)    : 621224 / 626093 (99.2%)" */
static int slabtop_summary(struct slabinfo *sl, const char *s, size_t n,
			   int64_t line)
{
	static const struct {
		const char *label, *active, *total, *unit;
		int kbytes;
	} rows[] = {
		{ "Active / Total Objects", "slabinfo.total_active_objs", "slabinfo.total_objs", "count", 0 },
		{ "Active / Total Slabs", "slabinfo.total_active_slabs", "slabinfo.total_slabs", "count", 0 },
		{ "Active / Total Caches", "slabinfo.total_active_caches", "slabinfo.total_caches", "count", 0 },
		{ "Active / Total Size", "slabinfo.total_active_bytes", "slabinfo.total_bytes", "bytes", 1 },
	};
	const char *c = memchr(s, ':', n);
	size_t pos;
	struct span a, slash, b;
	double va, vb;

	if (n > 9 && !memcmp(s, "Minimum /", 9))
		return 0;                       /* object sizes: not kept */
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t ll = strlen(rows[i].label);

		if (n < ll || memcmp(s, rows[i].label, ll))
			continue;
		pos = (size_t)(c - s) + 1;
		if (!span_token(s, n, &pos, &a) || !span_token(s, n, &pos, &slash) ||
		    !span_eq(slash, "/") || !span_token(s, n, &pos, &b) ||
		    (rows[i].kbytes ? kbytes_of(a, &va) < 0 || kbytes_of(b, &vb) < 0
				    : num_parse(a.p, a.n, 0, &va) < 0 ||
					      num_parse(b.p, b.n, 0, &vb) < 0) ||
		    va < 0 || vb < 0) {
			diag_warn(sl->dg, line, "cannot parse slabtop line '%.*s'",
				  (int)(n > 60 ? 60 : n), s);
			return 0;
		}
		sl->saw_summary = 1;
		if (put(sl, line, rows[i].active, "", rows[i].unit,
			"slabtop header: active part", va) < 0 ||
		    put(sl, line, rows[i].total, "", rows[i].unit,
			"slabtop header: total", vb) < 0)
			return -1;
		return 0;
	}
	diag_warn(sl->dg, line, "cannot parse slabtop line '%.*s'",
		  (int)(n > 60 ? 60 : n), s);
	return 0;
}

static int slab_line(void *ctx, const char *s, size_t n, int64_t line)
{
	struct slabinfo *sl = ctx;
	size_t pos = 0;
	struct span t;

	if (n > 20 && !memcmp(s, "slabinfo - version:", 19)) {
		size_t p = 19;

		if (span_token(s, n, &p, &t) && !span_starts(t, "2.") &&
		    !sl->version_warned++)
			diag_warn(sl->dg, line, "slabinfo version '%.*s' is not 2.x: read as 2.1",
				  (int)(t.n > 20 ? 20 : t.n), t.p);
		return 0;
	}
	if (s[0] == '#')
		return 0;                       /* the column comment */
	if (n > 4 && !memcmp(s, "OBJS", 4))
		return 0;                       /* slabtop's column header */
	if (is_slabinfo_row(s, n))
		return slabinfo_row(sl, s, n, line);
	if (memchr(s, ':', n))
		return slabtop_summary(sl, s, n, line);
	if (span_token(s, n, &pos, &t) && is_digits(t.p, t.n))
		return slabtop_row(sl, s, n, line);
	diag_warn(sl->dg, line, "cannot parse slabinfo line '%.*s'",
		  (int)(n > 60 ? 60 : n), s);
	return 0;
}

static int slab_end(void *ctx)
{
	struct slabinfo *sl = ctx;

	if (sl->saw_summary || !sl->t_caches)
		return 0;
	if (put(sl, 0, "slabinfo.total_active_objs", "", "count", "slabtop header: active part", sl->t_active) < 0 ||
	    put(sl, 0, "slabinfo.total_objs", "", "count", "slabtop header: total", sl->t_objs) < 0 ||
	    put(sl, 0, "slabinfo.total_active_slabs", "", "count", "slabtop header: active part", sl->t_aslabs) < 0 ||
	    put(sl, 0, "slabinfo.total_slabs", "", "count", "slabtop header: total", sl->t_slabs) < 0 ||
	    put(sl, 0, "slabinfo.total_active_caches", "", "count", "slabtop header: active part", sl->t_acaches) < 0 ||
	    put(sl, 0, "slabinfo.total_caches", "", "count", "slabtop header: total", sl->t_caches) < 0 ||
	    put(sl, 0, "slabinfo.total_active_bytes", "", "bytes", "slabtop header: active part", sl->t_abytes) < 0 ||
	    put(sl, 0, "slabinfo.total_bytes", "", "bytes", "slabtop header: total", sl->t_bytes) < 0)
		return -1;
	return 0;
}

static const struct snap_ops slab_ops = {
	.key = slab_key,
	.begin = slab_begin,
	.line = slab_line,
	.end = slab_end,
	.what = "slabinfo",
};

static int slabinfo_sniff(const struct input *in)
{
	const char *h = (const char *)in->head;
	size_t n = in->head_len;
	int score = 0;

	if (memmem(h, n, "slabinfo - version:", 19))
		score = 95;
	else if (memmem(h, n, "Active / Total Objects (% used)", 31) ||
		 memmem(h, n, "OBJS ACTIVE  USE OBJ SIZE", 25))
		score = 90;
	else if (memmem(h, n, ": slabdata ", 11))
		score = 70;
	if (in->name && (strstr(in->name, "slabinfo") || strstr(in->name, "slabtop")))
		score += score ? 5 : 35;
	return score > 100 ? 100 : score;
}

static int slabinfo_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct slabinfo sl = { .out = out, .dg = dg };
	int rc;

	snap_series_init(&sl.series);
	rc = snap_import(in, dg, &slab_ops, &sl);
	snap_series_release(&sl.series);
	return rc;
}

const struct importer slabinfo_importer = {
	.name = "slabinfo",
	.summary = "/proc/slabinfo (2.x) and `slabtop -o` snapshots: objects and bytes per slab cache",
	.version = 1,
	.sniff = slabinfo_sniff,
	.parse = slabinfo_parse,
};
