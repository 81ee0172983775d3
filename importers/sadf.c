/*
 * sadf.c - sysstat data as sadf writes it: `sadf -d` (database CSV),
 * `sadf -j` (JSON), and binary sa files (saDD), which go through the local
 * sadf to become `sadf -d` text.
 *
 * Metric names, instances and units come from sar_columns.c, the table the
 * sar text importer uses too: sar text, sadf -d and sadf -j made from the
 * same binary file give the same samples.
 *
 * sadf -d (one block per activity, rows of all records, then the next):
 *     # hostname;interval;timestamp;CPU;%usr;%nice;...      header
 *     vm;1;2026-11-22 13:46:13 UTC;-1;16.92;0.00;...      row (CPU -1 = all)
 *     vm;-1;2026-11-22 13:49:46 UTC;LINUX-RESTART\t(2 CPU) restart
 *     vm;-1;2026-11-22 13:49:46 UTC;COM text               comment (-C)
 *   timestamp: "YYYY-MM-DD HH:MM:SS UTC" (default), "... CET" or without a
 *   zone (-t / -T: local time), or epoch seconds (-U); numbers use the
 *   locale's decimal mark ("16,92" under de_DE).  Interrupts print
 *   "INTR;CPU*": the interrupt, then all, CPU0, CPU1 ... values.
 *
 * sadf -j:
 *     {"sysstat": {"hosts": [{"nodename", "sysname", "release", "machine",
 *       "number-of-cpus", "file-date", "file-utc-time", "timezone",
 *       "statistics": [{"timestamp": {"date", "time", "utc" | "tz",
 *                                     "interval"},
 *                       "<activity>": {...} | [{...}, ...],
 *                       "network": {"net-dev": [...], ...}, ...}, ...],
 *       "restarts": [{"boot": {"date", "time", "utc", "cpu_count"}}],
 *       "comments": [{"comment": {"date", "time", "utc", "com"}}]}]}}
 *   Read with the bounded tokenizer of util_json.c, one record (one
 *   element of "statistics") held at a time.
 *
 * binary sa file, detected by its magic (sysstat's struct file_magic):
 *     offset size meaning
 *     0      2    sysstat magic 0xd596 (bytes 96 d5; d5 96 from a host of
 *                 the other byte order)
 *     2      2    format magic: 0x2171 (9.x), 0x2173 (10.x, 11.x),
 *                 0x2175 (12.x)
 *     4      ...  sysstat version, header size, ... (the local sadf knows)
 *   It is copied to a temporary file and converted with
 *   `sadf -d -U -C FILE -- -A` (epoch times: no zone guesswork); a format
 *   the local sadf cannot read is first converted with `sadf -c`.  The sadf
 *   used is $PMORTEM_SADF when set (empty: none), else `sadf` in $PATH.
 *
 * Local times (-t/-T) are read in --tz when given, else the bundle's zone,
 * else the zone the label names ("CET"; sysstat prints the standard-time
 * abbreviation, so "EST" is read as EST5EDT), with one warning.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "importer.h"
#include "sar_columns.h"
#include "util.h"
#include "util_json.h"

extern char **environ;

#define MAX_LINE (1u << 20)        /* a -d row, bytes */
#define MAX_FIELDS 65536           /* fields of a -d row */
#define MAX_JSON_STRING (1u << 20) /* a JSON string or number, bytes */
#define MAX_RECORD_NODES (1u << 21) /* JSON values in one record */
#define MAX_RECORD_POOL (64u << 20) /* text of one record, bytes */
#define MAX_METRIC 160
#define MAX_INSTANCE 512

/* ------------------------------------------------------------------ */
/* Series handles, cached by metric and instance.                       */

struct series_slot {
	char *key;               /* "metric\0instance", owned; NULL = empty */
	size_t key_len;
	int64_t id;
};

struct series_cache {
	struct series_slot *slots;
	size_t cap, used;        /* cap is a power of two */
};

static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

static void cache_clear(struct series_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slots[i].key);
	free(c->slots);
	memset(c, 0, sizeof(*c));
}

static struct series_slot *cache_slot(struct series_cache *c, const char *key,
				      size_t n)
{
	size_t i = (size_t)hash_bytes(key, n) & (c->cap - 1);

	for (;; i = (i + 1) & (c->cap - 1)) {
		struct series_slot *s = &c->slots[i];

		if (!s->key || (s->key_len == n && !memcmp(s->key, key, n)))
			return s;
	}
}

static void cache_grow(struct series_cache *c)
{
	struct series_cache old = *c;

	c->cap = old.cap ? old.cap * 2 : 256;
	c->slots = xcalloc(c->cap, sizeof(*c->slots));
	c->used = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.slots[i].key)
			continue;
		*cache_slot(c, old.slots[i].key, old.slots[i].key_len) = old.slots[i];
		c->used++;
	}
	free(old.slots);
}

/* ------------------------------------------------------------------ */
/* The parse state shared by the three forms.                           */

/* sadf -j: a scalar of an activity object (nested objects flattened). */
struct jmember {
	const struct jnode *node;
	const char *key;
	const struct sar_section *sec;  /* where col was found */
	const struct sar_column *col;   /* NULL: not in the table */
	int intr_cpu;                   /* interrupts: CPUn, -1 none */
	int skip;
};

/* sadf -d: which CPUs the CPU section listed at one time. */
struct cpuset_at {
	int64_t ts;
	size_t at;                      /* offset of the set in the pool */
};

/* One column of a -d header. */
struct dcol {
	const char *name;               /* as printed (points into names) */
	char metric[MAX_METRIC];        /* family.field */
	char gdesc[96];                 /* the catalog line of an unknown one */
	const char *unit, *desc;
	double scale;
	enum { DC_VALUE, DC_INSTANCE, DC_STATUS, DC_TEXT, DC_CPUSTAR } kind;
	int order;                      /* instance: order in the joined name */
};

struct sadf {
	struct input *in;
	struct sink *out;
	struct diag *dg;
	char host[256];
	int host_sent;
	struct host_rec hrec;           /* JSON: the host's fields */
	char kernel[128], arch[64], os[64], tzname[64];
	int max_cpu;                    /* highest CPU instance seen, -1 */
	struct series_cache cache;
	/* local times */
	struct tzconv tz;
	char tz_for[64];                /* the label tz was set up for */
	int tz_ok;
	int warned_local, warned_intr, warned_dh, warned_nohdr;
	/* -d header */
	const struct sar_section *sec;
	const char *family;
	struct dcol *cols;
	size_t ncols, cap_cols;
	char *names;                    /* the header's column names */
	struct span *f;                 /* the fields of the current line */
	char *dh_hdr;                   /* sadf -dh: the header line */
	int in_dh;                      /* dh_row() is feeding rows */
	size_t cap_f;
	int have_hdr, hdr_dh;
	size_t star;                    /* index of CPU*, or SIZE_MAX */
	/* counts */
	int64_t samples, rows;
	int is_cpu_family;
	char intr_metric[64];           /* intr.intr_per_s, from the table */
	const char *intr_desc;
	struct jmember *members;        /* sadf -j: one object's scalars */
	/* sadf -d: the CPUs of the CPU section at each time, to name the
	 * per-CPU interrupt values (offline CPUs are left out of both) */
	struct cpuset_at *sets;
	size_t nsets, cap_sets;
	int *pool;                      /* sets as [count, cpu, cpu...] */
	size_t npool, cap_pool;
	int64_t cur_ts;
	int *cur;
	size_t ncur, cap_cur;
};

/* The interrupts section and its "all" column: per-CPU values use them. */
static const struct sar_section *intr_section(void)
{
	return sar_section_json("interrupts", NULL);
}

static void sadf_init(struct sadf *st, struct input *in, struct sink *out,
		      struct diag *dg)
{
	memset(st, 0, sizeof(*st));
	st->in = in;
	st->out = out;
	st->dg = dg;
	st->max_cpu = -1;
	st->star = SIZE_MAX;
	{
		const struct sar_section *is = intr_section();
		const struct sar_column *all = is ? sar_column_find(is, "all") : NULL;

		if (all) {
			sar_metric(is, all, st->intr_metric, sizeof(st->intr_metric));
			st->intr_desc = all->desc;
		} else {
			snprintf(st->intr_metric, sizeof(st->intr_metric), "intr.intr_per_s");
		}
	}
}

static void sadf_release(struct sadf *st)
{
	cache_clear(&st->cache);
	free(st->cols);
	free(st->names);
	free(st->f);
	free(st->dh_hdr);
	free(st->members);
	free(st->sets);
	free(st->pool);
	free(st->cur);
}

