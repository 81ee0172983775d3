/*
 * store_dump.c - writes the records of cores and dumps (issue 4) into
 * their tables: dump, dump_segment, dump_thread, dump_frame, dump_module
 * and dump_note (src/schema.sql, section DUMPS).  store_dump_sink() fills
 * those callbacks of the sink; dump_string rows are store_strings.c's.
 *
 * Every statement is a cached prepared statement (store_stmt); the sink's
 * ctx is the store.  Addresses are unsigned 64-bit in C and stored as
 * SQLite's signed 64-bit integers (two's complement), so addresses above
 * 2^63 (the x86-64 [vsyscall] page) read back negative; docs/SCHEMA.md says
 * so.  Handles given back to importers are the rows' ids.
 */
#include "store.h"

static struct store *S(struct sink *s)
{
	return s->ctx;
}

static void bind_text(sqlite3_stmt *q, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(q, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static void bind_u64(sqlite3_stmt *q, int i, uint64_t v)
{
	sqlite3_bind_int64(q, i, (sqlite3_int64)v);
}

/* Run a prepared insert; the new row id, or -1 (reported). */
static int64_t insert(struct store *st, sqlite3_stmt *q, const char *what)
{
	if (sqlite3_step(q) != SQLITE_DONE)
		return store_fail(st, what);
	store_count_row(st);
	return sqlite3_last_insert_rowid(store_db(st));
}

static int64_t dump_write(struct sink *s, const struct dump_rec *d)
{
	struct store *st = S(s);
	sqlite3_stmt *q = store_stmt(st,
		"INSERT INTO dump (source_id, host_id, kind, producer, pid, comm,"
		" cmdline, exe, signal, ts_us, size_bytes, truncated)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, store_source_id(st));
	sqlite3_bind_int64(q, 2, store_host_id(st));
	bind_text(q, 3, d->kind ? d->kind : "core");
	bind_text(q, 4, d->producer);
	if (d->pid >= 0)
		sqlite3_bind_int64(q, 5, d->pid);
	bind_text(q, 6, d->comm);
	bind_text(q, 7, d->cmdline);
	bind_text(q, 8, d->exe);
	if (d->signal > 0)
		sqlite3_bind_int(q, 9, d->signal);
	if (d->ts_us != TS_UNKNOWN)
		sqlite3_bind_int64(q, 10, d->ts_us);
	bind_u64(q, 11, d->size_bytes);
	sqlite3_bind_int(q, 12, d->truncated != 0);
	return insert(st, q, "insert dump");
}

static int64_t segment_write(struct sink *s, const struct segment_rec *g)
{
	struct store *st = S(s);
	sqlite3_stmt *q = store_stmt(st,
		"INSERT INTO dump_segment (dump_id, vaddr, memsz, filesz,"
		" file_offset, flags, filtered, truncated, label, path,"
		" path_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	char flags[4] = {
		g->flags & 4 ? 'r' : '-',
		g->flags & 2 ? 'w' : '-',
		g->flags & 1 ? 'x' : '-',
		'\0',
	};

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, g->dump);
	bind_u64(q, 2, g->vaddr);
	bind_u64(q, 3, g->memsz);
	bind_u64(q, 4, g->filesz);
	bind_u64(q, 5, g->file_offset);
	bind_text(q, 6, flags);
	sqlite3_bind_int(q, 7, g->filesz < g->memsz);
	sqlite3_bind_int(q, 8, g->truncated != 0);
	bind_text(q, 9, g->label ? g->label : "anon");
	bind_text(q, 10, g->path);
	if (g->path)
		bind_u64(q, 11, g->path_offset);
	return insert(st, q, "insert dump_segment");
}

static int64_t thread_write(struct sink *s, const struct thread_rec *t)
{
	struct store *st = S(s);
	sqlite3_stmt *q = store_stmt(st,
		"INSERT INTO dump_thread (dump_id, idx, tid, signal, pc, sp,"
		" unwind, unwind_reason, nframes) VALUES (?,?,?,?,?,?,?,?,?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, t->dump);
	sqlite3_bind_int(q, 2, t->index);
	sqlite3_bind_int64(q, 3, t->tid);
	sqlite3_bind_int(q, 4, t->signal);
	if (t->has_regs) {
		bind_u64(q, 5, t->pc);
		bind_u64(q, 6, t->sp);
	}
	bind_text(q, 7, t->unwind ? t->unwind : "none");
	bind_text(q, 8, t->unwind_reason);
	sqlite3_bind_int(q, 9, t->nframes);
	return insert(st, q, "insert dump_thread");
}

static int frame_write(struct sink *s, const struct frame_rec *f)
{
	struct store *st = S(s);
	sqlite3_stmt *q = store_stmt(st,
		"INSERT INTO dump_frame (thread_id, idx, pc, is_activation,"
		" module, build_id, module_offset, symbol, symbol_offset,"
		" src_file, src_line) VALUES (?,?,?,?,?,?,?,?,?,?,?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, f->thread);
	sqlite3_bind_int(q, 2, f->index);
	bind_u64(q, 3, f->pc);
	sqlite3_bind_int(q, 4, f->is_activation != 0);
	bind_text(q, 5, f->module);
	bind_text(q, 6, f->build_id);
	if (f->module)
		bind_u64(q, 7, f->module_offset);
	bind_text(q, 8, f->symbol);
	if (f->symbol)
		bind_u64(q, 9, f->symbol_offset);
	bind_text(q, 10, f->src_file);
	if (f->src_line > 0)
		sqlite3_bind_int(q, 11, f->src_line);
	return insert(st, q, "insert dump_frame") < 0 ? -1 : 0;
}

static int module_write(struct sink *s, const struct module_rec *m)
{
	struct store *st = S(s);
	sqlite3_stmt *q = store_stmt(st,
		"INSERT INTO dump_module (dump_id, name, base, end_addr, build_id,"
		" found_path, build_id_verified) VALUES (?,?,?,?,?,?,?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, m->dump);
	bind_text(q, 2, m->name ? m->name : "");
	bind_u64(q, 3, m->base);
	bind_u64(q, 4, m->end);
	bind_text(q, 5, m->build_id);
	bind_text(q, 6, m->found_path);
	sqlite3_bind_int(q, 7, m->build_id_verified != 0);
	return insert(st, q, "insert dump_module") < 0 ? -1 : 0;
}

static int note_write(struct sink *s, const struct note_rec *n)
{
	struct store *st = S(s);
	sqlite3_stmt *q = store_stmt(st,
		"INSERT INTO dump_note (dump_id, note, key, value, text, offset)"
		" VALUES (?,?,?,?,?,?)");

	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, n->dump);
	bind_text(q, 2, n->note);
	bind_text(q, 3, n->key);
	if (n->has_value)
		sqlite3_bind_int64(q, 4, n->value);
	bind_text(q, 5, n->text);
	bind_u64(q, 6, n->offset);
	return insert(st, q, "insert dump_note") < 0 ? -1 : 0;
}

void store_dump_sink(struct store *st, struct sink *s)
{
	(void)st;
	s->dump = dump_write;
	s->segment = segment_write;
	s->dump_thread = thread_write;
	s->dump_frame = frame_write;
	s->dump_module = module_write;
	s->dump_note = note_write;
}
