/*
 * cmd_smem.c - `pmortem smem [PATH...]`: RSS, PSS, USS and swap per
 * process, user, command or mapping, from the smaps in the database, with
 * smem 1.5's arithmetic and options.
 *
 * With PATH (a directory with proc/<pid>/smaps, a smemcap tarball, single
 * files) and --db/PMORTEM_DB, the capture is imported there first.  With
 * PATH alone no database is made at all: the walker drives the smaps and
 * procpid importers into smem_agg's sink, which sums as the records come
 * (like smem, a look at a capture leaves no file behind; and it is ~10x
 * cheaper than storing every mapping).  -w, --growth and --rollup need
 * what only the store keeps: they import into a throwaway in-memory one.
 * From a database, the process rows and plain per-name sums are read into
 * the same smem_agg, so both paths share the arithmetic and then the C
 * filters, grouping, sorting and printing here.
 *
 * Numbers are smem's: sums of the per-mapping kB fields, USS =
 * Private_Clean + Private_Dirty, printed in KiB.  Where pmortem differs on
 * purpose (docs/pmortem.1): mapping names are whole (smem cuts them at the
 * first space, so "/dev/zero (deleted)" is "/dev/zero"); the -u view's VSS
 * is the VSS (smem prints PSS there); a process whose smaps was not
 * captured but whose smaps_rollup was is shown from the rollup; SwapPss is
 * a column; regular expressions are POSIX extended, not Python's.
 */
#include <pwd.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_opts.h"
#include "command.h"
#include "smem_agg.h"
#include "store.h"
#include "tabout.h"
#include "util.h"
#include "walk.h"

static const char usage_text[] =
"usage: pmortem smem [OPTIONS] [PATH...]\n"
"\n"
"Memory per process from smaps, as smem reports it: USS (private pages),\n"
"PSS (private + a share of shared pages), RSS, swap and SwapPss, in KiB.\n"
"PATH (a directory holding proc/<pid>/smaps, a smemcap tarball, smaps\n"
"files) is read and summed in memory, or imported into --db or\n"
"PMORTEM_DB when one is named; without PATH the database is read.\n"
"\n"
"Views (one):\n"
"  (default)          per process\n"
"  -u, --users        per user\n"
"  -g, --groups       per command line (e.g. 600 workers sharing a segment)\n"
"  -m, --mappings     per mapping name: processes mapping it, average PSS\n"
"  -w, --system       the whole system, from meminfo\n"
"  --growth           per pid, the change from its first to its last snapshot\n"
"  --rollup           where smaps_rollup's Pss differs from the smaps sum\n"
"\n"
"Options:\n"
"  -c, --columns 'A B' columns to show (an unknown name lists them)\n"
"  -s, --sort COL     sort on COL (default pss), ascending\n"
"  -r, --reverse      largest first\n"
"  -P, --processfilter RE  processes whose name or command line match\n"
"  -M, --mapfilter RE      only mappings whose name matches\n"
"  -U, --userfilter RE     processes whose user matches\n"
"  --capture TEXT     only captures whose path contains TEXT\n"
"  -t, --totals       a totals line\n"
"  -k, --abbreviate   sizes with unit suffixes (K, M, G, as smem)\n"
"  --bytes            sizes in bytes instead of KiB\n"
"  -n, --numeric      user ids, not names\n"
"  -H, --no-header    no header line (table)\n"
"  --format table|csv|json  output form (default: table on a terminal, else csv)\n"
"  --db FILE          the database (default $PMORTEM_DB; with PATH: in memory)\n"
"  --tz ZONE          zone of times in file names without one\n"
"  -h, --help         this text\n"
"\n"
"User names are looked up on this machine, as smem does.  Exit status: 0 ok,\n"
"1 a source was partial or rejected, 2 fatal, 64 usage.\n";

static int run(int argc, char **argv);

const struct command cmd_smem = {
	.name = "smem",
	.summary = "RSS, PSS, USS and swap per process, user or mapping (smem)",
	.usage = usage_text,
	.run = run,
};