/* Close the CPU set of cur_ts (shared with the previous when equal). */
static void cpuset_flush(struct sadf *st)
{
	size_t at;

	if (!st->ncur)
		return;
	if (st->nsets) {
		size_t last = st->sets[st->nsets - 1].at;

		if ((size_t)st->pool[last] == st->ncur &&
		    !memcmp(st->pool + last + 1, st->cur, st->ncur * sizeof(int))) {
			at = last;
			goto add;
		}
	}
	st->pool = xgrow(st->pool, &st->cap_pool, st->npool + st->ncur + 1,
			 sizeof(*st->pool));
	at = st->npool;
	st->pool[at] = (int)st->ncur;
	memcpy(st->pool + at + 1, st->cur, st->ncur * sizeof(int));
	st->npool += st->ncur + 1;
add:
	st->sets = xgrow(st->sets, &st->cap_sets, st->nsets + 1, sizeof(*st->sets));
	st->sets[st->nsets++] = (struct cpuset_at){ st->cur_ts, at };
	st->ncur = 0;
}

static void cpuset_note(struct sadf *st, int64_t ts, int cpu)
{
	if (st->ncur && ts != st->cur_ts)
		cpuset_flush(st);
	st->cur_ts = ts;
	if (st->ncur >= 65536)
		return;
	st->cur = xgrow(st->cur, &st->cap_cur, st->ncur + 1, sizeof(*st->cur));
	st->cur[st->ncur++] = cpu;
}

/* The CPUs listed at ts: a pointer to [count, cpu...], or NULL. */
static const int *cpuset_find(struct sadf *st, int64_t ts)
{
	size_t lo = 0, hi;

	cpuset_flush(st);
	hi = st->nsets;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->sets[mid].ts < ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->nsets && st->sets[lo].ts == ts)
		return st->pool + st->sets[lo].at;
	for (size_t i = 0; i < st->nsets; i++)  /* rows out of order */
		if (st->sets[i].ts == ts)
			return st->pool + st->sets[i].at;
	return NULL;
}

/* Make `name` the current host (once per change). */
static int set_host(struct sadf *st, const char *name)
{
	struct host_rec h;

	if (st->host_sent && !strcmp(st->host, name))
		return 0;
	snprintf(st->host, sizeof(st->host), "%s", name);
	st->host_sent = 1;
	cache_clear(&st->cache);
	h = st->hrec;
	h.name = st->host;
	if (st->out->host(st->out, &h) < 0)
		return diag_error(st->dg, 0, "the store refused host '%s'", st->host);
	return 0;
}

static int64_t series_for(struct sadf *st, const char *metric,
			  const char *inst, const char *unit, const char *desc)
{
	char key[MAX_METRIC + MAX_INSTANCE + 2];
	size_t ml = strlen(metric), il = strlen(inst), n = ml + 1 + il;
	struct series_slot *s;
	int64_t id;

	if (n > sizeof(key))
		return -1;
	memcpy(key, metric, ml + 1);
	memcpy(key + ml + 1, inst, il);
	if (st->cache.cap && (s = cache_slot(&st->cache, key, n))->key)
		return s->id;
	id = st->out->series(st->out, metric, inst, unit, desc);
	if (id < 0)
		return -1;
	if ((st->cache.used + 1) * 2 > st->cache.cap)
		cache_grow(&st->cache);
	s = cache_slot(&st->cache, key, n);
	s->key = xmalloc(n);
	memcpy(s->key, key, n);
	s->key_len = n;
	s->id = id;
	st->cache.used++;
	return id;
}

/* One sample of metric (family.field) and instance at ts. */
static int emit(struct sadf *st, const char *metric, const char *unit,
		const char *desc, const char *inst, int64_t ts, double v,
		int64_t line)
{
	int64_t id;

	if (strlen(metric) >= MAX_METRIC)
		return 0;
	if (!st->host_sent && set_host(st, "unknown") < 0)
		return -1;
	id = series_for(st, metric, inst, unit && *unit ? unit : NULL, desc);
	if (id < 0)
		return diag_error(st->dg, line, "the store refused series '%s'", metric);
	st->samples++;
	if (st->out->sample(st->out, id, ts, v, line) < 0)
		return diag_error(st->dg, line, "the store refused a sample of '%s'",
				  metric);
	return 0;
}

static int emit_event(struct sadf *st, const char *kind, const char *msg,
		      int64_t ts, int64_t line)
{
	struct event_rec e = {
		.ts_us = ts, .ts_uncertainty_s = 0, .mono_s = NAN, .kind = kind,
		.facility = "sar", .level = -1, .pid = -1, .comm = NULL,
		.message = msg, .line = line,
	};

	if (!st->host_sent && set_host(st, "unknown") < 0)
		return -1;
	if (st->out->event && st->out->event(st->out, &e) < 0)
		return diag_error(st->dg, line, "the store refused a %s event", kind);
	return 0;
}

/* The zone a local-time label is read in: --tz, the bundle's zone, or the
 * label itself when it names a zone (standard-time abbreviations of the US
 * map to their DST-aware zones).  NULL when none. */
static const char *local_zone(struct sadf *st, const char *label, char *buf,
			      size_t cap)
{
	static const char *const us[][2] = {
		{ "EST", "EST5EDT" }, { "CST", "CST6CDT" },
		{ "MST", "MST7MDT" }, { "PST", "PST8PDT" },
	};
	const struct import_opts *o = st->in->opts;
	struct bundle_hints *h = st->in->hints;
	char path[128];

	if (o && o->tz && *o->tz)
		return o->tz;
	if (h && h->tz[0])
		return h->tz;
	if (!label || !*label)
		return NULL;
	for (size_t i = 0; i < sizeof(us) / sizeof(us[0]); i++)
		if (!strcmp(label, us[i][0]))
			return us[i][1];
	for (const char *p = label; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '+' ||
		      *p == '-' || *p == '/') || (p[0] == '.' && p[1] == '.'))
			return NULL;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", label);
	if (access(path, R_OK) != 0)
		return NULL;
	snprintf(buf, cap, "%s", label);
	return buf;
}

static int is_utc_label(const char *label)
{
	return !strcmp(label, "UTC") || !strcmp(label, "GMT") ||
	       !strcmp(label, "Z") || !strcmp(label, "Etc/UTC");
}

/* UTC microseconds of a civil time: utc=1 or a UTC label mean UTC;
 * otherwise it is local time (label: the zone sadf printed, "" none). */
static int64_t to_utc(struct sadf *st, int y, int mo, int d, int h, int mi,
		      int s, int utc, const char *label, int64_t line)
{
	char zbuf[64];
	const char *zone;

	if (!date_valid(y, mo, d) || h > 23 || mi > 59 || s > 60)
		return TS_UNKNOWN;
	if (utc || is_utc_label(label))
		return utc_us(y, mo, d, h, mi, s, 0);
	zone = local_zone(st, label, zbuf, sizeof(zbuf));
	if (!zone) {
		if (!st->warned_local++)
			diag_warn(st->dg, line, *label ?
				  "unknown time zone '%s': local times read as UTC (use --tz)" :
				  "local times without a zone%s: read as UTC (use --tz)",
				  label);
		return utc_us(y, mo, d, h, mi, s, 0);
	}
	if (!st->tz_ok || strcmp(st->tz_for, zone)) {
		const struct import_opts *o = st->in->opts;

		tzconv_init(&st->tz, zone);
		snprintf(st->tz_for, sizeof(st->tz_for), "%s", zone);
		st->tz_ok = 1;
		if (!(o && o->tz && *o->tz) && !st->warned_local++)
			diag_warn(st->dg, line,
				  "local times labelled '%s' read in zone '%s' (use --tz to choose)",
				  label, zone);
	}
	return tzconv_local_us(&st->tz, y, mo, d, h, mi, s, 0);
}

/* "YYYY-MM-DD HH:MM:SS[ ZONE]" or epoch seconds. */
static int64_t parse_ts(struct sadf *st, const char *t, size_t n, int64_t line)
{
	int y, mo, d, h, mi, s;
	int64_t us, v;
	char label[64];
	size_t used;

	if (n > 0 && t[0] >= '0' && t[0] <= '9' && !num_parse_i64(t, n, &v)) {
		if (v < 0 || v > 253402300799LL)
			return TS_UNKNOWN;
		return v * 1000000;
	}
	if (n < 19 || t[10] != ' ' || parse_date(t, 10, 0, &y, &mo, &d) < 0)
		return TS_UNKNOWN;
	used = parse_hms(t + 11, n - 11, &h, &mi, &s, &us);
	if (used != 8)
		return TS_UNKNOWN;
	label[0] = '\0';
	if (n > 19) {
		if (t[19] != ' ' || n - 20 == 0 || n - 20 >= sizeof(label))
			return TS_UNKNOWN;
		memcpy(label, t + 20, n - 20);
		label[n - 20] = '\0';
	}
	return to_utc(st, y, mo, d, h, mi, s, 0, label, line);
}

