/*
 * vmstat.c - /proc/vmstat snapshots as time series, with the per-second
 * rates a reader of `sar -B` and `sar -W` expects.
 *
 * Every line `name value` becomes `vmstat.<name>` (count; nr_* values
 * are numbers of pages, the rest event counts since boot).  Between two
 * snapshots consecutive in time, every event counter also gives
 * `vmstat.<name>_per_s`; gauges (nr_* except the cumulative nr_dirtied,
 * nr_written, ..., and workingset_nodes) give none.  Rates that line up
 * with sar's own columns carry sar's metric names, with the sar
 * importer's units (importers/sar_columns.c), so one query reads either:
 *
 *   paging.pgpgin_bytes_per_s   pgpgin (kB) * 1024 / s      sar pgpgin/s
 *   paging.pgpgout_bytes_per_s  pgpgout (kB) * 1024 / s     sar pgpgout/s
 *   paging.fault_per_s          pgfault / s                 sar fault/s
 *   paging.majflt_per_s         pgmajfault / s              sar majflt/s
 *   paging.pgfree_per_s         pgfree / s                  sar pgfree/s
 *   paging.pgscank_per_s        pgscan_kswapd* / s          sar pgscank/s
 *   paging.pgscand_per_s        pgscan_direct* / s          sar pgscand/s
 *                               (not pgscan_direct_throttle)
 *   paging.pgsteal_per_s        pgsteal_* / s, not the       sar pgsteal/s
 *                               pgsteal_anon/_file split
 *   paging.vmeff_pct            100 * pgsteal / (pgscank +   sar %vmeff
 *                               pgscand), 0 without scans
 *   swap.pswpin_per_s           pswpin / s                  sar pswpin/s
 *   swap.pswpout_per_s          pswpout / s                 sar pswpout/s
 *
 * (sysstat sums every pgsteal_* and pgscan_direct*, which on kernels >=
 * 5.x counts the anon/file split and the throttle counter twice; we sum
 * the reclaim contexts once.  /proc/vmstat's pgpgin/pgpgout are in kB.)
 *
 * A counter that goes down (a reboot, a wrapped counter) gives no rate for
 * that interval, and one `counter_reset` event says so; it is not an
 * error.  A snapshot older than the one before it (disorder beyond the
 * util_snap window) gives no rates either, and a warning.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_snap.h"

/* nr_* lines that count events since boot rather than pages now */
static const char *const cumulative_nr[] = {
	"nr_dirtied", "nr_written", "nr_vmscan_write",
	"nr_vmscan_immediate_reclaim", "nr_throttled_written",
	"nr_foll_pin_acquired", "nr_foll_pin_released",
	"nr_tlb_remote_flush", "nr_tlb_remote_flush_received",
	"nr_tlb_local_flush_all", "nr_tlb_local_flush_one",
};

/* The sar-aligned rates: which counters each one sums. */
enum agg { AGG_PGPGIN, AGG_PGPGOUT, AGG_FAULT, AGG_MAJFLT, AGG_PGFREE,
	   AGG_SCANK, AGG_SCAND, AGG_STEAL, AGG_PSWPIN, AGG_PSWPOUT, AGG_N };

static const struct {
	const char *metric, *unit;
	double scale;
	const char *desc;
} aggs[AGG_N] = {
	[AGG_PGPGIN] = { "paging.pgpgin_bytes_per_s", "bytes_per_s", 1024,
			 "bytes paged in from disk per second (sar pgpgin/s, which prints kB)" },
	[AGG_PGPGOUT] = { "paging.pgpgout_bytes_per_s", "bytes_per_s", 1024,
			  "bytes paged out to disk per second (sar pgpgout/s, which prints kB)" },
	[AGG_FAULT] = { "paging.fault_per_s", "per_s", 1,
			"page faults (major + minor) per second" },
	[AGG_MAJFLT] = { "paging.majflt_per_s", "per_s", 1,
			 "major faults per second: pages loaded from disk" },
	[AGG_PGFREE] = { "paging.pgfree_per_s", "per_s", 1,
			 "pages put on the free list per second" },
	[AGG_SCANK] = { "paging.pgscank_per_s", "per_s", 1,
			"pages scanned by kswapd per second" },
	[AGG_SCAND] = { "paging.pgscand_per_s", "per_s", 1,
			"pages scanned directly (direct reclaim) per second" },
	[AGG_STEAL] = { "paging.pgsteal_per_s", "per_s", 1,
			"pages reclaimed from the page and swap cache per second" },
	[AGG_PSWPIN] = { "swap.pswpin_per_s", "per_s", 1,
			 "swap pages brought in per second" },
	[AGG_PSWPOUT] = { "swap.pswpout_per_s", "per_s", 1,
			  "swap pages brought out per second" },
};

