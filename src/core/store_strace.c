/*
 * store_strace.c - writes the strace and kernel-log records of issue 5
 * (tables syscall, kernel_event_attr, oom_kill, oom_zone, oom_task of
 * src/schema.sql, section "strace and kernel logs").
 *
 * Kept apart from store_capture.c (tcpdump) so each importer's writer is one
 * file; store_capture_sink() calls store_strace_sink() to fill these
 * callbacks.  Every statement is a cached prepared statement inside the
 * source's transaction; values that are unknown (-1, NAN, TS_UNKNOWN, NULL)
 * are written as SQL NULL.
 */
#include <math.h>

#include "store.h"

static struct store *S(struct sink *s)
{
	return s->ctx;
}

static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* Bind v unless it is negative (the -1 "unknown" convention). */
static void bind_i64(sqlite3_stmt *s, int i, int64_t v)
{
	if (v >= 0)
		sqlite3_bind_int64(s, i, v);
}

static void bind_real(sqlite3_stmt *s, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(s, i, v);
}

static int step(struct store *st, sqlite3_stmt *s, const char *what)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, what);
	store_count_row(st);
	return 0;
}

static int sink_syscall(struct sink *sk, const struct syscall_rec *c)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO syscall(source_id, host_id, line, end_line, ts_us, "
		"rel_s, pid, kind, name, args, ret, retval, errno, err_text, "
		"duration_s, unfinished, resumed, fd, peer, peer_port) VALUES "
		"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,"
		"?18,?19,?20)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_source_id(st));
	sqlite3_bind_int64(s, 2, store_host_id(st));
	bind_i64(s, 3, c->line);
	bind_i64(s, 4, c->end_line);
	if (c->ts_us != TS_UNKNOWN)
		sqlite3_bind_int64(s, 5, c->ts_us);
	bind_real(s, 6, c->rel_s);
	bind_i64(s, 7, c->pid);
	bind_text(s, 8, c->kind ? c->kind : "syscall");
	bind_text(s, 9, c->name);
	bind_text(s, 10, c->args);
	bind_text(s, 11, c->ret);
	if (c->has_retval)
		sqlite3_bind_int64(s, 12, c->retval);
	bind_text(s, 13, c->err);
	bind_text(s, 14, c->err_text);
	bind_real(s, 15, c->duration_s);
	sqlite3_bind_int(s, 16, c->unfinished);
	sqlite3_bind_int(s, 17, c->resumed);
	bind_i64(s, 18, c->fd);
	bind_text(s, 19, c->peer);
	bind_i64(s, 20, c->peer_port);
	if (step(st, s, "insert syscall") < 0)
		return -1;
	if (c->ts_us != TS_UNKNOWN)
		store_note_time(st, c->ts_us);
	return 0;
}

static int sink_event_attr(struct sink *sk, int64_t line, const char *key,
			   const char *value)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO kernel_event_attr(source_id, line, key, value) "
		"VALUES (?1, ?2, ?3, ?4)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_source_id(st));
	sqlite3_bind_int64(s, 2, line);
	bind_text(s, 3, key);
	bind_text(s, 4, value);
	return step(st, s, "insert kernel_event_attr");
}

static int write_zone(struct store *st, int64_t oom_id,
		      const struct oom_zone_rec *z)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO oom_zone(oom_id, node, zone, free_bytes, min_bytes, "
		"low_bytes, high_bytes, managed_bytes, line) VALUES "
		"(?1,?2,?3,?4,?5,?6,?7,?8,?9)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, oom_id);
	bind_i64(s, 2, z->node);
	bind_text(s, 3, z->zone);
	bind_i64(s, 4, z->free_bytes);
	bind_i64(s, 5, z->min_bytes);
	bind_i64(s, 6, z->low_bytes);
	bind_i64(s, 7, z->high_bytes);
	bind_i64(s, 8, z->managed_bytes);
	bind_i64(s, 9, z->line);
	return step(st, s, "insert oom_zone");
}

static int write_task(struct store *st, int64_t oom_id,
		      const struct oom_task_rec *t)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO oom_task(oom_id, pid, uid, tgid, total_vm_bytes, "
		"rss_bytes, rss_anon_bytes, rss_file_bytes, rss_shmem_bytes, "
		"pgtables_bytes, swapents, oom_score_adj, name, line) VALUES "
		"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, oom_id);
	bind_i64(s, 2, t->pid);
	bind_i64(s, 3, t->uid);
	bind_i64(s, 4, t->tgid);
	bind_i64(s, 5, t->total_vm_bytes);
	bind_i64(s, 6, t->rss_bytes);
	bind_i64(s, 7, t->rss_anon_bytes);
	bind_i64(s, 8, t->rss_file_bytes);
	bind_i64(s, 9, t->rss_shmem_bytes);
	bind_i64(s, 10, t->pgtables_bytes);
	bind_i64(s, 11, t->swapents);
	sqlite3_bind_int(s, 12, t->oom_score_adj);
	bind_text(s, 13, t->name);
	bind_i64(s, 14, t->line);
	return step(st, s, "insert oom_task");
}

