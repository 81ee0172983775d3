/*
 * detect.c - the event detectors described in detect.h.
 *
 * One pass over `sample` in (series, time) order, which is the table's
 * clustering order, so the read is a single index scan and memory holds
 * one rolling window, never a whole series.  Per sample the work is an
 * insertion into a sorted window and a quickselect for the MAD: O(window).
 */
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "util.h"

#define WINDOW_MAX 240

enum {
	P_K = 1 << 0, P_WINDOW = 1 << 1, P_ABS = 1 << 2, P_REL = 1 << 3,
	P_SAT = 1 << 4, P_SATN = 1 << 5, P_R2 = 1 << 6, P_GREL = 1 << 7,
	P_COUNTER = 1 << 8, P_OFF = 1 << 9, P_DROP = 1 << 10,
};

struct dparams {
	double k;            /* spread multiples that make a sample out of line */
	int window;          /* samples in the rolling baseline */
	double abs_min;      /* smallest change worth an event, metric's unit */
	double rel_min;      /* smallest rise worth an event, x baseline */
	double drop_rel;     /* smallest fall worth an event, x baseline */
	double sat_level;    /* saturation at or above this; 0 = never */
	int sat_samples;     /* ... for this many samples in a row */
	double growth_r2;    /* linear fit quality for steady growth */
	double growth_rel;   /* growth worth an event, x starting level */
	int counter;         /* a cumulative counter: a decrease is a reset */
	int off;             /* no detection at all */
};

struct prule {
	char *glob;
	unsigned set;        /* P_* bits this rule sets */
	struct dparams p;
};

/* The defaults, most general first; later matches override. */
static const struct prule default_rules[] = {
	{ "*", ~0u & ~(unsigned)P_OFF,
	  { 6, 30, 1e-9, 0.2, 0.3, 0, 3, 0.8, 0.2, 0, 0 } },
	{ "*_pct", P_ABS, { .abs_min = 5 } },
	{ "*util_pct", P_SAT, { .sat_level = 95 } },
	{ "*_s", P_ABS, { .abs_min = 0.005 } },
	{ "*_per_s", P_ABS, { .abs_min = 10 } },
	{ "paging.majflt_per_s", P_ABS, { .abs_min = 50 } },
	{ "*_bytes", P_ABS, { .abs_min = 64.0 * 1024 * 1024 } },
	{ "*_bytes_per_s", P_ABS, { .abs_min = 1024.0 * 1024 } },
	{ "meminfo.*", P_ABS, { .abs_min = 64.0 * 1024 * 1024 } },
	{ "meminfo.HugePages_*", P_ABS, { .abs_min = 1 } },
	{ "vmstat.*", P_COUNTER | P_ABS, { .counter = 1, .abs_min = 1 } },
	{ "vmstat.nr_*", P_COUNTER, { .counter = 0 } },
	{ "vmstat.*_per_s", P_COUNTER, { .counter = 0 } },
};

struct pconfig {
	struct prule *rules;
	size_t n, cap;
};

static void apply(struct dparams *d, const struct prule *r)
{
	if (r->set & P_K) d->k = r->p.k;
	if (r->set & P_WINDOW) d->window = r->p.window;
	if (r->set & P_ABS) d->abs_min = r->p.abs_min;
	if (r->set & P_REL) d->rel_min = r->p.rel_min;
	if (r->set & P_DROP) d->drop_rel = r->p.drop_rel;
	if (r->set & P_SAT) d->sat_level = r->p.sat_level;
	if (r->set & P_SATN) d->sat_samples = r->p.sat_samples;
	if (r->set & P_R2) d->growth_r2 = r->p.growth_r2;
	if (r->set & P_GREL) d->growth_rel = r->p.growth_rel;
	if (r->set & P_COUNTER) d->counter = r->p.counter;
	if (r->set & P_OFF) d->off = r->p.off;
}