static int starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* Which aggregate a counter adds to, or -1. */
static int agg_of(const char *name)
{
	if (!strcmp(name, "pgpgin"))
		return AGG_PGPGIN;
	if (!strcmp(name, "pgpgout"))
		return AGG_PGPGOUT;
	if (!strcmp(name, "pgfault"))
		return AGG_FAULT;
	if (!strcmp(name, "pgmajfault"))
		return AGG_MAJFLT;
	if (!strcmp(name, "pgfree"))
		return AGG_PGFREE;
	if (!strcmp(name, "pswpin"))
		return AGG_PSWPIN;
	if (!strcmp(name, "pswpout"))
		return AGG_PSWPOUT;
	if (starts(name, "pgscan_kswapd"))
		return AGG_SCANK;
	if (starts(name, "pgscan_direct") && strcmp(name, "pgscan_direct_throttle"))
		return AGG_SCAND;
	if (starts(name, "pgsteal_") && strcmp(name, "pgsteal_anon") &&
	    strcmp(name, "pgsteal_file"))
		return AGG_STEAL;
	return -1;
}

static int is_gauge(const char *name)
{
	if (!strcmp(name, "workingset_nodes"))
		return 1;
	if (!starts(name, "nr_"))
		return 0;
	for (size_t i = 0; i < sizeof(cumulative_nr) / sizeof(cumulative_nr[0]); i++)
		if (!strcmp(name, cumulative_nr[i]))
			return 0;
	return 1;
}

/* One counter: its series and its values in the last two snapshots. */
struct counter {
	char *name;              /* owned; NULL = empty slot */
	uint64_t hash;
	int64_t h_value, h_rate; /* series handles, 0 = not yet */
	uint64_t prev, cur;
	int has_prev, has_cur;
	int gauge, agg;
	size_t order;            /* first seen: names in file order */
};

#define VMSTAT_MAX_COUNTERS 8192

struct vmstat {
	struct sink *out;
	struct diag *dg;
	struct snap_series series;
	struct counter *tab;     /* open addressing */
	size_t cap, n;
	int full_warned;
	int64_t ts, prev_ts;     /* prev_ts: TS_UNKNOWN before the first */
	int64_t first_line;
	int64_t h_agg[AGG_N], h_vmeff;
};

