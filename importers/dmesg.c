/*
 * dmesg.c - kernel logs as text: raw `dmesg`, `dmesg -T`, `dmesg -r`,
 * `dmesg --time-format iso`, kern.log / syslog / messages (classic and
 * RFC 3339 stamps) and `journalctl` text (-o short, short-iso,
 * short-iso-precise, short-precise, short-monotonic, short-unix).
 *
 * One importer for all of them: they differ only in the prefix of each
 * line; the message grammar (OOM report, segfault, hung task ...) is the
 * kernel's and is shared.  The prefix of every line is recognized on its
 * own (a kern.log may hold lines of several programs and boots):
 *
 *   <N>                     dmesg -r: syslog priority (level = N & 7)
 *   [ 1234.567890]          seconds since boot (monotonic)
 *   [Sun Nov 22 13:47:47 2026]   dmesg -T: local wall clock, 1 s, and
 *                           "may be inaccurate" after suspend
 *   2026-11-22T13:47:47,272174+00:00   dmesg --time-format iso (',' )
 *   Nov 22 13:47:47[.ffffff] HOST TAG[PID]: msg     syslog / journalctl
 *   2026-11-22T13:47:47[.ffffff]+00:00 HOST TAG: msg  RFC 3339 syslog,
 *                           journalctl short-iso[-precise]
 *   [ 1234.567890] HOST TAG: msg      journalctl -o short-monotonic
 *   1795355267.272174 HOST TAG: msg   journalctl -o short-unix
 *   -- Boot 0123abcd... --  journalctl boot separators (a restart)
 * A kernel line of syslog may carry the monotonic stamp too
 * (`kernel: [  123.456789] msg`): that pair gives the boot time.
 *
 * Monotonic -> wall clock: ts = boot + seconds since boot, where boot comes
 * from (best first) a paired syslog line of this file, --boot-time, a
 * /proc/stat btime of the bundle (hints), or the kernel's own "setting
 * system clock to ... (EPOCH)" line; ts_uncertainty_s says how good it is.
 * Raw monotonic logs with no boot time defer once (IMPORT_DEFER) so a
 * /proc/stat later in the bundle can supply it.  Monotonic time going back
 * means a new boot: the boot time is forgotten until paired again.
 *
 * Structured events (kernel_event.kind): oom_report (the lines of an OOM
 * report), oom_kill (its `Killed process` line), oom_reaper,
 * alloc_failure, hung_task, segfault, trap, soft_lockup, hard_lockup,
 * rcu_stall, oops, panic, restart (`Linux version`, journal boots); every
 * other line is `line`.  Details go to kernel_event_attr; an OOM report is
 * also one oom_kill record with its zones and task table (pages and kB
 * turned into bytes).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"

#define DMESG_MAX_LINE  (1u << 20)
#define PAGE_BYTES      4096
#define MAX_TASKS       100000
#define MAX_ZONES       64

/* where a line's wall clock came from, for ts_uncertainty_s */
enum { BOOT_NONE, BOOT_PAIR, BOOT_OPT, BOOT_HINT, BOOT_RTC };

struct oomb {                    /* an OOM report being collected */
	int active;              /* 1 from `invoked` until emitted */
	int killed;              /* the kill line was seen */
	int in_tasks;            /* inside the task table */
	int col[16];             /* task table: value index of each field, -1 */
	int ncols;               /* numbers in a row (pid included) */
	struct oom_rec o;
	char invoker[64], gfp[128], constraint[64], nodemask[64], cpuset[256],
	     mems[64], oom_memcg[256], task_memcg[256], killed_comm[64];
	struct oom_zone_rec zones[MAX_ZONES];
	size_t nzones;
	char zone_names[MAX_ZONES][16];
	struct oom_task_rec *tasks;
	size_t ntasks, cap_tasks;
	char (*task_names)[64];
	size_t cap_names;
};

struct dm {
	struct input *in;
	struct sink *out;
	struct diag *dg;
	int64_t line;
	struct tzconv tz;
	int year;                /* for classic syslog stamps, 0 unknown */
	int year_month;          /* month of the last classic stamp */
	int64_t boot_us;         /* TS_UNKNOWN until known */
	int boot_src;
	double boot_unc;
	double last_mono;        /* NAN */
	int64_t last_ts;
	double last_unc;
	char host[256];
	char tag[64];            /* syslog tag of the current line */
	int failed;
	int warned_order;
	struct oomb oom;
};

/* ------------------------------------------------------------------ */
/* scanning helpers over [p, e) */

/* Digits at p: value and end, or NULL. */
static const char *get_i64(const char *p, const char *e, int64_t *v)
{
	const char *q = p;

	if (q < e && *q == '-')
		q++;
	while (q < e && rng_is_digit(*q))
		q++;
	if (q == p || (q == p + 1 && *p == '-') ||
	    num_parse_i64(p, (size_t)(q - p), v) < 0)
		return NULL;
	return q;
}

/* "key:NNNkB" or "key=NNN" after lit: value (times mult), -1 when absent. */
static int64_t field(const char *p, const char *e, const char *lit, int64_t mult)
{
	const char *q = rng_find(p, e, lit);
	int64_t v;

	if (!q || !get_i64(q + strlen(lit), e, &v))
		return -1;
	return v * mult;
}

