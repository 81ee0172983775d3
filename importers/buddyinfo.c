/*
 * buddyinfo.c - /proc/buddyinfo snapshots: free memory per node, zone and
 * block order, and how fragmented it is.
 *
 * A zone can hold gigabytes free and still fail a 64 kB allocation when
 * all of it sits in 4 kB blocks; buddyinfo is where that shows.  Each line
 *
 *   Node <n>, zone <name> <count order 0> <count order 1> ... <order K>
 *
 * (K is 10 on most kernels; the count of columns is taken as printed)
 * gives, with page size 4096 (the file does not state it):
 *
 *   buddyinfo.free_blocks          "node0/Normal/order3"  count of free
 *                                  blocks of 2^order pages
 *   buddyinfo.free_bytes           "node0/Normal"  all free memory
 *   buddyinfo.free_bytes_order_ge4 "node0/Normal"  free memory in blocks of
 *                                  order >= 4 (64 kB and up): what a
 *                                  higher-order allocation can use
 *   buddyinfo.unusable_pct_order4  "node0/Normal"  the share of free
 *                                  memory in blocks too small for order 4
 *                                  (the kernel's unusable free space index;
 *                                  absent when the zone has nothing free)
 */
#include <stdio.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_snap.h"

#define PAGE_BYTES 4096.0
#define MAX_ORDERS 20            /* MAX_PAGE_ORDER is 10..15 in practice */

struct buddyinfo {
	struct sink *out;
	struct diag *dg;
	struct snap_series series;
	int64_t ts;
	size_t orders;           /* columns of the first line: all must match */
};

/* The key: "Node 0, zone Normal" (the line up to its first number). */
static size_t buddy_key(const char *s, size_t n, const char **key)
{
	size_t pos = 0;
	struct span t;

	*key = s;
	for (int i = 0; i < 4; i++)
		if (!span_token(s, n, &pos, &t))
			return 0;
	return pos;
}

static int buddy_begin(void *ctx, int64_t ts, int64_t line)
{
	((struct buddyinfo *)ctx)->ts = ts;
	return 0;
}

static int put(struct buddyinfo *b, int64_t line, const char *metric,
	       const char *inst, const char *unit, const char *desc, double v)
{
	int64_t h = snap_series(&b->series, b->out, b->dg, line, metric, inst,
				unit, desc);

	if (h < 0)
		return -1;
	return h > 0 ? b->out->sample(b->out, h, b->ts, v, line) : 0;
}

static int buddy_line(void *ctx, const char *s, size_t n, int64_t line)
{
	struct buddyinfo *b = ctx;
	struct span t[4 + MAX_ORDERS + 1];
	uint64_t node, cnt[MAX_ORDERS];
	size_t nt, orders;
	int more;
	char zone[64], inst[96];
	double total = 0, ge4 = 0;

	nt = span_split(s, n, t, sizeof(t) / sizeof(t[0]), &more);
	if (nt < 5 || !span_eq(t[0], "Node") || t[1].n < 2 ||
	    t[1].p[t[1].n - 1] != ',' ||
	    num_parse_u64(t[1].p, t[1].n - 1, &node) < 0 || node > 65535 ||
	    !span_eq(t[2], "zone") || t[3].n > 32) {
		diag_warn(b->dg, line, "cannot parse buddyinfo line '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	if (more || nt - 4 > MAX_ORDERS) {
		/* t[] holds one token more than the orders: its last slot
		 * filled is one order too many */
		diag_warn(b->dg, line, "more than %d orders: line skipped", MAX_ORDERS);
		return 0;
	}
	orders = nt - 4;
	if (!b->orders)
		b->orders = orders;
	if (orders != b->orders) {
		diag_warn(b->dg, line, "'%.*s' has %zu orders, the first line %zu: skipped",
			  (int)(t[3].p + t[3].n - s), s, orders, b->orders);
		return 0;
	}
	for (size_t i = 0; i < orders; i++) {
		struct span v = t[4 + i];

		if (v.p[0] == '-') {
			diag_warn(b->dg, line, "order %zu count is negative: '%.*s'",
				  i, (int)(v.n > 40 ? 40 : v.n), v.p);
			return 0;
		}
		if (num_parse_u64(v.p, v.n, &cnt[i]) < 0 ||
		    cnt[i] > (UINT64_C(1) << 53) >> (12 + i)) {
			size_t k = 0;

			while (k < v.n && v.p[k] >= '0' && v.p[k] <= '9')
				k++;
			diag_warn(b->dg, line, k == v.n ? "order %zu count is out of range: '%.*s'"
						 : "order %zu count is not a number: '%.*s'",
				  i, (int)(v.n > 40 ? 40 : v.n), v.p);
			return 0;
		}
	}
	span_copy(t[3], zone, sizeof(zone));
	for (size_t i = 0; i < orders; i++) {
		double bytes = (double)cnt[i] * PAGE_BYTES * (double)(UINT64_C(1) << i);

		snprintf(inst, sizeof(inst), "node%u/%s/order%zu", (unsigned)node, zone, i);
		if (put(b, line, "buddyinfo.free_blocks", inst, "count",
			"free blocks of 2^order pages", (double)cnt[i]) < 0)
			return -1;
		total += bytes;
		if (i >= 4)
			ge4 += bytes;
	}
	snprintf(inst, sizeof(inst), "node%u/%s", (unsigned)node, zone);
	if (put(b, line, "buddyinfo.free_bytes", inst, "bytes",
		"free memory in the zone (sum over orders)", total) < 0 ||
	    put(b, line, "buddyinfo.free_bytes_order_ge4", inst, "bytes",
		"free memory in blocks of order >= 4 (64 kB and larger)", ge4) < 0)
		return -1;
	if (total > 0 &&
	    put(b, line, "buddyinfo.unusable_pct_order4", inst, "pct",
		"share of free memory in blocks too small for an order-4 allocation",
		100.0 * (total - ge4) / total) < 0)
		return -1;
	return 0;
}

static int buddy_end(void *ctx)
{
	return 0;
}

static const struct snap_ops buddy_ops = {
	.key = buddy_key,
	.begin = buddy_begin,
	.line = buddy_line,
	.end = buddy_end,
	.what = "buddyinfo",
};

/* "Node 0, zone" followed by numbers on the same line. */
static int buddyinfo_sniff(const struct input *in)
{
	const char *h = (const char *)in->head, *p;
	size_t n = in->head_len;
	int score = 0;

	p = memmem(h, n, ", zone ", 7);
	if (p) {
		const char *e = memchr(p, '\n', (size_t)(h + n - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(h + n - p), pos = 7;
		struct span t;
		int nums = 0;

		span_token(p, len, &pos, &t);           /* the zone name */
		while (span_token(p, len, &pos, &t) &&
		       ((t.p[0] >= '0' && t.p[0] <= '9') || t.p[0] == '-'))
			nums++;
		if (nums >= 8)
			score = 90;
		else
			score = 10;
	}
	if (in->name && strstr(in->name, "buddyinfo"))
		score += score ? 10 : 35;
	return score > 100 ? 100 : score;
}

static int buddyinfo_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct buddyinfo b = { .out = out, .dg = dg };
	int rc;

	snap_series_init(&b.series);
	rc = snap_import(in, dg, &buddy_ops, &b);
	snap_series_release(&b.series);
	return rc;
}

const struct importer buddyinfo_importer = {
	.name = "buddyinfo",
	.summary = "/proc/buddyinfo snapshots: free blocks per order, free memory in large blocks",
	.version = 1,
	.sniff = buddyinfo_sniff,
	.parse = buddyinfo_parse,
};