static void params_for(const struct pconfig *c, const char *metric, struct dparams *d)
{
	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < sizeof(default_rules) / sizeof(default_rules[0]); i++)
		if (!fnmatch(default_rules[i].glob, metric, 0))
			apply(d, &default_rules[i]);
	for (size_t i = 0; i < c->n; i++)
		if (!fnmatch(c->rules[i].glob, metric, 0))
			apply(d, &c->rules[i]);
	if (d->window < 3)
		d->window = 3;
	if (d->window > WINDOW_MAX)
		d->window = WINDOW_MAX;
	if (d->sat_samples < 1)
		d->sat_samples = 1;
}

static int config_key(struct prule *r, const char *key, size_t klen, double v)
{
	static const struct { const char *name; unsigned bit; } keys[] = {
		{ "k", P_K }, { "window", P_WINDOW }, { "abs_min", P_ABS },
		{ "rel_min", P_REL }, { "drop_rel", P_DROP }, { "sat_level", P_SAT },
		{ "sat_samples", P_SATN }, { "growth_r2", P_R2 },
		{ "growth_rel", P_GREL }, { "counter", P_COUNTER }, { "off", P_OFF },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strlen(keys[i].name) != klen || memcmp(keys[i].name, key, klen))
			continue;
		r->set |= keys[i].bit;
		switch (keys[i].bit) {
		case P_K: r->p.k = v; break;
		case P_WINDOW: r->p.window = (int)v; break;
		case P_ABS: r->p.abs_min = v; break;
		case P_REL: r->p.rel_min = v; break;
		case P_DROP: r->p.drop_rel = v; break;
		case P_SAT: r->p.sat_level = v; break;
		case P_SATN: r->p.sat_samples = (int)v; break;
		case P_R2: r->p.growth_r2 = v; break;
		case P_GREL: r->p.growth_rel = v; break;
		case P_COUNTER: r->p.counter = v != 0; break;
		case P_OFF: r->p.off = v != 0; break;
		}
		return 0;
	}
	return -1;
}

/* Read the config file; errors name path:line. */
static int config_load(struct pconfig *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;

	if (!f) {
		fprintf(stderr, "pmortem: %s: cannot open detector config\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		size_t len = strcspn(line, "\r\n"), pos = 0;
		struct span tok;
		struct prule r;

		lineno++;
		line[len] = '\0';
		if (!span_token(line, len, &pos, &tok) || tok.p[0] == '#')
			continue;
		memset(&r, 0, sizeof(r));
		r.glob = xstrndup(tok.p, tok.n);
		while (span_token(line, len, &pos, &tok)) {
			const char *eq = memchr(tok.p, '=', tok.n);
			double v;

			if (!eq || num_parse(eq + 1, (size_t)(tok.p + tok.n - eq - 1), 0, &v) < 0 ||
			    config_key(&r, tok.p, (size_t)(eq - tok.p), v) < 0) {
				fprintf(stderr, "pmortem: %s:%d: cannot use '%.*s' (want "
					"key=number with a known key)\n", path, lineno,
					(int)tok.n, tok.p);
				free(r.glob);
				fclose(f);
				return -1;
			}
		}
		c->rules = xgrow(c->rules, &c->cap, c->n + 1, sizeof(*c->rules));
		c->rules[c->n++] = r;
	}
	fclose(f);
	return 0;
}

/* ---- the rolling window ------------------------------------------------ */

struct window {
	double ring[WINDOW_MAX];   /* arrival order */
	double sorted[WINDOW_MAX];
	double scratch[WINDOW_MAX];
	int n, head, cap;
};

static void win_reset(struct window *w, int cap)
{
	w->n = w->head = 0;
	w->cap = cap;
}

static void win_push(struct window *w, double v)
{
	int i;

	if (w->n == w->cap) {
		double old = w->ring[w->head];

		for (i = 0; i < w->n && w->sorted[i] != old; i++)
			;
		memmove(w->sorted + i, w->sorted + i + 1, (size_t)(w->n - i - 1) * sizeof(double));
		w->n--;
		w->ring[w->head] = v;
		w->head = (w->head + 1) % w->cap;
	} else {
		w->ring[(w->head + w->n) % w->cap] = v;
	}
	for (i = w->n; i > 0 && w->sorted[i - 1] > v; i--)
		w->sorted[i] = w->sorted[i - 1];
	w->sorted[i] = v;
	w->n++;
}

static double win_median(const struct window *w)
{
	int m = w->n / 2;

	return w->n % 2 ? w->sorted[m] : (w->sorted[m - 1] + w->sorted[m]) / 2;
}

static double select_kth(double *a, int n, int k)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = a[(lo + hi) / 2];
		int i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				double t = a[i];
				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return a[k];
}

