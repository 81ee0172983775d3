/*
 * store_proc.c - writes the records of the /proc snapshot importers (issue
 * 3) into process, mapping and mapping_field (src/schema.sql, PROC
 * section).  Fills its callbacks of the sink in store_proc_sink(); see
 * store.h.
 *
 * A process row is shared by several sources: smaps, smaps_rollup, stat,
 * status and cmdline of one snapshot each call sink->process, and the row
 * keyed by (host, snapshot, pid) is created by the first and completed by
 * the others: a known value fills an unknown one, never overwrites it, and
 * ts_us keeps the earliest time given.  Each source's transaction covers
 * its own changes, so a rejected source leaves the row as it was.
 */
#include <stdio.h>
#include <string.h>

#include "store.h"

static struct store *ST(struct sink *s)
{
	return s->ctx;
}

static void bind_i64_or_null(sqlite3_stmt *s, int i, int64_t v, int64_t none)
{
	if (v == none)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* The columns a process record may fill: ?5.. in both statements below. */
static void bind_identity(sqlite3_stmt *s, const struct process_rec *p)
{
	bind_i64_or_null(s, 5, p->ts_us, TS_UNKNOWN);
	bind_text_or_null(s, 6, p->ts_us == TS_UNKNOWN ? NULL : p->time_origin);
	bind_i64_or_null(s, 7, p->ppid, -1);
	bind_i64_or_null(s, 8, p->uid, -1);
	bind_i64_or_null(s, 9, p->euid, -1);
	bind_i64_or_null(s, 10, p->gid, -1);
	bind_i64_or_null(s, 11, p->egid, -1);
	bind_text_or_null(s, 12, p->comm);
	bind_text_or_null(s, 13, p->cmdline);
	bind_text_or_null(s, 14, p->state);
	bind_i64_or_null(s, 15, p->threads, -1);
	bind_i64_or_null(s, 16, p->start_ticks, -1);
	bind_i64_or_null(s, 17, p->vm_rss_bytes, -1);
	bind_i64_or_null(s, 18, p->vm_swap_bytes, -1);
	bind_text_or_null(s, 19, p->from ? p->from : "");
}

static int64_t sink_process(struct sink *sk, const struct process_rec *p)
{
	struct store *st = ST(sk);
	sqlite3_stmt *s;
	int64_t id = 0;

	if (!p->snapshot)
		return -1;
	s = store_stmt(st, "SELECT process_id FROM process WHERE host_id = ?1 "
			   "AND snapshot = ?2 AND ifnull(pid, -1) = ?3");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_host_id(st));
	sqlite3_bind_text(s, 2, p->snapshot, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, p->pid < 0 ? -1 : p->pid);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (id) {
		s = store_stmt(st,
			"UPDATE process SET "
			"time_origin = CASE WHEN ?5 IS NOT NULL AND (ts_us IS NULL OR ?5 < ts_us) "
			"  THEN ?6 ELSE time_origin END, "
			"ts_us = CASE WHEN ?5 IS NOT NULL AND (ts_us IS NULL OR ?5 < ts_us) "
			"  THEN ?5 ELSE ts_us END, "
			"ppid = ifnull(ppid, ?7), uid = ifnull(uid, ?8), "
			"euid = ifnull(euid, ?9), gid = ifnull(gid, ?10), "
			"egid = ifnull(egid, ?11), comm = ifnull(comm, ?12), "
			"cmdline = ifnull(cmdline, ?13), state = ifnull(state, ?14), "
			"threads = ifnull(threads, ?15), start_ticks = ifnull(start_ticks, ?16), "
			"vm_rss_bytes = ifnull(vm_rss_bytes, ?17), "
			"vm_swap_bytes = ifnull(vm_swap_bytes, ?18), "
			"files = CASE WHEN ?19 = '' OR instr(' ' || files || ' ', ' ' || ?19 || ' ') "
			"  THEN files ELSE ltrim(files || ' ' || ?19) END "
			"WHERE process_id = ?1");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, id);
	} else {
		s = store_stmt(st,
			"INSERT INTO process(host_id, snapshot, pid, capture, ts_us, "
			"time_origin, ppid, uid, euid, gid, egid, comm, cmdline, state, "
			"threads, start_ticks, vm_rss_bytes, vm_swap_bytes, files, source_id) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
			"?14, ?15, ?16, ?17, ?18, ?19, ?20)");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, store_host_id(st));
		sqlite3_bind_int64(s, 20, store_source_id(st));
	}
	sqlite3_bind_text(s, 2, p->snapshot, -1, SQLITE_STATIC);
	bind_i64_or_null(s, 3, p->pid < 0 ? -1 : p->pid, -1);
	sqlite3_bind_text(s, 4, p->capture ? p->capture : p->snapshot, -1, SQLITE_STATIC);
	bind_identity(s, p);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_fail(st, id ? "update process" : "insert process");
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	if (!id) {
		id = sqlite3_last_insert_rowid(store_db(st));
		store_count_row(st);
	}
	if (p->ts_us != TS_UNKNOWN)
		store_note_time(st, p->ts_us);
	return id;
}

