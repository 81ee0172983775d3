/*
 * cmd_strings.c - `pmortem strings DUMP...`: string frequencies of memory
 * images, and how they grew between dumps of one process.
 *
 * What `strings -a -n 6 | sort | uniq -c | sort -rn` gives an SRE, in one
 * command, exact, fast and in bounded memory (importers/strscan.c), per
 * region (heap, anon, file, stack) and diffed across dumps: one dump gives
 * its top strings by count and by bytes; several give the growth table,
 * where the leaked strings stand at the top.
 *
 * A DUMP is a file (an ELF core, whose segments the elfcore importer
 * labels, or a raw memory dump, the rawheap importer reading its name) read
 * directly without a database, or a dump already imported: its dump_id or
 * its source path.  Files are scanned with this command's knobs; imported
 * dumps show what was stored (the top 1000 per region, every count exact;
 * a string below that cut shows as unknown).  For a growth table every
 * string of any dump's top list is counted exactly in every file dump (an
 * extra pass counting only those strings where needed).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "importer.h"
#include "store.h"
#include "strscan.h"
#include "tabout.h"
#include "util.h"

static const char usage_text[] =
"usage: pmortem strings [OPTIONS] DUMP...\n"
"\n"
"Count the printable strings (runs of at least --min-len bytes 0x20..0x7e\n"
"or TAB, as 'strings -a' finds them) of memory dumps.  One DUMP: its top\n"
"strings by count and by bytes.  Several DUMPs of one process: the growth\n"
"table, one column of counts per dump, sorted by growth (last - first), so\n"
"leaked strings come first.  Dumps are taken in the order given, or in time\n"
"order when every one has a time (in its file name, or in the database).\n"
"\n"
"A DUMP is a file: an ELF core (regions from its segment labels) or a raw\n"
"memory dump ('gdb dump memory', region heap when its name says heap, else\n"
"anon), scanned directly; or an imported dump: its dump_id or its source\n"
"path in the database.  Counts are exact; in bounded memory a sketch may\n"
"leave out strings occurring at most B times (then said on the first line).\n"
"\n"
"Options:\n"
"  --top N                rows to print (default 20)\n"
"  --min-len N            shortest string, in characters (default 6)\n"
"  --region R             heap, anon, file, stack or all (default all)\n"
"  --utf16                also UTF-16LE strings (files; column 'enc')\n"
"  --format table|csv|json  output form (default: table on a terminal)\n"
"  --mem MIB              memory for the counting tables (default 32)\n"
"  --threads N            scanning threads (default: 2 when there are 2 CPUs)\n"
"  --db FILE              the database, for imported dumps (default\n"
"                         $PMORTEM_DB, else ./pmortem.db)\n"
"  -h, --help             this text\n"
"\n"
"Exit status: 0 ok, 2 a dump could not be read, 64 usage.\n";

static int run(int argc, char **argv);

const struct command cmd_strings = {
	.name = "strings",
	.summary = "string frequencies of dumps, and their growth across dumps",
	.usage = usage_text,
	.run = run,
};

struct sopts {
	size_t top;
	struct strscan_opts so;
	const char *region;          /* "all", "heap", ... */
	enum tab_format fmt;
};

struct hit {
	unsigned char *text;         /* owned */
	size_t len;
	uint64_t run_len;
	int enc;
	uint64_t count, bytes;
};

struct span_seg {                    /* bytes of a file dump and their region */
	uint64_t off, len;
	const char *region;          /* static string */
};

struct dumpsrc {
	const char *arg;
	int64_t ts_us;               /* TS_UNKNOWN */
	int64_t pid;                 /* -1 */
	char comm[64];
	const char *kind;            /* "core", "raw", "file" */
	/* a file */
	int fd;
	uint64_t size;
	struct span_seg *segs;
	size_t nsegs, cap_segs;
	/* an imported dump */
	int64_t dump_id;             /* 0 for files */
	struct hit *rows;            /* every listed row of the region */
	size_t nrows;
	int has_rest;                /* a NULL row: some strings not listed */
	/* totals */
	uint64_t runs, distinct, bound;
	int exact;
};

/* ------------------------------------------------------------------ */
/* reading a file's layout through the importers (a sink that keeps only
 * the dump's identity and its segments) */

struct capture {
	struct sink sink;
	struct dumpsrc *ds;
};

static int64_t cap_dump(struct sink *s, const struct dump_rec *d)
{
	struct dumpsrc *ds = ((struct capture *)s->ctx)->ds;

	ds->pid = d->pid;
	ds->ts_us = d->ts_us;
	ds->kind = !strcmp(d->kind ? d->kind : "", "core") ? "core" : "raw";
	if (d->comm)
		span_copy((struct span){ d->comm, strlen(d->comm) }, ds->comm,
			  sizeof(ds->comm));
	return 1;
}