static void copy_to(char *dst, size_t cap, const char *p, const char *e)
{
	size_t n = (size_t)(e - p);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

static int month_num(const char *p, const char *e)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	if (e - p < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (!memcmp(names + 3 * i, p, 3))
			return i + 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* timestamps */

struct stamp {
	int64_t ts_us;           /* wall clock, TS_UNKNOWN */
	double unc;              /* its uncertainty */
	double mono;             /* seconds since boot, NAN */
	int level;               /* -1 */
	int has_host;            /* a syslog/journal line: host and tag follow */
};

/* "[ 123.456789]" at p: the seconds and the end, or NULL. */
static const char *get_mono(const char *p, const char *e, double *mono)
{
	const char *q;

	if (p >= e || *p != '[')
		return NULL;
	p = rng_skip_blank(p + 1, e);
	for (q = p; q < e && (rng_is_digit(*q) || *q == '.'); q++)
		;
	if (q == p || q >= e || *q != ']' || !memchr(p, '.', (size_t)(q - p)) ||
	    num_parse(p, (size_t)(q - p), 0, mono) < 0)
		return NULL;
	return q + 1;
}

/* "2026-11-22T13:47:47[.,ffffff](Z|+00:00|+0000)" at p. */
static const char *get_iso(const char *p, const char *e, int64_t *ts,
			   char *sep)
{
	int y, mo, d, h, mi, s, sign;
	int64_t us, off = 0;
	size_t k;
	const char *q;

	if (e - p < 20 || p[4] != '-' || p[7] != '-' || p[10] != 'T')
		return NULL;
	if (parse_date(p, 10, 0, &y, &mo, &d) < 0)
		return NULL;
	k = parse_hms(p + 11, (size_t)(e - p - 11), &h, &mi, &s, &us);
	if (!k)
		return NULL;
	*sep = k > 8 ? p[11 + 8] : 0;
	q = p + 11 + k;
	if (q < e && *q == 'Z') {
		q++;
	} else if (q < e && (*q == '+' || *q == '-')) {
		int oh, om;

		sign = *q == '-' ? -1 : 1;
		if (e - q < 5 || !rng_is_digit(q[1]) || !rng_is_digit(q[2]))
			return NULL;
		oh = (q[1] - '0') * 10 + (q[2] - '0');
		q += 3;
		if (q < e && *q == ':')
			q++;
		if (e - q < 2 || !rng_is_digit(q[0]) || !rng_is_digit(q[1]))
			return NULL;
		om = (q[0] - '0') * 10 + (q[1] - '0');
		q += 2;
		off = sign * (oh * 3600 + om * 60);
	} else {
		return NULL;
	}
	*ts = utc_us(y, mo, d, h, mi, s, us) - off * 1000000;
	return q;
}

/* Year for a classic "Nov 22" stamp: --date, the file's mtime, the
 * bundle; a month after the reference month is the year before. */
static int classic_year(struct dm *m, int month)
{
	struct input *in = m->in;
	int64_t ref = TS_UNKNOWN;
	const char *why = NULL;
	int y;
	unsigned mo, d;

	if (m->year) {
		if (month < m->year_month - 6)  /* Dec -> Jan */
			m->year++;
		m->year_month = month;
		return m->year;
	}
	if (in->opts && in->opts->date_us != TS_UNKNOWN) {
		ref = in->opts->date_us;
		why = "--date (year of syslog times)";
	} else if (in->mtime_us != TS_UNKNOWN) {
		ref = in->mtime_us;
		why = "file mtime (year of syslog times)";
	} else if (in->hints && in->hints->capture_us != TS_UNKNOWN) {
		ref = in->hints->capture_us;
		why = "bundle capture time (year of syslog times)";
	}
	if (ref == TS_UNKNOWN)
		return 0;
	civil_from_days(ref / 86400000000LL, &y, &mo, &d);
	if (month > (int)mo + 1)
		y--;
	m->year = y;
	m->year_month = month;
	snprintf(in->time_origin, sizeof(in->time_origin), "%s", why);
	return y;
}

static void set_origin(struct dm *m, const char *why)
{
	if (!m->in->time_origin[0] || !strcmp(m->in->time_origin, "none"))
		snprintf(m->in->time_origin, sizeof(m->in->time_origin), "%s", why);
}

/* Parse the line's prefix; returns the start of the rest (the message, or
 * "HOST TAG: msg" when st->has_host), or NULL when there is no prefix. */
static const char *parse_prefix(struct dm *m, const char *p, const char *e,
				struct stamp *st)
{
	const char *q;
	char sep;
	int64_t ts;

	st->ts_us = TS_UNKNOWN;
	st->unc = 0;
	st->mono = NAN;
	st->level = -1;
	st->has_host = 0;
	/* <N> */
	if (e - p >= 3 && *p == '<' && rng_is_digit(p[1])) {
		int64_t v;

		q = get_i64(p + 1, e, &v);
		if (q && q < e && *q == '>' && v >= 0 && v < 1024) {
			st->level = (int)(v & 7);
			p = q + 1;
		}
	}
	if (p < e && *p == '[') {
		/* [ mono] or [ctime] */
		if ((q = get_mono(p, e, &st->mono)))
			return q;
		if (e - p >= 26 && p[4] == ' ' && p[8] == ' ') {
			int mo = month_num(p + 5, e), d, h, mi, s;
			int64_t us, y;
			const char *r = p + 9;
			size_t k;

			r = rng_skip_blank(r, e);
			if (!mo || !(q = get_i64(r, e, &y)) || q >= e || *q != ' ')
				return NULL;
			d = (int)y;
			k = parse_hms(q + 1, (size_t)(e - q - 1), &h, &mi, &s, &us);
			if (!k)
				return NULL;
			r = q + 1 + k;
			if (r >= e || *r != ' ' || !(q = get_i64(r + 1, e, &y)) ||
			    q >= e || *q != ']')
				return NULL;
			st->ts_us = tzconv_local_us(&m->tz, (int)y, mo, d, h, mi, s, us);
			st->unc = 1.0;
			set_origin(m, "dmesg -T wall clock (local time)");
			return q + 1;
		}
		return NULL;
	}
	/* ISO: dmesg --time-format iso uses ',' before the fraction */
	if ((q = get_iso(p, e, &ts, &sep))) {
		st->ts_us = ts;
		st->unc = sep == '.' || sep == ',' ? 0 : 1.0;
		if (sep == ',') {
			set_origin(m, "dmesg iso wall clock");
			return q;
		}
		st->has_host = 1;
		set_origin(m, "syslog/journal RFC 3339 time");
		return q;
	}
	/* classic syslog / journalctl short(-precise): "Nov 22 13:47:47" */
	if (e - p >= 15 && p[3] == ' ' && month_num(p, e)) {
		int mo = month_num(p, e), h, mi, s, y;
		int64_t d, us;
		const char *r = rng_skip_blank(p + 4, e);
		size_t k;

		if (!(q = get_i64(r, e, &d)) || q >= e || *q != ' ' || d < 1 || d > 31)
			return NULL;
		k = parse_hms(q + 1, (size_t)(e - q - 1), &h, &mi, &s, &us);
		if (!k)
			return NULL;
		y = classic_year(m, mo);
		if (y)
			st->ts_us = tzconv_local_us(&m->tz, y, mo, (int)d, h, mi, s, us);
		st->unc = k > 8 ? 0 : 1.0;
		st->has_host = 1;
		return q + 1 + k;
	}
	/* journalctl -o short-unix: "1795355267.272174 host tag: msg" */
	if (p < e && rng_is_digit(*p)) {
		for (q = p; q < e && (rng_is_digit(*q) || *q == '.'); q++)
			;
		if (q - p > 11 && q < e && *q == ' ' && memchr(p, '.', (size_t)(q - p))) {
			double v;

			if (num_parse(p, (size_t)(q - p), 0, &v) == 0 && v > 1e8) {
				st->ts_us = (int64_t)llround(v * 1e6);
				st->has_host = 1;
				set_origin(m, "journal epoch time");
				return q;
			}
		}
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* emitting */

static void attr(struct dm *m, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void attr(struct dm *m, const char *key, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (m->failed || !m->out->event_attr)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (m->out->event_attr(m->out, m->line, key, buf) < 0)
		m->failed = 1;
}

static void attr_span(struct dm *m, const char *key, const char *p,
		      const char *e)
{
	attr(m, key, "%.*s", (int)(e - p > 200 ? 200 : e - p), p);
}

static void oom_reset(struct oomb *b)
{
	struct oom_task_rec *t = b->tasks;
	char (*tn)[64] = b->task_names;
	size_t ct = b->cap_tasks, cn = b->cap_names;

	memset(b, 0, sizeof(*b));
	b->tasks = t;
	b->task_names = tn;
	b->cap_tasks = ct;
	b->cap_names = cn;
	b->o.invoker_pid = -1;
	b->o.memcg_usage_bytes = b->o.memcg_limit_bytes = -1;
	b->o.memcg_failcnt = -1;
	b->o.memcg_kmem_bytes = -1;
	b->o.killed_pid = b->o.killed_uid = -1;
	b->o.total_vm_bytes = b->o.anon_rss_bytes = b->o.file_rss_bytes = -1;
	b->o.shmem_rss_bytes = b->o.pgtables_bytes = -1;
	b->o.reaped_anon_rss_bytes = b->o.reaped_file_rss_bytes = -1;
	b->o.reaped_shmem_rss_bytes = -1;
	b->o.mono_s = NAN;
	b->o.ts_us = TS_UNKNOWN;
}

static void oom_emit(struct dm *m)
{
	struct oomb *b = &m->oom;

	if (!b->active)
		return;
	b->o.invoker = b->invoker[0] ? b->invoker : NULL;
	b->o.gfp_mask = b->gfp[0] ? b->gfp : NULL;
	b->o.constraint = b->constraint[0] ? b->constraint : NULL;
	b->o.nodemask = b->nodemask[0] ? b->nodemask : NULL;
	b->o.cpuset = b->cpuset[0] ? b->cpuset : NULL;
	b->o.mems_allowed = b->mems[0] ? b->mems : NULL;
	b->o.oom_memcg = b->oom_memcg[0] ? b->oom_memcg : NULL;
	b->o.task_memcg = b->task_memcg[0] ? b->task_memcg : NULL;
	b->o.killed_comm = b->killed_comm[0] ? b->killed_comm : NULL;
	for (size_t i = 0; i < b->nzones; i++)
		b->zones[i].zone = b->zone_names[i];
	for (size_t i = 0; i < b->ntasks; i++)
		b->tasks[i].name = b->task_names[i];
	b->o.zones = b->zones;
	b->o.nzones = b->nzones;
	b->o.tasks = b->tasks;
	b->o.ntasks = b->ntasks;
	if (!m->failed && m->out->oom && m->out->oom(m->out, &b->o) < 0)
		m->failed = 1;
	oom_reset(b);
}

/* ------------------------------------------------------------------ */
/* the OOM report, line by line */

static void oom_begin(struct dm *m, const struct stamp *st, double unc,
		      int64_t ts)
{
	oom_emit(m);
	m->oom.active = 1;
	m->oom.o.line = m->line;
	m->oom.o.ts_us = ts;
	m->oom.o.ts_uncertainty_s = unc;
	m->oom.o.mono_s = st->mono;
}

/* "comm invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0" */
static void oom_invoked(struct dm *m, const char *p, const char *at,
			const char *e)
{
	struct oomb *b = &m->oom;
	const char *g = rng_find(at, e, "gfp_mask="), *ge;
	int64_t v;

	copy_to(b->invoker, sizeof(b->invoker), p, at);
	if (g) {
		g += 9;
		for (ge = g; ge < e && *ge != ',' && *ge != ' '; ge++)
			;
		copy_to(b->gfp, sizeof(b->gfp), g, ge);
		attr_span(m, "gfp_mask", g, ge);
	}
	v = field(at, e, "order=", 1);
	if (rng_find(at, e, "order=-1"))
		v = -1;
	b->o.order = (int)v;
	attr(m, "order", "%d", b->o.order);
	g = rng_find(at, e, "oom_score_adj=");
	if (g && get_i64(g + 14, e, &v))
		b->o.oom_score_adj = (int)v;
	b->o.invoker_pid = -1;
}

/* "Node 0 DMA32 free:2912kB boost:0kB min:..." */
static int oom_zone(struct dm *m, const char *p, const char *e)
{
	struct oomb *b = &m->oom;
	const char *q = p + 5, *zn, *ze;
	int64_t node;
	struct oom_zone_rec *z;

	if (!(q = get_i64(q, e, &node)) || q >= e || *q != ' ')
		return 0;
	zn = q + 1;
	for (ze = zn; ze < e && *ze != ' '; ze++)
		;
	if (ze >= e || !rng_starts(ze, e, " free:") || ze - zn >= 16)
		return 0;
	if (b->nzones >= MAX_ZONES)
		return 1;
	copy_to(b->zone_names[b->nzones], 16, zn, ze);
	z = &b->zones[b->nzones++];
	z->node = (int)node;
	z->free_bytes = field(ze, e, " free:", 1024);
	z->min_bytes = field(ze, e, " min:", 1024);
	z->low_bytes = field(ze, e, " low:", 1024);
	z->high_bytes = field(ze, e, " high:", 1024);
	z->managed_bytes = field(ze, e, " managed:", 1024);
	z->line = m->line;
	return 1;
}

/* Task table columns, as the header names them (kernels differ). */
enum { C_UID, C_TGID, C_VM, C_RSS, C_ANON, C_FILE, C_SHMEM, C_PGT, C_PTES,
       C_PMDS, C_SWAP, C_ADJ, C_N };
static const char *const col_names[C_N] = {
	"uid", "tgid", "total_vm", "rss", "rss_anon", "rss_file", "rss_shmem",
	"pgtables_bytes", "nr_ptes", "nr_pmds", "swapents", "oom_score_adj"
};

/* The table header: which columns it has, in which order. */
static void oom_task_header(struct dm *m, const char *p, const char *e)
{
	struct oomb *b = &m->oom;
	const char *q = memchr(p, ']', (size_t)(e - p));
	struct span t;
	size_t pos;
	int n = 1;

	for (int i = 0; i < C_N; i++)
		b->col[i] = -1;
	b->in_tasks = 1;
	if (!q)
		return;
	pos = (size_t)(q + 1 - p);
	while (span_token(p, (size_t)(e - p), &pos, &t) && !span_eq(t, "name")) {
		for (int i = 0; i < C_N; i++)
			if (span_eq(t, col_names[i]))
				b->col[i] = n;
		if (++n >= 15)
			break;
	}
	b->ncols = n;
}

/* "[  10230]     0 10230     8843     8401     8160      241         0   110592        0             0 pmortem-hog" */
static int oom_task_row(struct dm *m, const char *p, const char *e)
{
	struct oomb *b = &m->oom;
	int64_t v[16];
	int i;
	const char *q = rng_skip_blank(p + 1, e);
	struct oom_task_rec *t;

	if (b->ncols < 2)
		return 0;
	if (!(q = get_i64(q, e, &v[0])) || q >= e || *q != ']')
		return 0;
	q++;
	for (i = 1; i < b->ncols; i++) {
		q = rng_skip_blank(q, e);
		if (!(q = get_i64(q, e, &v[i])))
			return 0;
	}
	q = rng_skip_blank(q, e);
	if (q >= e || b->ntasks >= MAX_TASKS)
		return q < e;
	b->tasks = xgrow(b->tasks, &b->cap_tasks, b->ntasks + 1, sizeof(*b->tasks));
	if (b->cap_tasks > b->cap_names || !b->task_names) {
		b->task_names = xrealloc(b->task_names,
					 b->cap_tasks * sizeof(*b->task_names));
		b->cap_names = b->cap_tasks;
	}
	copy_to(b->task_names[b->ntasks], 64, q, e);
	t = &b->tasks[b->ntasks++];
	memset(t, 0, sizeof(*t));
#define COL(c) (b->col[c] >= 0 ? v[b->col[c]] : -1)
#define PAGES(c) (b->col[c] >= 0 ? v[b->col[c]] * PAGE_BYTES : -1)
	t->pid = v[0];
	t->uid = COL(C_UID);
	t->tgid = COL(C_TGID);
	t->total_vm_bytes = PAGES(C_VM);
	t->rss_bytes = PAGES(C_RSS);
	t->rss_anon_bytes = PAGES(C_ANON);
	t->rss_file_bytes = PAGES(C_FILE);
	t->rss_shmem_bytes = PAGES(C_SHMEM);
	if (b->col[C_PGT] >= 0)
		t->pgtables_bytes = v[b->col[C_PGT]];
	else if (b->col[C_PTES] >= 0)   /* page-table pages */
		t->pgtables_bytes = (v[b->col[C_PTES]] +
				     (b->col[C_PMDS] >= 0 ? v[b->col[C_PMDS]] : 0)) *
				    PAGE_BYTES;
	else
		t->pgtables_bytes = -1;
	t->swapents = COL(C_SWAP);
	t->oom_score_adj = b->col[C_ADJ] >= 0 ? (int)v[b->col[C_ADJ]] : 0;
#undef COL
#undef PAGES
	t->line = m->line;
	return 1;
}

/* "oom-kill:constraint=...,nodemask=...,task=x,pid=N,uid=N" */
static void oom_constraint(struct dm *m, const char *p, const char *e)
{
	struct oomb *b = &m->oom;
	const char *q = p + 9;

	while (q < e) {
		const char *k = q, *eq, *ve;

		eq = memchr(k, '=', (size_t)(e - k));
		if (!eq)
			break;
		/* the value runs to the next ",key=" */
		for (ve = eq + 1; ve < e; ve++) {
			if (*ve == ',') {
				const char *n = ve + 1;

				while (n < e && ((*n >= 'a' && *n <= 'z') || *n == '_'))
					n++;
				if (n < e && *n == '=' && n > ve + 1)
					break;
			}
		}
#define KEY(lit) ((size_t)(eq - k) == strlen(lit) && !memcmp(k, lit, strlen(lit)))
		if (KEY("constraint"))
			copy_to(b->constraint, sizeof(b->constraint), eq + 1, ve);
		else if (KEY("nodemask"))
			copy_to(b->nodemask, sizeof(b->nodemask), eq + 1, ve);
		else if (KEY("cpuset"))
			copy_to(b->cpuset, sizeof(b->cpuset), eq + 1, ve);
		else if (KEY("mems_allowed"))
			copy_to(b->mems, sizeof(b->mems), eq + 1, ve);
		else if (KEY("oom_memcg"))
			copy_to(b->oom_memcg, sizeof(b->oom_memcg), eq + 1, ve);
		else if (KEY("task_memcg"))
			copy_to(b->task_memcg, sizeof(b->task_memcg), eq + 1, ve);
#undef KEY
		q = ve + 1;
	}
	if (b->constraint[0])
		attr(m, "constraint", "%s", b->constraint);
	if (!strcmp(b->constraint, "CONSTRAINT_MEMCG"))
		b->o.memcg = 1;
}

/* "... Killed process 737 (firewalld) total-vm:358672kB, anon-rss:..." */
static int kill_line(struct dm *m, const char *p, const char *e,
		     int64_t *pid, const char **comm, const char **comm_e)
{
	const char *k = rng_find(p, e, "Killed process "), *q, *c;

	if (!k || !(q = get_i64(k + 15, e, pid)) || !rng_starts(q, e, " ("))
		return 0;
	c = q + 2;
	q = rng_find(c, e, ") ");
	if (!q)
		q = e[-1] == ')' ? e - 1 : NULL;
	if (!q)
		return 0;
	*comm = c;
	*comm_e = q;
	return 1;
}

/* ------------------------------------------------------------------ */
/* one message: its kind and details */

struct evinfo {
	const char *kind;
	int64_t pid;
	char comm[64];
};

static void set_comm(struct evinfo *ev, const char *p, const char *e)
{
	copy_to(ev->comm, sizeof(ev->comm), p, e);
}

static void classify(struct dm *m, const struct stamp *st, int64_t ts,
		     double unc, const char *p, const char *e,
		     struct evinfo *ev)
{
	struct oomb *b = &m->oom;
	const char *q, *c, *ce;
	int64_t v;

	ev->kind = "line";
	ev->pid = -1;
	ev->comm[0] = '\0';

	/* the OOM report */
	if ((q = rng_find(p, e, " invoked oom-killer: "))) {
		oom_begin(m, st, unc, ts);
		oom_invoked(m, p, q, e);
		set_comm(ev, p, q);
		ev->kind = "oom_report";
		return;
	}
	if (kill_line(m, p, e, &v, &c, &ce)) {
		if (!b->active || b->killed)
			oom_begin(m, st, unc, ts);   /* its start was cut off */
		b->killed = 1;
		b->in_tasks = 0;
		b->o.kill_line = m->line;
		b->o.killed_pid = v;
		copy_to(b->killed_comm, sizeof(b->killed_comm), c, ce);
		if (rng_starts(p, e, "Memory cgroup out of memory"))
			b->o.memcg = 1;
		b->o.total_vm_bytes = field(ce, e, "total-vm:", 1024);
		b->o.anon_rss_bytes = field(ce, e, "anon-rss:", 1024);
		b->o.file_rss_bytes = field(ce, e, "file-rss:", 1024);
		b->o.shmem_rss_bytes = field(ce, e, "shmem-rss:", 1024);
		b->o.pgtables_bytes = field(ce, e, "pgtables:", 1024);
		b->o.killed_uid = field(ce, e, "UID:", 1);
		if ((q = rng_find(ce, e, "oom_score_adj:")) && get_i64(q + 14, e, &v))
			b->o.killed_oom_score_adj = (int)v;
		ev->kind = "oom_kill";
		ev->pid = b->o.killed_pid;
		set_comm(ev, c, ce);
		attr(m, "total_vm_bytes", "%lld", (long long)b->o.total_vm_bytes);
		attr(m, "anon_rss_bytes", "%lld", (long long)b->o.anon_rss_bytes);
		return;
	}
	if (rng_find(p, e, "Killed process ")) {
		diag_warn(m->dg, m->line, "incomplete kill line '%.*s'",
			  (int)(e - p > 60 ? 60 : e - p), p);
		return;
	}
	if (rng_starts(p, e, "oom_reaper: reaped process ")) {
		ev->kind = "oom_reaper";
		if ((q = get_i64(p + 27, e, &v)) && rng_starts(q, e, " (") &&
		    (ce = rng_find(q, e, ")"))) {
			ev->pid = v;
			set_comm(ev, q + 2, ce);
			if (b->active && b->killed && b->o.killed_pid == v) {
				b->o.reap_line = m->line;
				b->o.reaped_anon_rss_bytes = field(ce, e, "anon-rss:", 1024);
				b->o.reaped_file_rss_bytes = field(ce, e, "file-rss:", 1024);
				b->o.reaped_shmem_rss_bytes = field(ce, e, "shmem-rss:", 1024);
				oom_emit(m);
			}
		}
		return;
	}
	if (b->active && !b->killed) {
		ev->kind = "oom_report";
		if (rng_starts(p, e, "CPU: ") && b->o.invoker_pid < 0) {
			b->o.invoker_pid = field(p, e, " PID: ", 1);
		} else if (rng_starts(p, e, "memory: usage ")) {
			b->o.memcg_usage_bytes = field(p, e, "usage ", 1024);
			b->o.memcg_limit_bytes = field(p, e, "limit ", 1024);
			b->o.memcg_failcnt = field(p, e, "failcnt ", 1);
			b->o.memcg = 1;
		} else if (rng_starts(p, e, "kmem: usage ")) {
			b->o.memcg_kmem_bytes = field(p, e, "usage ", 1024);
		} else if (rng_starts(p, e, "Node ") && rng_find(p, e, " free:")) {
			oom_zone(m, p, e);
		} else if (rng_starts(p, e, "[  pid  ]") || rng_starts(p, e, "[ pid ]")) {
			oom_task_header(m, p, e);
		} else if (b->in_tasks && p < e && *p == '[') {
			if (!oom_task_row(m, p, e))
				diag_warn(m->dg, m->line, "bad OOM task row '%.*s'",
					  (int)(e - p > 60 ? 60 : e - p), p);
		} else if (rng_starts(p, e, "oom-kill:")) {
			b->in_tasks = 0;
			oom_constraint(m, p, e);
		}
		return;
	}

	/* other reports */
	if ((q = rng_find(p, e, ": page allocation failure: "))) {
		ev->kind = "alloc_failure";
		set_comm(ev, p, q);
		q += 27;
		if ((v = field(q, e, "order:", 1)) >= 0)
			attr(m, "order", "%lld", (long long)v);
		if ((c = rng_find(q, e, "mode:"))) {
			for (ce = c + 5; ce < e && *ce != ',' && *ce != ' '; ce++)
				;
			attr_span(m, "mode", c + 5, ce);
		}
		return;
	}
	if ((q = rng_find(p, e, "INFO: task ")) && (c = rng_find(q, e, " blocked for more than "))) {
		/* "INFO: task comm:pid blocked for more than 120 seconds." */
		const char *colon = c;

		ev->kind = "hung_task";
		while (colon > q + 11 && *colon != ':')
			colon--;
		if (*colon == ':' && get_i64(colon + 1, c, &v)) {
			ev->pid = v;
			set_comm(ev, q + 11, colon);
		}
		if ((v = field(c, e, " more than ", 1)) >= 0)
			attr(m, "blocked_s", "%lld", (long long)v);
		return;
	}
	if ((q = rng_find(p, e, "]: segfault at "))) {
		/* "comm[pid]: segfault at 0 ip ... sp ... error 6 in lib[...]" */
		ev->kind = "segfault";
		if ((c = q) > p) {
			const char *lb = c;

			while (lb > p && *lb != '[')
				lb--;
			if (*lb == '[' && get_i64(lb + 1, c, &v)) {
				ev->pid = v;
				set_comm(ev, p, lb);
			}
		}
		q += 15;
		for (ce = q; ce < e && *ce != ' '; ce++)
			;
		attr_span(m, "addr", q, ce);
		if ((c = rng_find(q, e, " ip ")) && c + 4 < e) {
			for (ce = c + 4; ce < e && *ce != ' '; ce++)
				;
			attr_span(m, "ip", c + 4, ce);
		}
		if ((v = field(q, e, " error ", 1)) >= 0)
			attr(m, "error", "%lld", (long long)v);
		if ((c = rng_find(q, e, " in ")) && c + 4 < e) {
			for (ce = c + 4; ce < e && *ce != '[' && *ce != ' '; ce++)
				;
			attr_span(m, "in", c + 4, ce);
		}
		return;
	}
	if (rng_starts(p, e, "traps: ")) {
		ev->kind = "trap";
		q = p + 7;
		if ((c = memchr(q, '[', (size_t)(e - q))) && get_i64(c + 1, e, &v)) {
			ev->pid = v;
			set_comm(ev, q, c);
		}
		return;
	}
	if ((q = rng_find(p, e, "BUG: soft lockup - CPU#"))) {
		/* "watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [comm:1234]" */
		ev->kind = "soft_lockup";
		if ((v = field(q, e, "CPU#", 1)) >= 0)
			attr(m, "cpu", "%lld", (long long)v);
		if ((v = field(q, e, "stuck for ", 1)) >= 0)
			attr(m, "stuck_s", "%lld", (long long)v);
		if ((c = rng_find(q, e, "! [")) && e[-1] == ']') {
			const char *colon = e - 1;

			while (colon > c + 3 && *colon != ':')
				colon--;
			if (*colon == ':' && get_i64(colon + 1, e - 1, &v)) {
				ev->pid = v;
				set_comm(ev, c + 3, colon);
			}
		}
		return;
	}
	if (rng_find(p, e, "hard LOCKUP")) {
		ev->kind = "hard_lockup";
		return;
	}
	if (rng_find(p, e, "detected stall") || rng_find(p, e, "self-detected stall") ||
	    rng_find(p, e, "detected stalls on CPUs")) {
		ev->kind = "rcu_stall";
		return;
	}
	if (rng_starts(p, e, "Kernel panic - not syncing")) {
		ev->kind = "panic";
		return;
	}
	if (rng_starts(p, e, "Oops: ") || rng_starts(p, e, "BUG: unable to handle") ||
	    rng_starts(p, e, "general protection fault")) {
		ev->kind = "oops";
		return;
	}
	if (rng_starts(p, e, "Linux version ")) {
		ev->kind = "restart";
		for (ce = p + 14; ce < e && *ce != ' '; ce++)
			;
		attr_span(m, "kernel", p + 14, ce);
		return;
	}
}

/* ------------------------------------------------------------------ */
/* one line */

static void emit_event(struct dm *m, const struct evinfo *ev, int64_t ts,
		       double unc, double mono, int level, const char *facility,
		       const char *p, const char *e)
{
	struct event_rec r;
	char *msg;

	if (m->failed)
		return;
	memset(&r, 0, sizeof(r));
	msg = xstrndup(p, (size_t)(e - p));
	r.ts_us = ts;
	r.ts_uncertainty_s = ts != TS_UNKNOWN ? unc : 0;
	r.mono_s = mono;
	r.kind = ev->kind;
	r.facility = facility;
	r.level = level;
	r.pid = ev->pid;
	r.comm = ev->comm[0] ? ev->comm : NULL;
	r.message = msg;
	r.line = m->line;
	if (m->out->event(m->out, &r) < 0)
		m->failed = 1;
	free(msg);
}

static void set_host(struct dm *m, const char *p, const char *e)
{
	struct host_rec h;

	if ((size_t)(e - p) == strlen(m->host) && !memcmp(p, m->host, (size_t)(e - p)))
		return;
	copy_to(m->host, sizeof(m->host), p, e);
	memset(&h, 0, sizeof(h));
	h.name = m->host;
	h.ncpu = 0;
	if (m->out->host && m->out->host(m->out, &h) < 0)
		m->failed = 1;
}

/* Learn or use the boot time: returns the wall clock for mono. */
static int64_t mono_to_wall(struct dm *m, double mono, double *unc)
{
	if (m->boot_us == TS_UNKNOWN)
		return TS_UNKNOWN;
	*unc = m->boot_unc;
	return m->boot_us + (int64_t)llround(mono * 1e6);
}

static void learn_boot(struct dm *m, int64_t boot, int src, double unc,
		       const char *why)
{
	if (m->boot_src == BOOT_PAIR && src != BOOT_PAIR)
		return;
	if (m->boot_src == BOOT_PAIR && m->boot_us != TS_UNKNOWN)
		return;         /* the first pair of this boot stays: later ones
		                   differ only by the stamps' rounding */
	m->boot_us = boot;
	m->boot_src = src;
	m->boot_unc = unc;
	snprintf(m->in->time_origin, sizeof(m->in->time_origin), "%s", why);
	if (src == BOOT_PAIR && m->in->hints &&
	    m->in->hints->boot_time_us == TS_UNKNOWN)
		m->in->hints->boot_time_us = boot;
}

static void do_line(struct dm *m, const char *p, const char *e)
{
	struct stamp st;
	struct evinfo ev;
	const char *msg, *facility = "kernel";
	int64_t ts;
	double unc = 0, inner_mono = NAN;

	if (rng_starts(p, e, "-- ") && e - p >= 6 && rng_starts(e - 3, e, " --")) {
		/* journalctl separators */
		if (rng_starts(p, e, "-- Boot ") || rng_starts(p, e, "-- Reboot --")) {
			ev.kind = "restart";
			ev.pid = -1;
			ev.comm[0] = '\0';
			emit_event(m, &ev, TS_UNKNOWN, 0, NAN, -1, "journal", p, e);
			m->last_mono = NAN;
			if (m->boot_src == BOOT_PAIR)
				m->boot_us = TS_UNKNOWN, m->boot_src = BOOT_NONE;
		}
		return;
	}
	msg = parse_prefix(m, p, e, &st);
	if (!msg) {
		/* a continuation of the previous message, or junk */
		if (p < e && (*p == ' ' || *p == '\t')) {
			ev.kind = "line";
		} else {
			diag_warn(m->dg, m->line, "no timestamp: '%.*s'",
				  (int)(e - p > 60 ? 60 : e - p), p);
			ev.kind = "line";
		}
		ev.pid = -1;
		ev.comm[0] = '\0';
		emit_event(m, &ev, m->last_ts, m->last_unc, NAN, -1, NULL, p, e);
		return;
	}
	if (msg < e && *msg == ' ')
		msg++;
	if (st.has_host) {
		/* "HOST TAG[PID]: msg" (journal short-monotonic is below) */
		const char *h = rng_skip_blank(msg, e), *he = h, *t, *te;

		while (he < e && *he != ' ')
			he++;
		t = rng_skip_blank(he, e);
		te = t;
		while (te < e && *te != ':' && *te != ' ')
			te++;
		if (he > h)
			set_host(m, h, he);
		if (te < e && *te == ':') {
			const char *br = memchr(t, '[', (size_t)(te - t));

			copy_to(m->tag, sizeof(m->tag), t, br ? br : te);
			facility = m->tag;
			msg = te + 1;
			if (msg < e && *msg == ' ')
				msg++;
		} else {
			facility = NULL;
			msg = t;
		}
		if (facility && !strcmp(facility, "kernel")) {
			const char *r = get_mono(msg, e, &inner_mono);

			if (r) {
				msg = r;
				if (msg < e && *msg == ' ')
					msg++;
				if (st.ts_us != TS_UNKNOWN)
					learn_boot(m, st.ts_us - (int64_t)llround(inner_mono * 1e6),
						   BOOT_PAIR, st.unc > 0 ? st.unc : 0.001,
						   "boot time from syslog lines with both clocks");
			}
		}
	} else if (isfinite(st.mono)) {
		/* journalctl -o short-monotonic: "[ mono] HOST kernel: msg" */
		const char *h = rng_skip_blank(msg, e), *he = h, *t, *te;

		while (he < e && *he != ' ')
			he++;
		t = rng_skip_blank(he, e);
		for (te = t; te < e && *te != ':' && *te != ' '; te++)
			;
		if (he > h && te < e && *te == ':' && te - t == 6 &&
		    !memcmp(t, "kernel", 6)) {
			set_host(m, h, he);
			msg = te + 1;
			if (msg < e && *msg == ' ')
				msg++;
		}
	}
	if (!isfinite(st.mono))
		st.mono = inner_mono;
	/* wall clock */
	ts = st.ts_us;
	unc = st.unc;
	if (isfinite(st.mono)) {
		if (isfinite(m->last_mono) && st.mono + 1.0 < m->last_mono) {
			diag_warn(m->dg, m->line,
				  "monotonic time goes back from %.6f to %.6f",
				  m->last_mono, st.mono);
			if (m->boot_src != BOOT_PAIR || ts == TS_UNKNOWN) {
				m->boot_us = TS_UNKNOWN;
				m->boot_src = BOOT_NONE;
			}
		}
		m->last_mono = st.mono;
		/* a paired boot time places the line to the microsecond */
		if (ts == TS_UNKNOWN || m->boot_src == BOOT_PAIR)
			ts = mono_to_wall(m, st.mono, &unc);
	}
	if (ts != TS_UNKNOWN && m->last_ts != TS_UNKNOWN &&
	    ts + 1000000 < m->last_ts && !isfinite(st.mono) && !m->warned_order++)
		diag_warn(m->dg, m->line, "time goes back by %.6f s",
			  (m->last_ts - ts) / 1e6);
	classify(m, &st, ts, unc, msg, e, &ev);
	/* the kernel's own "setting system clock to ... (EPOCH)" */
	if (isfinite(st.mono) && m->boot_us == TS_UNKNOWN) {
		const char *q = rng_find(msg, e, "setting system clock to ");
		const char *lp = q ? rng_find(q, e, " (") : NULL;
		int64_t epoch;

		if (lp && get_i64(lp + 2, e, &epoch) && epoch > 0 &&
		    epoch < 100000000000LL && st.mono >= 0 && st.mono < 1e11) {
			learn_boot(m, epoch * 1000000 - (int64_t)llround(st.mono * 1e6),
				   BOOT_RTC, 1.0, "boot time from the kernel's rtc line");
			ts = mono_to_wall(m, st.mono, &unc);
		}
	}
	emit_event(m, &ev, ts, unc, st.mono, st.level, facility, msg, e);
	if (ts != TS_UNKNOWN) {
		m->last_ts = ts;
		m->last_unc = unc;
	}
}

/* ------------------------------------------------------------------ */

/* Does the first stamped line of the head carry only monotonic time? */
static int head_is_monotonic(struct dm *m)
{
	const char *p = (const char *)m->in->head, *e = p + m->in->head_len;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl ? nl : e;
		struct stamp st;
		const char *msg;

		if (le > p && le[-1] == '\r')
			le--;
		msg = parse_prefix(m, p, le, &st);
		if (msg) {
			if (st.ts_us != TS_UNKNOWN || st.has_host)
				return 0;
			if (isfinite(st.mono)) {
				/* journal short-monotonic names a host */
				const char *h = rng_skip_blank(msg, le);

				while (h < le && *h != ' ')
					h++;
				return !rng_starts(rng_skip_blank(h, le), le, "kernel:");
			}
		}
		p = nl ? nl + 1 : e;
	}
	return 0;
}

static int dmesg_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct dm *m = xcalloc(1, sizeof(*m));
	struct lines lr;
	const char *line;
	size_t len;
	int rc;
	const char *tzname = in->opts && in->opts->tz ? in->opts->tz :
			     (in->hints && in->hints->tz[0] ? in->hints->tz : NULL);

	m->in = in;
	m->out = out;
	m->dg = dg;
	m->boot_us = TS_UNKNOWN;
	m->last_mono = NAN;
	m->last_ts = TS_UNKNOWN;
	tzconv_init(&m->tz, tzname);
	oom_reset(&m->oom);
	snprintf(in->time_origin, sizeof(in->time_origin), "none");
	if (in->opts && in->opts->boot_time_us != TS_UNKNOWN) {
		learn_boot(m, in->opts->boot_time_us, BOOT_OPT, 1.0, "--boot-time");
	} else if (in->hints && in->hints->boot_time_us != TS_UNKNOWN) {
		learn_boot(m, in->hints->boot_time_us, BOOT_HINT, 1.0,
			   "boot time from /proc/stat btime");
	} else if (!in->retry && head_is_monotonic(m)) {
		/* a /proc/stat later in the bundle may tell the boot time */
		free(m);
		return IMPORT_DEFER;
	}
	if (!strcmp(in->time_origin, "none") && head_is_monotonic(m))
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "seconds since boot only: no boot time (use --boot-time)");
	lines_init(&lr, in, dg, DMESG_MAX_LINE);
	while (!m->failed && (rc = lines_next(&lr, &line, &len)) == 1) {
		m->line = lr.lineno;
		if (len == 0)
			continue;
		do_line(m, line, line + len);
	}
	oom_emit(m);
	lines_release(&lr);
	free(m->oom.tasks);
	free(m->oom.task_names);
	rc = m->failed || lr.io_error ? IMPORT_FAIL : IMPORT_OK;
	free(m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* sniffing */

static int dmesg_sniff(const struct input *in)
{
	struct dm m;
	const char *p = (const char *)in->head, *e = p + in->head_len;
	int lines = 0, hits = 0, kernel = 0;
	struct input copy = *in;
	char origin[sizeof(in->time_origin)];

	memset(&m, 0, sizeof(m));
	m.in = &copy;          /* parse_prefix may note a time origin */
	m.boot_us = TS_UNKNOWN;
	memcpy(origin, in->time_origin, sizeof(origin));
	tzconv_init(&m.tz, NULL);
	while (p < e && lines < 30) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl ? nl : e;
		struct stamp st;
		const char *msg;

		if (!nl && in->head_len == INPUT_HEAD_MAX && lines)
			break;
		if (le > p && le[-1] == '\r')
			le--;
		if (le > p) {
			lines++;
			msg = parse_prefix(&m, p, le, &st);
			if (msg || rng_starts(p, le, "-- ")) {
				hits++;
				if (msg && (!st.has_host || rng_find(msg, le, " kernel: ")))
					kernel++;
			}
		}
		p = nl ? nl + 1 : e;
	}
	(void)origin;
	if (!lines || !hits)
		return 0;
	if (hits * 10 >= lines * 9)
		return kernel ? 92 : 70;
	if (hits * 2 >= lines)
		return 50;
	return 10;
}

const struct importer dmesg_importer = {
	.name = "dmesg",
	.summary = "kernel logs: dmesg (raw, -T, -r, iso), kern.log/syslog, journalctl text; OOM reports",
	.version = 1,
	.sniff = dmesg_sniff,
	.parse = dmesg_parse,
};
