/*
 * store_tcpdump.c - writes the tcpdump importer's records (flows, packets,
 * DNS messages, the capture summary) into the tables of the captures
 * section of src/schema.sql.  store_capture_sink() calls
 * store_tcpdump_sink() to fill these callbacks; every statement is a cached
 * prepared statement, all inside the source's transaction, so a million
 * packets cost a million steps and no parsing of SQL.
 */
#include "store.h"

static struct store *S(struct sink *s)
{
	return s->ctx;
}

static void text_or_null(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
}

/* Bind v unless it is the record's "absent" value. */
static void int_or_null(sqlite3_stmt *s, int i, int64_t v, int64_t absent)
{
	if (v != absent)
		sqlite3_bind_int64(s, i, v);
}

static int port_or_null(sqlite3_stmt *s, int i, int port)
{
	if (port >= 0)
		sqlite3_bind_int(s, i, port);
	return 0;
}

static int64_t tcpd_flow(struct sink *sk, const struct flow_rec *f)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO flow(source_id, proto, ip_version, a_addr, a_port, "
		"b_addr, b_port, first_us, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_source_id(st));
	sqlite3_bind_text(s, 2, f->proto, -1, SQLITE_STATIC);
	if (f->ip_version)
		sqlite3_bind_int(s, 3, f->ip_version);
	sqlite3_bind_text(s, 4, f->a_addr, -1, SQLITE_STATIC);
	port_or_null(s, 5, f->a_port);
	sqlite3_bind_text(s, 6, f->b_addr, -1, SQLITE_STATIC);
	port_or_null(s, 7, f->b_port);
	int_or_null(s, 8, f->first_us, TS_UNKNOWN);
	int_or_null(s, 9, f->line, 0);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "insert flow");
	store_count_row(st);
	return sqlite3_last_insert_rowid(store_db(st));
}

static int tcpd_packet(struct sink *sk, const struct packet_rec *p)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO packet(source_id, line, ts_us, flow_id, dir, iface, "
		"direction, proto, ip_version, src, sport, dst, dport, flags, seq, "
		"seq_end, ack, rseq, rack, seq_abs, ack_abs, win, len, options, mss, "
		"wscale, ts_val, ts_ecr, sack, info, raw) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
		"?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_source_id(st));
	int_or_null(s, 2, p->line, 0);
	int_or_null(s, 3, p->ts_us, TS_UNKNOWN);
	int_or_null(s, 4, p->flow, 0);
	if (p->flow > 0)
		int_or_null(s, 5, p->dir, -1);
	text_or_null(s, 6, p->iface);
	text_or_null(s, 7, p->direction);
	sqlite3_bind_text(s, 8, p->proto ? p->proto : "raw", -1, SQLITE_STATIC);
	int_or_null(s, 9, p->ip_version, 0);
	text_or_null(s, 10, p->src);
	port_or_null(s, 11, p->sport);
	text_or_null(s, 12, p->dst);
	port_or_null(s, 13, p->dport);
	text_or_null(s, 14, p->flags);
	int_or_null(s, 15, p->seq, -1);
	int_or_null(s, 16, p->seq_end, -1);
	int_or_null(s, 17, p->ack, -1);
	int_or_null(s, 18, p->rseq, -1);
	int_or_null(s, 19, p->rack, -1);
	int_or_null(s, 20, p->seq_abs, -1);
	int_or_null(s, 21, p->ack_abs, -1);
	int_or_null(s, 22, p->win, -1);
	int_or_null(s, 23, p->len, -1);
	text_or_null(s, 24, p->options);
	int_or_null(s, 25, p->mss, -1);
	int_or_null(s, 26, p->wscale, -1);
	int_or_null(s, 27, p->ts_val, -1);
	int_or_null(s, 28, p->ts_ecr, -1);
	text_or_null(s, 29, p->sack);
	text_or_null(s, 30, p->info);
	text_or_null(s, 31, p->raw);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "insert packet");
	store_count_row(st);
	store_note_time(st, p->ts_us);
	return 0;
}

static int tcpd_dns(struct sink *sk, const struct dns_rec *d)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO dns_message(source_id, line, ts_us, flow_id, id, "
		"is_response, qtype, name, rcode, flags, an, ns, ar, answers, client, "
		"client_port, server, server_port, size_bytes) VALUES (?1, ?2, ?3, "
		"?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
		"?18, ?19)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_source_id(st));
	int_or_null(s, 2, d->line, 0);
	int_or_null(s, 3, d->ts_us, TS_UNKNOWN);
	int_or_null(s, 4, d->flow, 0);
	sqlite3_bind_int(s, 5, d->id);
	sqlite3_bind_int(s, 6, d->is_response);
	text_or_null(s, 7, d->qtype);
	text_or_null(s, 8, d->name);
	text_or_null(s, 9, d->rcode);
	text_or_null(s, 10, d->flags);
	int_or_null(s, 11, d->an, -1);
	int_or_null(s, 12, d->ns, -1);
	int_or_null(s, 13, d->ar, -1);
	text_or_null(s, 14, d->answers);
	text_or_null(s, 15, d->client);
	port_or_null(s, 16, d->client_port);
	text_or_null(s, 17, d->server);
	port_or_null(s, 18, d->server_port);
	int_or_null(s, 19, d->size_bytes, -1);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "insert dns_message");
	store_count_row(st);
	return 0;
}

static int tcpd_capture(struct sink *sk, const struct capture_rec *c)
{
	struct store *st = S(sk);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT OR REPLACE INTO packet_capture(source_id, tool, ts_mode, "
		"time_origin, ts_uncertainty_s, link, verbose, packets, raw_packets, "
		"first_us, last_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		"?11)");

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, store_source_id(st));
	sqlite3_bind_text(s, 2, c->tool ? c->tool : "tcpdump", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->ts_mode ? c->ts_mode : "none", -1, SQLITE_STATIC);
	text_or_null(s, 4, c->time_origin);
	if (c->ts_uncertainty_s >= 0)
		sqlite3_bind_double(s, 5, c->ts_uncertainty_s);
	text_or_null(s, 6, c->link);
	sqlite3_bind_int(s, 7, c->verbose);
	sqlite3_bind_int64(s, 8, c->packets);
	sqlite3_bind_int64(s, 9, c->raw);
	int_or_null(s, 10, c->first_us, TS_UNKNOWN);
	int_or_null(s, 11, c->last_us, TS_UNKNOWN);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail(st, "insert packet_capture");
	store_count_row(st);
	return 0;
}

void store_tcpdump_sink(struct store *st, struct sink *s)
{
	(void)st;
	s->flow = tcpd_flow;
	s->packet = tcpd_packet;
	s->dns = tcpd_dns;
	s->capture = tcpd_capture;
}