/* Median absolute deviation, scaled to a standard deviation. */
static double win_mad(struct window *w, double med)
{
	for (int i = 0; i < w->n; i++)
		w->scratch[i] = fabs(w->sorted[i] - med);
	return 1.4826 * select_kth(w->scratch, w->n, w->n / 2);
}

/* ---- one series ---------------------------------------------------------- */

struct ev {
	const char *kind;
	int64_t start, end, peak_at;
	double baseline, peak, spread;
	int64_t samples;
	char detail[96];
};

struct series_state {
	int64_t series_id, host_id;
	char metric[256], instance[256];
	struct dparams p;
	struct window w;
	double raw[WINDOW_MAX];   /* the last `window` values, flagged or not */
	int64_t ev_t[WINDOW_MAX + 1];  /* the open event's samples, for its onset */
	double ev_v[WINDOW_MAX + 1];
	int nraw, rawpos;
	int64_t n;
	/* the open spike/step/drop */
	struct ev cur;
	int open;                 /* 0 none, 1 up, -1 down */
	int64_t open_len;
	/* the open saturation run; sat_dip: samples below the level since its
	 * last saturated one (one is forgiven: a 100 % device that reads 76 %
	 * for a second is still the same saturation) */
	struct ev sat;
	int sat_open, sat_dip;
	/* ramp: the current run of rises (a creep the rolling baseline follows) */
	int64_t ramp_t0, ramp_first, ramp_last, ramp_n;
	double ramp_v0, ramp_max;
	double ramp_noise;        /* k x the spread when it began */
	double ramp_jump;         /* its largest single rise */
	double mad_now;           /* the rolling spread at the last sample, -1 none */
	int64_t ramp_nlast;       /* samples in it up to its last high */
	int ramp_rises, ramp_idle;
	/* growth: running sums over (t - t0) in hours */
	int64_t t0, last_t;
	double st, sv, stt, svv, stv;
	double prev;
	int64_t prev_t;
};

struct detector {
	sqlite3 *db;
	sqlite3_stmt *ins;
	struct detect_stats *ds;
	struct pconfig cfg;
	int failed;
};

static void emit(struct detector *d, struct series_state *s, const struct ev *e)
{
	sqlite3_stmt *q = d->ins;
	double mag = e->peak - e->baseline;

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	sqlite3_bind_text(q, 1, e->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, s->series_id);
	sqlite3_bind_int64(q, 3, s->host_id);
	sqlite3_bind_text(q, 4, s->metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, s->instance, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, e->start);
	sqlite3_bind_int64(q, 7, e->end);
	sqlite3_bind_int64(q, 8, e->peak_at);
	sqlite3_bind_double(q, 9, e->baseline);
	sqlite3_bind_double(q, 10, e->peak);
	sqlite3_bind_double(q, 11, mag);
	if (e->baseline != 0)
		sqlite3_bind_double(q, 12, e->peak / e->baseline);
	if (e->spread > 0)
		sqlite3_bind_double(q, 13, fabs(mag) / e->spread);
	sqlite3_bind_int64(q, 14, e->samples);
	if (e->detail[0])
		sqlite3_bind_text(q, 15, e->detail, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		fprintf(stderr, "pmortem: insert event: %s\n", sqlite3_errmsg(d->db));
		d->failed = 1;
	}
	d->ds->events++;
}