enum view { V_PROC, V_USER, V_GROUP, V_MAP, V_SYSTEM, V_GROWTH, V_ROLLUP };

static const char *const vname[NV] = { "swap", "uss", "pss", "rss", "vss", "swappss" };

struct opts {
	enum view view;
	const char *columns, *sort, *capture;
	regex_t pre, mre, ure;
	int has_p, has_m, has_u;
	int reverse, totals, abbreviate, bytes, numeric, no_header;
	enum tab_format fmt;
};

/* smem's units(): "%.1f" of KiB scaled to K, M, G, T */
static void units(int64_t bytes, char *buf, size_t cap)
{
	static const char suf[] = { 0, 'K', 'M', 'G', 'T' };
	double x = (double)bytes;
	int i = 0;

	if (bytes == 0) {
		snprintf(buf, cap, "0");
		return;
	}
	while (i < 4 && x >= 1024) {
		x /= 1024.0;
		i++;
	}
	if (suf[i])
		snprintf(buf, cap, "%.1f%c", x, suf[i]);
	else
		snprintf(buf, cap, "%.1f", x);
}

/* The smem sums of the database: its process rows and the plain sums of
 * their mappings' fields per name (rollups one by one); the arithmetic is
 * smem_agg's, as on the direct path. */
static int load_db(struct store *st, struct smem_agg *a)
{
	static const char sql_proc[] =
		"SELECT process_id, capture, ts_us, pid, euid, comm, cmdline "
		"FROM process ORDER BY process_id";
	static const char sql_maps[] =
		"SELECT process_id, 0, path, 0, count(*), sum(size_bytes), sum(rss_bytes), "
		"  sum(pss_bytes), sum(private_clean_bytes), sum(private_dirty_bytes), "
		"  sum(swap_bytes), sum(swap_pss_bytes) "
		"FROM mapping WHERE rollup = 0 GROUP BY process_id, path "
		"UNION ALL "
		"SELECT process_id, 1, path, start_hex, 1, size_bytes, rss_bytes, pss_bytes, "
		"  private_clean_bytes, private_dirty_bytes, swap_bytes, swap_pss_bytes "
		"FROM mapping WHERE rollup = 1";
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(store_db(st), sql_proc, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "smem query");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t v[4];

		for (int k = 0; k < 4; k++)
			v[k] = sqlite3_column_type(s, k == 0 ? 0 : k + 1) == SQLITE_NULL ?
			       (k == 1 ? TS_UNKNOWN : -1) :
			       sqlite3_column_int64(s, k == 0 ? 0 : k + 1);
		smem_agg_add_proc(a, v[0], (const char *)sqlite3_column_text(s, 1), v[1],
				  v[2], v[3], (const char *)sqlite3_column_text(s, 5),
				  (const char *)sqlite3_column_text(s, 6));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "smem query");
	if (sqlite3_prepare_v2(store_db(st), sql_maps, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "smem query");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		size_t proc = smem_agg_find_id(a, sqlite3_column_int64(s, 0));
		const char *path = (const char *)sqlite3_column_text(s, 2);
		const char *start = (const char *)sqlite3_column_text(s, 3);
		struct smem_fields f;

		if (proc == (size_t)-1)
			continue;
		f.n = sqlite3_column_int64(s, 4);
		f.has = 0;
		for (int k = 0; k < SF_N; k++) {
			if (sqlite3_column_type(s, 5 + k) == SQLITE_NULL) {
				f.f[k] = 0;
				continue;
			}
			f.f[k] = sqlite3_column_int64(s, 5 + k);
			f.has |= 1u << k;
		}
		smem_agg_add_maps(a, proc, path ? path : "", sqlite3_column_int(s, 1),
				  start ? strtoull(start, NULL, 16) : 0, &f);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "smem query");
	return 0;
}

