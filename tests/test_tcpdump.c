/*
 * test_tcpdump.c - the tcpdump text importer and the TCP stall / DNS lookup
 * analyses, against the real loopback captures of fixtures/tcpdump/ (see
 * its gen.sh) and the hand-written broken inputs of fixtures/tcpdump/bad/.
 *
 * Ground truth comes from outside the importer: the same pcap rendered by
 * tcpdump in every timestamp mode (the -tt epoch text is the reference
 * clock), tcpdump -S for the absolute sequence numbers, and the request
 * latencies the fixture's client measured itself for the stalls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recorder.h"
#include "rules/tcp_stall.h"
#include "store.h"
#include "util.h"

extern const struct importer tcpdump_importer;

#define FIX "fixtures/tcpdump/"

/* Import a fixture with options: date_us (UTC midnight, or TS_UNKNOWN),
 * mtime_us, stream (1 = through read()). */
static int run(const char *path, int64_t date_us, int64_t mtime_us, int stream,
	       struct recorder *r, struct diag *dg)
{
	struct test_input ti;
	int rc;

	recorder_init(r);
	if (test_input_file(&ti, path, stream) < 0)
		fail_msg("cannot read %s", path);
	ti.opts.date_us = date_us;
	ti.in.mtime_us = mtime_us;
	diag_init(dg, path, 0);
	rc = tcpdump_importer.parse(&ti.in, &r->sink, dg);
	test_input_release(&ti);
	return rc;
}

static void done(struct recorder *r, struct diag *dg)
{
	recorder_release(r);
	diag_release(dg);
}

/* The epoch times of a -tt rendering, read with the C library only. */
static size_t epoch_times(const char *path, int64_t *out, size_t max)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	size_t n = 0;

	assert_non_null(f);
	while (n < max && fgets(line, sizeof(line), f)) {
		char *dot = strchr(line, '.');

		if (!dot || line[0] < '0' || line[0] > '9')
			continue;
		out[n++] = strtoll(line, NULL, 10) * 1000000 + strtoll(dot + 1, NULL, 10);
	}
	fclose(f);
	return n;
}

/* The client-measured latencies, ms. */
static size_t latencies(const char *path, double *out, size_t max)
{
	FILE *f = fopen(path, "r");
	int i;
	double ms;
	size_t n = 0;

	assert_non_null(f);
	while (n < max && fscanf(f, "request %d latency_ms %lf\n", &i, &ms) == 2)
		out[n++] = ms;
	fclose(f);
	return n;
}

#define MAXP 512
static int64_t ref[MAXP];
static size_t nref;
/* 2026-11-22 00:00 UTC: the capture day (fixtures/tcpdump/CAPTURE) */
static int64_t day_us;

static int setup(void **state)
{
	nref = epoch_times(FIX "nagle-tt.txt", ref, MAXP);
	day_us = utc_us(2026, 11, 22, 0, 0, 0, 0);
	return nref == 107 ? 0 : -1;
}

/* --- timestamps ------------------------------------------------------ */

static void same_times(const char *file, int64_t date_us, int64_t mtime_us,
		       int stream, const char *mode)
{
	struct recorder r;
	struct diag dg;

	assert_int_equal(run(file, date_us, mtime_us, stream, &r, &dg), IMPORT_OK);
	assert_int_equal(r.npackets, nref);
	for (size_t i = 0; i < nref; i++)
		if (r.packets[i].ts_us != ref[i])
			fail_msg("%s packet %zu: %lld != %lld", file, i,
				 (long long)r.packets[i].ts_us, (long long)ref[i]);
	assert_string_equal(r.capture.c.ts_mode, mode);
	assert_int_equal(r.capture.n, 1);
	assert_true(r.capture.c.first_us == ref[0]);
	assert_true(r.capture.c.last_us == ref[nref - 1]);
	assert_int_equal(dg.nwarn, 0);
	done(&r, &dg);
}