static void note_cpu(struct sadf *st, const char *inst, int64_t ts)
{
	int64_t v;

	if (!st->is_cpu_family || num_parse_i64(inst, strlen(inst), &v) ||
	    v < 0 || v >= 100000)
		return;
	if (v > st->max_cpu)
		st->max_cpu = (int)v;
	if (st->sec && !strcmp(st->sec->family, "cpu"))
		cpuset_note(st, ts, (int)v);
}

/* ------------------------------------------------------------------ */
/* sadf -d                                                               */

/* Split [s, s+n) at ';' into st->f (grown to fit, up to MAX_FIELDS);
 * returns the count, or SIZE_MAX when there are more. */
static size_t split_semi(struct sadf *st, const char *s, size_t n)
{
	size_t k = 1, start = 0;
	const char *p = s, *e = s + n;

	while ((p = memchr(p, ';', (size_t)(e - p)))) {
		k++;
		p++;
	}
	if (k > MAX_FIELDS)
		return SIZE_MAX;
	st->f = xgrow(st->f, &st->cap_f, k, sizeof(*st->f));
	k = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != ';')
			continue;
		st->f[k].p = s + start;
		st->f[k].n = i - start;
		k++;
		start = i + 1;
	}
	return k;
}

static int header_d(struct sadf *st, const char *line, size_t len,
		    int64_t lineno)
{
	struct span *f;
	const char **names;
	size_t *lens, n, o = 0;

	st->have_hdr = 0;
	st->hdr_dh = 0;
	st->star = SIZE_MAX;
	n = split_semi(st, line + 2, len - 2);
	f = st->f;
	if (n == SIZE_MAX || n < 3 || !span_eq(f[0], "hostname") ||
	    !span_eq(f[1], "interval") || !span_eq(f[2], "timestamp"))
		return diag_warn(st->dg, lineno, "unknown header line '%.*s' skipped",
				 (int)(len > 40 ? 40 : len), line);
	for (size_t i = 3; i < n; i++)
		if (f[i].n >= 5 && !memcmp(f[i].p + f[i].n - 5, "[...]", 5))
			st->hdr_dh = 1;
	if (st->hdr_dh) {
		/* sadf -dh: every activity on one line; rows are split per
		 * activity by dh_row() */
		free(st->dh_hdr);
		st->dh_hdr = xstrndup(line, len);
		st->have_hdr = 1;
		return 0;
	}
	st->ncols = n - 3;
	st->cols = xgrow(st->cols, &st->cap_cols, st->ncols, sizeof(*st->cols));
	free(st->names);
	st->names = xmalloc(len);
	names = xcalloc(st->ncols, sizeof(*names));
	lens = xcalloc(st->ncols, sizeof(*lens));
	for (size_t i = 0; i < st->ncols; i++) {
		memcpy(st->names + o, f[i + 3].p, f[i + 3].n);
		st->names[o + f[i + 3].n] = '\0';
		names[i] = st->names + o;
		lens[i] = f[i + 3].n;
		o += f[i + 3].n + 1;
	}
	st->sec = sar_section_match(names, st->ncols);
	for (size_t i = 0; i < st->ncols; i++)  /* sadf -d: "INTR;CPU*" */
		if (!strcmp(names[i], "CPU*"))
			st->sec = intr_section();
	/* sadf -d prints the USB header as manufact;product;BUS;... but the
	 * rows as BUS;idvendor;idprod;maxpower;manufact;product (sysstat
	 * 12.x): read the rows in their real order */
	if (st->sec && !strcmp(st->sec->family, "usb") && st->ncols == 6 &&
	    !strcmp(names[0], "manufact") && !strcmp(names[1], "product")) {
		const char *m = names[0], *p = names[1];

		memmove(names, names + 2, 4 * sizeof(*names));
		names[4] = m;
		names[5] = p;
		for (size_t i = 0; i < 6; i++)
			lens[i] = strlen(names[i]);
	}
	st->family = st->sec ? st->sec->family : "sar";
	st->is_cpu_family = 0;
	for (size_t i = 0; i < st->ncols; i++) {
		struct dcol *c = &st->cols[i];
		const struct sar_column *sc = st->sec ?
			sar_column_find(st->sec, names[i]) : NULL;

		memset(c, 0, sizeof(*c));
		c->name = names[i];
		c->scale = 1;
		if (!strcmp(names[i], "CPU*")) {
			c->kind = DC_CPUSTAR;
			st->star = i;
		} else if (sc && sc->kind == SAR_INSTANCE) {
			c->kind = DC_INSTANCE;
			c->order = (int)(sc - st->sec->cols);
			if (!strcmp(names[i], "CPU"))
				st->is_cpu_family = 1;
		} else if (sc && sc->kind == SAR_TEXT) {
			c->kind = DC_TEXT;
		} else if (sc) {
			sar_metric(st->sec, sc, c->metric, sizeof(c->metric));
			c->unit = sc->unit;
			c->desc = sc->desc;
			c->scale = sc->scale;
			c->kind = sc->kind == SAR_STATUS ? DC_STATUS : DC_VALUE;
		} else if (sar_is_instance(names[i])) {
			c->kind = DC_INSTANCE;  /* known elsewhere: keep it */
			c->order = 1000 + (int)i;
		} else {
			char field[64];

			sar_field_generic(names[i], field, sizeof(field), &c->unit);
			if (snprintf(c->metric, sizeof(c->metric), "%.40s.%s", st->family,
				     field) >= (int)sizeof(c->metric))
				c->metric[0] = '\0';
			snprintf(c->gdesc, sizeof(c->gdesc),
				 "sar column '%.48s' (not in pmortem's table)", names[i]);
			c->desc = c->gdesc;
			c->kind = DC_VALUE;
		}
	}
	free(names);
	free(lens);
	st->have_hdr = 1;
	return 0;
}

/* The instance of a row: its instance columns joined with ':' in table
 * order (as sar text); sadf's CPU -1 is "all". */
static void row_instance(struct sadf *st, const struct span *f, char *buf,
			 size_t cap)
{
	size_t o = 0;
	int last = -1;

	buf[0] = '\0';
	for (;;) {
		int best = -1;
		size_t bi = 0, k;
		const struct span *v;

		for (size_t i = 0; i < st->ncols; i++)
			if (st->cols[i].kind == DC_INSTANCE && st->cols[i].order > last &&
			    (best < 0 || st->cols[i].order < best)) {
				best = st->cols[i].order;
				bi = i;
			}
		if (best < 0)
			break;
		last = best;
		v = &f[bi + 3];
		if (o && o + 1 < cap)
			buf[o++] = ':';
		if (span_eq(*v, "-1") && !strcmp(st->cols[bi].name, "CPU")) {
			o += (size_t)snprintf(buf + o, cap - o, "all");
			if (o >= cap)
				o = cap - 1;
			continue;
		}
		k = v->n < cap - o - 1 ? v->n : cap - o - 1;
		memcpy(buf + o, v->p, k);
		o += k;
		buf[o] = '\0';
	}
	buf[o] = '\0';
}

static int value_d(struct sadf *st, struct span v, const char *colname,
		   double *out, int64_t lineno)
{
	if (num_parse(v.p, v.n, ',', out) == 0)
		return 0;
	diag_warn(st->dg, lineno, "cannot parse '%.*s' in column '%s'",
		  (int)(v.n > 40 ? 40 : v.n), v.p, colname);
	return -1;
}

static int special_d(struct sadf *st, struct span *f, size_t n, int64_t ts,
		     int64_t lineno)
{
	const char *rest = f[3].p;
	size_t rlen = (size_t)(f[n - 1].p + f[n - 1].n - rest);
	char msg[512];

	if (rlen >= 13 && !memcmp(rest, "LINUX-RESTART", 13)) {
		size_t o = (size_t)snprintf(msg, sizeof(msg), "LINUX RESTART");
		size_t i = 13;

		while (i < rlen && (rest[i] == '\t' || rest[i] == ' '))
			i++;
		if (i < rlen)
			snprintf(msg + o, sizeof(msg) - o, " %.*s",
				 (int)(rlen - i), rest + i);
		return emit_event(st, "restart", msg, ts, lineno);
	}
	if (rlen >= 4 && !memcmp(rest, "COM ", 4)) {
		snprintf(msg, sizeof(msg), "%.*s", (int)(rlen - 4), rest + 4);
		return emit_event(st, "comment", msg, ts, lineno);
	}
	diag_warn(st->dg, lineno, "unknown record '%.*s' skipped",
		  (int)(rlen > 40 ? 40 : rlen), rest);
	return 0;
}

