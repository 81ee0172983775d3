/*
 * sar.c - sar text output (sysstat `sar`, any version, any locale) into
 * time series.
 *
 * What sar text looks like (facts from sysstat's sar.c, common.c and
 * sa_common.c, reproduced with 12.6.1):
 *
 *   Linux 6.1.0 (vm) \t11/22/26 \t_x86_64_\t(2 CPU)       header line
 *   <blank>
 *   13:46:43        CPU     %user ...  %idle               header row
 *   13:46:44        all      2.15 ...  82.88               data rows, one per
 *   13:46:44          0      2.71 ...  94.14               instance per time
 *   Average:        all      2.40 ...  81.46               skipped
 *   <blank>
 *   13:46:43       proc/s   cswch/s                        next section ...
 *   13:37:29     LINUX RESTART\t(9 CPU)                    restart event
 *   13:20:13     COM Hello                                 comment (sar -C)
 *
 * The header date is strftime("%x") of LC_TIME: 11/22/26 (C), 11/22/2026
 * (en_US), 22.11.2026 (de_DE), 22/11/2026 (fr_FR), 22/11/26 (es_ES),
 * 2026年11月22日 (ja_JP), 2026-11-22 (ISO); MM/DD and DD/MM are told
 * apart by decimal commas, AM/PM, or the sarDD file name.  The time column
 * is %X: en_US writes "01:46:43 PM", an extra token (12 AM is hour 0),
 * ja_JP "13時46分43秒".  Numbers follow LC_NUMERIC ("0,17" under de_DE and fr_FR):
 * num_parse() takes either separator, since sar never groups thousands.
 * "Average:" is translated ("Durchschn.:", "Moyenne" U+202F ":", "Media:")
 * and newer sar adds "Summary:", "Minimum:", "Maximum:": any line whose
 * first token ends in ':' (or whose second token is ':') and is not a time
 * is a summary, skipped.  --pretty, -p and -h move the instance column
 * last, and -h adds unit suffixes (1.2G, 12.5%, 0.0k); instance columns
 * are therefore found by name, and a suffixed value is taken in absolute
 * bytes.  S_COLORS=always adds ANSI SGR sequences, which are stripped.
 *
 * Days: sar text carries one date, in the header; times wrap at midnight.
 * The clock carries a day whenever it jumps back by more than 3 hours
 * (a smaller step back is a DST change or an adjusted clock, not a
 * midnight).  In `sar -f` output every section replays the whole file, so
 * after a section ends (its Average lines) the next header row puts the
 * clock back to the start of the segment; a LINUX RESTART between
 * sections starts a new segment.  Header rows repeated inside a section
 * (S_REPEAT_HEADER, a terminal, the per-sample -I header) do not.
 *
 * Times are local to the machine sar ran on: they are converted with
 * --tz, else the bundle's zone, else read as UTC.  A fragment without its
 * header line takes its date from --date, else from the last sar header
 * the bundle has shown (input->hints), with a warning; with neither it is
 * deferred to the end of the bundle, and then refused.
 *
 * Columns become metrics through importers/sar_columns.c (shared with
 * the sadf importer): a header row is matched to a section by all its
 * names, each column looked up in it; the instance is the section's
 * instance columns joined with ':'.  Interrupts are pivoted: new sar
 * prints "INTR all CPU0 ...", old sar "CPU i000/s i001/s ..."; both give
 * intr.intr_per_s with instance "LOC" (all CPUs) or "LOC/cpu3".  A text
 * column that may hold blanks (USB manufact and product, mount points) is
 * cut at the offsets its header row gives.  Unknown columns are imported
 * under names derived from theirs.
 *
 * Speed: no allocation per line once the buffers have grown to the widest
 * row; series handles are cached per (metric, instance), so the sink sees
 * one series() call per series and one sample() per value; a row's time
 * is converted once per distinct time text.  The parser alone runs at
 * about 80 MB/s (6 M values/s); tools/bench-sar.sh measures the import.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "sar_columns.h"
#include "util.h"

#define SAR_MAX_LINE    (1u << 20)    /* longer lines are skipped */
#define SAR_MAX_COLS    4096          /* tokens per line kept */
#define SAR_MAX_METRICS 8192
#define SAR_MAX_INST    (1u << 20)    /* distinct instances per source */
#define SAR_MAX_SERIES  (1u << 21)
#define SAR_INST_MAX    512           /* bytes of one joined instance */
#define SAR_WARN_EACH   5             /* messages per kind before a summary */
#define SAR_BACKSTEP_S  (3 * 3600)    /* a step back larger than this is a midnight */

/* ------------------------------------------------------------------ */
/* string -> id map with its own arena (instances, metric names)        */