static void close_open(struct detector *d, struct series_state *s, int at_end)
{
	if (!s->open)
		return;
	if (s->open > 0)
		s->cur.kind = at_end || s->open_len >= s->p.window ? "step" : "spike";
	/* the onset is where the change reached half its size: a creeping
	 * start (0, 17, 26, ... 1980/s) does not make the event early, and
	 * lags between events are measured from the real change */
	{
		double half = s->cur.baseline + (s->cur.peak - s->cur.baseline) / 2;
		int64_t n = s->open_len < WINDOW_MAX + 1 ? s->open_len : WINDOW_MAX + 1;

		for (int64_t i = 0; i < n; i++)
			if ((s->open > 0 && s->ev_v[i] >= half) ||
			    (s->open < 0 && s->ev_v[i] <= half)) {
				s->cur.start = s->ev_t[i];
				break;
			}
	}
	emit(d, s, &s->cur);
	s->open = 0;
	s->open_len = 0;
}

/* A ramp: a run of at least RAMP_RISES new highs, dips no deeper than
 * RAMP_TOL x abs_min, that rose by the spike thresholds in all (abs_min,
 * rel_min x its start, k x the spread before it) and not in one jump (no
 * single rise above half of it: that is a spike or a step), after a
 * baseline of at least RAMP_BASE samples.  The rolling median follows a slow creep (a slab
 * or a heap growing a few MiB a second), so neither a spike nor a step
 * ever sees it; whole-series growth misses it once the capture goes on
 * after it (the memory freed when the grower died).  Its start is the
 * first sample above the level it rose from. */
#define RAMP_RISES 5
#define RAMP_TOL 0.05
#define RAMP_BASE 5

static void close_ramp(struct detector *d, struct series_state *s)
{
	struct dparams *p = &s->p;
	double rise = s->ramp_max - s->ramp_v0;

	if (s->ramp_rises >= RAMP_RISES && rise >= p->abs_min &&
	    rise >= p->rel_min * fabs(s->ramp_v0) && rise >= s->ramp_noise &&
	    s->ramp_jump <= 0.5 * rise && rise > 0) {
		struct ev e = { .kind = "ramp", .start = s->ramp_first,
				.end = s->ramp_last, .peak_at = s->ramp_last,
				.baseline = s->ramp_v0, .peak = s->ramp_max,
				.samples = s->ramp_nlast, .spread = fmax(p->abs_min, 1e-9) };
		double hours = (double)(s->ramp_last - s->ramp_t0) / 3.6e9;

		if (hours > 0)
			snprintf(e.detail, sizeof(e.detail), "slope %.6g per hour", rise / hours);
		emit(d, s, &e);
	}
	s->ramp_rises = 0;
}

/* No ramp under way: sample (t, v) is the level one would start from. */
static void ramp_restart(struct series_state *s, int64_t t, double v)
{
	s->ramp_t0 = t;
	s->ramp_v0 = s->ramp_max = v;
	s->ramp_rises = 0;
	s->ramp_n = 0;
	s->ramp_idle = 0;
}