static int dh_row(struct sadf *st, const char *line, size_t len, int64_t ts,
		  int64_t lineno);

static int row_d(struct sadf *st, const char *line, size_t len,
		 int64_t lineno)
{
	struct span *f;
	char hostname[256], inst[MAX_INSTANCE];
	int64_t ts, interval;
	size_t n = split_semi(st, line, len);

	f = st->f;

	if (n == SIZE_MAX)
		return diag_warn(st->dg, lineno, "more than %u fields: row skipped",
				 MAX_FIELDS);
	if (n < 4)
		return diag_warn(st->dg, lineno,
				 "expected at least 4 fields, found %zu: row skipped", n);
	if (num_parse_i64(f[1].p, f[1].n, &interval) < 0)
		return diag_warn(st->dg, lineno, "cannot parse interval '%.*s'",
				 (int)(f[1].n > 40 ? 40 : f[1].n), f[1].p);
	ts = parse_ts(st, f[2].p, f[2].n, lineno);
	if (ts == TS_UNKNOWN)
		return diag_warn(st->dg, lineno, "cannot parse timestamp '%.*s'",
				 (int)(f[2].n > 40 ? 40 : f[2].n), f[2].p);
	span_copy(f[0], hostname, sizeof(hostname));
	if (set_host(st, hostname) < 0)
		return -1;
	st->rows++;
	if (interval < 0)
		return special_d(st, f, n, ts, lineno) < 0 ? -1 : 0;
	if (!st->have_hdr) {
		if (!st->warned_nohdr++)
			diag_warn(st->dg, lineno,
				  "row before any '# hostname;interval;timestamp' header skipped");
		return 0;
	}
	if (st->hdr_dh)
		return st->in_dh ? 0 : dh_row(st, line, len, ts, lineno);
	if (st->star == SIZE_MAX ? n != st->ncols + 3 : n < st->star + 4)
		return diag_warn(st->dg, lineno,
				 "expected %zu fields, found %zu: row skipped",
				 st->star == SIZE_MAX ? st->ncols + 3 : st->star + 4, n);
	row_instance(st, f, inst, sizeof(inst));
	note_cpu(st, inst, ts);
	for (size_t i = 0; i < st->ncols && i + 3 < n; i++) {
		struct dcol *c = &st->cols[i];
		double v;

		if (c->kind == DC_CPUSTAR) {
			size_t k = n - (i + 3), ncpu = k - 1;
			char name[MAX_INSTANCE + 16];
			const int *set = cpuset_find(st, ts);

			/* all, then one value per CPU the CPU section listed at
			 * this time (or 0..n-1 when it listed none) */
			if (set && (size_t)set[0] == ncpu) {
				/* named by the set */
			} else if (ncpu && (st->max_cpu < 0 ||
					    (int64_t)ncpu == st->max_cpu + 1)) {
				set = NULL;
			} else if (ncpu) {
				if (!st->warned_intr++)
					diag_warn(st->dg, lineno,
						  "%zu per-CPU interrupt values but %d CPUs seen: only 'all' kept",
						  ncpu, set ? set[0] : st->max_cpu + 1);
				ncpu = 0;
			}
			for (size_t j = 0; j <= ncpu; j++) {
				if (value_d(st, f[i + 3 + j], j ? "CPU*" : "all", &v,
					    lineno) < 0)
					continue;
				if (j)
					snprintf(name, sizeof(name), "%s/cpu%d", inst,
						 set ? set[j] : (int)(j - 1));
				else
					snprintf(name, sizeof(name), "%s", inst);
				if (emit(st, st->intr_metric, "per_s", st->intr_desc,
					 name, ts, v, lineno) < 0)
					return -1;
			}
			break;
		}
		if (c->kind == DC_INSTANCE || c->kind == DC_TEXT || !c->metric[0])
			continue;
		if (c->kind == DC_STATUS &&
		    num_parse(f[i + 3].p, f[i + 3].n, ',', &v) < 0) {
			int code = sar_battery_status(f[i + 3].p, f[i + 3].n);

			if (code < 0) {
				diag_warn(st->dg, lineno, "cannot parse '%.*s' in column '%s'",
					  (int)(f[i + 3].n > 40 ? 40 : f[i + 3].n),
					  f[i + 3].p, c->name);
				continue;
			}
			v = code;
		} else if (value_d(st, f[i + 3], c->name, &v, lineno) < 0) {
			continue;
		} else {
			v *= c->scale;
		}
		if (emit(st, c->metric, c->unit, c->desc, inst, ts, v, lineno) < 0)
			return -1;
	}
	return 0;
}

/* The section a value column without an instance belongs to (sadf -dh
 * prints such activities as plain runs of columns), or NULL. */
static const struct sar_section *plain_section(const char *name)
{
	for (const struct sar_section *s = sar_sections; s->family; s++) {
		const struct sar_column *c = sar_column_find(s, name);
		int inst = 0;

		if (!c || c->kind == SAR_INSTANCE)
			continue;
		for (const struct sar_column *x = s->cols; x->name; x++)
			inst |= x->kind == SAR_INSTANCE;
		if (!inst)
			return s;
	}
	return NULL;
}

/* Append "a;b;c" (spans) to buf at *o; 0, or -1 when it does not fit. */
static int put_fields(char *buf, size_t cap, size_t *o, const struct span *f,
		      size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (*o + f[i].n + 2 > cap)
			return -1;
		buf[(*o)++] = ';';
		memcpy(buf + *o, f[i].p, f[i].n);
		*o += f[i].n;
	}
	buf[*o] = '\0';
	return 0;
}

/* One activity of a sadf -dh header: columns [a, b) of the header. */
struct dh_group {
	size_t a, b;
	int rep;                        /* multi-instance: repeats */
	int cpu_inst;                   /* its instance is a CPU number */
	size_t star;                    /* CPU* offset, or SIZE_MAX */
};

static int is_dh_end(struct span f)
{
	return f.n >= 5 && !memcmp(f.p + f.n - 5, "[...]", 5);
}

/* Cut a -dh header into activities; returns the count, 0 when malformed. */
static size_t dh_groups(struct span *hf, size_t nh, struct dh_group *g)
{
	size_t ng = 0;

	for (size_t i = 3; i < nh;) {
		char name[64];
		struct dh_group *x = &g[ng++];

		memset(x, 0, sizeof(*x));
		x->a = i;
		x->star = SIZE_MAX;
		span_copy(hf[i], name, sizeof(name));
		if (sar_is_instance(name) || !strcmp(name, "INTR")) {
			/* a multi-instance activity: its section's columns, up to
			 * the "[...]" mark (sadf forgets it after TTY) */
			const struct sar_section *sec = NULL;
			size_t b = i + 1;
			char nx[64];

			if (b < nh) {
				struct span v = hf[b];

				if (is_dh_end(v))
					v.n -= 5;
				span_copy(v, nx, sizeof(nx));
			}
			for (const struct sar_section *s = sar_sections;
			     b < nh && !sec && s->family; s++) {
				const struct sar_column *c = sar_column_find(s, name);

				if (c && c->kind == SAR_INSTANCE &&
				    (sar_column_find(s, nx) ||
				     (!strcmp(nx, "CPU*") && !strcmp(name, "INTR"))))
					sec = s;
			}
			if (!sec)
				return 0;
			if (is_dh_end(hf[i]))
				hf[i].n -= 5;
			for (; b < nh; b++) {
				int end = is_dh_end(hf[b]);

				if (end)
					hf[b].n -= 5;
				span_copy(hf[b], nx, sizeof(nx));
				if (!sar_column_find(sec, nx) && strcmp(nx, "CPU*")) {
					if (end)
						hf[b].n += 5;
					break;
				}
				if (end) {
					b++;
					break;
				}
			}
			x->b = b;
			x->rep = 1;
			x->cpu_inst = !strcmp(name, "CPU");
		} else {
			const struct sar_section *sec = plain_section(name);
			size_t b = i + 1;

			while (sec && b < nh) {
				char nx[64];

				span_copy(hf[b], nx, sizeof(nx));
				if (sar_is_instance(nx) || is_dh_end(hf[b]) ||
				    !sar_column_find(sec, nx))
					break;
				b++;
			}
			x->b = b;
		}
		for (size_t k = x->a; k < x->b; k++)
			if (span_eq(hf[k], "CPU*"))
				x->star = k - x->a;
		i = x->b;
	}
	return ng;
}