/* Merge rows that share a key (capture + user / command / map). */
static void group(struct smem_table *t, enum view v)
{
	size_t out = 0;

	for (size_t i = 0; i < t->n; i++) {
		struct smem_row *r = &t->rows[i];
		size_t j;

		for (j = 0; j < out; j++) {
			struct smem_row *g = &t->rows[j];

			if (strcmp(g->capture ? g->capture : "", r->capture ? r->capture : ""))
				continue;
			if ((v == V_USER && g->uid == r->uid) ||
			    (v == V_GROUP && !strcmp(g->command, r->command)) ||
			    (v == V_MAP && !strcmp(g->map, r->map)))
				break;
		}
		if (j == out) {
			t->rows[out++] = *r;
			continue;
		}
		struct smem_row *g = &t->rows[j];

		g->count += r->count;
		g->pids += r->pids;
		if (r->maps >= 0)
			g->maps = (g->maps < 0 ? 0 : g->maps) + r->maps;
		if (r->ts_us != TS_UNKNOWN && (g->ts_us == TS_UNKNOWN || r->ts_us < g->ts_us))
			g->ts_us = r->ts_us;
		for (int k = 0; k < NV; k++)
			if (r->has & (1u << k)) {
				g->v[k] += r->v[k];
				g->has |= 1u << k;
			}
		free(r->capture);
		free(r->name);
		free(r->command);
		free(r->map);
		free(r->user);
	}
	t->n = out;
	if (v == V_MAP)
		for (size_t i = 0; i < t->n; i++)
			t->rows[i].count = t->rows[i].maps;   /* mappings found */
}

/* --- columns ---------------------------------------------------------- */

static int exact_avg;           /* --bytes: averages in bytes, not KiB */

enum ckind { K_INT, K_TEXT, K_SIZE };

struct column {
	const char *name;
	enum ckind kind;
	const char *help;
};

static const struct column all_columns[] = {
	{ "ts", K_TEXT, "snapshot time (UTC)" },
	{ "capture", K_TEXT, "the capture (directory or archive)" },
	{ "pid", K_INT, "process id" },
	{ "user", K_TEXT, "owner (effective uid)" },
	{ "name", K_TEXT, "process name (comm)" },
	{ "command", K_TEXT, "process command line" },
	{ "map", K_TEXT, "mapping name" },
	{ "count", K_INT, "processes (-u, -g) or mappings (-m)" },
	{ "pids", K_INT, "processes mapping it (-m)" },
	{ "maps", K_INT, "number of mappings" },
	{ "swap", K_SIZE, "swap used, ignoring sharing" },
	{ "swappss", K_SIZE, "proportional swap (SwapPss)" },
	{ "uss", K_SIZE, "unique set size: Private_Clean + Private_Dirty" },
	{ "pss", K_SIZE, "proportional set size" },
	{ "rss", K_SIZE, "resident set size, ignoring sharing" },
	{ "vss", K_SIZE, "virtual set size" },
	{ "avgpss", K_SIZE, "PSS per process (-m)" },
	{ "avguss", K_SIZE, "USS per process (-m)" },
	{ "avgrss", K_SIZE, "RSS per process (-m)" },
	{ NULL, K_INT, NULL },
};