#define COL(e, name, col) ", " #col
#define QMARK(e, name, col) ", ?"
static const char insert_mapping[] =
	"INSERT OR IGNORE INTO mapping(process_id, source_id, line, rollup, "
	"start_hex, end_hex, perms, offset_bytes, dev, inode, path"
	SMAPS_KB_FIELDS(COL)
	", thp_eligible, protection_key, vm_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
	SMAPS_KB_FIELDS(QMARK)
	", ?, ?, ?)";
#undef COL
#undef QMARK

/* "%016llx", without printf's cost on every mapping */
static void hex16(uint64_t v, char out[17])
{
	for (int i = 15; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
	out[16] = '\0';
}

static int sink_mapping(struct sink *sk, const struct mapping_rec *m)
{
	struct store *st = ST(sk);
	sqlite3_stmt *s = store_stmt_bound(st, insert_mapping);   /* all bound below */
	char start[20], end[20];
	int i = 1;
	int64_t id;

	if (!s)
		return -1;
	hex16(m->start, start);
	hex16(m->end, end);
	sqlite3_bind_int64(s, i++, m->process);
	sqlite3_bind_int64(s, i++, store_source_id(st));
	bind_i64_or_null(s, i++, m->line, 0);
	sqlite3_bind_int(s, i++, m->rollup);
	sqlite3_bind_text(s, i++, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, end, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, m->perms, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, (int64_t)m->offset);
	sqlite3_bind_text(s, i++, m->dev, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, (int64_t)m->inode);
	sqlite3_bind_text(s, i++, m->path, -1, SQLITE_STATIC);
	for (int k = 0; k < SMAPS_NKB; k++)
		bind_i64_or_null(s, i++, m->kb[k], INT64_MIN);
	bind_i64_or_null(s, i++, m->thp_eligible, -1);
	bind_i64_or_null(s, i++, m->protection_key, -1);
	bind_text_or_null(s, i++, m->vm_flags);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_fail(st, "insert mapping");
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	if (sqlite3_changes(store_db(st)) == 0)
		return 0;       /* the snapshot has this mapping already */
	store_count_row(st);
	id = sqlite3_last_insert_rowid(store_db(st));
	for (size_t k = 0; k < m->nextra; k++) {
		s = store_stmt(st, "INSERT INTO mapping_field(mapping_id, name, "
				   "value, bytes) VALUES (?1, ?2, ?3, ?4)");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, m->extra[k].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, m->extra[k].value, -1, SQLITE_STATIC);
		bind_i64_or_null(s, 4, m->extra[k].bytes, INT64_MIN);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_fail(st, "insert mapping_field");
			sqlite3_reset(s);
			return -1;
		}
		sqlite3_reset(s);
		store_count_row(st);
	}
	return 0;
}

void store_proc_sink(struct store *st, struct sink *s)
{
	(void)st;
	s->process = sink_process;
	s->mapping = sink_mapping;
}