/* sadf -dh: one line per record holding every activity.  The header
 * names the columns once per activity; a multi-instance activity ends in
 * "[...]" and repeats (instance + values) once per instance.  Each
 * activity becomes a header and rows of its own, fed to header_d() and
 * row_d() as if sadf -d had printed them.  How often an activity repeats
 * is not written down: the last one takes the rest of the line, one
 * followed only by single-instance activities takes what they leave, a
 * CPU one ends at the first instance that is not a CPU number; anything
 * else cannot be cut safely and the rest of the line is skipped with a
 * warning.  Interrupts ("INTR;CPU*") carry all + one value per CPU the
 * CPU activity listed. */
static int dh_row(struct sadf *st, const char *line, size_t len, int64_t ts,
		  int64_t lineno)
{
	char *hdr = xstrdup(st->dh_hdr), *row = xstrndup(line, len);
	size_t hl = strlen(hdr), nh, nr, ng, t = 3, cap = hl + len + 64;
	struct span *hf, *rf;
	struct dh_group *g;
	char *buf = xmalloc(cap);
	int rc = 0;

	nh = split_semi(st, hdr + 2, hl - 2);
	hf = xmalloc((nh + 1) * sizeof(*hf));
	memcpy(hf, st->f, nh * sizeof(*hf));
	nr = split_semi(st, row, len);
	rf = xmalloc((nr + 1) * sizeof(*rf));
	memcpy(rf, st->f, nr * sizeof(*rf));
	g = xcalloc(nh + 1, sizeof(*g));
	ng = dh_groups(hf, nh, g);
	if (ng == 0 && nh > 3 && !st->warned_dh++)
		diag_warn(st->dg, lineno, "'sadf -dh' header without its '[...]' marks");
	st->in_dh = 1;
	for (size_t gi = 0; gi < ng && rc == 0 && t < nr; gi++) {
		struct dh_group *x = &g[gi];
		size_t o, w = x->b - x->a, reps = 1, later = 0;
		int known = 1;
		char name[64];

		span_copy(hf[x->a], name, sizeof(name));
		o = (size_t)snprintf(buf, cap, "# hostname;interval;timestamp");
		put_fields(buf, cap, &o, hf + x->a, w);
		header_d(st, buf, o, lineno);
		st->hdr_dh = 0;
		if (x->star != SIZE_MAX) {
			const int *set = cpuset_find(st, ts);

			if (!set) {
				if (!st->warned_dh++)
					diag_warn(st->dg, lineno,
						  "'sadf -dh': per-CPU interrupts without CPU rows: rest of the line skipped");
				break;
			}
			w = x->star + 1 + (size_t)set[0];
		}
		if (x->rep) {
			for (size_t k = gi + 1; k < ng; k++) {
				if (g[k].rep || g[k].star != SIZE_MAX)
					known = 0;
				later += g[k].b - g[k].a;
			}
			if (known && nr - t >= later && (nr - t - later) % w == 0)
				reps = (nr - t - later) / w;
			else if (x->cpu_inst)
				reps = SIZE_MAX;        /* until a non-CPU instance */
			else {
				if (!st->warned_dh++)
					diag_warn(st->dg, lineno,
						  "'sadf -dh': cannot tell where the '%s' instances end: rest of the line skipped (use 'sadf -d')",
						  name);
				break;
			}
		}
		for (size_t r = 0; r < reps && rc == 0; r++) {
			int64_t c;

			if (t + w > nr) {
				if (reps != SIZE_MAX || t < nr)
					diag_warn(st->dg, lineno,
						  "'sadf -dh' row: %zu fields left for %zu columns",
						  nr - t, w);
				t = nr;
				break;
			}
			if (reps == SIZE_MAX && r > 0 &&
			    (num_parse_i64(rf[t].p, rf[t].n, &c) < 0 || c < -1))
				break;          /* the next activity starts */
			o = 0;
			put_fields(buf, cap, &o, rf, 3);
			put_fields(buf, cap, &o, rf + t, w);
			if (row_d(st, buf + 1, o - 1, lineno) < 0 && st->dg->nerror)
				rc = -1;
			t += w;
		}
	}
	if (rc == 0 && t != nr && ng && !st->warned_dh++)
		diag_warn(st->dg, lineno, "'sadf -dh' row: %zu fields not matched by the header",
			  nr > t ? nr - t : 0);
	st->in_dh = 0;
	st->hdr_dh = 1;
	st->have_hdr = 1;
	free(hdr);
	free(row);
	free(hf);
	free(rf);
	free(g);
	free(buf);
	return rc;
}

static int parse_d(struct sadf *st, struct input *in)
{
	struct lines lr;
	const char *line;
	size_t len;
	int r, rc = 0;

	lines_init(&lr, in, st->dg, MAX_LINE);
	while ((r = lines_next(&lr, &line, &len)) > 0) {
		if (len == 0)
			continue;
		if (line[0] == '#') {
			if (len < 2 || line[1] != ' ') {
				diag_warn(st->dg, lr.lineno, "unknown header line '%.*s' skipped",
					  (int)(len > 40 ? 40 : len), line);
				continue;
			}
			header_d(st, line, len, lr.lineno);
			continue;
		}
		if (row_d(st, line, len, lr.lineno) < 0 && st->dg->nerror) {
			rc = -1;
			break;
		}
	}
	if (r < 0)
		rc = -1;
	lines_release(&lr);
	return rc;
}

/* ------------------------------------------------------------------ */
/* sadf -j                                                               */

/* One record held as a tree: nodes in an array, text in a pool. */
struct jnode {
	int type;                /* enum json_tok of the value */
	uint32_t key;            /* offset of the member name, or NOKEY */
	uint32_t text;           /* offset of a string/number, or NOKEY */
	int32_t first, next;     /* children and siblings, -1 = none */
};

#define NOKEY UINT32_MAX

struct jtree {
	struct jnode *nodes;
	size_t n, cap;
	char *pool;
	size_t plen, pcap;
};

static uint32_t pool_add(struct jtree *t, const char *s, size_t n)
{
	uint32_t at;

	if (t->plen + n + 1 > MAX_RECORD_POOL)
		return NOKEY;
	t->pool = xgrow(t->pool, &t->pcap, t->plen + n + 1, 1);
	at = (uint32_t)t->plen;
	memcpy(t->pool + at, s, n);
	t->pool[at + n] = '\0';
	t->plen += n + 1;
	return at;
}

static const char *jkey(const struct jtree *t, const struct jnode *x)
{
	return x->key == NOKEY ? "" : t->pool + x->key;
}

static const char *jtext(const struct jtree *t, const struct jnode *x)
{
	return x->text == NOKEY ? "" : t->pool + x->text;
}

/* Read the value that starts with `tok` into the tree: its index, or -1
 * (jr->err or `why` says why). */
static int32_t jbuild(struct jtree *t, struct json_reader *jr, int tok,
		      uint32_t key, const char **why)
{
	int32_t me, last = -1;

	if (tok == JSON_ERROR || tok == JSON_END || tok == JSON_OBJ_END ||
	    tok == JSON_ARR_END || tok == JSON_KEY)
		return -1;
	if (t->n >= MAX_RECORD_NODES) {
		*why = "record has too many values";
		return -1;
	}
	t->nodes = xgrow(t->nodes, &t->cap, t->n + 1, sizeof(*t->nodes));
	me = (int32_t)t->n++;
	t->nodes[me] = (struct jnode){ tok, key, NOKEY, -1, -1 };
	if (tok == JSON_STRING || tok == JSON_NUMBER) {
		uint32_t at = pool_add(t, jr->str, jr->len);

		if (at == NOKEY) {
			*why = "record too large";
			return -1;
		}
		t->nodes[me].text = at;
		return me;
	}
	if (tok != JSON_OBJ && tok != JSON_ARR)
		return me;
	for (;;) {
		int32_t child;
		uint32_t k = NOKEY;
		int v = json_next(jr);

		if (v == JSON_OBJ_END || v == JSON_ARR_END)
			return me;
		if (v == JSON_KEY) {
			k = pool_add(t, jr->str, jr->len);
			if (k == NOKEY) {
				*why = "record too large";
				return -1;
			}
			v = json_next(jr);
		}
		child = jbuild(t, jr, v, k, why);
		if (child < 0)
			return -1;
		if (last < 0)
			t->nodes[me].first = child;
		else
			t->nodes[last].next = child;
		last = child;
	}
}

static const struct jnode *jget(const struct jtree *t, const struct jnode *obj,
				const char *key)
{
	if (!obj || obj->type != JSON_OBJ)
		return NULL;
	for (int32_t i = obj->first; i >= 0; i = t->nodes[i].next)
		if (!strcmp(jkey(t, &t->nodes[i]), key))
			return &t->nodes[i];
	return NULL;
}