static const struct column *find_column(const char *name)
{
	for (const struct column *c = all_columns; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* The value of column c in row r, as an integer (sizes in bytes); 0 when
 * it has none (*null set). */
static int64_t row_int(const struct smem_row *r, const char *c, int *null)
{
	*null = 0;
	if (!strcmp(c, "pid"))
		return r->pid;
	if (!strcmp(c, "count"))
		return r->count;
	if (!strcmp(c, "pids"))
		return r->pids;
	if (!strcmp(c, "maps")) {
		*null = r->maps < 0;
		return r->maps;
	}
	if (!strncmp(c, "avg", 3)) {
		int k = !strcmp(c, "avgpss") ? C_PSS : !strcmp(c, "avguss") ? C_USS : C_RSS;

		*null = !(r->has & (1u << k)) || r->pids == 0;
		if (*null)
			return 0;
		/* smem: int(KiB / pids), kept in bytes for printing */
		return exact_avg ? r->v[k] / r->pids : r->v[k] / 1024 / r->pids * 1024;
	}
	for (int k = 0; k < NV; k++)
		if (!strcmp(c, vname[k])) {
			*null = !(r->has & (1u << k));
			return r->v[k];
		}
	*null = 1;
	return 0;
}

static const char *row_text(const struct smem_row *r, const char *c, char *buf, size_t cap)
{
	if (!strcmp(c, "ts")) {
		if (r->ts_us == TS_UNKNOWN)
			return NULL;
		fmt_ts(r->ts_us, buf, cap);
		return buf;
	}
	if (!strcmp(c, "capture"))
		return r->capture;
	if (!strcmp(c, "user"))
		return r->user;
	if (!strcmp(c, "name"))
		return r->name;
	if (!strcmp(c, "command"))
		return r->command;
	if (!strcmp(c, "map"))
		return r->map;
	return NULL;
}

static const char *sort_col;
static int sort_reverse;

static int cmp_rows(const void *a, const void *b)
{
	const struct smem_row *x = a, *y = b;
	const struct column *c = find_column(sort_col);
	int r = 0, n1, n2;

	/* captures apart, in time order */
	if (x->ts_us != y->ts_us && x->capture && y->capture && strcmp(x->capture, y->capture))
		return x->ts_us < y->ts_us ? -1 : 1;
	if (c->kind == K_TEXT) {
		char b1[64], b2[64];
		const char *s1 = row_text(x, sort_col, b1, sizeof(b1));
		const char *s2 = row_text(y, sort_col, b2, sizeof(b2));

		r = strcmp(s1 ? s1 : "", s2 ? s2 : "");
	} else {
		int64_t v1 = row_int(x, sort_col, &n1), v2 = row_int(y, sort_col, &n2);

		r = v1 < v2 ? -1 : v1 > v2;
	}
	if (!r)         /* ties: smem compares the rest of the row, pid first */
		r = x->pid < y->pid ? -1 : x->pid > y->pid;
	if (!r && x->map && y->map)
		r = strcmp(x->map, y->map);
	if (!r && x->command && y->command)
		r = strcmp(x->command, y->command);
	return sort_reverse ? -r : r;
}

static struct tab_cell size_cell(int64_t bytes, const struct opts *o, char *buf,
				 size_t cap)
{
	if (o->abbreviate) {
		units(bytes, buf, cap);
		struct tab_cell c = tab_text(buf);

		c.numeric = 1;
		return c;
	}
	return tab_int(o->bytes ? bytes : bytes / 1024);
}

static int print_rows(struct smem_table *t, const struct opts *o, char **cols, size_t ncols)
{
	struct tabout out;
	struct tab_cell *cells = xcalloc(ncols, sizeof(*cells));
	char (*bufs)[64] = xcalloc(ncols, sizeof(*bufs));
	const char **names = xcalloc(ncols, sizeof(*names));
	struct smem_row tot;
	int64_t avg_sum[3] = { 0, 0, 0 };   /* smem totals an average column by adding it up */

	for (size_t i = 0; i < ncols; i++)
		names[i] = cols[i];
	tab_init(&out, stdout, o->fmt, ncols, names);
	if (o->no_header && o->fmt == TAB_TABLE)
		out.header_done = 1;
	memset(&tot, 0, sizeof(tot));
	for (size_t i = 0; i <= t->n; i++) {
		const struct smem_row *r = i < t->n ? &t->rows[i] : &tot;

		if (i == t->n && !o->totals)
			break;
		for (size_t k = 0; k < ncols; k++) {
			const struct column *c = find_column(cols[k]);
			int null;

			if (i == t->n && c->kind != K_SIZE && strcmp(c->name, "count") &&
			    strcmp(c->name, "pids") && strcmp(c->name, "maps")) {
				/* smem's totals: pid counts rows, user counts users */
				if (!strcmp(c->name, "pid"))
					cells[k] = tab_int((long long)t->n);
				else if (!strcmp(c->name, "user")) {
					size_t users = 0;

					for (size_t a = 0; a < t->n; a++) {
						size_t b;

						for (b = 0; b < a; b++)
							if (!strcmp(t->rows[a].user, t->rows[b].user))
								break;
						users += b == a;
					}
					cells[k] = tab_int((long long)users);
				} else if (!strcmp(c->name, "map"))
					cells[k] = tab_int((long long)t->n);
				else
					cells[k] = tab_text("");
				continue;
			}
			if (c->kind == K_TEXT) {
				const char *s = row_text(r, c->name, bufs[k], sizeof(bufs[k]));

				cells[k] = s ? tab_text(s) : tab_null();
				continue;
			}
			int64_t v = row_int(r, c->name, &null);
			int avg = !strcmp(c->name, "avgpss") ? 0 : !strcmp(c->name, "avguss") ? 1 :
				  !strcmp(c->name, "avgrss") ? 2 : -1;

			if (avg >= 0 && i == t->n) {
				v = avg_sum[avg];
				null = 0;
			} else if (avg >= 0 && !null)
				avg_sum[avg] += v;
			if (null)
				cells[k] = tab_null();
			else if (c->kind == K_SIZE)
				cells[k] = size_cell(v, o, bufs[k], sizeof(bufs[k]));
			else
				cells[k] = tab_int(v);
		}
		tab_row(&out, cells);
		if (i < t->n) {
			/* totals: sums of what is shown, avg* summed as smem does */
			tot.count += r->count;
			tot.pids += r->pids;
			tot.maps += r->maps > 0 ? r->maps : 0;
			for (int k = 0; k < NV; k++)
				if (r->has & (1u << k)) {
					tot.v[k] += r->v[k];
					tot.has |= 1u << k;
				}
		}
	}
	tab_finish(&out);
	free(cells);
	free(bufs);
	free(names);
	return 0;
}

/* -w: the whole system from the latest meminfo of each host (smem's
 * showsystem(), without -R and -K: firmware and kernel image are 0). */
static int system_view(struct store *st, const struct opts *o)
{
	static const char sql[] =
		"WITH last AS (SELECT s.host_id, max(x.ts_us) AS ts FROM series s "
		"  JOIN sample x USING (series_id) WHERE s.metric = 'meminfo.MemTotal' "
		"  GROUP BY s.host_id) "
		"SELECT h.name, l.ts, "
		"  max(CASE s.metric WHEN 'meminfo.MemTotal' THEN x.value END), "
		"  max(CASE s.metric WHEN 'meminfo.MemFree' THEN x.value END), "
		"  max(CASE s.metric WHEN 'meminfo.AnonPages' THEN x.value END), "
		"  max(CASE s.metric WHEN 'meminfo.Mapped' THEN x.value END), "
		"  max(CASE s.metric WHEN 'meminfo.Buffers' THEN x.value END), "
		"  max(CASE s.metric WHEN 'meminfo.SReclaimable' THEN x.value END), "
		"  max(CASE s.metric WHEN 'meminfo.Cached' THEN x.value END) "
		"FROM last l JOIN host h USING (host_id) JOIN series s ON s.host_id = l.host_id "
		"JOIN sample x ON x.series_id = s.series_id AND x.ts_us = l.ts "
		"GROUP BY h.name, l.ts ORDER BY h.name";
	static const char *const cols[] = { "area", "used", "cache", "noncache" };
	sqlite3_stmt *s;
	struct tabout out;
	int rows = 0, rc;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "smem -w query");
	tab_init(&out, stdout, o->fmt, 4, cols);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t m[7];
		const char *area[5] = { "firmware/hardware", "kernel image",
					"kernel dynamic memory", "userspace memory",
					"free memory" };
		int64_t used[5], cache[5];
		char b[3][64];

		for (int k = 0; k < 7; k++)
			m[k] = (int64_t)sqlite3_column_double(s, 2 + k);
		/* MemTotal MemFree AnonPages Mapped Buffers SReclaimable Cached */
		used[0] = 0, cache[0] = 0;
		used[1] = 0, cache[1] = 0;
		used[3] = m[2] + m[3], cache[3] = m[3];
		used[2] = m[0] - m[1] - used[3];
		cache[2] = m[4] + m[5] + (m[6] - m[3]);
		used[4] = m[1], cache[4] = m[1];
		for (int k = 0; k < 5; k++) {
			struct tab_cell c[4];

			c[0] = tab_text(area[k]);
			c[1] = size_cell(used[k], o, b[0], sizeof(b[0]));
			c[2] = size_cell(cache[k], o, b[1], sizeof(b[1]));
			c[3] = size_cell(used[k] - cache[k], o, b[2], sizeof(b[2]));
			tab_row(&out, c);
		}
		rows++;
	}
	tab_finish(&out);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "smem -w query");
	if (!rows) {
		fprintf(stderr, "pmortem: smem: no meminfo in the database\n");
		return -1;
	}
	return 0;
}