static int sink_oom(struct sink *sk, const struct oom_rec *o)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO oom_kill(source_id, host_id, line, kill_line, "
		"reap_line, ts_us, ts_uncertainty_s, mono_s, invoker, invoker_pid, "
		"gfp_mask, alloc_order, oom_score_adj, oom_constraint, nodemask, "
		"cpuset, mems_allowed, oom_memcg, task_memcg, memcg, "
		"memcg_usage_bytes, memcg_limit_bytes, memcg_failcnt, killed_pid, "
		"killed_comm, killed_uid, total_vm_bytes, anon_rss_bytes, "
		"file_rss_bytes, shmem_rss_bytes, pgtables_bytes, "
		"killed_oom_score_adj, reaped_anon_rss_bytes, "
		"reaped_file_rss_bytes, reaped_shmem_rss_bytes, memcg_kmem_bytes) VALUES "
		"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,"
		"?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,"
		"?35,?36)");
	int64_t id;

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_source_id(st));
	sqlite3_bind_int64(s, 2, store_host_id(st));
	if (o->line > 0)
		sqlite3_bind_int64(s, 3, o->line);
	if (o->kill_line > 0)
		sqlite3_bind_int64(s, 4, o->kill_line);
	if (o->reap_line > 0)
		sqlite3_bind_int64(s, 5, o->reap_line);
	if (o->ts_us != TS_UNKNOWN)
		sqlite3_bind_int64(s, 6, o->ts_us);
	if (o->ts_uncertainty_s > 0)
		sqlite3_bind_double(s, 7, o->ts_uncertainty_s);
	bind_real(s, 8, o->mono_s);
	bind_text(s, 9, o->invoker);
	bind_i64(s, 10, o->invoker_pid);
	bind_text(s, 11, o->gfp_mask);
	if (o->line > 0)
		sqlite3_bind_int(s, 12, o->order);
	if (o->line > 0)
		sqlite3_bind_int(s, 13, o->oom_score_adj);
	bind_text(s, 14, o->constraint);
	bind_text(s, 15, o->nodemask);
	bind_text(s, 16, o->cpuset);
	bind_text(s, 17, o->mems_allowed);
	bind_text(s, 18, o->oom_memcg);
	bind_text(s, 19, o->task_memcg);
	sqlite3_bind_int(s, 20, o->memcg);
	bind_i64(s, 21, o->memcg_usage_bytes);
	bind_i64(s, 22, o->memcg_limit_bytes);
	bind_i64(s, 23, o->memcg_failcnt);
	bind_i64(s, 24, o->killed_pid);
	bind_text(s, 25, o->killed_comm);
	bind_i64(s, 26, o->killed_uid);
	bind_i64(s, 27, o->total_vm_bytes);
	bind_i64(s, 28, o->anon_rss_bytes);
	bind_i64(s, 29, o->file_rss_bytes);
	bind_i64(s, 30, o->shmem_rss_bytes);
	bind_i64(s, 31, o->pgtables_bytes);
	if (o->kill_line > 0)
		sqlite3_bind_int(s, 32, o->killed_oom_score_adj);
	bind_i64(s, 33, o->reaped_anon_rss_bytes);
	bind_i64(s, 34, o->reaped_file_rss_bytes);
	bind_i64(s, 35, o->reaped_shmem_rss_bytes);
	bind_i64(s, 36, o->memcg_kmem_bytes);
	if (step(st, s, "insert oom_kill") < 0)
		return -1;
	id = sqlite3_last_insert_rowid(store_db(st));
	if (o->ts_us != TS_UNKNOWN)
		store_note_time(st, o->ts_us);
	for (size_t i = 0; i < o->nzones; i++)
		if (write_zone(st, id, &o->zones[i]) < 0)
			return -1;
	for (size_t i = 0; i < o->ntasks; i++)
		if (write_task(st, id, &o->tasks[i]) < 0)
			return -1;
	return 0;
}

void store_strace_sink(struct store *st, struct sink *s)
{
	(void)st;
	s->syscall = sink_syscall;
	s->event_attr = sink_event_attr;
	s->oom = sink_oom;
}