/* "date" + "time" + "utc" | "tz" of a timestamp, boot or comment object. */
static int64_t jtime(struct sadf *st, const struct jtree *t,
		     const struct jnode *o, int64_t line)
{
	const struct jnode *date = jget(t, o, "date"), *time = jget(t, o, "time");
	const struct jnode *utc = jget(t, o, "utc"), *tz = jget(t, o, "tz");
	int y, mo, d, h, mi, s;
	int64_t us;
	const char *ds, *ts;

	if (!date || !time || date->type != JSON_STRING || time->type != JSON_STRING)
		return TS_UNKNOWN;
	ds = jtext(t, date);
	ts = jtext(t, time);
	if (parse_date(ds, strlen(ds), 0, &y, &mo, &d) < 0 ||
	    parse_hms(ts, strlen(ts), &h, &mi, &s, &us) != strlen(ts) ||
	    strlen(ts) != 8)
		return TS_UNKNOWN;
	if (utc)
		return to_utc(st, y, mo, d, h, mi, s,
			      utc->type == JSON_NUMBER && strcmp(jtext(t, utc), "0"),
			      "", line);
	return to_utc(st, y, mo, d, h, mi, s, 0,
		      tz && tz->type == JSON_STRING ? jtext(t, tz) : "", line);
}

#define MAX_MEMBERS 4096

static size_t jcollect(const struct jtree *t, const struct jnode *obj,
		       struct jmember *m, size_t n, size_t max, int depth)
{
	for (int32_t i = obj->first; i >= 0 && n < max; i = t->nodes[i].next) {
		const struct jnode *x = &t->nodes[i];

		if (x->type == JSON_OBJ) {
			if (depth < 4)
				n = jcollect(t, x, m, n, max, depth + 1);
			continue;
		}
		if (x->type == JSON_ARR)
			continue;
		memset(&m[n], 0, sizeof(m[n]));
		m[n].node = x;
		m[n].key = jkey(t, x);
		m[n].intr_cpu = -2;
		n++;
	}
	return n;
}

/* One object of activity `name` (a single one, or one array element). */
static int jobject(struct sadf *st, const struct jtree *t, const char *name,
		   const struct jnode *obj, int64_t ts, int64_t line)
{
	struct jmember *m = st->members;
	const struct sar_section *first = sar_section_json(name, NULL);
	char family[64], inst[MAX_INSTANCE];
	size_t n, o = 0;
	int is_intr = first && first == intr_section();

	if (!m)
		m = st->members = xcalloc(MAX_MEMBERS, sizeof(*m));
	n = jcollect(t, obj, m, 0, MAX_MEMBERS, 0);
	if (first) {
		snprintf(family, sizeof(family), "%s", first->family);
	} else {
		const char *unit;

		sar_field_generic(name, family, sizeof(family), &unit);
	}
	/* map every member onto the table */
	for (size_t i = 0; i < n; i++) {
		m[i].intr_cpu = is_intr ? sar_intr_cpu(m[i].key) : -1;
		for (const struct sar_section *s = first; s; s = sar_section_json(name, s)) {
			const struct sar_column *c = sar_json_find(s, m[i].key);

			if (c) {
				m[i].sec = s;
				m[i].col = c;
				break;
			}
		}
	}
	/* an older name is dropped when its current twin is there */
	for (size_t i = 0; i < n; i++) {
		const struct sar_column *c = m[i].col;

		if (!c || !c->legacy || !c->field)
			continue;
		for (size_t j = 0; j < n; j++)
			if (m[j].col && !m[j].col->legacy && m[j].col->field &&
			    !strcmp(m[j].col->field, c->field))
				m[i].skip = 1;
	}
	/* the instance: instance members in table order, joined with ':' */
	inst[0] = '\0';
	if (first)
		for (const struct sar_column *c = first->cols; c->name; c++) {
			if (c->kind != SAR_INSTANCE)
				continue;
			for (size_t i = 0; i < n; i++) {
				if (m[i].col != c)
					continue;
				o += (size_t)snprintf(inst + o, sizeof(inst) - o, "%s%s",
						      o ? ":" : "", jtext(t, m[i].node));
				if (o >= sizeof(inst))
					o = sizeof(inst) - 1;
				break;
			}
		}
	if (!strcmp(inst, "-1"))
		snprintf(inst, sizeof(inst), "all");
	for (size_t i = 0; i < n; i++) {
		const struct sar_column *c = m[i].col;
		const struct sar_section *sec = m[i].sec;
		const char *txt = jtext(t, m[i].node);
		char metric[MAX_METRIC], iname[MAX_INSTANCE + 16], gdesc[96];
		const char *unit = NULL, *desc = NULL, *use_inst = inst;
		double v, scale = 1;

		if (m[i].skip || (c && (c->kind == SAR_INSTANCE || c->kind == SAR_TEXT)))
			continue;
		if (!c && m[i].intr_cpu >= 0) {
			/* interrupts: "CPU3": 1.00 is interrupt/cpu3 */
			snprintf(iname, sizeof(iname), "%s/cpu%d", inst, m[i].intr_cpu);
			use_inst = iname;
			sec = first;
			c = sar_column_find(first, "all");
		}
		if (c) {
			sar_metric(sec, c, metric, sizeof(metric));
			unit = c->unit;
			desc = c->desc;
			scale = c->scale;
		} else {
			char field[64];

			if (m[i].node->type == JSON_STRING)
				continue;        /* a label, not a value */
			sar_field_generic(m[i].key, field, sizeof(field), &unit);
			if (snprintf(metric, sizeof(metric), "%.60s.%s", family, field) >=
			    (int)sizeof(metric))
				continue;
			snprintf(gdesc, sizeof(gdesc),
				 "sadf -j key '%.48s' (not in pmortem's table)", m[i].key);
			desc = gdesc;
		}
		if (c && c->kind == SAR_STATUS && m[i].node->type == JSON_STRING) {
			int code = sar_battery_status(txt, strlen(txt));

			if (code < 0) {
				diag_warn(st->dg, line, "cannot parse '%.40s' in '%s.%s'",
					  txt, name, m[i].key);
				continue;
			}
			v = code;
		} else if (num_parse(txt, strlen(txt), 0, &v) < 0) {
			diag_warn(st->dg, line, "cannot parse '%.40s' in '%s.%s'",
				  txt, name, m[i].key);
			continue;
		} else {
			v *= scale;
		}
		if (emit(st, metric, unit, desc, use_inst, ts, v, line) < 0)
			return -1;
	}
	return 0;
}

/* A member of a record: an activity (object or array of objects), or a
 * container of activities ("network", "power-management", "psi"). */
static int jactivity(struct sadf *st, const struct jtree *t, const char *name,
		     const struct jnode *x, int64_t ts, int64_t line, int depth)
{
	int known = sar_section_json(name, NULL) != NULL, scalars = 0;

	if (depth > 4)
		return 0;
	if (x->type == JSON_ARR) {
		for (int32_t i = x->first; i >= 0; i = t->nodes[i].next)
			if (t->nodes[i].type == JSON_OBJ &&
			    jobject(st, t, name, &t->nodes[i], ts, line) < 0)
				return -1;
		return 0;
	}
	if (x->type != JSON_OBJ)
		return 0;
	if (known)
		return jobject(st, t, name, x, ts, line);
	/* a container, or an unknown activity with its own values */
	for (int32_t i = x->first; i >= 0; i = t->nodes[i].next) {
		const struct jnode *c = &t->nodes[i];

		if (c->type == JSON_OBJ || c->type == JSON_ARR) {
			if (jactivity(st, t, jkey(t, c), c, ts, line, depth + 1) < 0)
				return -1;
		} else {
			scalars = 1;
		}
	}
	if (scalars)
		return jobject(st, t, name, x, ts, line);
	return 0;
}

static int jrecord(struct sadf *st, const struct jtree *t, int32_t root,
		   int64_t line)
{
	const struct jnode *r = &t->nodes[root];
	const struct jnode *tsn = jget(t, r, "timestamp");
	int64_t ts;

	if (r->type != JSON_OBJ)
		return diag_warn(st->dg, line, "record is not an object: skipped");
	ts = tsn ? jtime(st, t, tsn, line) : TS_UNKNOWN;
	if (ts == TS_UNKNOWN)
		return diag_warn(st->dg, line, "record without a valid 'timestamp': skipped");
	st->rows++;
	for (int32_t i = r->first; i >= 0; i = t->nodes[i].next) {
		const struct jnode *x = &t->nodes[i];

		if (x == tsn)
			continue;
		if (jactivity(st, t, jkey(t, x), x, ts, line, 0) < 0)
			return -1;
	}
	return 0;
}