static int64_t cap_segment(struct sink *s, const struct segment_rec *g)
{
	struct dumpsrc *ds = ((struct capture *)s->ctx)->ds;
	uint64_t avail = 0;

	if (g->file_offset < ds->size)
		avail = ds->size - g->file_offset < g->filesz ? ds->size - g->file_offset
							       : g->filesz;
	if (avail > g->memsz)
		avail = g->memsz;
	if (avail) {
		ds->segs = xgrow(ds->segs, &ds->cap_segs, ds->nsegs + 1, sizeof(*ds->segs));
		ds->segs[ds->nsegs++] = (struct span_seg){
			g->file_offset, avail, strscan_region_of(g->label, g->path) };
	}
	return (int64_t)ds->nsegs + 1;
}

static int64_t cap_thread(struct sink *s, const struct thread_rec *t) { return 1; }
static int cap_frame(struct sink *s, const struct frame_rec *f) { return 0; }
static int cap_module(struct sink *s, const struct module_rec *m) { return 0; }
static int cap_note(struct sink *s, const struct note_rec *n) { return 0; }
static int cap_host(struct sink *s, const struct host_rec *h) { return 0; }
static int64_t cap_series(struct sink *s, const char *m, const char *i,
			  const char *u, const char *d) { return 1; }
static int cap_sample(struct sink *s, int64_t id, int64_t ts, double v,
		      int64_t line) { return 0; }
static int cap_event(struct sink *s, const struct event_rec *e) { return 0; }

static ssize_t fd_read(struct input *in, void *buf, size_t n)
{
	ssize_t got = pread(in->fd, buf, n, (off_t)in->stream_pos);

	if (got > 0)
		in->stream_pos += (uint64_t)got;
	return got;
}

static int contains_heap(const char *s)
{
	for (; *s; s++)
		if (!strncasecmp(s, "heap", 4))
			return 1;
	return 0;
}

extern const struct importer elfcore_importer, rawheap_importer;

/* Open a file dump and find its segments. 0, or -1 (reported). */
static int open_file(struct dumpsrc *ds)
{
	unsigned char head[INPUT_HEAD_MAX];
	struct import_opts io = { .date_us = TS_UNKNOWN, .boot_time_us = TS_UNKNOWN,
				  .no_unwind = 1 };
	struct bundle_hints hints = { .sar_date_us = TS_UNKNOWN,
				      .capture_us = TS_UNKNOWN,
				      .boot_time_us = TS_UNKNOWN };
	struct capture cap = { .ds = ds };
	struct input in = { 0 };
	struct diag dg;
	struct stat stt;
	ssize_t got;
	void *map = NULL;
	int rc;

	ds->fd = open(ds->arg, O_RDONLY | O_CLOEXEC);
	if (ds->fd < 0 || fstat(ds->fd, &stt) < 0) {
		fprintf(stderr, "pmortem: strings: cannot open '%s': %s\n", ds->arg,
			strerror(errno));
		return -1;
	}
	ds->size = (uint64_t)stt.st_size;
	if (!ds->size) {
		fprintf(stderr, "pmortem: strings: '%s' is empty\n", ds->arg);
		return -1;
	}
	got = pread(ds->fd, head, sizeof(head), 0);
	if (got < 0) {
		fprintf(stderr, "pmortem: strings: cannot read '%s': %s\n", ds->arg,
			strerror(errno));
		return -1;
	}
	in.path = ds->arg;
	in.name = strrchr(ds->arg, '/') ? strrchr(ds->arg, '/') + 1 : ds->arg;
	in.head = head;
	in.head_len = (size_t)got;
	in.size = ds->size;
	in.read = fd_read;
	in.fd = ds->fd;
	in.mtime_us = TS_UNKNOWN;        /* order by names, not by copies */
	in.opts = &io;
	in.hints = &hints;
	cap.sink.ctx = &cap;
	cap.sink.host = cap_host;
	cap.sink.series = cap_series;
	cap.sink.sample = cap_sample;
	cap.sink.event = cap_event;
	cap.sink.dump = cap_dump;
	cap.sink.segment = cap_segment;
	cap.sink.dump_thread = cap_thread;
	cap.sink.dump_frame = cap_frame;
	cap.sink.dump_module = cap_module;
	cap.sink.dump_note = cap_note;
	/* dump_string stays NULL: the importers count nothing */
	diag_init(&dg, ds->arg, 0);
	if (elfcore_importer.sniff(&in) > 0) {
		map = mmap(NULL, (size_t)ds->size, PROT_READ, MAP_PRIVATE, ds->fd, 0);
		if (map == MAP_FAILED) {
			fprintf(stderr, "pmortem: strings: cannot map '%s': %s\n",
				ds->arg, strerror(errno));
			diag_release(&dg);
			return -1;
		}
		in.map = map;
		rc = elfcore_importer.parse(&in, &cap.sink, &dg);
		munmap(map, (size_t)ds->size);
		if (rc != IMPORT_OK) {
			fprintf(stderr, "pmortem: strings: '%s': %s\n", ds->arg,
				dg.nmsgs ? dg.msgs[0].text : "not a readable core");
			diag_release(&dg);
			return -1;
		}
		ds->ts_us = TS_UNKNOWN;  /* a core holds no clock */
	} else {
		int named = rawheap_importer.sniff(&in) > 0;

		rc = rawheap_importer.parse(&in, &cap.sink, &dg);
		if (rc != IMPORT_OK) {
			if (named && dg.nmsgs)
				fprintf(stderr, "pmortem: %s: warning: %s (counting "
					"its bytes anyway)\n", ds->arg, dg.msgs[0].text);
			ds->nsegs = 0;
			ds->kind = "file";
			ds->segs = xgrow(ds->segs, &ds->cap_segs, 1, sizeof(*ds->segs));
			ds->segs[ds->nsegs++] = (struct span_seg){
				0, ds->size, contains_heap(in.name) ? "heap" : "anon" };
		}
	}
	diag_release(&dg);
	return 0;
}

