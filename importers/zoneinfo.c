/*
 * zoneinfo.c - /proc/zoneinfo snapshots as time series per node and zone.
 *
 * The watermarks say when the kernel starts reclaiming (kswapd wakes when
 * free drops below low, direct reclaim below min); with free pages per
 * zone they show a zone running dry while the machine as a whole looks
 * fine.  Instance "node0/Normal" for zone values, "node0" for the per-node
 * stats block.  Page counts of the zone header become bytes (page size
 * 4096: /proc/zoneinfo does not state it):
 *
 *   pages free N       zoneinfo.free_bytes
 *   min/low/high/promo/boost N   zoneinfo.{min,low,high,promo,boost}_bytes
 *   spanned/present/managed/cma N  zoneinfo.{spanned,...}_bytes
 *   protection: (a, b, ...)   zoneinfo.protection_bytes: the largest
 *                      lowmem reserve the zone keeps from allocations that
 *                      could have used a higher zone
 *   scanned N (old kernels)   zoneinfo.scanned (count)
 *   nr_* / numa_* / workingset_* / any `name N`   zoneinfo.<name>, as
 *                      printed (count: nr_* are pages, the rest events)
 *   node_unreclaimable, start_pfn, all_unreclaimable, inactive_ratio
 *                      zoneinfo.<name> (count)
 *
 * The per-CPU `pagesets` block (count/high/batch per CPU) is skipped: it
 * is tuning, not state, and grows with the CPU count.  grep's `--` group
 * separators (`grep -A4 zone /proc/zoneinfo`) are skipped too.  Format:
 *
 *   Node <n>, zone <name>
 *     per-node stats                   (first zone of a node, kernel >= 4.8)
 *         <name> <value>               ... node counters
 *     pages free <n>
 *           min <n> / low / high / ... / protection: (<n>, ...)
 *         <name> <value>               ... zone counters
 *     pagesets
 *       cpu: <n> / count: / high: / batch: / vm stats threshold: <n>
 *     node_unreclaimable: <n> / start_pfn: <n>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_snap.h"

#define PAGE_BYTES 4096.0

enum section { SEC_NONE, SEC_HEAD, SEC_NODE, SEC_ZONE, SEC_PAGESETS };

struct zoneinfo {
	struct sink *out;
	struct diag *dg;
	struct snap_series series;
	int64_t ts;
	enum section sec;
	char zone[96];           /* "node0/Normal" */
	char node[32];           /* "node0" */
	uint64_t *seen;          /* hashes of instance+name this snapshot */
	size_t nseen, seen_cap;
	int64_t nzones;
};

static const char *const header_bytes[] = {
	"min", "low", "high", "promo", "boost", "spanned", "present",
	"managed", "cma",
};

static size_t zoneinfo_key(const char *s, size_t n, const char **key)
{
	*key = s;
	return n > 5 && !memcmp(s, "Node ", 5) && memmem(s, n, ", zone", 6) ? n : 0;
}

static int seen_add(struct zoneinfo *z, const char *inst, const char *name,
		    size_t nl)
{
	uint64_t h = snap_hash(inst, strlen(inst)) * 31 + snap_hash(name, nl);
	size_t j;

	h = h ? h : 1;
	if ((z->nseen + 1) * 2 > z->seen_cap) {
		size_t ncap = z->seen_cap ? z->seen_cap * 2 : 512;
		uint64_t *nt = xcalloc(ncap, sizeof(*nt));

		for (size_t i = 0; i < z->seen_cap; i++) {
			if (!z->seen[i])
				continue;
			for (j = z->seen[i] & (ncap - 1); nt[j]; j = (j + 1) & (ncap - 1))
				;
			nt[j] = z->seen[i];
		}
		free(z->seen);
		z->seen = nt;
		z->seen_cap = ncap;
	}
	for (j = h & (z->seen_cap - 1); z->seen[j]; j = (j + 1) & (z->seen_cap - 1))
		if (z->seen[j] == h)
			return 0;
	z->seen[j] = h;
	z->nseen++;
	return 1;
}

static int emit(struct zoneinfo *z, int64_t line, const char *inst,
		const char *name, size_t nl, const char *suffix, const char *unit,
		const char *desc, double v)
{
	char metric[200];
	int64_t h;

	if (!seen_add(z, inst, name, nl)) {
		diag_warn(z->dg, line, "'%.*s' repeats in '%s': skipped", (int)nl,
			  name, inst);
		return 0;
	}
	snprintf(metric, sizeof(metric), "zoneinfo.%.*s%s", (int)nl, name, suffix);
	h = snap_series(&z->series, z->out, z->dg, line, metric, inst, unit, desc);
	if (h < 0)
		return -1;
	if (h > 0 && z->out->sample(z->out, h, z->ts, v, line) < 0)
		return -1;
	return 0;
}