/* "restarts": [{"boot": {...}}] and "comments": [{"comment": {...}}]. */
static int jspecial(struct sadf *st, const struct jtree *t, int32_t root,
		    int restart, int64_t line)
{
	const struct jnode *o = jget(t, &t->nodes[root], restart ? "boot" : "comment");
	char msg[512];
	int64_t ts;

	if (!o)
		return diag_warn(st->dg, line, "'%s' entry without '%s': skipped",
				 restart ? "restarts" : "comments",
				 restart ? "boot" : "comment");
	ts = jtime(st, t, o, line);
	if (ts == TS_UNKNOWN)
		return diag_warn(st->dg, line, "'%s' entry without a valid time: skipped",
				 restart ? "restarts" : "comments");
	if (restart) {
		const struct jnode *n = jget(t, o, "cpu_count");

		if (n && n->type == JSON_NUMBER)
			snprintf(msg, sizeof(msg), "LINUX RESTART (%s CPU)", jtext(t, n));
		else
			snprintf(msg, sizeof(msg), "LINUX RESTART");
		return emit_event(st, "restart", msg, ts, line);
	}
	const struct jnode *c = jget(t, o, "com");

	snprintf(msg, sizeof(msg), "%s", c ? jtext(t, c) : "");
	return emit_event(st, "comment", msg, ts, line);
}

static void jtree_reset(struct jtree *t)
{
	t->n = 0;
	t->plen = 0;
}

static int jerror(struct sadf *st, struct json_reader *jr, const char *why)
{
	if (why)
		return diag_error(st->dg, jr->tok_line, "%s", why);
	return diag_error(st->dg, jr->line, "%s", jr->err[0] ? jr->err :
			  "unexpected JSON structure");
}

/* An array of objects, each built and handed to fn. */
static int jarray(struct sadf *st, struct json_reader *jr, struct jtree *t,
		  int kind)
{
	for (;;) {
		const char *why = NULL;
		int64_t line;
		int32_t root;
		int v = json_next(jr);

		if (v == JSON_ARR_END)
			return 0;
		line = jr->tok_line;
		jtree_reset(t);
		root = jbuild(t, jr, v, NOKEY, &why);
		if (root < 0)
			return jerror(st, jr, why);
		if (kind == 0 ? jrecord(st, t, root, line) < 0 :
		    jspecial(st, t, root, kind == 1, line) < 0) {
			if (st->dg->nerror)
				return -1;
		}
	}
}

static int jhost(struct sadf *st, struct json_reader *jr, struct jtree *t)
{
	char nodename[256] = "unknown";

	memset(&st->hrec, 0, sizeof(st->hrec));
	st->hrec.os = NULL;
	for (;;) {
		int v = json_next(jr);
		char key[64];

		if (v == JSON_OBJ_END)
			break;
		if (v != JSON_KEY)
			return jerror(st, jr, NULL);
		snprintf(key, sizeof(key), "%s", jr->str);
		v = json_next(jr);
		if (v == JSON_ERROR)
			return jerror(st, jr, NULL);
		if (v == JSON_STRING || v == JSON_NUMBER) {
			if (!strcmp(key, "nodename"))
				snprintf(nodename, sizeof(nodename), "%s", jr->str);
			else if (!strcmp(key, "sysname"))
				snprintf(st->os, sizeof(st->os), "%s", jr->str), st->hrec.os = st->os;
			else if (!strcmp(key, "release"))
				snprintf(st->kernel, sizeof(st->kernel), "%s", jr->str),
				st->hrec.kernel = st->kernel;
			else if (!strcmp(key, "machine"))
				snprintf(st->arch, sizeof(st->arch), "%s", jr->str),
				st->hrec.arch = st->arch;
			else if (!strcmp(key, "timezone") && jr->str[0])
				snprintf(st->tzname, sizeof(st->tzname), "%s", jr->str),
				st->hrec.tz = st->tzname;
			else if (!strcmp(key, "number-of-cpus")) {
				int64_t n;

				if (!num_parse_i64(jr->str, jr->len, &n) && n > 0 && n < 1000000)
					st->hrec.ncpu = (int)n;
			}
			continue;
		}
		if (v == JSON_ARR && (!strcmp(key, "statistics") ||
				      !strcmp(key, "restarts") ||
				      !strcmp(key, "comments"))) {
			st->host_sent = 0;
			if (set_host(st, nodename) < 0)
				return -1;
			if (jarray(st, jr, t, key[0] == 's' ? 0 : key[0] == 'r' ? 1 : 2) < 0)
				return -1;
			continue;
		}
		if (json_skip(jr, v) < 0)
			return jerror(st, jr, NULL);
	}
	if (!st->host_sent || strcmp(st->host, nodename)) {
		st->host_sent = 0;
		return set_host(st, nodename);
	}
	return 0;
}

static int parse_j(struct sadf *st, struct input *in)
{
	struct json_reader jr;
	struct jtree t = { 0 };
	int rc = -1, v;

	json_init(&jr, in, 32, MAX_JSON_STRING);
	if (json_next(&jr) != JSON_OBJ)
		goto bad;
	/* {"sysstat": {"hosts": [ ... ]}} */
	for (;;) {
		char key[32];

		int d;

		v = json_next(&jr);
		if (v == JSON_OBJ_END) {
			if (json_depth(&jr) == 0)
				break;
			continue;
		}
		if (v != JSON_KEY)
			goto bad;
		snprintf(key, sizeof(key), "%s", jr.str);
		d = json_depth(&jr);
		v = json_next(&jr);
		if (d == 1 && !strcmp(key, "sysstat") && v == JSON_OBJ)
			continue;       /* descend */
		if (d == 2 && !strcmp(key, "hosts") && v == JSON_ARR) {
			while ((v = json_next(&jr)) == JSON_OBJ)
				if (jhost(st, &jr, &t) < 0)
					goto out;
			if (v != JSON_ARR_END)
				goto bad;
			continue;
		}
		if (json_skip(&jr, v) < 0)
			goto bad;
	}
	if (json_depth(&jr) != 0)
		goto bad;
	if (json_next(&jr) != JSON_END)
		goto bad;
	rc = 0;
	goto out;
bad:
	jerror(st, &jr, NULL);
out:
	free(t.nodes);
	free(t.pool);
	json_release(&jr);
	return rc;
}

/* ------------------------------------------------------------------ */
/* binary sa files, through the local sadf                              */

static int is_sa_magic(const unsigned char *h, size_t n)
{
	return n >= 4 && ((h[0] == 0x96 && h[1] == 0xd5 && h[3] == 0x21) ||
			  (h[0] == 0xd5 && h[1] == 0x96 && h[2] == 0x21));
}

/* The sadf to run: $PMORTEM_SADF, else `sadf` in $PATH; NULL if none. */
static char *find_sadf(void)
{
	const char *env = getenv("PMORTEM_SADF"), *path = getenv("PATH");

	if (env)
		return *env && access(env, X_OK) == 0 ? xstrdup(env) : NULL;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		const char *e = strchr(path, ':');
		size_t n = e ? (size_t)(e - path) : strlen(path);
		char *cand = xasprintf("%.*s/sadf", (int)n, path);

		if (n && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		path += n + (e != NULL);
	}
	return NULL;
}

static int make_temp(char *tmpl, size_t cap, const char *what)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(tmpl, cap, "%s/pmortem-%s.XXXXXX", dir && *dir ? dir : "/tmp", what);
	fd = mkstemp(tmpl);
	return fd;
}