/* ------------------------------------------------------------------ */
/* counting */

static struct strscan *engine(const struct dumpsrc *ds, const struct sopts *o,
			      int *region)
{
	struct strscan *ss = strscan_new(&o->so);

	for (size_t i = 0; i < ds->nsegs; i++) {
		int r = strscan_region(ss, ds->segs[i].region);

		strscan_add_fd(ss, ds->fd, ds->segs[i].off, ds->segs[i].len, r);
	}
	*region = strcmp(o->region, "all") ? strscan_region(ss, o->region) : -1;
	return ss;
}

static void hit_set(struct hit *h, const struct strscan_str *s)
{
	h->text = xmalloc(s->len ? s->len : 1);
	memcpy(h->text, s->text, s->len);
	h->len = s->len;
	h->run_len = s->run_len;
	h->enc = s->enc;
	h->count = s->count;
	h->bytes = s->bytes;
}

static void hits_free(struct hit *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(h[i].text);
	free(h);
}

static int scan_failed(struct dumpsrc *ds, struct strscan *ss)
{
	fprintf(stderr, "pmortem: strings: '%s': %s\n", ds->arg,
		strscan_error(ss) ? strscan_error(ss) : "read error");
	strscan_free(ss);
	return -1;
}

/* Scan a file dump: its top k by count (and by bytes when byb). */
static int scan_file(struct dumpsrc *ds, const struct sopts *o, size_t k,
		     struct hit **byc, size_t *nc, struct hit **byb, size_t *nb)
{
	const struct strscan_str *top;
	struct strscan_stats st;
	int region;
	struct strscan *ss = engine(ds, o, &region);

	if (strscan_run(ss) < 0)
		return scan_failed(ds, ss);
	strscan_stats(ss, region, o->so.utf16 ? -1 : STRSCAN_ASCII, &st);
	ds->runs = st.runs;
	ds->distinct = st.distinct;
	ds->bound = st.bound;
	ds->exact = st.exact;
	*nc = strscan_top(ss, region, 0, k, &top);
	*byc = xcalloc(*nc ? *nc : 1, sizeof(**byc));
	for (size_t i = 0; i < *nc; i++)
		hit_set(&(*byc)[i], &top[i]);
	if (byb) {
		*nb = strscan_top(ss, region, 1, k, &top);
		*byb = xcalloc(*nb ? *nb : 1, sizeof(**byb));
		for (size_t i = 0; i < *nb; i++)
			hit_set(&(*byb)[i], &top[i]);
	}
	strscan_free(ss);
	return 0;
}