static void test_every_mode_same_times(void **state)
{
	/* the reference is tcpdump's own text, not ours */
	assert_true(ref[0] == 1795355818162990LL);
	same_times(FIX "nagle-tt.txt", TS_UNKNOWN, TS_UNKNOWN, 0, "epoch");
	same_times(FIX "nagle.txt", day_us, TS_UNKNOWN, 0, "hms");
	same_times(FIX "nagle.txt", day_us, TS_UNKNOWN, 1, "hms");
	same_times(FIX "nagle-tttt.txt", TS_UNKNOWN, TS_UNKNOWN, 0, "datetime");
	same_times(FIX "nagle-v.txt", day_us, TS_UNKNOWN, 0, "hms");
	same_times(FIX "nagle-e.txt", day_us, TS_UNKNOWN, 0, "hms");
	same_times(FIX "nagle-names.txt", day_us, TS_UNKNOWN, 0, "hms");
	same_times(FIX "nagle-S.txt", day_us, TS_UNKNOWN, 0, "hms");
	/* relative modes: anchored on the mtime taken as the last packet */
	same_times(FIX "nagle-ttt.txt", TS_UNKNOWN, ref[nref - 1], 0, "delta");
	same_times(FIX "nagle-ttttt.txt", TS_UNKNOWN, ref[nref - 1], 0, "since_first");
	/* the date from the mtime's day, no --date */
	same_times(FIX "nagle.txt", TS_UNKNOWN, ref[nref - 1] + 3600000000LL, 0, "hms");
}