/* Copy the whole input to fd. */
static int spool(struct input *in, int fd)
{
	unsigned char buf[65536];

	if (in->map) {
		uint64_t off = 0;

		while (off < in->size) {
			ssize_t w = write(fd, in->map + off,
					  in->size - off > (1u << 20) ? (1u << 20) :
					  (size_t)(in->size - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			off += (uint64_t)w;
		}
		return 0;
	}
	for (;;) {
		ssize_t n = in->read(in, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		for (ssize_t o = 0; o < n;) {
			ssize_t w = write(fd, buf + o, (size_t)(n - o));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			o += w;
		}
	}
}

/* The environment for sadf: ours without locale, zone and sysstat
 * settings, plus LC_ALL=C TZ=UTC.  The caller frees the array. */
static char **child_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = xcalloc(n + 3, sizeof(*env));
	for (size_t i = 0; i < n; i++) {
		const char *e = environ[i];

		if (!strncmp(e, "LC_", 3) || !strncmp(e, "LANG=", 5) ||
		    !strncmp(e, "LANGUAGE=", 9) || !strncmp(e, "TZ=", 3) ||
		    !strncmp(e, "S_TIME_", 7) || !strncmp(e, "S_COLORS", 8))
			continue;
		env[k++] = (char *)e;
	}
	env[k++] = "LC_ALL=C";
	env[k++] = "TZ=UTC";
	env[k] = NULL;
	return env;
}

/* Run argv with stdout to out_fd and stderr to err_fd; returns the exit
 * status (0..255), or -1 when it could not run or was killed. */
static int run_child(char *const argv[], int out_fd, int err_fd, pid_t *pidp,
		     int wait_now)
{
	posix_spawn_file_actions_t fa;
	char **env = child_env();
	pid_t pid;
	int rc, st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	if (pidp)
		*pidp = pid;
	if (!wait_now)
		return 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* What a child wrote to err_fd: its lines joined with "; ", leaving out
 * those that name our temporary file (sadf repeats the path it read). */
static void child_message(int fd, const char *tmp, char *buf, size_t cap)
{
	char all[2048];
	ssize_t n;
	size_t o = 0;

	buf[0] = '\0';
	if (lseek(fd, 0, SEEK_SET) < 0 || (n = read(fd, all, sizeof(all) - 1)) <= 0)
		return;
	all[n] = '\0';
	for (char *line = all, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line || strstr(line, tmp))
			continue;
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", o ? "; " : "", line);
		if (o >= cap) {
			buf[cap - 1] = '\0';
			break;
		}
	}
}

struct pipe_stream {
	int fd;
};

static ssize_t pipe_read(struct input *in, void *buf, size_t n)
{
	struct pipe_stream *ps = in->stream;
	ssize_t r;

	do {
		r = read(ps->fd, buf, n);
	} while (r < 0 && errno == EINTR);
	return r;
}

/* Run `sadf -d -U -C FILE -- -A` and parse its output: 0 parsed, 1 sadf
 * cannot read this format (try sadf -c), -1 failed (reported). */
static int convert_d(struct sadf *st, const char *sadf, const char *file,
		     int err_fd)
{
	char *argv[] = { (char *)sadf, "-d", "-U", "-C", (char *)file, "--", "-A", NULL };
	struct pipe_stream ps;
	struct input pin;
	char msg[512];
	int fds[2], rc, status;
	pid_t pid;

	if (pipe(fds) < 0)
		return diag_error(st->dg, 0, "cannot create a pipe: %s", strerror(errno));
	if (ftruncate(err_fd, 0) < 0 || lseek(err_fd, 0, SEEK_SET) < 0) {
		/* stderr of an earlier run stays; harmless */
	}
	if (run_child(argv, fds[1], err_fd, &pid, 0) < 0) {
		close(fds[0]);
		close(fds[1]);
		return diag_error(st->dg, 0, "cannot run '%s': %s", sadf, strerror(errno));
	}
	close(fds[1]);
	ps.fd = fds[0];
	pin = *st->in;
	pin.head = NULL;
	pin.head_len = 0;
	pin.map = NULL;
	pin.size = UINT64_MAX;
	pin.read = pipe_read;
	pin.stream = &ps;
	pin.fd = -1;
	rc = parse_d(st, &pin);
	close(fds[0]);
	status = wait_child(pid);
	if (status == 0 && rc == 0)
		return 0;
	child_message(err_fd, file, msg, sizeof(msg));
	if (status != 0 && !strstr(msg, "cannot read the format"))
		return diag_error(st->dg, 0, "sadf could not read this sa file: '%s'",
				  msg[0] ? msg : "no message");
	if (status != 0)
		return 1;
	return -1;
}

static int parse_binary(struct sadf *st)
{
	char *sadf = find_sadf();
	char in_path[256], err_path[256], conv_path[256];
	int in_fd = -1, err_fd = -1, conv_fd = -1, rc = -1;

	if (!sadf)
		return diag_error(st->dg, 0,
				  "binary sa file: converting it needs 'sadf', which is not installed (Debian package sysstat)");
	in_fd = make_temp(in_path, sizeof(in_path), "sa");
	err_fd = make_temp(err_path, sizeof(err_path), "err");
	if (in_fd < 0 || err_fd < 0) {
		diag_error(st->dg, 0, "cannot create a temporary file: %s", strerror(errno));
		goto out;
	}
	if (spool(st->in, in_fd) < 0) {
		diag_error(st->dg, 0, "cannot copy the sa file to '%s': %s", in_path,
			   strerror(errno));
		goto out;
	}
	rc = convert_d(st, sadf, in_path, err_fd);
	if (rc == 1) {
		/* an older format: sadf -c converts it to the current one */
		char *argv[] = { sadf, "-c", in_path, NULL };
		char msg[256];
		int status;

		conv_fd = make_temp(conv_path, sizeof(conv_path), "sac");
		if (conv_fd < 0) {
			rc = diag_error(st->dg, 0, "cannot create a temporary file: %s",
					strerror(errno));
			goto out;
		}
		if (ftruncate(err_fd, 0) < 0)
			goto out;
		status = run_child(argv, conv_fd, err_fd, NULL, 1);
		if (status != 0) {
			child_message(err_fd, in_path, msg, sizeof(msg));
			rc = diag_error(st->dg, 0, "sadf -c could not convert this sa file: '%s'",
					msg[0] ? msg : "no message");
			goto out;
		}
		rc = convert_d(st, sadf, conv_path, err_fd);
		if (rc == 1)
			rc = diag_error(st->dg, 0, "sadf cannot read this sa file format");
	}
out:
	if (in_fd >= 0) {
		close(in_fd);
		unlink(in_path);
	}
	if (err_fd >= 0) {
		close(err_fd);
		unlink(err_path);
	}
	if (conv_fd >= 0) {
		close(conv_fd);
		unlink(conv_path);
	}
	free(sadf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The importer                                                          */

static const char D_HEAD[] = "# hostname;interval;timestamp;";

static size_t skip_ws(const unsigned char *h, size_t n, size_t i)
{
	while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\n' || h[i] == '\r'))
		i++;
	return i;
}

static int is_json(const unsigned char *h, size_t n)
{
	size_t i = skip_ws(h, n, 0);

	if (i >= n || h[i] != '{')
		return 0;
	i = skip_ws(h, n, i + 1);
	return n - i >= 9 && !memcmp(h + i, "\"sysstat\"", 9);
}

/* A -d row: host;interval;YYYY-MM-DD HH:MM:SS...; or host;interval;epoch; */
static int is_d_row(const unsigned char *h, size_t n)
{
	size_t i = 0, semis = 0, digits = 0;

	while (i < n && h[i] != ';' && h[i] != '\n' && h[i] > ' ')
		i++;
	if (i == 0 || i >= n || h[i] != ';')
		return 0;
	i++;
	if (i < n && h[i] == '-')
		i++;
	for (; i < n && h[i] >= '0' && h[i] <= '9'; i++)
		digits++;
	if (!digits || i >= n || h[i] != ';')
		return 0;
	i++;
	if (n - i >= 20 && h[i + 4] == '-' && h[i + 7] == '-' && h[i + 10] == ' ' &&
	    h[i + 13] == ':' && h[i + 16] == ':')
		return 1;
	for (digits = 0; i < n && h[i] >= '0' && h[i] <= '9'; i++)
		digits++;
	(void)semis;
	return digits >= 9 && i < n && h[i] == ';';
}

static int sadf_sniff(const struct input *in)
{
	const unsigned char *h = in->head;
	size_t n = in->head_len;

	if (is_sa_magic(h, n))
		return 98;
	if (n >= sizeof(D_HEAD) - 1 && !memcmp(h, D_HEAD, sizeof(D_HEAD) - 1))
		return 98;
	if (is_json(h, n))
		return 98;
	if (is_d_row(h, n))
		return 90;
	return 0;
}

static int sadf_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct sadf st;
	int rc;

	sadf_init(&st, in, out, dg);
	if (is_sa_magic(in->head, in->head_len))
		rc = parse_binary(&st);
	else if (is_json(in->head, in->head_len))
		rc = parse_j(&st, in);
	else
		rc = parse_d(&st, in);
	if (rc == 0 && st.rows == 0)
		rc = diag_error(dg, 0, "no sadf records found");
	sadf_release(&st);
	/* A broken tail after good records keeps the good ones (the error is
	 * reported); nothing good means nothing is kept. */
	if (rc < 0 && st.rows == 0)
		return IMPORT_FAIL;
	if (rc < 0 && is_sa_magic(in->head, in->head_len))
		return IMPORT_FAIL;
	return IMPORT_OK;
}

const struct importer sadf_importer = {
	.name = "sadf",
	.summary = "sysstat sadf -d (CSV) and -j (JSON) output, and binary sa files via sadf",
	.version = 1,
	.sniff = sadf_sniff,
	.parse = sadf_parse,
};