/* --growth and --rollup: their views, printed as they are. */
static int view_rows(struct store *st, const struct opts *o, const char *sql)
{
	sqlite3_stmt *s;
	struct tabout out;
	int ncol, rc;
	const char **names;
	struct tab_cell *cells;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "smem view");
	ncol = sqlite3_column_count(s);
	names = xcalloc((size_t)ncol, sizeof(*names));
	cells = xcalloc((size_t)ncol, sizeof(*cells));
	for (int i = 0; i < ncol; i++)
		names[i] = sqlite3_column_name(s, i);
	tab_init(&out, stdout, o->fmt, (size_t)ncol, names);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < ncol; i++) {
			int t = sqlite3_column_type(s, i);

			if (t == SQLITE_NULL)
				cells[i] = tab_null();
			else if (t == SQLITE_INTEGER)
				cells[i] = tab_int(sqlite3_column_int64(s, i));
			else
				cells[i] = tab_textn((const char *)sqlite3_column_text(s, i),
						     (size_t)sqlite3_column_bytes(s, i));
		}
		tab_row(&out, cells);
	}
	tab_finish(&out);
	free(names);
	free(cells);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "smem view");
}

static int compile(const char *what, const char *re, regex_t *out)
{
	char msg[256];
	int rc = regcomp(out, re, REG_EXTENDED | REG_NOSUB);

	if (rc == 0)
		return 0;
	regerror(rc, out, msg, sizeof(msg));
	cli_usage_error(&cmd_smem, "%s '%s': %s", what, re, msg);
	return -1;
}