static struct counter *counter_get(struct vmstat *v, const char *name,
				   size_t n, int64_t line)
{
	uint64_t h = snap_hash(name, n);
	size_t j;

	if (v->cap)
		for (j = h & (v->cap - 1); v->tab[j].name; j = (j + 1) & (v->cap - 1))
			if (v->tab[j].hash == h && !strncmp(v->tab[j].name, name, n) &&
			    !v->tab[j].name[n])
				return &v->tab[j];
	if (v->n >= VMSTAT_MAX_COUNTERS) {
		if (!v->full_warned++)
			diag_warn(v->dg, line, "more than %d counters: '%.*s' and later new ones skipped",
				  VMSTAT_MAX_COUNTERS, (int)n, name);
		return NULL;
	}
	if ((v->n + 1) * 2 > v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 512;
		struct counter *nt = xcalloc(ncap, sizeof(*nt));

		for (size_t i = 0; i < v->cap; i++) {
			if (!v->tab[i].name)
				continue;
			for (j = v->tab[i].hash & (ncap - 1); nt[j].name; j = (j + 1) & (ncap - 1))
				;
			nt[j] = v->tab[i];
		}
		free(v->tab);
		v->tab = nt;
		v->cap = ncap;
	}
	for (j = h & (v->cap - 1); v->tab[j].name; j = (j + 1) & (v->cap - 1))
		;
	v->tab[j].name = xstrndup(name, n);
	v->tab[j].hash = h;
	v->tab[j].gauge = is_gauge(v->tab[j].name);
	v->tab[j].agg = agg_of(v->tab[j].name);
	v->tab[j].order = v->n++;
	return &v->tab[j];
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static size_t vmstat_key(const char *s, size_t n, const char **key)
{
	size_t i = 0;

	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	*key = s;
	return i;
}

static int vmstat_begin(void *ctx, int64_t ts, int64_t line)
{
	struct vmstat *v = ctx;

	v->ts = ts;
	v->first_line = line;
	for (size_t i = 0; i < v->cap; i++)
		v->tab[i].has_cur = 0;
	return 0;
}

static int vmstat_line(void *ctx, const char *s, size_t n, int64_t line)
{
	struct vmstat *v = ctx;
	size_t nl = 0, pos;
	struct span val, extra;
	struct counter *c;
	uint64_t u;
	char metric[200];

	while (nl < n && name_char(s[nl]))
		nl++;
	pos = nl;
	if (!nl || nl > 120 || (nl < n && s[nl] != ' ' && s[nl] != '\t') ||
	    !span_token(s, n, &pos, &val)) {
		diag_warn(v->dg, line, "cannot parse vmstat line '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	if (span_token(s, n, &pos, &extra)) {
		diag_warn(v->dg, line, "'%.*s' has text after its value: '%.*s'",
			  (int)nl, s, (int)(extra.n > 40 ? 40 : extra.n), extra.p);
		return 0;
	}
	if (val.p[0] == '-') {
		diag_warn(v->dg, line, "'%.*s' is negative: '%.*s'", (int)nl, s,
			  (int)(val.n > 40 ? 40 : val.n), val.p);
		return 0;
	}
	if (num_parse_u64(val.p, val.n, &u) < 0) {
		size_t k = 0;

		while (k < val.n && val.p[k] >= '0' && val.p[k] <= '9')
			k++;
		diag_warn(v->dg, line, k == val.n ? "'%.*s' is out of range: '%.*s'"
					 : "'%.*s' has a value that is not a number: '%.*s'",
			  (int)nl, s, (int)(val.n > 40 ? 40 : val.n), val.p);
		return 0;
	}
	c = counter_get(v, s, nl, line);
	if (!c)
		return 0;
	if (!c->h_value) {
		snprintf(metric, sizeof(metric), "vmstat.%s", c->name);
		c->h_value = snap_series(&v->series, v->out, v->dg, line, metric, "",
					 "count",
					 c->gauge ? "/proc/vmstat value now (pages for nr_*)"
						  : "/proc/vmstat event count since boot");
		if (c->h_value < 0)
			return -1;
	}
	c->cur = u;
	c->has_cur = 1;
	if (c->h_value > 0 &&
	    v->out->sample(v->out, c->h_value, v->ts, (double)u, line) < 0)
		return -1;
	return 0;
}

static int64_t agg_series(struct vmstat *v, int a)
{
	if (!v->h_agg[a])
		v->h_agg[a] = snap_series(&v->series, v->out, v->dg, v->first_line,
					  aggs[a].metric, "", aggs[a].unit,
					  aggs[a].desc);
	return v->h_agg[a];
}

/* Rates between the previous snapshot and this one. */
static int emit_rates(struct vmstat *v)
{
	double dt = (double)(v->ts - v->prev_ts) / 1e6;
	uint64_t sum[AGG_N] = { 0 };
	int seen[AGG_N] = { 0 }, bad[AGG_N] = { 0 };
	size_t resets = 0;
	const char *first_reset = NULL;
	size_t first_order = 0;
	char metric[220];

	for (size_t i = 0; i < v->cap; i++) {
		struct counter *c = &v->tab[i];

		if (!c->name || !c->has_cur || !c->has_prev || c->gauge)
			continue;
		if (c->cur < c->prev) {
			if (!resets++ || c->order < first_order) {
				first_reset = c->name;
				first_order = c->order;
			}
			if (c->agg >= 0)
				bad[c->agg] = 1;
			continue;
		}
		if (c->agg >= 0) {
			sum[c->agg] += c->cur - c->prev;
			seen[c->agg] = 1;
		}
		if (!c->h_rate) {
			snprintf(metric, sizeof(metric), "vmstat.%s_per_s", c->name);
			c->h_rate = snap_series(&v->series, v->out, v->dg, v->first_line,
						metric, "", "per_s",
						"/proc/vmstat counter: events per second");
			if (c->h_rate < 0)
				return -1;
		}
		if (c->h_rate > 0 &&
		    v->out->sample(v->out, c->h_rate, v->ts,
				   (double)(c->cur - c->prev) / dt, v->first_line) < 0)
			return -1;
	}
	for (int a = 0; a < AGG_N; a++) {
		int64_t h;

		if (!seen[a] || bad[a])
			continue;
		h = agg_series(v, a);
		if (h < 0)
			return -1;
		if (h > 0 && v->out->sample(v->out, h, v->ts,
					    (double)sum[a] * aggs[a].scale / dt,
					    v->first_line) < 0)
			return -1;
	}
	if (seen[AGG_STEAL] && !bad[AGG_STEAL] && !bad[AGG_SCANK] && !bad[AGG_SCAND] &&
	    (seen[AGG_SCANK] || seen[AGG_SCAND])) {
		uint64_t scans = sum[AGG_SCANK] + sum[AGG_SCAND];
		double eff = scans ? 100.0 * (double)sum[AGG_STEAL] / (double)scans : 0;

		if (!v->h_vmeff)
			v->h_vmeff = snap_series(&v->series, v->out, v->dg, v->first_line,
						 "paging.vmeff_pct", "", "pct",
						 "page reclaim efficiency: pgsteal / pgscan");
		if (v->h_vmeff < 0)
			return -1;
		if (v->h_vmeff > 0 &&
		    v->out->sample(v->out, v->h_vmeff, v->ts, eff, v->first_line) < 0)
			return -1;
	}
	if (resets) {
		struct event_rec e = { 0 };
		char a[40], b[40], msg[300];

		fmt_ts(v->prev_ts, a, sizeof(a));
		fmt_ts(v->ts, b, sizeof(b));
		snprintf(msg, sizeof(msg),
			 "%zu /proc/vmstat counters (%s%s) went down between %s and %s (a reboot?): no rates for this interval",
			 resets, first_reset, resets > 1 ? ", ..." : "", a, b);
		e.ts_us = v->ts;
		e.mono_s = NAN;
		e.kind = "counter_reset";
		e.facility = "vmstat";
		e.level = -1;
		e.pid = -1;
		e.message = msg;
		e.line = v->first_line;
		if (v->out->event && v->out->event(v->out, &e) < 0)
			return -1;
	}
	return 0;
}

static int vmstat_end(void *ctx)
{
	struct vmstat *v = ctx;

	if (v->prev_ts != TS_UNKNOWN && v->ts <= v->prev_ts) {
		char a[40], b[40];

		fmt_ts(v->ts, a, sizeof(a));
		fmt_ts(v->prev_ts, b, sizeof(b));
		diag_warn(v->dg, v->first_line,
			  "snapshot at '%s' comes after the one at '%s' (out of order beyond %d snapshots): no rates for it",
			  a, b, SNAP_WINDOW);
		return 0;
	}
	if (v->prev_ts != TS_UNKNOWN && emit_rates(v) < 0)
		return -1;
	for (size_t i = 0; i < v->cap; i++) {
		struct counter *c = &v->tab[i];

		c->has_prev = c->has_cur;
		c->prev = c->cur;
	}
	v->prev_ts = v->ts;
	return 0;
}

static const struct snap_ops vmstat_ops = {
	.key = vmstat_key,
	.begin = vmstat_begin,
	.line = vmstat_line,
	.end = vmstat_end,
	.what = "vmstat",
};

/* nr_free_pages and friends without zoneinfo's `Node 0, zone` headers. */
static int vmstat_sniff(const struct input *in)
{
	const char *h = (const char *)in->head;
	size_t n = in->head_len;
	int score = 0;

	if (memmem(h, n, ", zone ", 7) || memmem(h, n, "MemTotal:", 9))
		return 0;
	if (memmem(h, n, "nr_free_pages ", 14))
		score += 60;
	if (memmem(h, n, "nr_inactive_anon ", 17) || memmem(h, n, "nr_zone_inactive_anon ", 22))
		score += 20;
	if (memmem(h, n, "pgpgin ", 7) || memmem(h, n, "nr_dirty ", 9))
		score += 10;
	if (in->name && strstr(in->name, "vmstat"))
		score += score ? 10 : 35;
	return score > 100 ? 100 : score;
}

static int vmstat_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct vmstat v = { .out = out, .dg = dg, .prev_ts = TS_UNKNOWN };
	int rc;

	snap_series_init(&v.series);
	rc = snap_import(in, dg, &vmstat_ops, &v);
	for (size_t i = 0; i < v.cap; i++)
		free(v.tab[i].name);
	free(v.tab);
	snap_series_release(&v.series);
	return rc;
}

const struct importer vmstat_importer = {
	.name = "vmstat",
	.summary = "/proc/vmstat snapshots, with per-second rates aligned with sar -B/-W",
	.version = 1,
	.sniff = vmstat_sniff,
	.parse = vmstat_parse,
};