struct strmap {
	uint32_t *slots;         /* id + 1, 0 = empty */
	size_t cap;              /* slots, a power of two */
	uint64_t *hash;          /* per id */
	size_t *off;             /* per id: offset in arena */
	uint32_t *len;           /* per id */
	size_t n, idcap;
	char *arena;
	size_t alen, acap;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;     /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void strmap_release(struct strmap *m)
{
	free(m->slots);
	free(m->hash);
	free(m->off);
	free(m->len);
	free(m->arena);
	memset(m, 0, sizeof(*m));
}

static const char *strmap_str(const struct strmap *m, uint32_t id)
{
	return m->arena + m->off[id];
}

static void strmap_grow(struct strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 256;
	uint32_t *ns = xcalloc(ncap, sizeof(*ns));

	for (size_t id = 0; id < m->n; id++) {
		size_t i = (size_t)m->hash[id] & (ncap - 1);

		while (ns[i])
			i = (i + 1) & (ncap - 1);
		ns[i] = (uint32_t)id + 1;
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

/* The id of s, adding it when new; -1 when the map is full. */
static int64_t strmap_get(struct strmap *m, const char *s, size_t n, size_t max)
{
	uint64_t h = hash_bytes(s, n);
	size_t i;

	if (m->cap == 0 || (m->n + 1) * 2 > m->cap)
		strmap_grow(m);
	for (i = (size_t)h & (m->cap - 1); m->slots[i]; i = (i + 1) & (m->cap - 1)) {
		uint32_t id = m->slots[i] - 1;

		if (m->hash[id] == h && m->len[id] == n &&
		    memcmp(m->arena + m->off[id], s, n) == 0)
			return id;
	}
	if (m->n >= max)
		return -1;
	if (m->n == m->idcap) {
		size_t c = m->idcap;

		m->hash = xgrow(m->hash, &c, m->n + 1, sizeof(*m->hash));
		c = m->idcap;
		m->off = xgrow(m->off, &c, m->n + 1, sizeof(*m->off));
		c = m->idcap;
		m->len = xgrow(m->len, &c, m->n + 1, sizeof(*m->len));
		m->idcap = c;
	}
	m->arena = xgrow(m->arena, &m->acap, m->alen + n + 1, 1);
	memcpy(m->arena + m->alen, s, n);
	m->arena[m->alen + n] = '\0';
	m->hash[m->n] = h;
	m->off[m->n] = m->alen;
	m->len[m->n] = (uint32_t)n;
	m->alen += n + 1;
	m->slots[i] = (uint32_t)m->n + 1;
	return (int64_t)m->n++;
}

/* ------------------------------------------------------------------ */
/* (metric, instance) -> series handle                                  */

struct seriesmap {
	uint64_t *key;           /* (metric << 32 | inst) + 1, 0 = empty */
	int64_t *handle;
	size_t cap, n;
};

static void seriesmap_release(struct seriesmap *m)
{
	free(m->key);
	free(m->handle);
	memset(m, 0, sizeof(*m));
}

static size_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static void seriesmap_grow(struct seriesmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	uint64_t *nk = xcalloc(ncap, sizeof(*nk));
	int64_t *nh = xcalloc(ncap, sizeof(*nh));

	for (size_t j = 0; j < m->cap; j++) {
		size_t i;

		if (!m->key[j])
			continue;
		for (i = mix(m->key[j]) & (ncap - 1); nk[i]; i = (i + 1) & (ncap - 1))
			;
		nk[i] = m->key[j];
		nh[i] = m->handle[j];
	}
	free(m->key);
	free(m->handle);
	m->key = nk;
	m->handle = nh;
	m->cap = ncap;
}

/* Slot of the key: *found set when present. */
static size_t seriesmap_slot(struct seriesmap *m, uint64_t key, int *found)
{
	size_t i;

	if (m->cap == 0 || (m->n + 1) * 2 > m->cap)
		seriesmap_grow(m);
	for (i = mix(key) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (m->key[i] == key) {
			*found = 1;
			return i;
		}
	*found = 0;
	return i;
}

/* ------------------------------------------------------------------ */
/* the parser                                                           */

enum lcol_kind { LC_VALUE, LC_INST, LC_STATUS, LC_TEXT };

struct lcol {                    /* one column of the current header row */
	unsigned char kind;      /* enum lcol_kind */
	int rank;                /* instance: its place in the joined instance */
	unsigned char spaced;    /* text that may hold blanks */
	int metric;              /* metric id (LC_VALUE, LC_STATUS) */
	double scale;
	int pivot_cpu;           /* new -I layout: -1 "all", n for CPUn; -2 none */
	int pivot_irq;           /* old -I layout: index of the irq name; -1 none */
	size_t name_off;         /* the name, in layout.names */
	uint32_t name_len;
	size_t hoff;             /* byte offset of the name in its header line */
};

struct layout {
	size_t n;
	struct lcol *cols;       /* cols_cap, grown to the widest header */
	size_t cols_cap;
	char *names;             /* the header's names, NUL separated */
	size_t names_len, names_cap;
	uint64_t sig;            /* hash of the names, to spot repeated headers */
	int nspaced, ninst;
	int pivot;               /* 0, 1 new -I (INTR all CPUn), 2 old -I (CPU iNNN/s) */
	char family[32];
};

struct metric_def {
	const char *unit;        /* static */
	const char *desc;        /* static, NULL for generic columns */
	uint32_t col_off;        /* generic: the sar column name, in cols arena */
};

struct sar {
	struct input *in;
	struct sink *out;
	struct diag *dg;
	struct lines lr;
	struct tzconv tz;
	const char *tzname;      /* NULL = UTC */

	/* dates */
	int have_date;
	int64_t day0;            /* days since epoch of the header date */
	int clue_comma, clue_ampm, clue_day;    /* locale clues from the head */
	int saw_header, saw_rows, host_set;

	/* the clock: day offset and time of day of the last row */
	int day, prev_tod;
	int seg_day, seg_tod;    /* where the current segment began */
	int section_ended;       /* Average/Summary or restart since the last header */
	int rows_in_section;

	/* time text cache */
	char last_time[12];
	size_t last_time_len;
	int last_pm;             /* -1 none, 0 AM, 1 PM */
	int64_t last_ts;

	struct layout lay;
	struct strmap metrics;   /* metric name -> id */
	struct metric_def *mdef;
	size_t mdef_cap;
	struct strmap colnames;  /* generic column names (for descriptions) */
	struct strmap insts;     /* instance text -> id */
	struct seriesmap series;

	struct span *tok;        /* a line's tokens (tok_cap) */
	size_t tok_cap;
	struct span *val;        /* a row's values, one per column (val_cap) */
	size_t val_cap;
	const char **names;      /* a header's names (names_cap) */
	size_t names_cap;
	char *clean;             /* a line with ANSI sequences removed */
	size_t clean_cap;
	char inst[SAR_INST_MAX];
	char host[256];          /* the host the cached series belong to */
	size_t nseries;
	int64_t nvalues;

	/* rate-limited warnings */
	size_t w_unknown, w_columns, w_value, w_norow;

	/* recent events, to drop the copies sar prints in every section */
	uint64_t ev_key[256];
	unsigned ev_next;
	int failed;              /* a sink call failed: stop */
};

static int warn_limited(struct sar *p, size_t *counter, int64_t line,
			const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int warn_limited(struct sar *p, size_t *counter, int64_t line,
			const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if ((*counter)++ >= SAR_WARN_EACH) {
		p->dg->nwarn++;   /* counted, not kept */
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return diag_warn(p->dg, line, "%s", buf);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* A sar time: "HH:MM:SS", or the CJK %X forms "13時46分12秒" (ja) and
 * "13时46分12秒" (zh): its seconds of the day, or -1. */
static int time_tok(struct span t)
{
	int h, mi, s, v[3], k = 0;
	int64_t us;
	size_t i = 0;

	if (t.n == 8 && parse_hms(t.p, t.n, &h, &mi, &s, &us) == 8)
		return h * 3600 + mi * 60 + (s > 59 ? 59 : s);
	if (t.n < 14 || t.n > 20 || t.p[0] < '0' || t.p[0] > '9')
		return -1;
	/* three 1-2 digit groups, each followed by one multi-byte character */
	while (k < 3) {
		int d = 0, nd = 0;
		size_t c = 0;

		while (i < t.n && t.p[i] >= '0' && t.p[i] <= '9' && nd < 3)
			d = d * 10 + (t.p[i++] - '0'), nd++;
		if (nd == 0 || nd > 2 || i >= t.n || (unsigned char)t.p[i] < 0xc0)
			return -1;
		for (c = 1; i + c < t.n && ((unsigned char)t.p[i + c] & 0xc0) == 0x80; c++)
			;
		if (c < 2)
			return -1;
		i += c;
		v[k++] = d;
	}
	if (i != t.n || v[0] > 23 || v[1] > 59 || v[2] > 60)
		return -1;
	return v[0] * 3600 + v[1] * 60 + (v[2] > 59 ? 59 : v[2]);
}

/* AM/PM token: 0 AM, 1 PM, -1 neither. */
static int ampm_tok(struct span t)
{
	if (t.n != 2 || (t.p[1] != 'M' && t.p[1] != 'm'))
		return -1;
	if (t.p[0] == 'A' || t.p[0] == 'a')
		return 0;
	if (t.p[0] == 'P' || t.p[0] == 'p')
		return 1;
	return -1;
}

static int tod_12h(int tod, int pm)
{
	int h = tod / 3600, rest = tod % 3600;

	if (h > 12)
		return -1;
	if (h == 12)
		h = 0;
	return (h + (pm ? 12 : 0)) * 3600 + rest;
}

/* A value as sar prints it: plain ("12.34", "12,34", "+0.00") or with an
 * -h unit suffix.  *absolute is set when the suffix made it bytes. */
static int value_parse(const char *s, size_t n, double *v, int *absolute)
{
	double m = 0;

	*absolute = 0;
	if (num_parse(s, n, ',', v) == 0)
		return 0;
	if (n < 2)
		return -1;
	switch (s[n - 1]) {
	case '%': m = -1; break;
	case 'B': m = 1; break;
	case 's': m = 512; break;
	case 'k': m = 1024.0; break;
	case 'M': m = 1048576.0; break;
	case 'G': m = 1073741824.0; break;
	case 'T': m = 1099511627776.0; break;
	case 'P': m = 1125899906842624.0; break;
	default: return -1;
	}
	if (num_parse(s, n - 1, ',', v) < 0)
		return -1;
	if (m > 0) {
		*v *= m;
		*absolute = 1;
	}
	return 0;
}

static int is_number_tok(struct span t)
{
	double v;
	int a;

	return value_parse(t.p, t.n, &v, &a) == 0;
}

/* Is the name one a sar header row holds?  (Known column, instance
 * column, or punctuation only sar column names have.) */
static int is_column_name(struct span t)
{
	char name[64];

	for (size_t i = 0; i < t.n; i++)
		if (t.p[i] == '/' || t.p[i] == '%')
			return 1;
	if (t.n >= sizeof(name))
		return 0;
	span_copy(t, name, sizeof(name));
	if (sar_is_instance(name))
		return 1;
	for (const struct sar_section *s = sar_sections; s->family; s++)
		if (sar_column_find(s, name))
			return 1;
	return 0;
}

/* Remove ANSI SGR sequences (S_COLORS=always); returns the clean line. */
static const char *strip_ansi(struct sar *p, const char *line, size_t *len)
{
	size_t o = 0;

	if (!memchr(line, 0x1b, *len))
		return line;
	if (p->clean_cap < *len + 1) {
		p->clean_cap = *len + 1;
		p->clean = xrealloc(p->clean, p->clean_cap);
	}
	for (size_t i = 0; i < *len; i++) {
		if (line[i] == 0x1b && i + 1 < *len && line[i + 1] == '[') {
			i += 2;
			while (i < *len && !(line[i] >= 0x40 && line[i] <= 0x7e))
				i++;
			continue;
		}
		p->clean[o++] = line[i];
	}
	*len = o;
	return p->clean;
}

/* ------------------------------------------------------------------ */
/* dates                                                                */

/* Day number from "DD-MM-YY(YY)" (nl) or "YYYY年MM月DD日" (ja, zh):
 * three digit groups; a 4-digit first group is the year.  0 or -1. */
static int date_groups(const char *t, size_t n, int *y, int *m, int *d)
{
	int g[3], len[3], k = 0;

	for (size_t i = 0; i < n && k < 3;) {
		if (t[i] >= '0' && t[i] <= '9') {
			int v = 0, l = 0;

			while (i < n && t[i] >= '0' && t[i] <= '9' && l < 5) {
				v = v * 10 + (t[i] - '0');
				i++;
				l++;
			}
			g[k] = v;
			len[k++] = l;
		} else {
			i++;
		}
	}
	if (k != 3)
		return -1;
	if (len[0] == 4) {
		*y = g[0], *m = g[1], *d = g[2];
	} else if (len[2] == 4 || len[2] == 2) {
		*y = len[2] == 2 ? 2000 + g[2] : g[2];
		*m = g[1], *d = g[0];
	} else {
		return -1;
	}
	return date_valid(*y, *m, *d) ? 0 : -1;
}

/* Is this token a date in any %x form we read? */
static int date_like(struct span t)
{
	int y, m, d;

	if (parse_date(t.p, t.n, 0, &y, &m, &d) == 0 ||
	    parse_date(t.p, t.n, 1, &y, &m, &d) == 0)
		return 1;
	if (t.n >= 8 && t.n <= 16 && t.p[0] >= '0' && t.p[0] <= '9' &&
	    date_groups(t.p, t.n, &y, &m, &d) == 0)
		return 1;
	return 0;
}

/* Read the header date; returns 0, or -1 (impossible date).  Picks
 * DD/MM over MM/DD from the locale clues and warns when still unsure. */
static int header_date(struct sar *p, struct span t, int64_t line, int *y,
		       int *m, int *d)
{
	int y1, m1, d1, y2, m2, d2;
	int mdy = parse_date(t.p, t.n, 0, &y1, &m1, &d1) == 0;
	int dmy = parse_date(t.p, t.n, 1, &y2, &m2, &d2) == 0;
	int slash = t.n >= 8 && t.p[2] == '/';

	if (mdy && dmy && slash && (m1 != m2 || d1 != d2)) {
		/* both readings are real dates: ask the clues */
		int pick_dmy;

		if (p->clue_comma)
			pick_dmy = 1;
		else if (p->clue_ampm)
			pick_dmy = 0;
		else if (p->clue_day && p->clue_day == d2 && p->clue_day != d1)
			pick_dmy = 1;
		else if (p->clue_day && p->clue_day == d1)
			pick_dmy = 0;
		else {
			pick_dmy = 0;
			if (t.n == 10)
				diag_warn(p->dg, line,
					  "ambiguous date '%.*s': read as month/day (%04d-%02d-%02d)",
					  (int)t.n, t.p, y1, m1, d1);
		}
		if (pick_dmy)
			*y = y2, *m = m2, *d = d2;
		else
			*y = y1, *m = m1, *d = d1;
		return 0;
	}
	if (mdy) {
		*y = y1, *m = m1, *d = d1;
		return 0;
	}
	if (dmy) {
		*y = y2, *m = m2, *d = d2;
		return 0;
	}
	return date_groups(t.p, t.n, y, m, d);
}

/* Clues to the locale from the first bytes and the file name. */
static void find_clues(struct sar *p)
{
	const unsigned char *h = p->in->head;
	size_t n = p->in->head_len;
	const char *name = p->in->name ? p->in->name : "";

	for (size_t i = 1; i + 3 < n; i++) {
		if (h[i] == ',' && h[i - 1] >= '0' && h[i - 1] <= '9' &&
		    h[i + 1] >= '0' && h[i + 1] <= '9' && h[i + 2] >= '0' &&
		    h[i + 2] <= '9')
			p->clue_comma = 1;
		if ((h[i] == 'A' || h[i] == 'P') && h[i + 1] == 'M' &&
		    h[i - 1] == ' ' && (h[i + 2] == ' ' || h[i + 2] == '\t'))
			p->clue_ampm = 1;
	}
	/* sa2 writes sarDD (or saDD for the binary twin) */
	if (!strncmp(name, "sar", 3) && strlen(name) == 5 &&
	    name[3] >= '0' && name[3] <= '3' && name[4] >= '0' && name[4] <= '9')
		p->clue_day = (name[3] - '0') * 10 + (name[4] - '0');
}

/* ------------------------------------------------------------------ */
/* the clock                                                            */

/* The day offset of a time of day, after the last one; update moves the
 * clock. */
static int clock_day(struct sar *p, int tod, int update)
{
	int d = p->day;

	if (p->prev_tod >= 0 && tod < p->prev_tod - SAR_BACKSTEP_S)
		d++;
	if (update) {
		p->day = d;
		p->prev_tod = tod;
		if (p->seg_tod < 0)
			p->seg_tod = tod;
	}
	return d;
}

/* Back to the start of the segment: a new section replays it. */
static void clock_rewind(struct sar *p)
{
	p->day = p->seg_day;
	p->prev_tod = p->seg_tod;
	p->last_time_len = 0;
}

static void clock_reset(struct sar *p)
{
	p->day = 0;
	p->prev_tod = -1;
	p->seg_day = 0;
	p->seg_tod = -1;
	p->section_ended = 0;
	p->rows_in_section = 0;
	p->last_time_len = 0;
}

/* UTC microseconds of day offset `day`, time of day tod (local). */
static int64_t clock_ts(struct sar *p, int day, int tod)
{
	int y;
	unsigned m, d;

	civil_from_days(p->day0 + day, &y, &m, &d);
	return tzconv_local_us(&p->tz, y, (int)m, (int)d, tod / 3600,
			       tod / 60 % 60, tod % 60, 0);
}

/* Say in the source row how times were anchored. */
static void set_origin(struct sar *p, const char *how)
{
	snprintf(p->in->time_origin, sizeof(p->in->time_origin),
		 "%s; local times read in %s", how, p->tzname ? p->tzname : "UTC");
}

/* Make sure rows can be dated: a header gave the date, or --date, or the
 * bundle.  Returns 0, or an enum import_result to stop with. */
static int need_date(struct sar *p, int64_t line)
{
	const struct import_opts *o = p->in->opts;
	struct bundle_hints *hn = p->in->hints;
	char when[40];
	int64_t us;

	if (p->have_date)
		return 0;
	if (o && o->date_us != TS_UNKNOWN) {
		us = o->date_us;
		fmt_ts(us, when, sizeof(when));
		diag_warn(p->dg, line, "no sar header: dates taken from --date %.10s", when);
	} else if (hn && hn->sar_date_us != TS_UNKNOWN) {
		us = hn->sar_date_us;
		fmt_ts(us, when, sizeof(when));
		diag_warn(p->dg, line,
			  "no sar header: dates taken from the sar header of '%s' (%.10s)",
			  hn->sar_date_from, when);
	} else if (!p->in->retry) {
		return IMPORT_DEFER;
	} else {
		diag_error(p->dg, line,
			   "sar rows without a header line and no date for them: give --date YYYY-MM-DD");
		return IMPORT_FAIL;
	}
	set_origin(p, o && o->date_us != TS_UNKNOWN ? "--date (no sar header)" :
		   "the date of another sar file in the bundle (no sar header)");
	p->day0 = us >= 0 ? us / 86400000000LL : -((-us + 86399999999LL) / 86400000000LL);
	p->have_date = 1;
	clock_reset(p);
	if (!p->host_set) {
		struct host_rec h = { 0 };

		h.name = hn && hn->hostname[0] ? hn->hostname : "unknown";
		h.tz = p->tzname ? p->tzname : "UTC";
		if (p->out->host(p->out, &h) < 0)
			return diag_error(p->dg, line, "the store refused host '%s'", h.name),
			       IMPORT_FAIL;
		p->host_set = 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* metrics, instances, series                                           */

static int metric_id(struct sar *p, const char *name, size_t n, const char *unit,
		     const char *desc, const char *col, size_t col_len)
{
	size_t before = p->metrics.n;
	int64_t id = strmap_get(&p->metrics, name, n, SAR_MAX_METRICS);

	if (id < 0)
		return -1;
	if ((size_t)id >= before) {
		p->mdef = xgrow(p->mdef, &p->mdef_cap, (size_t)id + 1, sizeof(*p->mdef));
		p->mdef[id].unit = unit;
		p->mdef[id].desc = desc;
		p->mdef[id].col_off = 0;
		if (!desc && col) {
			int64_t c = strmap_get(&p->colnames, col, col_len, SAR_MAX_METRICS);

			p->mdef[id].col_off = c < 0 ? 0 : (uint32_t)c + 1;
		}
	}
	return (int)id;
}

/* The series handle of metric `m`, instance `inst_id`; -1 on failure. */
static int64_t series_get(struct sar *p, int m, uint32_t inst_id, int64_t line)
{
	uint64_t key = (((uint64_t)(uint32_t)m << 32) | inst_id) + 1;
	int found;
	size_t slot = seriesmap_slot(&p->series, key, &found);
	const struct metric_def *md;
	char desc[160];
	const char *d;
	int64_t h;

	if (found)
		return p->series.handle[slot];
	if (p->nseries >= SAR_MAX_SERIES) {
		p->failed = 1;
		return diag_error(p->dg, line, "more than %u series: giving up",
				  SAR_MAX_SERIES);
	}
	md = &p->mdef[m];
	d = md->desc;
	if (!d && md->col_off) {
		snprintf(desc, sizeof(desc), "sar column '%s' (not in pmortem's table)",
			 strmap_str(&p->colnames, md->col_off - 1));
		d = desc;
	}
	h = p->out->series(p->out, strmap_str(&p->metrics, (uint32_t)m),
			   strmap_str(&p->insts, inst_id), md->unit, d);
	if (h < 0) {
		p->failed = 1;
		return diag_error(p->dg, line, "the store refused series '%s'",
				  strmap_str(&p->metrics, (uint32_t)m));
	}
	p->series.key[slot] = key;
	p->series.handle[slot] = h;
	p->series.n++;
	p->nseries++;
	return h;
}

static int64_t inst_id(struct sar *p, const char *s, size_t n, int64_t line)
{
	int64_t id = strmap_get(&p->insts, s, n, SAR_MAX_INST);

	if (id < 0) {
		p->failed = 1;
		diag_error(p->dg, line, "more than %u instances: giving up", SAR_MAX_INST);
	}
	return id;
}

/* ------------------------------------------------------------------ */
/* header rows                                                          */

static const char *lay_name(const struct layout *l, size_t i)
{
	return l->names + l->cols[i].name_off;
}

static int span_is_cpu_n(struct span t, int *n)
{
	int64_t v;

	if (t.n < 4 || memcmp(t.p, "CPU", 3) != 0 ||
	    num_parse_i64(t.p + 3, t.n - 3, &v) < 0 || v < 0 || v > 1000000)
		return 0;
	*n = (int)v;
	return 1;
}

/* "i000/s" -> 1 and the irq text without leading zeros. */
static int span_is_irq_col(struct span t, struct span *irq)
{
	size_t i = 1;

	if (t.n < 4 || t.n > 24 || t.p[0] != 'i' || t.p[t.n - 2] != '/' ||
	    t.p[t.n - 1] != 's')
		return 0;
	for (size_t k = 1; k < t.n - 2; k++)
		if (t.p[k] < '0' || t.p[k] > '9')
			return 0;
	while (i < t.n - 3 && t.p[i] == '0')
		i++;
	irq->p = t.p + i;
	irq->n = t.n - 2 - i;
	return 1;
}

static uint64_t names_sig(const struct span *tok, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= hash_bytes(tok[i].p, tok[i].n);
		h *= 1099511628211ULL;
	}
	return h ^ n;
}

/* Where an instance column goes in the joined instance: its place among
 * the section's instance columns (table order), else the header's. */
static int instance_rank(const struct sar_section *sec, const char *name, size_t i)
{
	int r = 0;

	if (sec)
		for (const struct sar_column *c = sec->cols; c->name; c++)
			if (c->kind == SAR_INSTANCE) {
				r++;
				if (!strcmp(c->name, name))
					return r;
			}
	return 100 + (int)i;
}

/* Build the layout for a header row's names (tok[0..n)). */
static int layout_build(struct sar *p, const char *line, const struct span *tok,
			size_t n, int64_t lineno)
{
	struct layout *l = &p->lay;
	const char **nm;
	const struct sar_section *sec;
	const char *intr_desc = NULL;
	int has_intr = 0, has_cpu = 0, has_irqcol = 0;

	l->cols = xgrow(l->cols, &l->cols_cap, n, sizeof(*l->cols));
	p->names = xgrow(p->names, &p->names_cap, n, sizeof(*p->names));
	p->val = xgrow(p->val, &p->val_cap, n, sizeof(*p->val));
	nm = p->names;
	l->n = n;
	l->sig = names_sig(tok, n);
	l->nspaced = l->ninst = 0;
	l->names_len = 0;
	for (size_t i = 0; i < n; i++) {
		struct span irq;

		l->names = xgrow(l->names, &l->names_cap, l->names_len + tok[i].n + 1, 1);
		memcpy(l->names + l->names_len, tok[i].p, tok[i].n);
		l->names[l->names_len + tok[i].n] = '\0';
		l->cols[i].name_off = l->names_len;
		l->cols[i].name_len = (uint32_t)tok[i].n;
		l->names_len += tok[i].n + 1;
		if (span_eq(tok[i], "INTR"))
			has_intr = 1;
		else if (span_eq(tok[i], "CPU"))
			has_cpu = 1;
		else if (span_is_irq_col(tok[i], &irq))
			has_irqcol = 1;
	}
	for (size_t i = 0; i < n; i++)
		nm[i] = l->names + l->cols[i].name_off;
	sec = sar_section_match(nm, n);
	l->pivot = has_intr ? 1 : (has_cpu && has_irqcol) ? 2 : 0;
	if (l->pivot) {
		const struct sar_section *is = sar_section_json("interrupts", NULL);
		const struct sar_column *ic = is ? sar_column_find(is, "all") : NULL;

		intr_desc = ic ? ic->desc : NULL;
		if (l->pivot == 2)
			sec = NULL;
	}
	snprintf(l->family, sizeof(l->family), "%s",
		 l->pivot ? "intr" : sec ? sec->family : "sar");
	for (size_t i = 0; i < n; i++) {
		struct lcol *c = &l->cols[i];
		const struct sar_column *sc = sec ? sar_column_find(sec, nm[i]) : NULL;
		struct span irq;
		char mname[128], field[96];
		int cpu = -1;
		size_t ml;

		c->kind = LC_VALUE;
		c->rank = 0;
		c->metric = -1;
		c->scale = 1;
		c->pivot_cpu = -2;
		c->pivot_irq = -1;
		c->hoff = (size_t)(tok[i].p - line);
		c->spaced = (unsigned char)sar_is_spaced(nm[i]);
		l->nspaced += c->spaced;
		if ((sc && sc->kind == SAR_INSTANCE) || (!sc && sar_is_instance(nm[i]))) {
			c->kind = LC_INST;
			c->rank = instance_rank(sec, nm[i], i);
			l->ninst++;
			continue;
		}
		if (sc && sc->kind == SAR_TEXT) {
			c->kind = LC_TEXT;
			continue;
		}
		if (l->pivot == 1 && (span_eq(tok[i], "all") || span_is_cpu_n(tok[i], &cpu))) {
			c->pivot_cpu = span_eq(tok[i], "all") ? -1 : cpu;
			c->metric = metric_id(p, "intr.intr_per_s", 15, "per_s", intr_desc, NULL, 0);
		} else if (l->pivot == 2 && span_is_irq_col(tok[i], &irq)) {
			c->pivot_irq = 1;
			c->metric = metric_id(p, "intr.intr_per_s", 15, "per_s", intr_desc, NULL, 0);
		} else if (sc) {
			ml = sar_metric(sec, sc, mname, sizeof(mname));
			if (ml >= sizeof(mname))
				ml = sizeof(mname) - 1;
			c->metric = metric_id(p, mname, ml, sc->unit, sc->desc, NULL, 0);
			c->scale = sc->scale;
			if (sc->kind == SAR_STATUS)
				c->kind = LC_STATUS;
		} else {
			const char *unit;

			sar_field_generic(nm[i], field, sizeof(field), &unit);
			ml = (size_t)snprintf(mname, sizeof(mname), "%s.%s", l->family, field);
			if (ml >= sizeof(mname))
				ml = sizeof(mname) - 1;
			c->metric = metric_id(p, mname, ml, unit, NULL, tok[i].p, tok[i].n);
		}
		if (c->metric < 0) {
			p->failed = 1;
			return diag_error(p->dg, lineno, "more than %d metrics: giving up",
					  SAR_MAX_METRICS);
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* data rows                                                            */

/* Join the row's instance columns (rank order, ':' between) into p->inst. */
static size_t row_instance(struct sar *p, const struct span *val)
{
	const struct layout *l = &p->lay;
	size_t o = 0;
	int last = 0;

	for (int k = 0; k < l->ninst; k++) {
		int best = 1 << 30;
		size_t bi = 0;

		/* the next rank after `last` (ninst is small) */
		for (size_t i = 0; i < l->n; i++)
			if (l->cols[i].kind == LC_INST && l->cols[i].rank > last &&
			    l->cols[i].rank < best) {
				best = l->cols[i].rank;
				bi = i;
			}
		last = best;
		if (val[bi].n == 0)
			continue;
		if (o && o + 1 < sizeof(p->inst))
			p->inst[o++] = ':';
		{
			size_t n = val[bi].n;

			if (o + n >= sizeof(p->inst))
				n = sizeof(p->inst) - 1 - o;
			memcpy(p->inst + o, val[bi].p, n);
			o += n;
		}
	}
	return o;
}

static struct span trim(const char *s, size_t n)
{
	struct span t;

	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	t.p = s;
	t.n = n;
	return t;
}

/* Assign a row's tokens to the layout's columns when text columns hold
 * blanks: plain columns take one token each from the left up to the
 * first text column and from the right after the last; the text between
 * is split at the header's column offsets.  Returns 0 or -1. */
static int row_spaced(struct sar *p, const char *line, size_t len,
		      const struct span *tok, size_t ntok, struct span *val)
{
	const struct layout *l = &p->lay;
	size_t first = l->n, last = 0, left, right;
	const char *mid_start, *mid_end;

	for (size_t i = 0; i < l->n; i++)
		if (l->cols[i].spaced) {
			if (first == l->n)
				first = i;
			last = i;
		}
	left = first;
	right = l->n - 1 - last;
	if (ntok < left + right)
		return -1;
	for (size_t i = 0; i < left; i++)
		val[i] = tok[i];
	for (size_t i = 0; i < right; i++)
		val[l->n - 1 - i] = tok[ntok - 1 - i];
	mid_start = left < ntok ? tok[left].p : line + len;
	mid_end = right ? tok[ntok - right].p : line + len;
	if (left > 0 && mid_start < tok[left - 1].p + tok[left - 1].n)
		mid_start = tok[left - 1].p + tok[left - 1].n;
	if (mid_end < mid_start)
		mid_end = mid_start;
	/* the text columns between first and last */
	for (size_t i = first; i <= last; i++) {
		const char *a = mid_start, *b = mid_end;

		if (i > first) {
			size_t off = l->cols[i].hoff;

			a = line + off < mid_start ? mid_start :
			    line + off > mid_end ? mid_end : line + off;
		}
		if (i < last) {
			size_t off = l->cols[i + 1].hoff;

			b = line + off > mid_end ? mid_end :
			    line + off < a ? a : line + off;
		}
		if (!l->cols[i].spaced)
			return -1;  /* a plain column between text columns */
		val[i] = trim(a, (size_t)(b - a));
	}
	return 0;
}

static int emit(struct sar *p, int m, uint32_t iid, int64_t ts, double v,
		int64_t lineno)
{
	int64_t h = series_get(p, m, iid, lineno);

	if (h < 0)
		return -1;
	if (p->out->sample(p->out, h, ts, v, lineno) < 0) {
		p->failed = 1;
		return diag_error(p->dg, lineno, "the store refused a sample of '%s'",
				  strmap_str(&p->metrics, (uint32_t)m));
	}
	p->nvalues++;
	return 0;
}

static int data_row(struct sar *p, const char *line, size_t len,
		    const struct span *tok, size_t ntok, int64_t ts, int64_t lineno)
{
	struct layout *l = &p->lay;
	struct span *val = p->val;
	size_t ilen;
	int64_t iid = 0;

	if (l->n == 0) {
		warn_limited(p, &p->w_norow, lineno, "data row before any header row: skipped");
		return 0;
	}
	if (l->nspaced == 0 && ntok == l->n) {
		val = (struct span *)tok;
	} else if (l->nspaced == 0 || row_spaced(p, line, len, tok, ntok, val) < 0) {
		warn_limited(p, &p->w_columns, lineno,
			     "row has %zu columns, the header has %zu: skipped", ntok, l->n);
		return 0;
	}
	ilen = row_instance(p, val);
	if (l->pivot == 0) {
		iid = inst_id(p, p->inst, ilen, lineno);
		if (iid < 0)
			return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct lcol *c = &l->cols[i];
		double v;
		int absolute, code;
		int64_t cid = iid;

		if (c->kind == LC_INST || c->kind == LC_TEXT)
			continue;
		if (c->kind == LC_STATUS &&
		    (code = sar_battery_status(val[i].p, val[i].n)) >= 0) {
			v = code;
		} else if (value_parse(val[i].p, val[i].n, &v, &absolute) == 0) {
			if (!absolute)
				v *= c->scale;
		} else {
			warn_limited(p, &p->w_value, lineno,
				     "cannot parse '%.*s' in column '%s': value skipped",
				     (int)(val[i].n > 40 ? 40 : val[i].n), val[i].p,
				     lay_name(l, i));
			continue;
		}
		if (l->pivot == 1 && c->pivot_cpu != -2) {
			/* instance: the interrupt, ":cpuN" for one CPU */
			char b[SAR_INST_MAX + 16];
			size_t k = ilen < SAR_INST_MAX ? ilen : SAR_INST_MAX;
			int bl;

			memcpy(b, p->inst, k);
			bl = (int)k;
			if (c->pivot_cpu >= 0)
				bl += snprintf(b + k, sizeof(b) - k, "/cpu%d", c->pivot_cpu);
			cid = inst_id(p, b, (size_t)bl, lineno);
		} else if (l->pivot == 2 && c->pivot_irq >= 0) {
			struct span irq, nm = { lay_name(l, i), c->name_len };
			char b[SAR_INST_MAX + 16];
			size_t bl;

			span_is_irq_col(nm, &irq);
			memcpy(b, irq.p, irq.n);
			bl = irq.n;
			if (!(ilen == 3 && !memcmp(p->inst, "all", 3))) {
				size_t k = ilen < SAR_INST_MAX ? ilen : SAR_INST_MAX;

				memcpy(b + bl, "/cpu", 4);
				memcpy(b + bl + 4, p->inst, k);
				bl += 4 + k;
			}
			cid = inst_id(p, b, bl, lineno);
		} else if (l->pivot) {
			cid = inst_id(p, p->inst, ilen, lineno);
		}
		if (cid < 0 || emit(p, c->metric, (uint32_t)cid, ts, v, lineno) < 0)
			return -1;
	}
	p->saw_rows = 1;
	p->rows_in_section++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* the other lines                                                      */

/* Shaped like a date (three digit groups), valid or not: a header with
 * an impossible date is still a header, and is reported as such. */
static int date_shape(struct span t)
{
	int groups = 0, in = 0;

	if (t.n < 6 || t.n > 20 || t.p[0] < '0' || t.p[0] > '9')
		return 0;
	for (size_t i = 0; i < t.n; i++) {
		int dig = t.p[i] >= '0' && t.p[i] <= '9';

		if (dig && !in)
			groups++;
		in = dig;
	}
	return groups == 3;
}

/* "Linux 6.1.0 (vm) \t11/22/26 \t_x86_64_\t(2 CPU)" */
static int is_header_line(const struct span *tok, size_t ntok)
{
	if (ntok < 4 || tok[2].n < 3 || tok[2].p[0] != '(' ||
	    tok[2].p[tok[2].n - 1] != ')')
		return 0;
	return date_like(tok[3]) || date_shape(tok[3]);
}

static int header_line(struct sar *p, const struct span *tok, size_t ntok,
		       int64_t lineno)
{
	struct host_rec h = { 0 };
	char host[256], os[64], kernel[128], arch[64];
	int y, m, d;
	int64_t ncpu;

	if (header_date(p, tok[3], lineno, &y, &m, &d) < 0)
		return diag_error(p->dg, lineno, "impossible date '%.*s' in the sar header",
				  (int)(tok[3].n > 40 ? 40 : tok[3].n), tok[3].p);
	span_copy((struct span){ tok[2].p + 1, tok[2].n - 2 }, host, sizeof(host));
	span_copy(tok[0], os, sizeof(os));
	span_copy(tok[1], kernel, sizeof(kernel));
	h.name = host;
	h.os = os;
	h.kernel = kernel;
	h.tz = p->tzname ? p->tzname : "UTC";
	for (size_t i = 4; i < ntok; i++) {
		if (tok[i].n > 2 && tok[i].p[0] == '_' && tok[i].p[tok[i].n - 1] == '_') {
			span_copy((struct span){ tok[i].p + 1, tok[i].n - 2 }, arch, sizeof(arch));
			h.arch = arch;
		} else if (tok[i].n > 1 && tok[i].p[0] == '(' && i + 1 < ntok &&
			   span_starts(tok[i + 1], "CPU") &&
			   num_parse_i64(tok[i].p + 1, tok[i].n - 1, &ncpu) == 0 &&
			   ncpu > 0 && ncpu < 1000000) {
			h.ncpu = (int)ncpu;
		}
	}
	if (p->out->host(p->out, &h) < 0) {
		p->failed = 1;
		return diag_error(p->dg, lineno, "the store refused host '%s'", host);
	}
	if (strcmp(host, p->host)) {
		/* series are per host: forget the other host's handles */
		if (p->series.cap) {
			memset(p->series.key, 0, p->series.cap * sizeof(*p->series.key));
			p->series.n = 0;
		}
		snprintf(p->host, sizeof(p->host), "%s", host);
	}
	p->host_set = 1;
	p->have_date = 1;
	p->saw_header = 1;
	set_origin(p, "sar header date");
	p->day0 = days_from_civil(y, (unsigned)m, (unsigned)d);
	clock_reset(p);
	p->lay.n = 0;
	if (p->in->hints) {
		p->in->hints->sar_date_us = p->day0 * 86400000000LL;
		snprintf(p->in->hints->sar_date_from, sizeof(p->in->hints->sar_date_from),
			 "%s", p->in->path ? p->in->path : "");
	}
	return 0;
}

/* Drop the copies of a comment sar prints once per section. */
static int event_seen(struct sar *p, int64_t ts, const char *msg, size_t n)
{
	uint64_t k = hash_bytes(msg, n) ^ (uint64_t)ts * 0x9e3779b97f4a7c15ULL;

	for (unsigned i = 0; i < 256; i++)
		if (p->ev_key[i] == k)
			return 1;
	p->ev_key[p->ev_next++ % 256] = k;
	return 0;
}

static int event(struct sar *p, const char *kind, int64_t ts, const char *msg,
		 size_t n, int64_t lineno)
{
	struct event_rec e = { 0 };
	char text[512];

	if (event_seen(p, ts, msg, n))
		return 0;
	for (size_t i = 0, o = 0; i < n && o + 1 < sizeof(text); i++) {
		char c = is_space(msg[i]) ? ' ' : msg[i];

		if (c == ' ' && o && text[o - 1] == ' ')
			continue;
		text[o++] = c;
		text[o] = '\0';
	}
	if (n == 0)
		text[0] = '\0';
	e.ts_us = ts;
	e.mono_s = NAN;
	e.kind = kind;
	e.facility = "sar";
	e.level = -1;
	e.pid = -1;
	e.message = text;
	e.line = lineno;
	if (p->out->event && p->out->event(p->out, &e) < 0) {
		p->failed = 1;
		return diag_error(p->dg, lineno, "the store refused a %s event", kind);
	}
	return 0;
}

/* One line; returns 0 to go on, or an enum import_result to stop. */
static int sar_line(struct sar *p, const char *line, size_t len, int64_t lineno)
{
	struct span *tok, tt;
	size_t ntok = 0, pos = 0, k;
	int more = 0, tod, pm = -1, r;
	int64_t ts;

	line = strip_ansi(p, line, &len);
	for (;;) {
		if (ntok == p->tok_cap) {
			if (ntok == SAR_MAX_COLS) {
				more = span_token(line, len, &pos, &tt);
				break;
			}
			p->tok = xgrow(p->tok, &p->tok_cap, ntok + 1, sizeof(*p->tok));
		}
		if (!span_token(line, len, &pos, &p->tok[ntok]))
			break;
		ntok++;
	}
	tok = p->tok;
	pos = 0;
	if (ntok == 0)
		return 0;
	if (more) {
		warn_limited(p, &p->w_columns, lineno, "more than %d columns: line skipped",
			     SAR_MAX_COLS);
		return 0;
	}
	tod = time_tok(tok[0]);
	if (tod < 0) {
		if (is_header_line(tok, ntok)) {
			r = header_line(p, tok, ntok, lineno);
			return r < 0 ? IMPORT_FAIL : 0;
		}
		/* Average:, Summary:, Durchschn.:, Moyenne :, ... */
		if (tok[0].p[tok[0].n - 1] == ':' || (ntok > 1 && span_eq(tok[1], ":"))) {
			p->section_ended = 1;
			return 0;
		}
		warn_limited(p, &p->w_unknown, lineno, "not a sar line: skipped");
		return 0;
	}
	pos = 1;
	if (ntok > 1 && (pm = ampm_tok(tok[1])) >= 0) {
		tod = tod_12h(tod, pm);
		pos = 2;
		if (tod < 0) {
			warn_limited(p, &p->w_unknown, lineno, "bad 12-hour time '%.*s %.*s': line skipped",
				     (int)tok[0].n, tok[0].p, (int)tok[1].n, tok[1].p);
			return 0;
		}
	}
	if (pos == ntok) {
		warn_limited(p, &p->w_unknown, lineno, "a time and nothing else: skipped");
		return 0;
	}
	if (tok[pos].p[tok[pos].n - 1] == ';') {
		warn_limited(p, &p->w_unknown, lineno, "not a sar line: skipped");
		return 0;
	}
	if ((r = need_date(p, lineno)) != 0)
		return r;
	tt = tok[0];
	tok += pos;
	ntok -= pos;

	/* LINUX RESTART [(N CPU)] */
	if (ntok >= 2 && span_eq(tok[0], "LINUX") && span_eq(tok[1], "RESTART")) {
		int boundary = p->section_ended || p->rows_in_section == 0;

		if (boundary)
			clock_rewind(p);
		ts = clock_ts(p, clock_day(p, tod, 1), tod);
		if (boundary) {
			p->seg_day = p->day;
			p->seg_tod = tod;
			p->section_ended = 1;
		}
		p->last_time_len = 0;
		if (ts == TS_UNKNOWN)
			return 0;
		return event(p, "restart", ts, tok[0].p,
			     (size_t)(tok[ntok - 1].p + tok[ntok - 1].n - tok[0].p),
			     lineno) < 0 ? IMPORT_FAIL : 0;
	}
	/* COM text (sar -C) */
	if (span_eq(tok[0], "COM")) {
		struct span text = trim(tok[0].p + 3,
					(size_t)(line + len - (tok[0].p + 3)));

		ts = clock_ts(p, clock_day(p, tod, 0), tod);
		if (ts == TS_UNKNOWN)
			return 0;
		return event(p, "comment", ts, text.p, text.n, lineno) < 0 ? IMPORT_FAIL : 0;
	}
	/* a header row: names only */
	for (k = 0; k < ntok; k++)
		if (is_number_tok(tok[k]))
			break;
	if (k == ntok) {
		int known = p->lay.n == 0;

		for (size_t i = 0; i < ntok && !known; i++)
			known = is_column_name(tok[i]);
		if (known) {
			uint64_t sig = names_sig(tok, ntok);

			if (p->section_ended) {
				clock_rewind(p);
				p->rows_in_section = 0;
			}
			p->section_ended = 0;
			clock_day(p, tod, 1);
			p->last_time_len = 0;
			if (sig != p->lay.sig || ntok != p->lay.n)
				return layout_build(p, line, tok, ntok, lineno) < 0 ? IMPORT_FAIL : 0;
			return 0;
		}
	}
	/* a data row: its time, converted once per distinct text */
	if (p->section_ended) {
		/* rows after a summary without a new header: same section */
		p->section_ended = 0;
	}
	if (p->last_time_len == tt.n && pm == p->last_pm &&
	    !memcmp(p->last_time, tt.p, tt.n) && p->prev_tod == tod) {
		ts = p->last_ts;
	} else {
		int day = clock_day(p, tod, 1);

		ts = clock_ts(p, day, tod);
		memcpy(p->last_time, tt.p, tt.n);
		p->last_time_len = tt.n;
		p->last_pm = pm;
		p->last_ts = ts;
	}
	if (ts == TS_UNKNOWN)
		return 0;
	if (data_row(p, line, len, tok, ntok, ts, lineno) < 0)
		return IMPORT_FAIL;
	return p->failed ? IMPORT_FAIL : 0;
}

/* Has the line reader's last line no end-of-line (a cut file)? */
static int line_unterminated(const struct lines *lr, const char *line, size_t len)
{
	const char *end;

	if (lr->in->map)
		end = (const char *)lr->in->map + lr->in->size;
	else if (lr->eof)
		end = (const char *)lr->buf + lr->buf_end;
	else
		return 0;
	return line + len == end || (line + len + 1 == end && line[len] == '\r');
}

static void sar_release(struct sar *p)
{
	lines_release(&p->lr);
	free(p->lay.cols);
	free(p->lay.names);
	strmap_release(&p->metrics);
	strmap_release(&p->colnames);
	strmap_release(&p->insts);
	seriesmap_release(&p->series);
	free(p->mdef);
	free(p->tok);
	free(p->val);
	free((void *)p->names);
	free(p->clean);
}

static int sar_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct sar *p = xcalloc(1, sizeof(*p));
	const char *line;
	size_t len;
	int r, rc = IMPORT_OK;

	p->in = in;
	p->out = out;
	p->dg = dg;
	p->tzname = in->opts && in->opts->tz ? in->opts->tz :
		    in->hints && in->hints->tz[0] ? in->hints->tz : NULL;
	tzconv_init(&p->tz, p->tzname);
	find_clues(p);
	clock_reset(p);
	p->last_pm = -2;
	/* a line cannot be longer than the input: small inputs, small buffer */
	lines_init(&p->lr, in, dg, in->size < SAR_MAX_LINE ? (size_t)in->size + 1 : SAR_MAX_LINE);
	strmap_get(&p->insts, "", 0, SAR_MAX_INST);   /* id 0: no instance */

	while ((r = lines_next(&p->lr, &line, &len)) > 0) {
		if (line_unterminated(&p->lr, line, len) && len > 0) {
			diag_warn(dg, p->lr.lineno,
				  "last line has no end of line (file cut?): skipped");
			break;
		}
		r = sar_line(p, line, len, p->lr.lineno);
		if (r != 0) {
			rc = r;
			break;
		}
	}
	if (r < 0 && rc == IMPORT_OK)
		rc = IMPORT_FAIL;
	if (rc == IMPORT_OK) {
		if (p->w_unknown > SAR_WARN_EACH || p->w_columns > SAR_WARN_EACH ||
		    p->w_value > SAR_WARN_EACH || p->w_norow > SAR_WARN_EACH)
			diag_warn(dg, 0, "%zu more warnings not shown",
				  (p->w_unknown > SAR_WARN_EACH ? p->w_unknown - SAR_WARN_EACH : 0) +
				  (p->w_columns > SAR_WARN_EACH ? p->w_columns - SAR_WARN_EACH : 0) +
				  (p->w_value > SAR_WARN_EACH ? p->w_value - SAR_WARN_EACH : 0) +
				  (p->w_norow > SAR_WARN_EACH ? p->w_norow - SAR_WARN_EACH : 0));
		if (!p->saw_header && !p->saw_rows) {
			diag_error(dg, 0, "no sar data: no header line and no time-stamped rows");
			rc = IMPORT_FAIL;
		}
	}
	sar_release(p);
	free(p);
	return rc;
}

/* ------------------------------------------------------------------ */
/* sniffing                                                             */

static int sar_sniff(const struct input *in)
{
	const char *h = (const char *)in->head;
	size_t n = in->head_len, pos = 0;
	int lines = 0, header_rows = 0, data_rows = 0, junk = 0;
	struct span tok[32];

	if (n == 0)
		return 0;
	while (pos < n && lines < 40) {
		const char *nl = memchr(h + pos, '\n', n - pos);
		size_t len, ntok;
		int more;

		if (!nl && n == INPUT_HEAD_MAX)
			break;          /* a cut last line tells nothing */
		len = nl ? (size_t)(nl - (h + pos)) : n - pos;
		ntok = span_split(h + pos, len, tok, 32, &more);
		if (ntok > 0 && memchr(h + pos, '\0', len)) {
			lines++;
			junk++;          /* binary, or a damaged line */
		} else if (ntok > 0) {
			lines++;
			if (memchr(h + pos, ';', len))
				return 0;        /* sadf -d, -r: sar text has none */
			if (tok[0].p[0] == '{' || tok[0].p[0] == '<')
				return 0;        /* sadf -j / -x / -g */
			if (time_tok(tok[0]) < 0) {
				if (is_header_line(tok, ntok))
					return !date_like(tok[3]) ? 75 :
					       lines == 1 ? 98 : 92;
				if (!(tok[0].p[tok[0].n - 1] == ':' ||
				      (ntok > 1 && span_eq(tok[1], ":"))))
					junk++;
			} else {
				size_t i = ntok > 1 && ampm_tok(tok[1]) >= 0 ? 2 : 1;
				int nums = 0, names = 0;

				for (size_t k = i; k < ntok; k++) {
					if (is_number_tok(tok[k]))
						nums++;
					else if (is_column_name(tok[k]))
						names++;
				}
				/* sar rows hold numbers and names: no '=', '"', '(' */
				if (ntok > i + 1 && span_eq(tok[i], "LINUX"))
					header_rows++;
				else if (memchr(h + pos, '=', len) || memchr(h + pos, '"', len) ||
					 memchr(h + pos, '(', len))
					junk++;
				else if (nums == 0 && names > 0)
					header_rows++;
				else if (nums > 0 && 2 * (size_t)nums >= ntok - i)
					data_rows++;
				else
					junk++;
			}
		}
		pos = nl ? (size_t)(nl - h) + 1 : n;
	}
	if (header_rows > 0 && junk <= (header_rows + data_rows) / 4)
		return 75;
	if (data_rows >= 3 && junk <= data_rows / 4)
		return 40;
	return 0;
}

const struct importer sar_importer = {
	.name = "sar",
	.summary = "sysstat sar text output (any version, locale, -A, --pretty, -h)",
	.version = 1,
	.sniff = sar_sniff,
	.parse = sar_parse,
};