static int zoneinfo_begin(void *ctx, int64_t ts, int64_t line)
{
	struct zoneinfo *z = ctx;

	z->ts = ts;
	z->sec = SEC_NONE;
	z->zone[0] = z->node[0] = '\0';
	if (z->nseen)
		memset(z->seen, 0, z->seen_cap * sizeof(*z->seen));
	z->nseen = 0;
	return 0;
}

/* "Node <n>, zone <name>" */
static int zone_header(struct zoneinfo *z, const char *s, size_t n, int64_t line)
{
	size_t pos = 5;
	uint64_t node;
	struct span num, word, name, extra;

	if (!span_token(s, n, &pos, &num) || num.n < 2 || num.p[num.n - 1] != ',' ||
	    num_parse_u64(num.p, num.n - 1, &node) < 0 || node > 65535 ||
	    !span_token(s, n, &pos, &word) || !span_eq(word, "zone") ||
	    !span_token(s, n, &pos, &name) || name.n > 32 ||
	    span_token(s, n, &pos, &extra)) {
		diag_warn(z->dg, line, "cannot parse zone header '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		z->sec = SEC_NONE;
		return 0;
	}
	snprintf(z->node, sizeof(z->node), "node%u", (unsigned)node);
	snprintf(z->zone, sizeof(z->zone), "node%u/%.*s", (unsigned)node,
		 (int)name.n, name.p);
	z->sec = SEC_HEAD;
	return 0;
}

static int value_of(struct zoneinfo *z, struct span name, struct span val,
		    int64_t line, uint64_t *u)
{
	if (val.p[0] == '-') {
		diag_warn(z->dg, line, "'%.*s' is negative: '%.*s'", (int)name.n,
			  name.p, (int)(val.n > 40 ? 40 : val.n), val.p);
		return -1;
	}
	if (num_parse_u64(val.p, val.n, u) < 0) {
		size_t k = 0;

		while (k < val.n && val.p[k] >= '0' && val.p[k] <= '9')
			k++;
		diag_warn(z->dg, line, k == val.n ? "'%.*s' is out of range: '%.*s'"
					 : "'%.*s' has a value that is not a number: '%.*s'",
			  (int)name.n, name.p, (int)(val.n > 40 ? 40 : val.n), val.p);
		return -1;
	}
	return 0;
}

/* protection: (0, 3018, 4938, 4938, 4938) -> the largest, in bytes */
static int protection(struct zoneinfo *z, const char *s, size_t n, int64_t line)
{
	const char *p = memchr(s, '(', n), *e = memchr(s, ')', n);
	uint64_t best = 0, u;
	size_t i, start;

	if (!p || !e || e < p) {
		diag_warn(z->dg, line, "cannot parse protection '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	for (i = start = (size_t)(p - s) + 1; i <= (size_t)(e - s); i++) {
		if (s[i] != ',' && s[i] != ')')
			continue;
		size_t a = start, b = i;

		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		if (num_parse_u64(s + a, b - a, &u) < 0) {
			diag_warn(z->dg, line, "cannot parse protection '%.*s'",
				  (int)(n > 60 ? 60 : n), s);
			return 0;
		}
		if (u > best)
			best = u;
		start = i + 1;
	}
	if (best > (UINT64_C(1) << 53) / 4096) {
		diag_warn(z->dg, line, "'protection' is out of range: '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	return emit(z, line, z->zone, "protection", 10, "_bytes", "bytes",
		    "largest lowmem reserve kept from allocations that could use a higher zone",
		    (double)best * PAGE_BYTES);
}

static int zoneinfo_line(void *ctx, const char *s, size_t n, int64_t line)
{
	struct zoneinfo *z = ctx;
	size_t pos = 0;
	struct span name, val, extra;
	uint64_t u;
	const char *inst;

	if (n > 5 && !memcmp(s, "Node ", 5) && memmem(s, n, ", zone", 6))
		return zone_header(z, s, n, line);
	if (n == 2 && !memcmp(s, "--", 2))
		return 0;                               /* grep -A separator */
	if (z->sec == SEC_NONE) {
		diag_warn(z->dg, line, "zoneinfo line outside a zone: '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	if (n == 14 && !memcmp(s, "per-node stats", 14)) {
		z->sec = SEC_NODE;
		return 0;
	}
	if (n == 8 && !memcmp(s, "pagesets", 8)) {
		z->sec = SEC_PAGESETS;
		return 0;
	}
	if (n > 11 && !memcmp(s, "protection:", 11))
		return protection(z, s, n, line);
	if (!span_token(s, n, &pos, &name)) {
		diag_warn(z->dg, line, "cannot parse zoneinfo line '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	if (span_eq(name, "pages")) {
		struct span w;

		if (!span_token(s, n, &pos, &w) || !span_eq(w, "free") ||
		    !span_token(s, n, &pos, &val) || span_token(s, n, &pos, &extra)) {
			diag_warn(z->dg, line, "cannot parse zoneinfo line '%.*s'",
				  (int)(n > 60 ? 60 : n), s);
			return 0;
		}
		z->sec = SEC_ZONE;
		if (value_of(z, w, val, line, &u) < 0)
			return 0;
		return emit(z, line, z->zone, "free", 4, "_bytes", "bytes",
			    "free memory in the zone", (double)u * PAGE_BYTES);
	}
	/* "node_unreclaimable:  0", "start_pfn: 1" end the pagesets block */
	if (name.n > 1 && name.p[name.n - 1] == ':') {
		if (z->sec == SEC_PAGESETS &&
		    !span_eq(name, "node_unreclaimable:") && !span_eq(name, "start_pfn:") &&
		    !span_eq(name, "all_unreclaimable:") && !span_eq(name, "inactive_ratio:"))
			return 0;                       /* cpu:, count:, high: ... */
		name.n--;
		z->sec = SEC_ZONE;
	} else if (z->sec == SEC_PAGESETS) {
		return 0;                               /* vm stats threshold: */
	}
	if (!span_token(s, n, &pos, &val) || span_token(s, n, &pos, &extra)) {
		diag_warn(z->dg, line, "cannot parse zoneinfo line '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	for (size_t i = 0; i < name.n; i++) {
		char c = name.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_') || name.n > 100) {
			diag_warn(z->dg, line, "cannot parse zoneinfo line '%.*s'",
				  (int)(n > 60 ? 60 : n), s);
			return 0;
		}
	}
	if (value_of(z, name, val, line, &u) < 0)
		return 0;
	inst = z->sec == SEC_NODE ? z->node : z->zone;
	if (z->sec != SEC_NODE) {
		for (size_t i = 0; i < sizeof(header_bytes) / sizeof(header_bytes[0]); i++)
			if (span_eq(name, header_bytes[i])) {
				if (u > (UINT64_C(1) << 53) / 4096) {
					diag_warn(z->dg, line, "'%.*s' is out of range: '%.*s'",
						  (int)name.n, name.p, (int)val.n, val.p);
					return 0;
				}
				return emit(z, line, inst, name.p, name.n, "_bytes", "bytes",
					    "zone watermark or size (pages * 4096)",
					    (double)u * PAGE_BYTES);
			}
	}
	return emit(z, line, inst, name.p, name.n, "", "count",
		    z->sec == SEC_NODE ? "/proc/zoneinfo per-node value (pages for nr_*)"
				       : "/proc/zoneinfo per-zone value (pages for nr_*)",
		    (double)u);
}

static int zoneinfo_end(void *ctx)
{
	return 0;
}

static const struct snap_ops zoneinfo_ops = {
	.key = zoneinfo_key,
	.begin = zoneinfo_begin,
	.line = zoneinfo_line,
	.end = zoneinfo_end,
	.what = "zoneinfo",
};

/* Zone headers with `pages free` below them (buddyinfo has the headers
 * but numbers on the same line). */
/* Whether [h, h+n) has lit followed by spaces and a digit (or, with
 * digit_before, preceded by a digit): "pages free     3045", "Node 0, zone"
 * as the kernel writes them, not the words in a script that greps for them. */
static int has_field(const char *h, size_t n, const char *lit, int digit_before)
{
	size_t k = strlen(lit);
	const char *p = h, *e = h + n, *q;

	while ((q = memmem(p, (size_t)(e - p), lit, k)) != NULL) {
		const char *r = q + k;

		if (digit_before) {
			if (q > h && rng_is_digit(q[-1]))
				return 1;
		} else {
			r = rng_skip_blank(r, e);
			if (r > q + k && r < e && rng_is_digit(*r))
				return 1;
		}
		p = q + 1;
	}
	return 0;
}

static int zoneinfo_sniff(const struct input *in)
{
	const char *h = (const char *)in->head;
	size_t n = in->head_len;
	int score = 0;

	/* /proc/pagetypeinfo has "Node 0, zone DMA, type ..." lines but no
	 * zone blocks (sosreport's memory plugin copies it beside zoneinfo) */
	if (memmem(h, n, "Page block order:", 17) ||
	    (in->name && strstr(in->name, "pagetypeinfo")))
		return 0;
	if (has_field(h, n, "pages free", 0))
		score += 50;
	if (has_field(h, n, ", zone ", 1))
		score += 30;
	if (memmem(h, n, "per-node stats", 14) || memmem(h, n, "protection: (", 13))
		score += 15;
	if (in->name && strstr(in->name, "zoneinfo"))
		score += score ? 10 : 35;
	return score > 100 ? 100 : score;
}

static int zoneinfo_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct zoneinfo z = { .out = out, .dg = dg };
	int rc;

	snap_series_init(&z.series);
	rc = snap_import(in, dg, &zoneinfo_ops, &z);
	snap_series_release(&z.series);
	free(z.seen);
	return rc;
}

const struct importer zoneinfo_importer = {
	.name = "zoneinfo",
	.summary = "/proc/zoneinfo snapshots: free pages, watermarks and counters per node and zone",
	.version = 1,
	.sniff = zoneinfo_sniff,
	.parse = zoneinfo_parse,
};
