/*
 * util_strscan_emit.c - from a dump's segments to dump_string records: the
 * glue between the string engine (strscan.c) and the importers of memory
 * images (rawheap.c, elfcore.c), so both store strings the same way.
 *
 * Per region (and "all") it keeps the top_k strings by count and the top_k
 * by bytes: the leaked strings of a growing heap top the first list, big
 * buffers the second.  Everything else is summed into one record with text
 * NULL, whose err_bound says how often any single one of those strings can
 * occur, so a query can tell "absent" from "below the cut".
 */
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "strscan.h"
#include "util.h"

const char *strscan_region_of(const char *label, const char *path)
{
	if (label && !strcmp(label, "[heap]"))
		return "heap";
	if (label && !strncmp(label, "[stack", 6))
		return "stack";
	if ((path && *path) || (label && !strcmp(label, "file")))
		return "file";
	return "anon";
}

static const char *enc_name(int enc)
{
	return enc == STRSCAN_UTF16LE ? "utf16le" : "ascii";
}

/* Both lists point into the engine's table: one string, one address. */
static int cmp_ptr(const void *a, const void *b)
{
	const unsigned char *x = *(const unsigned char *const *)a;
	const unsigned char *y = *(const unsigned char *const *)b;

	return (x > y) - (x < y);
}

/* One listed string's record; its count and bytes added to the listed
 * totals of its encoding. */
static int emit_string(struct sink *out, int64_t dump, int64_t segment,
		       const char *rname, const struct strscan_str *t,
		       uint64_t listed[2], uint64_t listed_bytes[2])
{
	struct string_rec r = { 0 };

	r.dump = dump;
	r.segment = segment;
	r.region = rname;
	r.text = (const char *)t->text;
	r.len = t->len;
	r.count = t->count;
	r.bytes = t->bytes;
	r.exact = t->exact;
	r.err_bound = t->err;
	r.encoding = enc_name(t->enc);
	r.run_len = t->run_len > t->len ? t->run_len : 0;
	listed[t->enc] += r.count;
	listed_bytes[t->enc] += r.bytes;
	return out->dump_string(out, &r);
}

/* The records of one region (-1: all). */
static int emit_region(struct sink *out, struct strscan *ss, int64_t dump,
		       int region, int64_t segment, size_t k, int utf16)
{
	const struct strscan_str *top;
	struct strscan_str *byc;
	const unsigned char **seen;
	struct strscan_stats st;
	uint64_t listed[2] = { 0, 0 }, listed_bytes[2] = { 0, 0 }, cut = 0;
	const char *rname = strscan_region_name(ss, region);
	size_t nc, nb;
	int rc = 0;

	nc = strscan_top(ss, region, 0, k, &top);
	byc = xmalloc((nc ? nc : 1) * sizeof(*byc));
	memcpy(byc, top, nc * sizeof(*byc));
	if (nc == k)
		cut = byc[nc - 1].count;   /* an unlisted string occurs <= this */
	for (size_t i = 0; i < nc && rc == 0; i++)
		rc = emit_string(out, dump, segment, rname, &byc[i], listed, listed_bytes);
	seen = xmalloc((nc ? nc : 1) * sizeof(*seen));
	for (size_t i = 0; i < nc; i++)
		seen[i] = byc[i].text;
	qsort(seen, nc, sizeof(*seen), cmp_ptr);
	nb = strscan_top(ss, region, 1, k, &top);
	for (size_t i = 0; i < nb && rc == 0; i++)
		if (!bsearch(&top[i].text, seen, nc, sizeof(*seen), cmp_ptr))
			rc = emit_string(out, dump, segment, rname, &top[i], listed,
					 listed_bytes);
	for (int e = 0; e <= (utf16 ? 1 : 0) && rc == 0; e++) {
		struct string_rec r = { 0 };

		strscan_stats(ss, region, e, &st);
		if (st.runs <= listed[e])
			continue;
		r.dump = dump;
		r.segment = segment;
		r.region = rname;
		r.text = NULL;
		r.count = st.runs - listed[e];
		r.bytes = st.run_bytes - listed_bytes[e];
		r.exact = 1;
		r.err_bound = st.bound > cut ? st.bound : cut;
		r.encoding = enc_name(e);
		rc = out->dump_string(out, &r);
	}
	free(seen);
	free(byc);
	return rc;
}

int strscan_emit_dump(struct sink *out, struct diag *dg, int64_t dump,
		      const struct strscan_seg *segs, size_t nsegs,
		      const struct strscan_opts *o)
{
	struct strscan_opts d;
	struct strscan *ss;
	int64_t seg_of[STRSCAN_MAX_REGIONS];
	int nseg_of[STRSCAN_MAX_REGIONS] = { 0 };
	int rc = 0;

	if (!o) {
		strscan_opts_default(&d);
		o = &d;
	}
	if (!out->dump_string)
		return 0;
	ss = strscan_new(o);
	for (size_t i = 0; i < nsegs; i++) {
		int r = strscan_region(ss, segs[i].region ? segs[i].region : "anon");

		if (r < 0)
			r = strscan_region(ss, "anon");
		if (r < 0)
			continue;
		seg_of[r] = segs[i].segment;
		nseg_of[r]++;
		if (segs[i].mem)
			strscan_add_mem(ss, segs[i].mem, segs[i].len, r);
		else
			strscan_add_fd(ss, segs[i].fd, segs[i].off, segs[i].len, r);
	}
	if (strscan_run(ss) < 0) {
		diag_error_at(dg, -1, "cannot count the strings: %s",
			      strscan_error(ss) ? strscan_error(ss) : "error");
		strscan_free(ss);
		return -1;
	}
	{
		size_t k = o->top_k ? o->top_k : 1000;
		int nreg = strscan_nregions(ss);

		for (int r = 0; r < nreg && rc == 0; r++)
			rc = emit_region(out, ss, dump, r, nseg_of[r] == 1 ? seg_of[r] : 0,
					 k, o->utf16);
		if (rc == 0)
			rc = emit_region(out, ss, dump, -1, 0, k, o->utf16);
	}
	strscan_free(ss);
	return rc < 0 ? -1 : 0;
}