static void ramp_sample(struct detector *d, struct series_state *s, int64_t t, double v)
{
	double tol = RAMP_TOL * s->p.abs_min;

	if (s->p.counter)
		return;
	/* a rise counts once the baseline has RAMP_BASE samples to judge its
	 * noise by; before, every sample is a new starting level */
	if (s->n == 1 || (s->ramp_rises == 0 && (v <= s->ramp_max || s->w.n < RAMP_BASE))) {
		/* no rise yet: this sample is the level a ramp would start from */
		ramp_restart(s, t, v);
		return;
	}
	if (v > s->ramp_max) {
		if (s->ramp_rises == 0) {
			s->ramp_first = t;
			s->ramp_jump = 0;
			s->ramp_noise = s->mad_now >= 0 ? s->p.k * s->mad_now : 0;
		}
		if (v - s->ramp_max > s->ramp_jump)
			s->ramp_jump = v - s->ramp_max;
		s->ramp_rises++;
		s->ramp_max = v;
		s->ramp_last = t;
		s->ramp_idle = 0;
		s->ramp_n++;
		s->ramp_nlast = s->ramp_n;
		return;
	}
	if (s->ramp_max - s->ramp_v0 <= s->ramp_noise) {
		/* it has not yet risen out of the noise: this dip is the level */
		ramp_restart(s, t, v);
		return;
	}
	s->ramp_idle++;
	if (v >= s->ramp_max - tol && s->ramp_idle < s->p.window) {
		s->ramp_n++;
		return;
	}
	/* it fell (or stalled a whole window): the ramp ended at its high */
	close_ramp(d, s);
	s->ramp_t0 = t;
	s->ramp_v0 = s->ramp_max = v;
	s->ramp_n = 0;
	s->ramp_idle = 0;
}

static void close_sat(struct detector *d, struct series_state *s)
{
	if (s->sat_open && s->sat.samples >= s->p.sat_samples)
		emit(d, s, &s->sat);
	s->sat_open = s->sat_dip = 0;
}

static void series_begin(struct detector *d, struct series_state *s)
{
	params_for(&d->cfg, s->metric, &s->p);
	win_reset(&s->w, s->p.window);
	s->nraw = s->rawpos = 0;
	s->n = 0;
	s->ramp_rises = 0;
	s->ramp_n = 0;
	s->open = s->sat_open = s->sat_dip = 0;
	s->open_len = 0;
	s->st = s->sv = s->stt = s->svv = s->stv = 0;
}