/* ------------------------------------------------------------------ */
/* imported dumps */

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int db_resolve(sqlite3 *db, struct dumpsrc *ds)
{
	sqlite3_stmt *q = NULL;
	int64_t id = 0;
	int n = 0;

	if (is_number(ds->arg)) {
		if (num_parse_i64(ds->arg, strlen(ds->arg), &id) < 0)
			id = 0;
		sqlite3_prepare_v2(db, "SELECT dump_id FROM dump WHERE dump_id = ?1", -1,
				   &q, NULL);
	} else {
		sqlite3_prepare_v2(db, "SELECT d.dump_id FROM dump d JOIN source s"
				   " USING (source_id) WHERE s.path = ?2 OR"
				   " substr(s.path, -length(?2) - 1) = '/' || ?2"
				   " ORDER BY d.dump_id", -1, &q, NULL);
	}
	if (!q) {
		fprintf(stderr, "pmortem: strings: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, ds->arg, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (n++ == 0)
			ds->dump_id = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	if (n == 0) {
		fprintf(stderr, "pmortem: strings: '%s' is neither a file nor an "
			"imported dump\n", ds->arg);
		return -1;
	}
	if (n > 1) {
		fprintf(stderr, "pmortem: strings: '%s' names %d imported dumps: "
			"give a dump_id\n", ds->arg, n);
		return -1;
	}
	return 0;
}

/* The dump's identity and every row of the region. */
static int db_load(sqlite3 *db, struct dumpsrc *ds, const struct sopts *o)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;

	if (sqlite3_prepare_v2(db, "SELECT kind, pid, comm, ts_us FROM dump"
			       " WHERE dump_id = ?", -1, &q, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(q, 1, ds->dump_id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		const char *comm = (const char *)sqlite3_column_text(q, 2);

		ds->kind = !strcmp((const char *)sqlite3_column_text(q, 0), "core")
			   ? "core" : "raw";
		ds->pid = sqlite3_column_type(q, 1) == SQLITE_NULL ? -1
			  : sqlite3_column_int64(q, 1);
		if (comm)
			span_copy((struct span){ comm, strlen(comm) }, ds->comm,
				  sizeof(ds->comm));
		ds->ts_us = sqlite3_column_type(q, 3) == SQLITE_NULL ? TS_UNKNOWN
			    : sqlite3_column_int64(q, 3);
	}
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(db, "SELECT text, length, count, bytes, encoding,"
			       " err_bound FROM dump_string WHERE dump_id = ?1"
			       " AND region = ?2 AND (?3 OR encoding = 'ascii')"
			       " ORDER BY count DESC, bytes DESC, text", -1, &q,
			       NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(q, 1, ds->dump_id);
	sqlite3_bind_text(q, 2, o->region, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, o->so.utf16 != 0);
	ds->exact = 1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct hit *h;
		const void *t = sqlite3_column_blob(q, 0);
		size_t n = (size_t)sqlite3_column_bytes(q, 0);
		uint64_t count = (uint64_t)sqlite3_column_int64(q, 2);

		ds->runs += count;
		if (sqlite3_column_type(q, 0) == SQLITE_NULL) {
			ds->has_rest = 1;
			ds->exact = 0;
			if ((uint64_t)sqlite3_column_int64(q, 5) > ds->bound)
				ds->bound = (uint64_t)sqlite3_column_int64(q, 5);
			continue;
		}
		ds->rows = xgrow(ds->rows, &cap, ds->nrows + 1, sizeof(*ds->rows));
		h = &ds->rows[ds->nrows++];
		h->text = xmalloc(n ? n : 1);
		memcpy(h->text, t, n);
		h->len = n;
		h->run_len = (uint64_t)sqlite3_column_int64(q, 1);
		h->count = count;
		h->bytes = (uint64_t)sqlite3_column_int64(q, 3);
		h->enc = !strcmp((const char *)sqlite3_column_text(q, 4), "utf16le")
			 ? STRSCAN_UTF16LE : STRSCAN_ASCII;
		ds->distinct++;
	}
	sqlite3_finalize(q);
	if (ds->has_rest)
		ds->distinct = 0;
	return 0;
fail:
	fprintf(stderr, "pmortem: strings: %s\n", sqlite3_errmsg(db));
	return -1;
}

/* ------------------------------------------------------------------ */
/* output */

static int hit_cmp_key(const struct hit *a, const struct hit *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->text, b->text, n);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->run_len != b->run_len)
		return a->run_len < b->run_len ? -1 : 1;
	return a->enc - b->enc;
}

static int cmp_by_bytes(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;

	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return hit_cmp_key(a, b);
}

static void describe(const struct dumpsrc *ds, const char *name)
{
	char ts[40] = "";

	if (ds->ts_us != TS_UNKNOWN)
		fmt_ts(ds->ts_us, ts, sizeof(ts));
	printf("%s%s%s (%s", name, name[0] ? ": " : "", ds->arg, ds->kind);
	if (ds->dump_id)
		printf(", dump_id %lld", (long long)ds->dump_id);
	if (ds->pid >= 0)
		printf(", pid %lld", (long long)ds->pid);
	if (ds->comm[0])
		printf(", %s", ds->comm);
	if (ts[0])
		printf(", %s", ts);
	printf(")\n");
}

static void totals_line(const struct dumpsrc *ds, const struct sopts *o)
{
	printf("region %s: %llu strings", o->region, (unsigned long long)ds->runs);
	if (ds->distinct && !ds->has_rest && (ds->exact || ds->dump_id))
		printf(", %llu distinct", (unsigned long long)ds->distinct);
	if (ds->bound)
		printf("; counts exact; not listed: strings occurring <= %llu "
		       "times", (unsigned long long)ds->bound);
	else
		printf("; counts exact");
	printf("\n");
}

static const char *enc_name(int enc)
{
	return enc == STRSCAN_UTF16LE ? "utf16le" : "ascii";
}

static void one_list(struct tabout *t, const char *list, const struct hit *h,
		     size_t n, const struct sopts *o)
{
	for (size_t i = 0; i < n; i++) {
		struct tab_cell c[8];
		size_t k = 0;

		if (o->fmt != TAB_TABLE)
			c[k++] = tab_text(list);
		c[k++] = tab_int((long long)(i + 1));
		c[k++] = tab_int((long long)h[i].count);
		c[k++] = tab_int((long long)h[i].bytes);
		c[k++] = tab_int((long long)h[i].run_len);
		if (o->so.utf16)
			c[k++] = tab_text(enc_name(h[i].enc));
		c[k++] = tab_textn((const char *)h[i].text, h[i].len);
		tab_row(t, c);
	}
}

static void print_single(struct dumpsrc *ds, struct hit *byc, size_t nc,
			 struct hit *byb, size_t nb, const struct sopts *o)
{
	const char *names[8];
	size_t k = 0;
	struct tabout t;

	if (o->fmt != TAB_TABLE)
		names[k++] = "list";
	names[k++] = "rank";
	names[k++] = "count";
	names[k++] = "bytes";
	names[k++] = "length";
	if (o->so.utf16)
		names[k++] = "enc";
	names[k++] = "string";
	if (o->fmt == TAB_TABLE) {
		describe(ds, "");
		totals_line(ds, o);
		printf("\ntop %zu by count:\n", nc);
		tab_init(&t, stdout, o->fmt, k, names);
		one_list(&t, "count", byc, nc, o);
		tab_finish(&t);
		printf("\ntop %zu by bytes:\n", nb);
		tab_init(&t, stdout, o->fmt, k, names);
		one_list(&t, "bytes", byb, nb, o);
		tab_finish(&t);
		return;
	}
	tab_init(&t, stdout, o->fmt, k, names);
	one_list(&t, "count", byc, nc, o);
	one_list(&t, "bytes", byb, nb, o);
	tab_finish(&t);
}

/* ------------------------------------------------------------------ */
/* the growth table */

struct row {
	struct hit key;              /* text owned; count/bytes unused */
	uint64_t *count;             /* per dump */
	unsigned char *known;        /* per dump */
	int64_t growth;
	int has_growth;
};

struct tagged {
	struct hit h;                /* text borrowed */
	size_t dump;
};

static int cmp_tagged(const void *x, const void *y)
{
	const struct tagged *a = x, *b = y;
	int c = hit_cmp_key(&a->h, &b->h);

	if (c)
		return c;
	return a->dump < b->dump ? -1 : a->dump > b->dump;
}

static int cmp_growth(const void *x, const void *y, void *nd)
{
	const struct row *a = x, *b = y;
	size_t last = *(const size_t *)nd - 1;

	if (a->has_growth != b->has_growth)
		return a->has_growth ? -1 : 1;
	if (a->has_growth && a->growth != b->growth)
		return a->growth > b->growth ? -1 : 1;
	if (a->known[last] != b->known[last])
		return a->known[last] ? -1 : 1;
	if (a->count[last] != b->count[last])
		return a->count[last] > b->count[last] ? -1 : 1;
	return hit_cmp_key(&a->key, &b->key);
}

/* The rows of a union of lists: one per string, counts where listed. */
static struct row *union_rows(struct hit **lists, size_t *nlist, size_t nd,
			      size_t *nrows)
{
	struct tagged *all;
	struct row *rows;
	size_t n = 0, nr = 0;

	for (size_t d = 0; d < nd; d++)
		n += nlist[d];
	all = xcalloc(n ? n : 1, sizeof(*all));
	n = 0;
	for (size_t d = 0; d < nd; d++)
		for (size_t i = 0; i < nlist[d]; i++)
			all[n++] = (struct tagged){ lists[d][i], d };
	qsort(all, n, sizeof(*all), cmp_tagged);
	rows = xcalloc(n ? n : 1, sizeof(*rows));
	for (size_t i = 0; i < n; i++) {
		struct row *r;

		if (i == 0 || hit_cmp_key(&all[i].h, &all[i - 1].h)) {
			r = &rows[nr++];
			r->key = all[i].h;
			r->key.text = xmalloc(all[i].h.len ? all[i].h.len : 1);
			memcpy(r->key.text, all[i].h.text, all[i].h.len);
			r->count = xcalloc(nd, sizeof(*r->count));
			r->known = xcalloc(nd, 1);
		}
		r = &rows[nr - 1];
		r->count[all[i].dump] = all[i].h.count;
		r->known[all[i].dump] = 1;
	}
	free(all);
	*nrows = nr;
	return rows;
}

/* Count exactly, in a file dump, the strings of rows it did not list. */
static int count_missing(struct dumpsrc *ds, size_t d, struct row *rows,
			 size_t nrows, size_t k, const struct sopts *o)
{
	struct strscan *ss;
	size_t want = 0;
	int region;

	for (size_t i = 0; i < nrows; i++)
		want += !rows[i].known[d];
	if (!want)
		return 0;
	if (ds->exact && ds->distinct <= k) {
		/* its list held every string it has: the others are absent */
		for (size_t i = 0; i < nrows; i++)
			if (!rows[i].known[d]) {
				rows[i].count[d] = 0;
				rows[i].known[d] = 1;
			}
		return 0;
	}
	ss = engine(ds, o, &region);
	for (size_t i = 0; i < nrows; i++)
		if (!rows[i].known[d])
			strscan_want(ss, rows[i].key.text, rows[i].key.len,
				     rows[i].key.run_len, rows[i].key.enc);
	if (strscan_run(ss) < 0)
		return scan_failed(ds, ss);
	for (size_t i = 0; i < nrows; i++) {
		struct strscan_str s;

		if (rows[i].known[d])
			continue;
		if (strscan_lookup(ss, rows[i].key.text, rows[i].key.len,
				   rows[i].key.run_len, rows[i].key.enc, region, &s))
			rows[i].count[d] = s.count;
		else
			rows[i].count[d] = 0;
		rows[i].known[d] = 1;
	}
	strscan_free(ss);
	return 0;
}

/* In an imported dump, a string it did not list: 0 when it listed every
 * string, else unknown. */
static void db_missing(struct dumpsrc *ds, size_t d, struct row *rows,
		       size_t nrows)
{
	for (size_t i = 0; i < nrows; i++) {
		struct hit *h;
		size_t lo = 0, hi = ds->nrows;

		if (rows[i].known[d])
			continue;
		/* ds->rows is sorted by key for this lookup */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = hit_cmp_key(&ds->rows[mid], &rows[i].key);

			if (c == 0) {
				lo = mid;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		h = lo < ds->nrows ? &ds->rows[lo] : NULL;
		if (h && !hit_cmp_key(h, &rows[i].key)) {
			rows[i].count[d] = h->count;
			rows[i].known[d] = 1;
		} else if (!ds->has_rest) {
			rows[i].count[d] = 0;
			rows[i].known[d] = 1;
		}
	}
}

static int cmp_key_only(const void *x, const void *y)
{
	return hit_cmp_key(x, y);
}

static void print_growth(struct dumpsrc *ds, size_t nd, struct row *rows,
			 size_t nrows, const struct sopts *o)
{
	const char **names = xcalloc(nd + 8, sizeof(*names));
	char **own = xcalloc(nd, sizeof(*own));
	struct tab_cell *c = xcalloc(nd + 8, sizeof(*c));
	size_t k = 0, show = o->top < nrows ? o->top : nrows;
	struct tabout t;

	for (size_t d = 0; d < nd; d++)
		names[k++] = own[d] = xasprintf("count_%zu", d + 1);
	names[k++] = "growth";
	names[k++] = "growth_pct";
	names[k++] = "bytes";
	names[k++] = "bytes_growth";
	names[k++] = "length";
	if (o->so.utf16)
		names[k++] = "enc";
	names[k++] = "string";
	if (o->fmt == TAB_TABLE) {
		for (size_t d = 0; d < nd; d++) {
			char *nm = xasprintf("count_%zu", d + 1);

			describe(&ds[d], nm);
			printf("   ");
			totals_line(&ds[d], o);
			free(nm);
		}
		printf("\ngrowth, count_1 -> count_%zu (top %zu of %zu strings):\n",
		       nd, show, nrows);
	}
	tab_init(&t, stdout, o->fmt, k, names);
	for (size_t i = 0; i < show; i++) {
		const struct row *r = &rows[i];
		uint64_t unit = r->key.enc == STRSCAN_UTF16LE ? 2 : 1;
		size_t j = 0;

		for (size_t d = 0; d < nd; d++)
			c[j++] = r->known[d] ? tab_int((long long)r->count[d]) : tab_null();
		if (r->has_growth) {
			c[j++] = tab_int((long long)r->growth);
			c[j++] = r->count[0] ? tab_real(100.0 * (double)r->growth /
							(double)r->count[0], 1)
					     : tab_null();
		} else {
			c[j++] = tab_null();
			c[j++] = tab_null();
		}
		c[j++] = r->known[nd - 1]
			 ? tab_int((long long)(r->count[nd - 1] * r->key.run_len * unit))
			 : tab_null();
		c[j++] = r->has_growth
			 ? tab_int((long long)(r->growth * (int64_t)(r->key.run_len * unit)))
			 : tab_null();
		c[j++] = tab_int((long long)r->key.run_len);
		if (o->so.utf16)
			c[j++] = tab_text(enc_name(r->key.enc));
		c[j++] = tab_textn((const char *)r->key.text, r->key.len);
		tab_row(&t, c);
	}
	tab_finish(&t);
	for (size_t d = 0; d < nd; d++)
		free(own[d]);
	free(own);
	free(names);
	free(c);
}

static int cmp_time(const void *x, const void *y)
{
	const struct dumpsrc *a = x, *b = y;

	if (a->ts_us != b->ts_us)
		return a->ts_us < b->ts_us ? -1 : 1;
	return 0;
}

/* ------------------------------------------------------------------ */

static int parse_size(const char *s, size_t lo, size_t hi, size_t *out)
{
	uint64_t v;

	if (num_parse_u64(s, strlen(s), &v) < 0 || v < lo || v > hi)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		{ "top", required_argument, NULL, 't' },
		{ "min-len", required_argument, NULL, 'n' },
		{ "region", required_argument, NULL, 'r' },
		{ "utf16", no_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "mem", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const regions[] = { "all", "heap", "anon", "file",
					       "stack", NULL };
	struct sopts o = { .top = 20, .region = "all" };
	struct dumpsrc *ds;
	struct store *st = NULL;
	size_t nd, v;
	int c, code = EXIT_OK, all_ts = 1;

	strscan_opts_default(&o.so);
	o.fmt = tab_format_default();
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_size(optarg, 1, 1000000, &o.top) < 0)
				return cli_usage_error(&cmd_strings, "--top wants "
						       "1..1000000, not '%s'", optarg);
			continue;
		case 'n':
			if (parse_size(optarg, 1, 4096, &o.so.min_len) < 0)
				return cli_usage_error(&cmd_strings, "--min-len wants "
						       "1..4096, not '%s'", optarg);
			continue;
		case 'r':
			for (v = 0; regions[v] && strcmp(regions[v], optarg); v++)
				;
			if (!regions[v])
				return cli_usage_error(&cmd_strings, "unknown region "
						       "'%s' (heap, anon, file, "
						       "stack or all)", optarg);
			o.region = regions[v];
			continue;
		case 'u':
			o.so.utf16 = 1;
			continue;
		case 'f':
			if (tab_format_parse(optarg, &o.fmt) < 0)
				return cli_usage_error(&cmd_strings, "unknown format "
						       "'%s' (table, csv or json)",
						       optarg);
			continue;
		case 'm':
			if (parse_size(optarg, 1, 16384, &v) < 0)
				return cli_usage_error(&cmd_strings, "--mem wants "
						       "1..16384 (MiB), not '%s'",
						       optarg);
			o.so.mem_budget = v << 20;
			continue;
		case 'T':
			if (parse_size(optarg, 1, STRSCAN_MAX_THREADS, &v) < 0)
				return cli_usage_error(&cmd_strings, "--threads wants "
						       "1..%d, not '%s'",
						       STRSCAN_MAX_THREADS, optarg);
			o.so.threads = (int)v;
			continue;
		}
		if (cli_common(&cmd_strings, c, optarg, &code) <= 0)
			return code;
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_strings, "give at least one DUMP");
	/* the lists the engine must keep complete (growth tables take the
	 * top 1000 of every dump) */
	o.so.top_k = o.top > 1000 ? o.top : 1000;
	nd = (size_t)(argc - optind);
	ds = xcalloc(nd, sizeof(*ds));
	for (size_t d = 0; d < nd; d++) {
		struct stat sb;

		ds[d].arg = argv[optind + (int)d];
		ds[d].fd = -1;
		ds[d].pid = -1;
		ds[d].ts_us = TS_UNKNOWN;
		ds[d].kind = "file";
		if (stat(ds[d].arg, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (open_file(&ds[d]) < 0) {
				code = EXIT_FATAL;
				goto out;
			}
		} else {
			if (!st && !(st = store_open(cli_db_path(), 1))) {
				fprintf(stderr, "pmortem: strings: '%s' is not a file, and "
					"there is no database to find it in\n", ds[d].arg);
				code = EXIT_FATAL;
				goto out;
			}
			if (db_resolve(store_db(st), &ds[d]) < 0 ||
			    db_load(store_db(st), &ds[d], &o) < 0) {
				code = EXIT_FATAL;
				goto out;
			}
		}
		all_ts &= ds[d].ts_us != TS_UNKNOWN;
	}
	if (all_ts && nd > 1) {
		/* stable: insertion sort keeps the order given on ties */
		for (size_t i = 1; i < nd; i++)
			for (size_t j = i; j > 0 && cmp_time(&ds[j - 1], &ds[j]) > 0; j--) {
				struct dumpsrc x = ds[j];

				ds[j] = ds[j - 1];
				ds[j - 1] = x;
			}
	}
	for (size_t d = 1; d < nd; d++)
		if (ds[d].pid >= 0 && ds[0].pid >= 0 && ds[d].pid != ds[0].pid)
			fprintf(stderr, "pmortem: strings: warning: '%s' is pid %lld, "
				"'%s' pid %lld: not the same process\n", ds[0].arg,
				(long long)ds[0].pid, ds[d].arg, (long long)ds[d].pid);

	if (nd == 1) {
		struct hit *byc = NULL, *byb = NULL;
		size_t nc = 0, nb = 0;

		if (ds[0].dump_id) {
			size_t n = ds[0].nrows < o.top ? ds[0].nrows : o.top;

			byc = ds[0].rows;       /* already by count */
			nc = n;
			byb = xcalloc(ds[0].nrows ? ds[0].nrows : 1, sizeof(*byb));
			memcpy(byb, ds[0].rows, ds[0].nrows * sizeof(*byb));
			qsort(byb, ds[0].nrows, sizeof(*byb), cmp_by_bytes);
			nb = n;
			print_single(&ds[0], byc, nc, byb, nb, &o);
			free(byb);
		} else {
			if (scan_file(&ds[0], &o, o.top, &byc, &nc, &byb, &nb) < 0) {
				code = EXIT_FATAL;
				goto out;
			}
			print_single(&ds[0], byc, nc, byb, nb, &o);
			hits_free(byc, nc);
			hits_free(byb, nb);
		}
	} else {
		struct hit **lists = xcalloc(nd, sizeof(*lists));
		size_t *nlist = xcalloc(nd, sizeof(*nlist)), nrows = 0;
		size_t k = o.top > 1000 ? o.top : 1000;
		struct row *rows = NULL;

		for (size_t d = 0; d < nd && code == EXIT_OK; d++) {
			if (ds[d].dump_id) {
				nlist[d] = ds[d].nrows < k ? ds[d].nrows : k;
				lists[d] = ds[d].rows;
			} else if (scan_file(&ds[d], &o, k, &lists[d], &nlist[d],
					     NULL, NULL) < 0) {
				code = EXIT_FATAL;
			}
		}
		if (code == EXIT_OK) {
			rows = union_rows(lists, nlist, nd, &nrows);
			for (size_t d = 0; d < nd && code == EXIT_OK; d++) {
				if (ds[d].dump_id) {
					qsort(ds[d].rows, ds[d].nrows, sizeof(*ds[d].rows),
					      cmp_key_only);
					db_missing(&ds[d], d, rows, nrows);
				} else if (count_missing(&ds[d], d, rows, nrows, k, &o) < 0) {
					code = EXIT_FATAL;
				}
			}
		}
		if (code == EXIT_OK) {
			for (size_t i = 0; i < nrows; i++) {
				rows[i].has_growth = rows[i].known[0] && rows[i].known[nd - 1];
				rows[i].growth = (int64_t)rows[i].count[nd - 1] -
						 (int64_t)rows[i].count[0];
			}
			qsort_r(rows, nrows, sizeof(*rows), cmp_growth, &nd);
			print_growth(ds, nd, rows, nrows, &o);
		}
		for (size_t i = 0; i < nrows; i++) {
			free(rows[i].key.text);
			free(rows[i].count);
			free(rows[i].known);
		}
		free(rows);
		for (size_t d = 0; d < nd; d++)
			if (!ds[d].dump_id)
				hits_free(lists[d], nlist[d]);
		free(lists);
		free(nlist);
	}
out:
	for (size_t d = 0; d < nd; d++) {
		if (ds[d].fd >= 0)
			close(ds[d].fd);
		free(ds[d].segs);
		hits_free(ds[d].rows, ds[d].nrows);
	}
	free(ds);
	if (st)
		store_close(st);
	return cli_finish_stdout(code);
}