static void test_origins(void **state)
{
	struct recorder r;
	struct diag dg;

	run(FIX "nagle-ttttt.txt", TS_UNKNOWN, ref[nref - 1], 0, &r, &dg);
	assert_string_equal(r.capture.c.time_origin,
			    "offsets since the first packet (-ttttt) anchored on "
			    "the file's mtime as the last packet");
	assert_true(r.capture.c.ts_uncertainty_s == 1);
	done(&r, &dg);
	/* --date alone anchors the first packet at that midnight */
	run(FIX "nagle-ttt.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_true(r.packets[0].ts_us == day_us);
	assert_true(r.packets[1].ts_us == day_us + (ref[1] - ref[0]));
	assert_string_equal(r.capture.c.time_origin,
			    "deltas (-ttt) anchored on --date as the first packet");
	done(&r, &dg);
	/* nothing at all: a warning, times from the epoch */
	run(FIX "nagle.txt", TS_UNKNOWN, TS_UNKNOWN, 0, &r, &dg);
	assert_true(diag_has(&dg, "no date for times of day: use --date; times "
			     "are placed on 1970-01-01"));
	assert_true(r.packets[0].ts_us == ref[0] - day_us);
	done(&r, &dg);
	run(FIX "nagle.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_string_equal(r.capture.c.time_origin,
			    "date from --date 2026-11-22, time of day from the capture");
	done(&r, &dg);
}

/* --- TCP fields ------------------------------------------------------ */

static void test_tcp_fields(void **state)
{
	struct recorder r;
	struct diag dg;
	const struct packet_rec *p;

	run(FIX "nagle.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_int_equal(r.nflows, 1);
	assert_string_equal(r.flows[0].f.a_addr, "127.0.0.1");
	assert_int_equal(r.flows[0].f.b_port, 18080);
	/* 1: 127.0.0.1.32926 > 127.0.0.1.18080: Flags [S], seq 3178906157,
	 * win 65495, options [mss 65495,sackOK,TS val 3127885885 ecr 0,nop,
	 * wscale 10], length 0 */
	p = recorder_packet_at(&r, 1);
	assert_non_null(p);
	assert_string_equal(p->proto, "tcp");
	assert_int_equal(p->ip_version, 4);
	assert_string_equal(p->src, "127.0.0.1");
	assert_int_equal(p->sport, 32926);
	assert_int_equal(p->dport, 18080);
	assert_string_equal(p->flags, "S");
	assert_true(p->seq == 3178906157LL && p->seq_abs == 3178906157LL);
	assert_true(p->rseq == 0 && p->ack == -1);
	assert_true(p->win == 65495 && p->len == 0);
	assert_int_equal(p->mss, 65495);
	assert_int_equal(p->wscale, 10);
	assert_true(p->ts_val == 3127885885LL && p->ts_ecr == 0);
	assert_string_equal(p->options,
			    "mss 65495,sackOK,TS val 3127885885 ecr 0,nop,wscale 10");
	assert_int_equal(p->dir, 0);
	/* 4: Flags [P.], seq 1:52, ack 1, win 64, ..., length 51 */
	p = recorder_packet_at(&r, 4);
	assert_string_equal(p->flags, "P.");
	assert_true(p->seq == 1 && p->seq_end == 52 && p->ack == 1);
	assert_true(p->rseq == 1 && p->rack == 1);
	assert_true(p->win == 64 && p->len == 51);
	assert_true(p->mss == -1 && p->options != NULL);
	done(&r, &dg);
}

/* Our absolute numbers against tcpdump -S's, packet by packet. */
static void test_absolute_seq_matches_tcpdump_S(void **state)
{
	struct recorder a, s;
	struct diag da, ds;
	size_t checked = 0;

	run(FIX "nagle.txt", day_us, TS_UNKNOWN, 0, &a, &da);
	run(FIX "nagle-S.txt", day_us, TS_UNKNOWN, 0, &s, &ds);
	assert_int_equal(a.npackets, s.npackets);
	for (size_t i = 0; i < a.npackets; i++) {
		const struct packet_rec *x = &a.packets[i], *y = &s.packets[i];

		if (y->seq >= 0) {
			assert_true(x->seq_abs == y->seq);
			/* -S text read as absolute too */
			assert_true(y->seq_abs == y->seq);
			assert_true(y->rseq == x->rseq);
			checked++;
		}
		if (y->ack >= 0) {
			assert_true(x->ack_abs == y->ack);
			assert_true(y->rack == x->rack);
			checked++;
		}
	}
	assert_true(checked > 150);
	done(&a, &da);
	done(&s, &ds);
}

static void test_ipv6(void **state)
{
	struct recorder r;
	struct diag dg;
	const struct packet_rec *p;

	run(FIX "v6.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	p = recorder_packet_at(&r, 2);
	/* ::1.18082 > ::1.46240: Flags [S.], seq 2116008500, ack 1829474834 */
	assert_int_equal(p->ip_version, 6);
	assert_string_equal(p->src, "::1");
	assert_int_equal(p->sport, 18082);
	assert_string_equal(p->dst, "::1");
	assert_string_equal(p->flags, "S.");
	assert_int_equal(p->dport, 46240);
	assert_true(p->seq == 2116008500LL && p->ack == 1829474834LL);
	assert_int_equal(p->dir, 1);
	assert_int_equal(p->mss, 65476);
	assert_int_equal(dg.nwarn, 0);
	done(&r, &dg);
}

static void test_verbose_pairs_joined(void **state)
{
	struct recorder r, v;
	struct diag dr, dv;

	run(FIX "v6.txt", day_us, TS_UNKNOWN, 0, &r, &dr);
	run(FIX "v6-v.txt", day_us, TS_UNKNOWN, 0, &v, &dv);
	assert_int_equal(r.npackets, v.npackets);
	assert_int_equal(v.capture.c.verbose, 1);
	done(&r, &dr);
	done(&v, &dv);
	run(FIX "nagle.txt", day_us, TS_UNKNOWN, 0, &r, &dr);
	run(FIX "nagle-v.txt", day_us, TS_UNKNOWN, 0, &v, &dv);
	assert_int_equal(v.npackets, 107);
	for (size_t i = 0; i < r.npackets; i++) {
		const struct packet_rec *x = &r.packets[i], *y = &v.packets[i];

		/* two lines per packet: the packet keeps the first */
		assert_int_equal(y->line, 2 * (int64_t)i + 1);
		assert_string_equal(x->flags, y->flags);
		assert_true(x->seq == y->seq && x->ack == y->ack &&
			    x->win == y->win && x->len == y->len &&
			    x->ts_val == y->ts_val && x->seq_abs == y->seq_abs);
		assert_int_equal(x->sport, y->sport);
	}
	done(&r, &dr);
	done(&v, &dv);
}

static void test_names_and_link(void **state)
{
	struct recorder r;
	struct diag dg;

	run(FIX "nagle-names.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_string_equal(r.packets[0].src, "localhost");
	assert_int_equal(r.packets[0].sport, 32926);
	assert_int_equal(r.packets[0].dport, 18080);
	assert_int_equal(r.nflows, 1);
	done(&r, &dg);
	run(FIX "nagle-e.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_string_equal(r.capture.c.link, "ether");
	assert_string_equal(r.packets[3].flags, "P.");
	assert_int_equal(r.packets[3].len, 51);
	done(&r, &dg);
}

/* --- DNS ------------------------------------------------------------- */

static void test_dns_lines(void **state)
{
	struct recorder r;
	struct diag dg;
	const struct dns_rec *d;
	const struct packet_rec *p;

	run(FIX "dns.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_int_equal(dg.nwarn, 0);
	assert_int_equal(r.ndns, 32);
	assert_string_equal(r.capture.c.link, "any");
	/* 1: lo In IP 127.0.0.1.44949 > 127.0.0.2.53: 64401+ A?
	 *    api.internal.search.example. (45) */
	p = recorder_packet_at(&r, 1);
	assert_string_equal(p->iface, "lo");
	assert_string_equal(p->direction, "In");
	assert_string_equal(p->proto, "udp");
	assert_int_equal(p->len, 45);
	d = recorder_dns_at(&r, 1);
	assert_int_equal(d->id, 64401);
	assert_int_equal(d->is_response, 0);
	assert_string_equal(d->qtype, "A");
	assert_string_equal(d->name, "api.internal.search.example");
	assert_string_equal(d->flags, "+");
	assert_string_equal(d->client, "127.0.0.1");
	assert_int_equal(d->client_port, 44949);
	assert_string_equal(d->server, "127.0.0.2");
	/* 3: 64401 NXDomain 0/0/0 (45): named from its query (line 2, another
	 * query, came between) */
	d = recorder_dns_at(&r, 3);
	assert_int_equal(d->id, 64401);
	assert_int_equal(d->is_response, 1);
	assert_string_equal(d->rcode, "NXDomain");
	assert_string_equal(d->name, "api.internal.search.example");
	assert_string_equal(d->qtype, "A");
	assert_true(d->an == 0 && d->ns == 0 && d->ar == 0);
	/* 11: 32055 1/0/0 A 192.0.2.10 (46) */
	d = recorder_dns_at(&r, 11);
	assert_string_equal(d->name, "api.internal");
	assert_string_equal(d->rcode, "NoError");
	assert_int_equal(d->an, 1);
	assert_string_equal(d->answers, "A 192.0.2.10");
	/* 26: ServFail; 27/28: PTR with [1au] */
	assert_string_equal(recorder_dns_at(&r, 26)->rcode, "ServFail");
	d = recorder_dns_at(&r, 27);
	assert_string_equal(d->qtype, "PTR");
	assert_string_equal(d->name, "10.2.0.192.in-addr.arpa");
	assert_string_equal(recorder_dns_at(&r, 28)->answers, "PTR api.internal.");
	done(&r, &dg);
	/* -v: the answers carry the owner name */
	run(FIX "dns-v.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_int_equal(r.ndns, 32);
	assert_string_equal(recorder_dns_at(&r, 21)->answers, "api.internal. A 192.0.2.10");
	done(&r, &dg);
}

/* --- the stall detector, on the packets the importer read -------------- */

static size_t flow_pkts(const struct recorder *r, struct tcp_pkt *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < r->npackets && n < max; i++) {
		const struct packet_rec *p = &r->packets[i];
		struct tcp_pkt *q = &out[n++];

		assert_string_equal(p->proto, "tcp");
		q->ts_us = p->ts_us;
		q->dir = p->dir;
		q->syn = strchr(p->flags, 'S') != NULL;
		q->fin = strchr(p->flags, 'F') != NULL;
		q->rst = strchr(p->flags, 'R') != NULL;
		q->has_ack = strchr(p->flags, '.') != NULL;
		q->rseq = p->rseq;
		q->len = p->len;
		q->rack = p->rack;
		q->mss = p->mss;
		q->line = p->line;
	}
	return n;
}

/* The stalls match the requests the client measured as slow, one for one,
 * and each delay is the client's latency within 2 ms. */
static void check_stalls(const char *text, const char *lat)
{
	struct recorder r;
	struct diag dg;
	struct tcp_pkt pk[MAXP];
	struct tcp_flow_result res;
	double ms[64];
	size_t n, nlat = latencies(lat, ms, 64), slow = 0, k = 0;

	run(text, day_us, TS_UNKNOWN, 0, &r, &dg);
	n = flow_pkts(&r, pk, MAXP);
	tcp_flow_analyze(pk, n, NULL, &res);
	for (size_t i = 0; i < nlat; i++)
		slow += ms[i] > 20;
	assert_int_equal(res.nstalls, slow);
	for (size_t i = 0; i < nlat; i++) {
		double d;

		if (ms[i] <= 20)
			continue;
		d = res.stalls[k].delay_us / 1000.0;
		if (d < 38 || d > ms[i] || ms[i] - d > 2)
			fail_msg("%s stall %zu: %.3f ms, client %.3f ms", text, k, d, ms[i]);
		assert_int_equal(res.stalls[k].dir, 0);
		assert_true(res.stalls[k].ack_delay_us >= 38000);
		k++;
	}
	assert_true(res.rtt_samples > 0);
	assert_int_equal(res.retransmits, 0);
	tcp_flow_result_release(&res);
	done(&r, &dg);
}

static void test_stalls_match_client(void **state)
{
	check_stalls(FIX "nagle.txt", FIX "latency-nagle.txt");
	check_stalls(FIX "v6.txt", FIX "latency-v6.txt");
}

static void test_nodelay_no_stall(void **state)
{
	struct recorder r;
	struct diag dg;
	struct tcp_pkt pk[MAXP];
	struct tcp_flow_result res;
	size_t n;

	run(FIX "nodelay.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	n = flow_pkts(&r, pk, MAXP);
	assert_true(n > 80);
	tcp_flow_analyze(pk, n, NULL, &res);
	assert_int_equal(res.nstalls, 0);
	assert_true(res.rtt_samples > 20);
	tcp_flow_result_release(&res);
	done(&r, &dg);
	(void)check_stalls;
}

/* A retransmission: the same segment sent twice gives no RTT sample. */
static void test_retransmit(void **state)
{
	struct tcp_pkt pk[] = {
		{ .ts_us = 0, .dir = 0, .rseq = 1, .len = 100, .rack = 1, .has_ack = 1, .mss = -1 },
		{ .ts_us = 200000, .dir = 0, .rseq = 1, .len = 100, .rack = 1, .has_ack = 1, .mss = -1 },
		{ .ts_us = 200300, .dir = 1, .rseq = 1, .len = 0, .rack = 101, .has_ack = 1, .mss = -1 },
		{ .ts_us = 300000, .dir = 0, .rseq = 101, .len = 10, .rack = 1, .has_ack = 1, .mss = -1 },
		{ .ts_us = 300500, .dir = 1, .rseq = 1, .len = 0, .rack = 111, .has_ack = 1, .mss = -1 },
	};
	struct tcp_flow_result res;

	tcp_flow_analyze(pk, 5, NULL, &res);
	assert_int_equal(res.retransmits, 1);
	assert_int_equal(res.rtt_samples, 1);
	assert_int_equal(res.rtt_min_us, 500);
	assert_int_equal(res.max_gap_us, 200000);
	assert_int_equal(res.bytes[0], 210);
	assert_int_equal(res.nstalls, 0);
	tcp_flow_result_release(&res);
}

/* --- through the store: tcp_stall, tcp_flow_stats, dns_lookup ----------- */

static char dbpath[64];

static struct store *store_with(const char *const *files, size_t n)
{
	struct store *st;

	snprintf(dbpath, sizeof(dbpath), "/tmp/pmortem-tcpdump-%d.db", (int)getpid());
	unlink(dbpath);
	st = store_open(dbpath, 0);
	assert_non_null(st);
	for (size_t i = 0; i < n; i++) {
		struct test_input ti;
		struct diag dg;
		char sha[65];

		assert_int_equal(test_input_file(&ti, files[i], 0), 0);
		ti.opts.date_us = day_us;
		snprintf(sha, sizeof(sha), "%064zu", i + 1);
		assert_int_equal(store_source_begin(st, files[i], sha, ti.in.size,
						    &tcpdump_importer), 0);
		diag_init(&dg, files[i], 0);
		assert_int_equal(tcpdump_importer.parse(&ti.in, store_sink(st), &dg),
				 IMPORT_OK);
		assert_true(store_source_end(st, IMPORT_OK, &dg, ti.in.time_origin) > 0);
		diag_release(&dg);
		test_input_release(&ti);
	}
	return st;
}

static int64_t q1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void test_store_stalls(void **state)
{
	static const char *const files[] = { FIX "nagle.txt", FIX "nodelay.txt",
					     FIX "v6.txt" };
	struct store *st = store_with(files, 3);
	sqlite3 *db = store_db(st);

	assert_true(tcp_stall_analyze(db, 0, NULL) == 19 + 4);
	assert_true(q1(db, "SELECT count(*) FROM tcp_stall s JOIN flow f USING "
		       "(flow_id) WHERE f.b_port = 18080") == 19);
	assert_true(q1(db, "SELECT stalls FROM tcp_flow_stats JOIN flow USING "
		       "(flow_id) WHERE b_port = 18081") == 0);
	assert_true(q1(db, "SELECT count(*) FROM v_tcp_stall WHERE sender_port "
		       "= receiver_port") == 0);
	assert_true(q1(db, "SELECT min(delay_us) FROM tcp_stall") >= 38000);
	/* a re-run replaces, never adds */
	assert_true(tcp_stall_analyze(db, 1, NULL) == 19);
	assert_true(q1(db, "SELECT count(*) FROM tcp_stall") == 23);
	assert_true(q1(db, "SELECT count(*) FROM packet WHERE source_id = 1") == 107);
	assert_true(q1(db, "SELECT count(*) FROM packet_capture") == 3);
	store_close(st);
	unlink(dbpath);
}

static void test_store_dns_lookups(void **state)
{
	static const char *const files[] = { FIX "dns.txt" };
	struct store *st = store_with(files, 1);
	sqlite3 *db = store_db(st);

	assert_true(dns_lookup_analyze(db, 0) == 7);
	/* getent ahosts api.internal: the search list walked, then found */
	assert_true(q1(db, "SELECT search_expansions FROM dns_lookup WHERE names_tried = "
		       "'api.internal.search.example api.internal.corp.example "
		       "api.internal' AND answered AND queries = 6 AND qtypes = 'A AAAA' "
		       "AND name = 'api.internal' AND NOT aaaa_first") == 2);
	/* getent ahostsv6 db.internal: AAAA without A */
	assert_true(q1(db, "SELECT count(*) FROM dns_lookup WHERE aaaa_only AND "
		       "aaaa_first AND name = 'db.internal' AND queries = 3") == 1);
	/* the dead first resolver: two timeouts, two retries, two servers */
	assert_true(q1(db, "SELECT first_answer_us FROM dns_lookup WHERE servers = 2 "
		       "AND timeouts = 2 AND retries = 2 AND queries = 4") ==
		    1795355823539074LL - 1795355822536470LL);
	assert_true(q1(db, "SELECT count(*) FROM dns_lookup WHERE name = "
		       "'lost.internal' AND NOT answered AND retries = 1 AND "
		       "timeouts = 2") == 1);
	assert_true(q1(db, "SELECT count(*) FROM dns_lookup WHERE rcode = 'ServFail' "
		       "AND NOT answered") == 1);
	store_close(st);
	unlink(dbpath);
}

/* --- broken input ------------------------------------------------------ */

/* Each broken file: its exact `line: message` list, every line kept. */
struct bad_case {
	const char *file;
	size_t packets, raw;
	const char *msgs[6];     /* "line: message" */
};

static const struct bad_case bad_cases[] = {
	{ FIX "bad/rotated.txt", 4, 2, {
		"1: no timestamp in 'n 64, options [nop,nop,TS val 3127885885 "
		"ecr 1796166283]...' kept raw",
		"4: tcp line cut short: '13:56:58.163022 IP 127.0.0.1.32926 > "
		"127.0.0.1.18080: Fl...' kept raw" } },
	{ FIX "bad/interleaved.txt", 3, 2, {
		"2: cannot parse tcp field 'seq': '13:56:58.163008 IP "
		"127.0.0.1.18080 > 127.0.0.1.32926: Fl...' kept raw",
		"3: line cut short: '13:56:58.163030 IP 127.0.0.1.32926 > "
		"127.0.0.1.1808' kept raw" } },
	{ FIX "bad/unknown.txt", 5, 1, {
		"2: unknown protocol 'STP' kept raw" } },
	{ FIX "bad/crlf.txt", 3, 0, { NULL } },
	{ FIX "bad/continuation.txt", 4, 3, {
		"1: '-v' header without its second line kept raw",
		"3: continuation line without a packet '127.0.0.1.32926 > "
		"127.0.0.1.18080: Flags [.], ack 1, win...' kept raw",
		"5: '-v' header without its second line kept raw" } },
	{ FIX "bad/backwards.txt", 5, 0, {
		"3: timestamp goes backwards by 0.999986 s",
		"5: timestamp format changes from 'hms' to 'epoch'" } },
};

static void test_bad_inputs(void **state)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *b = &bad_cases[i];
		struct recorder r;
		struct diag dg;
		size_t nmsg = 0, raw = 0;

		for (int stream = 0; stream < 2; stream++) {
			assert_int_equal(run(b->file, day_us, TS_UNKNOWN, stream, &r, &dg),
					 IMPORT_OK);
			while (nmsg < 6 && b->msgs[nmsg])
				nmsg++;
			if (dg.nmsgs != nmsg)
				fail_msg("%s: %zu messages, expected %zu", b->file,
					 dg.nmsgs, nmsg);
			for (size_t k = 0; k < nmsg; k++) {
				char got[512];

				snprintf(got, sizeof(got), "%lld: %s",
					 (long long)dg.msgs[k].line, dg.msgs[k].text);
				assert_string_equal(got, b->msgs[k]);
			}
			assert_int_equal(r.npackets, b->packets);
			raw = 0;
			for (size_t k = 0; k < r.npackets; k++)
				raw += r.packets[k].raw != NULL;
			assert_int_equal(raw, b->raw);
			assert_int_equal(r.capture.c.raw, b->raw);
			done(&r, &dg);
		}
	}
}

/* Raw rows keep the text, whole. */
static void test_raw_text_kept(void **state)
{
	struct recorder r;
	struct diag dg;

	run(FIX "bad/unknown.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_string_equal(r.packets[1].raw, "13:56:58.170000 STP 802.1d, Config, "
			    "Flags [none], bridge-id 8000.00:11:22:33:44:55.8001, "
			    "length 35");
	assert_string_equal(r.packets[1].proto, "stp");
	assert_true(r.packets[1].ts_us == day_us + (13 * 3600 + 56 * 60 + 58) *
		    1000000LL + 170000);
	/* ICMP6 and UDP read, not raw */
	assert_string_equal(r.packets[3].proto, "icmp6");
	assert_int_equal(r.packets[3].len, 64);
	assert_string_equal(r.packets[4].proto, "udp");
	assert_int_equal(r.packets[4].len, 12);
	assert_int_equal(r.packets[4].dport, 6000);
	done(&r, &dg);
	/* the CRLF file reads exactly as its LF twin's first lines */
	run(FIX "bad/crlf.txt", day_us, TS_UNKNOWN, 0, &r, &dg);
	assert_string_equal(r.packets[2].options, "nop,nop,TS val 3127885885 ecr 1796166283");
	assert_int_equal(r.packets[1].rack, 1);
	done(&r, &dg);
}

static void test_sniff(void **state)
{
	struct test_input ti;
	static const char junk[] = "hello world\nthis is not a capture\n";

	assert_true(test_sniff_file(&tcpdump_importer, FIX "nagle.txt") >= SNIFF_SURE);
	assert_true(test_sniff_file(&tcpdump_importer, FIX "dns-v.txt") >= SNIFF_SURE);
	test_input_mem(&ti, "junk.txt", junk, sizeof(junk) - 1, 0);
	assert_int_equal(tcpdump_importer.sniff(&ti.in), 0);
	test_input_release(&ti);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_mode_same_times),
		cmocka_unit_test(test_origins),
		cmocka_unit_test(test_tcp_fields),
		cmocka_unit_test(test_absolute_seq_matches_tcpdump_S),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_verbose_pairs_joined),
		cmocka_unit_test(test_names_and_link),
		cmocka_unit_test(test_dns_lines),
		cmocka_unit_test(test_stalls_match_client),
		cmocka_unit_test(test_nodelay_no_stall),
		cmocka_unit_test(test_retransmit),
		cmocka_unit_test(test_store_stalls),
		cmocka_unit_test(test_store_dns_lookups),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_raw_text_kept),
		cmocka_unit_test(test_sniff),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
