/*
 * tcp_stall.c - the database side of the TCP analysis: read each TCP
 * flow's packets in capture order (one SQL scan ordered by flow), run
 * tcp_flow_analyze() on them, and write tcp_flow_stats and tcp_stall rows,
 * all in one transaction so a re-run replaces the previous results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/tcp_stall.h"
#include "util.h"

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "pmortem: %s: %s\n", what, sqlite3_errmsg(db));
	return -1;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "pmortem: %s: %s\n", sql, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int write_flow(sqlite3 *db, sqlite3_stmt *ins_stats, sqlite3_stmt *ins_stall,
		      int64_t flow, const struct tcp_pkt *p, size_t n,
		      const struct tcp_stall_params *prm, int64_t *nstalls)
{
	struct tcp_flow_result r;
	int rc = 0;

	tcp_flow_analyze(p, n, prm, &r);
	sqlite3_reset(ins_stats);
	sqlite3_clear_bindings(ins_stats);
	sqlite3_bind_int64(ins_stats, 1, flow);
	sqlite3_bind_int64(ins_stats, 2, r.packets);
	sqlite3_bind_int64(ins_stats, 3, r.bytes[0]);
	sqlite3_bind_int64(ins_stats, 4, r.bytes[1]);
	if (r.mss > 0)
		sqlite3_bind_int(ins_stats, 5, r.mss);
	sqlite3_bind_int64(ins_stats, 6, r.rtt_samples);
	if (r.rtt_samples) {
		sqlite3_bind_int64(ins_stats, 7, r.rtt_min_us);
		sqlite3_bind_int64(ins_stats, 8, r.rtt_sum_us / r.rtt_samples);
		sqlite3_bind_int64(ins_stats, 9, r.rtt_max_us);
	}
	sqlite3_bind_int64(ins_stats, 10, r.retransmits);
	sqlite3_bind_int64(ins_stats, 11, r.max_gap_us);
	sqlite3_bind_int64(ins_stats, 12, (int64_t)r.nstalls);
	sqlite3_bind_int64(ins_stats, 13, r.stall_us);
	sqlite3_bind_int64(ins_stats, 14, r.duration_us);
	if (sqlite3_step(ins_stats) != SQLITE_DONE)
		rc = fail(db, "insert tcp_flow_stats");
	for (size_t i = 0; rc == 0 && i < r.nstalls; i++) {
		const struct tcp_stall_found *s = &r.stalls[i];

		sqlite3_reset(ins_stall);
		sqlite3_bind_int64(ins_stall, 1, flow);
		sqlite3_bind_int(ins_stall, 2, s->dir);
		sqlite3_bind_int64(ins_stall, 3, s->ts_us);
		sqlite3_bind_int64(ins_stall, 4, s->line);
		sqlite3_bind_int64(ins_stall, 5, s->rseq);
		sqlite3_bind_int64(ins_stall, 6, s->len);
		sqlite3_bind_int64(ins_stall, 7, s->delay_us);
		sqlite3_bind_int64(ins_stall, 8, s->ack_delay_us);
		sqlite3_bind_int64(ins_stall, 9, s->prev_line);
		sqlite3_bind_int64(ins_stall, 10, s->ack_line);
		if (sqlite3_step(ins_stall) != SQLITE_DONE)
			rc = fail(db, "insert tcp_stall");
	}
	*nstalls += (int64_t)r.nstalls;
	tcp_flow_result_release(&r);
	return rc;
}

int64_t tcp_stall_analyze(sqlite3 *db, int64_t source_id,
			  const struct tcp_stall_params *prm)
{
	static const char *const del[] = {
		"DELETE FROM tcp_stall WHERE flow_id IN (SELECT flow_id FROM flow "
		"WHERE ?1 = 0 OR source_id = ?1)",
		"DELETE FROM tcp_flow_stats WHERE flow_id IN (SELECT flow_id FROM "
		"flow WHERE ?1 = 0 OR source_id = ?1)",
	};
	sqlite3_stmt *sel = NULL, *ins_stats = NULL, *ins_stall = NULL;
	struct tcp_pkt *pk = NULL;
	size_t np = 0, cap = 0;
	int64_t cur = -1, nstalls = 0;
	int rc = 0, step = SQLITE_DONE;

	if (exec(db, "SAVEPOINT tcp_stall") < 0)
		return -1;
	for (size_t i = 0; i < 2 && rc == 0; i++) {
		sqlite3_stmt *d;

		if (sqlite3_prepare_v2(db, del[i], -1, &d, NULL) != SQLITE_OK) {
			rc = fail(db, "prepare delete");
			break;
		}
		sqlite3_bind_int64(d, 1, source_id);
		if (sqlite3_step(d) != SQLITE_DONE)
			rc = fail(db, "delete old tcp analysis");
		sqlite3_finalize(d);
	}
	if (rc == 0 &&
	    (sqlite3_prepare_v2(db,
		"SELECT p.flow_id, p.ts_us, p.dir, p.flags, p.rseq, p.len, p.rack, "
		"p.mss, p.line FROM packet p JOIN flow f USING (flow_id) "
		"WHERE f.proto = 'tcp' AND p.raw IS NULL AND (?1 = 0 OR f.source_id = ?1) "
		"ORDER BY p.flow_id, p.packet_id", -1, &sel, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v2(db,
		"INSERT INTO tcp_flow_stats(flow_id, packets, bytes_ab, bytes_ba, mss, "
		"rtt_samples, rtt_min_us, rtt_avg_us, rtt_max_us, retransmits, "
		"max_gap_us, stalls, stall_us, duration_us) VALUES (?1, ?2, ?3, ?4, "
		"?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", -1, &ins_stats,
		NULL) != SQLITE_OK ||
	     sqlite3_prepare_v2(db,
		"INSERT INTO tcp_stall(flow_id, dir, ts_us, line, rseq, len, delay_us, "
		"ack_delay_us, prev_line, ack_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10)", -1, &ins_stall, NULL) != SQLITE_OK))
		rc = fail(db, "prepare tcp analysis");
	if (rc == 0)
		sqlite3_bind_int64(sel, 1, source_id);
	while (rc == 0 && (step = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t flow = sqlite3_column_int64(sel, 0);
		const char *fl = (const char *)sqlite3_column_text(sel, 3);
		struct tcp_pkt *q;

		if (flow != cur && np) {
			rc = write_flow(db, ins_stats, ins_stall, cur, pk, np, prm,
					&nstalls);
			np = 0;
		}
		cur = flow;
		pk = xgrow(pk, &cap, np + 1, sizeof(*pk));
		q = &pk[np++];
		memset(q, 0, sizeof(*q));
		q->ts_us = sqlite3_column_type(sel, 1) == SQLITE_NULL ? INT64_MIN :
			sqlite3_column_int64(sel, 1);
		q->dir = sqlite3_column_int(sel, 2);
		fl = fl ? fl : "";
		q->syn = strchr(fl, 'S') != NULL;
		q->fin = strchr(fl, 'F') != NULL;
		q->rst = strchr(fl, 'R') != NULL;
		q->has_ack = strchr(fl, '.') != NULL;
		q->rseq = sqlite3_column_type(sel, 4) == SQLITE_NULL ? -1 :
			sqlite3_column_int64(sel, 4);
		q->len = sqlite3_column_type(sel, 5) == SQLITE_NULL ? 0 :
			sqlite3_column_int64(sel, 5);
		q->rack = sqlite3_column_type(sel, 6) == SQLITE_NULL ? -1 :
			sqlite3_column_int64(sel, 6);
		q->mss = sqlite3_column_type(sel, 7) == SQLITE_NULL ? -1 :
			sqlite3_column_int(sel, 7);
		q->line = sqlite3_column_int64(sel, 8);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = fail(db, "read packets");
	if (rc == 0 && np)
		rc = write_flow(db, ins_stats, ins_stall, cur, pk, np, prm, &nstalls);
	free(pk);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins_stats);
	sqlite3_finalize(ins_stall);
	if (rc < 0) {
		exec(db, "ROLLBACK TO tcp_stall");
		exec(db, "RELEASE tcp_stall");
		return -1;
	}
	if (exec(db, "RELEASE tcp_stall") < 0)
		return -1;
	return nstalls;
}