/* Print the view: from st (-w, --growth, --rollup) or from the sums in a
 * (filled from st when a is empty and st given). */
static int report(struct store *st, struct smem_agg *a, struct opts *o)
{
	static const char *const defaults[] = {
		[V_PROC] = "pid user command swap swappss uss pss rss",
		[V_USER] = "user count swap swappss uss pss rss",
		[V_GROUP] = "command count swap swappss uss pss rss",
		[V_MAP] = "map pids avgpss pss",
	};
	struct smem_table t = { 0 };
	struct smem_filter flt;
	char *spec, *cols[64];
	size_t ncols = 0, ncaptures = 0;
	int rc = 0;

	if (o->view == V_SYSTEM)
		return system_view(st, o);
	if (o->view == V_GROWTH)
		return view_rows(st, o, "SELECT host, pid, command, snapshots, first_ts, "
				 "last_ts, first_uss / 1024 AS first_uss, last_uss / 1024 AS last_uss, "
				 "uss_growth / 1024 AS uss_growth, pss_growth / 1024 AS pss_growth, "
				 "rss_growth / 1024 AS rss_growth FROM v_smem_growth "
				 "ORDER BY uss_growth DESC, pid");
	if (o->view == V_ROLLUP)
		return view_rows(st, o, "SELECT ts, pid, name, maps, rollup_pss / 1024 AS rollup_pss, "
				 "smaps_pss / 1024 AS smaps_pss, pss_diff / 1024 AS pss_diff, "
				 "rss_diff / 1024 AS rss_diff FROM v_smaps_rollup_diff "
				 "ORDER BY ts, pss_diff DESC, pid");
	if (st && load_db(st, a) < 0)
		return -1;
	memset(&flt, 0, sizeof(flt));
	flt.capture = o->capture;
	flt.pre = o->has_p ? &o->pre : NULL;
	flt.mre = o->has_m ? &o->mre : NULL;
	flt.ure = o->has_u ? &o->ure : NULL;
	flt.numeric = o->numeric;
	smem_agg_rows(a, &flt, o->view == V_MAP, &t);
	if (o->view != V_PROC)
		group(&t, o->view);
	for (size_t i = 0; i < t.n; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (!strcmp(t.rows[i].capture ? t.rows[i].capture : "",
				    t.rows[j].capture ? t.rows[j].capture : ""))
				break;
		ncaptures += j == i;
	}
	spec = xstrdup(o->columns ? o->columns : defaults[o->view]);
	if (ncaptures > 1 && !o->columns)
		cols[ncols++] = "ts";
	for (char *p = spec; *p && ncols < 64;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		cols[ncols++] = p;
		while (*p && *p != ' ' && *p != ',')
			p++;
		if (*p)
			*p++ = '\0';
	}
	for (size_t i = 0; i < ncols; i++)
		if (!find_column(cols[i])) {
			fprintf(stderr, "pmortem: smem: unknown column '%s'; known:\n", cols[i]);
			for (const struct column *c = all_columns; c->name; c++)
				fprintf(stderr, "  %-8s %s\n", c->name, c->help);
			rc = -2;
			goto out;
		}
	if (!find_column(o->sort)) {
		fprintf(stderr, "pmortem: smem: unknown sort column '%s'\n", o->sort);
		rc = -2;
		goto out;
	}
	sort_col = o->sort;
	sort_reverse = o->reverse;
	exact_avg = o->bytes;
	if (t.n > 1)
		qsort(t.rows, t.n, sizeof(*t.rows), cmp_rows);
	rc = print_rows(&t, o, cols, ncols);
out:
	free(spec);
	smem_table_free(&t);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option lopts[] = {
		CLI_COMMON_OPTS,
		{ "users", no_argument, NULL, 'u' },
		{ "groups", no_argument, NULL, 'g' },
		{ "mappings", no_argument, NULL, 'm' },
		{ "system", no_argument, NULL, 'w' },
		{ "growth", no_argument, NULL, 1200 },
		{ "rollup", no_argument, NULL, 1201 },
		{ "columns", required_argument, NULL, 'c' },
		{ "sort", required_argument, NULL, 's' },
		{ "reverse", no_argument, NULL, 'r' },
		{ "processfilter", required_argument, NULL, 'P' },
		{ "mapfilter", required_argument, NULL, 'M' },
		{ "userfilter", required_argument, NULL, 'U' },
		{ "capture", required_argument, NULL, 1202 },
		{ "totals", no_argument, NULL, 't' },
		{ "abbreviate", no_argument, NULL, 'k' },
		{ "bytes", no_argument, NULL, 1203 },
		{ "numeric", no_argument, NULL, 'n' },
		{ "no-header", no_argument, NULL, 'H' },
		{ "format", required_argument, NULL, 1204 },
		{ "tz", required_argument, NULL, OPT_TZ },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	struct store *st;
	struct smem_agg agg;
	struct walk_opts wo;
	const char *db;
	int c, code = EXIT_OK, nviews = 0, explicit_db = 0;

	memset(&o, 0, sizeof(o));
	o.view = V_PROC;
	o.fmt = tab_format_default();
	memset(&wo, 0, sizeof(wo));
	cli_import_opts_init(&wo);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hugmwc:s:rP:M:U:tknH", lopts, NULL)) != -1) {
		switch (c) {
		case 'u': o.view = V_USER; nviews++; break;
		case 'g': o.view = V_GROUP; nviews++; break;
		case 'm': o.view = V_MAP; nviews++; break;
		case 'w': o.view = V_SYSTEM; nviews++; break;
		case 1200: o.view = V_GROWTH; nviews++; break;
		case 1201: o.view = V_ROLLUP; nviews++; break;
		case 'c': o.columns = optarg; break;
		case 's': o.sort = optarg; break;
		case 'r': o.reverse = 1; break;
		case 'P':
			if (compile("-P", optarg, &o.pre) < 0)
				return EXIT_USAGE;
			o.has_p = 1;
			break;
		case 'M':
			if (compile("-M", optarg, &o.mre) < 0)
				return EXIT_USAGE;
			o.has_m = 1;
			break;
		case 'U':
			if (compile("-U", optarg, &o.ure) < 0)
				return EXIT_USAGE;
			o.has_u = 1;
			break;
		case 1202: o.capture = optarg; break;
		case 't': o.totals = 1; break;
		case 'k': o.abbreviate = 1; break;
		case 1203: o.bytes = 1; break;
		case 'n': o.numeric = 1; break;
		case 'H': o.no_header = 1; break;
		case 1204:
			if (tab_format_parse(optarg, &o.fmt) < 0)
				return cli_usage_error(&cmd_smem, "unknown format '%s' "
						       "(table, csv or json)", optarg);
			break;
		case OPT_TZ:
			if (cli_import_opt(&cmd_smem, c, optarg, &wo, &code) <= 0)
				return code;
			break;
		default:
			if (c == OPT_DB)
				explicit_db = 1;
			if (cli_common(&cmd_smem, c, optarg, &code) <= 0)
				return code;
		}
	}
	if (nviews > 1)
		return cli_usage_error(&cmd_smem, "give one of -u, -g, -m, -w, --growth, --rollup");
	if (!o.sort)
		o.sort = "pss";
	db = cli_db_path();
	smem_agg_init(&agg);
	st = NULL;
	if (optind < argc) {
		struct walk_stats ws;
		const char *env = getenv("PMORTEM_DB");
		int direct = !explicit_db && !(env && *env);

		wo.quiet = 1;
		if (direct && (o.view == V_PROC || o.view == V_USER || o.view == V_GROUP ||
			       o.view == V_MAP)) {
			/* no database at all: the importers' records are summed
			 * as they come (smem_agg.c) */
			wo.target = smem_agg_target(&agg);
			code = walk_import(NULL, argv + optind, argc - optind, &wo, &ws);
		} else {
			if (direct) {
				/* -w, --growth, --rollup read what only the
				 * store keeps: a throwaway one in memory */
				db = ":memory:";
				wo.no_hash = 1;         /* nothing there to find again */
			}
			st = store_open(db, 0);
			if (!st) {
				smem_agg_release(&agg);
				return EXIT_FATAL;
			}
			wo.db_path = db;
			code = walk_import(st, argv + optind, argc - optind, &wo, &ws);
		}
		if (code == EXIT_FATAL) {
			store_close(st);
			smem_agg_release(&agg);
			return EXIT_FATAL;
		}
	} else {
		st = store_open(db, 1);
		if (!st) {
			smem_agg_release(&agg);
			return EXIT_FATAL;
		}
	}
	int r = report(st, &agg, &o);

	smem_agg_release(&agg);
	store_close(st);
	if (o.has_p)
		regfree(&o.pre);
	if (o.has_m)
		regfree(&o.mre);
	if (o.has_u)
		regfree(&o.ure);
	if (r == -2)
		return EXIT_USAGE;
	if (r < 0)
		return EXIT_FATAL;
	return cli_finish_stdout(code);
}