static void series_sample(struct detector *d, struct series_state *s,
			  int64_t t, double v)
{
	struct dparams *p = &s->p;
	int flagged = 0;

	if (p->off || !isfinite(v))
		return;
	if (s->n == 0)
		s->t0 = t;
	else if (p->counter && v < s->prev) {
		struct ev e = { .kind = "reset", .start = s->prev_t, .end = t,
				.peak_at = t, .baseline = s->prev, .peak = v,
				.samples = 1 };
		emit(d, s, &e);
	}
	s->n++;
	s->last_t = t;
	s->prev = v;
	s->prev_t = t;
	{
		double x = (double)(t - s->t0) / 3.6e9;   /* hours */

		s->st += x, s->sv += v, s->stt += x * x, s->svv += v * v, s->stv += x * v;
	}

	s->mad_now = -1;
	if (s->w.n >= 3) {
		double med = win_median(&s->w), mad = 0, up, down;
		int dir = 0;

		/* the MAD only matters when v is past the floors that do not
		 * depend on it (most samples are not), or when v may start a
		 * ramp (a new high), whose noise it measures: then it is
		 * computed */
		if (v - med >= fmax(p->abs_min, p->rel_min * fabs(med)) ||
		    med - v >= fmax(p->abs_min, p->drop_rel * fabs(med)) ||
		    (!p->counter && s->ramp_rises == 0 && v > s->ramp_max))
			mad = win_mad(&s->w, med);
		else
			mad = INFINITY;
		s->mad_now = isinf(mad) ? -1 : mad;
		up = fmax(fmax(p->abs_min, p->k * mad), p->rel_min * fabs(med));
		down = fmax(p->abs_min, p->k * mad);
		if (v - med >= up && v - med > 0)
			dir = 1;
		else if (med - v >= down && med - v >= p->drop_rel * fabs(med) && med - v > 0)
			dir = -1;
		if (dir && s->open != dir) {
			close_open(d, s, 0);
			s->open = dir;
			s->cur = (struct ev){ .kind = dir > 0 ? "spike" : "drop",
					      .start = t, .end = t, .peak_at = t,
					      .baseline = med, .peak = v,
					      .spread = fmax(mad, p->abs_min) };
		}
		if (dir) {
			flagged = 1;
			if (s->open_len < WINDOW_MAX + 1) {
				s->ev_t[s->open_len] = t;
				s->ev_v[s->open_len] = v;
			}
			s->open_len++;
			s->cur.end = t;
			s->cur.samples++;
			if ((dir > 0 && v > s->cur.peak) || (dir < 0 && v < s->cur.peak)) {
				s->cur.peak = v;
				s->cur.peak_at = t;
			}
		} else if (s->open) {
			close_open(d, s, 0);
		}
	}
	ramp_sample(d, s, t, v);
	s->raw[s->rawpos] = v;
	s->rawpos = (s->rawpos + 1) % p->window;
	if (s->nraw < p->window)
		s->nraw++;
	/* out-of-line samples stay out of the baseline; once they have lasted
	 * a whole window they are the new normal: the step ends and the
	 * baseline restarts from the recent values, so a second rise later
	 * (0 -> 15/s, then 15 -> 1800/s) is an event of its own */
	if (!flagged) {
		win_push(&s->w, v);
	} else if (s->open_len >= p->window) {
		close_open(d, s, 1);
		win_reset(&s->w, p->window);
		for (int i = 0; i < s->nraw; i++)
			win_push(&s->w, s->raw[(s->rawpos + p->window - s->nraw + i) % p->window]);
	}

	if (p->sat_level > 0) {
		if (v >= p->sat_level) {
			if (!s->sat_open) {
				s->sat_open = 1;
				s->sat = (struct ev){ .kind = "saturation", .start = t,
						      .peak_at = t, .peak = v,
						      .baseline = s->w.n ? win_median(&s->w) : v,
						      .spread = 1 };
			}
			s->sat.end = t;
			s->sat.samples++;
			s->sat_dip = 0;
			if (v > s->sat.peak) {
				s->sat.peak = v;
				s->sat.peak_at = t;
			}
		} else if (s->sat_open && s->sat_dip == 0) {
			s->sat_dip = 1;
		} else {
			close_sat(d, s);
		}
	}
}

static int series_growth(struct detector *d, struct series_state *s, double n);

static void series_end(struct detector *d, struct series_state *s)
{
	struct dparams *p = &s->p;
	double n = (double)s->n;

	close_open(d, s, 1);
	close_sat(d, s);
	d->ds->series++;
	/* a ramp still rising at the end is the whole-series growth when
	 * that is found: one event, not two */
	int grew = !p->off && s->n >= 10 && series_growth(d, s, n);

	if (!p->off && !grew && s->ramp_rises)
		close_ramp(d, s);
}

/* Steady growth over the whole series: 1 when an event was written. */
static int series_growth(struct detector *d, struct series_state *s, double n)
{
	struct dparams *p = &s->p;
	double vx = s->stt - s->st * s->st / n, vy = s->svv - s->sv * s->sv / n;
	double cxy = s->stv - s->st * s->sv / n;

	if (vx <= 0 || vy <= 0)
		return 0;
	double slope = cxy / vx, r2 = cxy * cxy / (vx * vy);
	double a = (s->sv - slope * s->st) / n;
	double hours = (double)(s->last_t - s->t0) / 3.6e9;
	double rise = slope * hours;

	if (r2 >= p->growth_r2 && rise > 0 && rise >= p->abs_min &&
	    rise >= p->growth_rel * fabs(a)) {
		struct ev e = { .kind = "growth", .start = s->t0, .end = s->last_t,
				.peak_at = s->last_t, .baseline = a, .peak = a + rise,
				.samples = s->n, .spread = sqrt(vy / n) };

		snprintf(e.detail, sizeof(e.detail), "slope %.6g per hour, r2 %.3f",
			 slope, r2);
		emit(d, s, &e);
		return 1;
	}
	return 0;
}

/* Kernel events that matter (an OOM kill, a hung task ...) become events
 * too, so rules can link a cause to them and reports place them on the
 * same timeline. */
static int kernel_events(sqlite3 *db, const struct detect_opts *o, struct detect_stats *ds)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db,
		"INSERT INTO event(kind, series_id, host_id, metric, instance, start_us, "
		"end_us, peak_us, samples, detail, kernel_event_id) "
		"SELECT kind, NULL, host_id, 'kernel.' || kind, coalesce(comm, ''), ts_us, "
		"ts_us, ts_us, 1, message, event_id FROM kernel_event "
		"WHERE kind IN ('oom_kill', 'alloc_failure', 'hung_task', 'segfault', "
		"'soft_lockup', 'hard_lockup', 'rcu_stall', 'panic', 'oops', 'restart', "
		"'trap') AND ts_us IS NOT NULL AND host_id IS NOT NULL "
		"AND ts_us BETWEEN ?1 AND ?2 ORDER BY ts_us, event_id", -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "pmortem: detect: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(s, 1, o->from_us);
	sqlite3_bind_int64(s, 2, o->to_us);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "pmortem: detect: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	ds->events += sqlite3_changes(db);
	return 0;
}

int detect_run(sqlite3 *db, const struct detect_opts *o, struct detect_stats *ds)
{
	struct detector d;
	struct series_state *s = xcalloc(1, sizeof(*s));
	sqlite3_stmt *q = NULL;
	int rc, ret = -1;

	memset(&d, 0, sizeof(d));
	memset(ds, 0, sizeof(*ds));
	d.db = db;
	d.ds = ds;
	if (o->config && config_load(&d.cfg, o->config) < 0)
		goto out;
	if (sqlite3_exec(db, "DELETE FROM event", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"INSERT INTO event(kind, series_id, host_id, metric, instance, "
		"start_us, end_us, peak_us, baseline, peak, magnitude, ratio, score, "
		"samples, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		"?11, ?12, ?13, ?14, ?15)", -1, &d.ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"SELECT s.series_id, s.host_id, s.metric, s.instance, x.ts_us, x.value "
		"FROM series s JOIN sample x ON x.series_id = s.series_id "
		"WHERE x.ts_us BETWEEN ?1 AND ?2 ORDER BY s.series_id, x.ts_us",
		-1, &q, NULL) != SQLITE_OK) {
		fprintf(stderr, "pmortem: detect: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_int64(q, 1, o->from_us);
	sqlite3_bind_int64(q, 2, o->to_us);
	s->series_id = -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && !d.failed) {
		int64_t id = sqlite3_column_int64(q, 0);

		if (id != s->series_id) {
			if (s->series_id >= 0)
				series_end(&d, s);
			s->series_id = id;
			s->host_id = sqlite3_column_int64(q, 1);
			snprintf(s->metric, sizeof(s->metric), "%s", sqlite3_column_text(q, 2));
			snprintf(s->instance, sizeof(s->instance), "%s", sqlite3_column_text(q, 3));
			series_begin(&d, s);
		}
		ds->samples++;
		if (sqlite3_column_type(q, 5) != SQLITE_NULL)
			series_sample(&d, s, sqlite3_column_int64(q, 4),
				      sqlite3_column_double(q, 5));
	}
	if (s->series_id >= 0 && !d.failed)
		series_end(&d, s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "pmortem: detect: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	if (!d.failed && kernel_events(db, o, ds) < 0)
		goto out;
	ret = d.failed ? -1 : 0;
out:
	sqlite3_finalize(q);
	sqlite3_finalize(d.ins);
	for (size_t i = 0; i < d.cfg.n; i++)
		free(d.cfg.rules[i].glob);
	free(d.cfg.rules);
	free(s);
	return ret;
}
