/*
 * tcp_stall.h - TCP per-flow analysis (RTT, gaps, retransmissions) and the
 * Nagle / delayed-ACK stall detector, plus the DNS lookup analysis.
 *
 * The core (tcp_stall_core.c) is a pure function over one flow's packets
 * in capture order, so it is unit-tested on packets parsed from a fixture;
 * the drivers (tcp_stall.c, dns_lookup.c) read the store with SQL and write
 * tcp_stall, tcp_flow_stats and dns_lookup rows.  `pmortem analyze` and the
 * rule engine call the drivers.
 *
 * The stall: a sender with unacknowledged data holds back a small segment
 * (Nagle, RFC 896: less than an MSS while data is in flight) until the
 * peer's ACK arrives; a peer that delays its ACKs (Linux: at least 40 ms,
 * other stacks up to 200 ms) answers only when its timer fires, because it
 * has nothing to send until it gets the whole request.  In a capture: a
 * data segment D (< MSS), right after a pure ACK A that acknowledged up to
 * D's first byte, where A came long after the segment before D (the one D
 * waited behind) compared with the flow's best RTT.
 */
#ifndef PMORTEM_TCP_STALL_H
#define PMORTEM_TCP_STALL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct tcp_pkt {                 /* one TCP packet of a flow */
	int64_t ts_us;
	int dir;                 /* 0 a->b, 1 b->a */
	int syn, fin, rst, has_ack;
	int64_t rseq;            /* relative seq, -1 unknown */
	int64_t len;             /* payload bytes (0 for none) */
	int64_t rack;            /* relative ack, -1 when none */
	int mss;                 /* MSS option, -1 */
	int64_t line;
};

struct tcp_stall_params {
	int64_t min_ack_delay_us;  /* the ACK came at least this long after the
	                              segment D waited behind, beyond the best
	                              RTT (default 20 ms: delayed-ACK timers are
	                              40 ms and more) */
	int64_t max_release_us;    /* D left at most this long after the ACK
	                              (default 5 ms: Nagle sends at once) */
	int default_mss;           /* "small" when no MSS option was seen (1460) */
};

struct tcp_stall_found {
	int dir;                 /* sender of the held segment */
	int64_t ts_us, line;     /* the held segment when it left */
	int64_t rseq, len;
	int64_t delay_us;        /* from the segment it waited behind to its release */
	int64_t ack_delay_us;    /* from that segment to the releasing ACK */
	int64_t prev_line, ack_line;
};

struct tcp_flow_result {
	int64_t packets;
	int64_t bytes[2];        /* payload per direction */
	int mss;                 /* smallest MSS option, -1 */
	int64_t rtt_samples, rtt_min_us, rtt_max_us, rtt_sum_us;
	int64_t retransmits;
	int64_t max_gap_us, duration_us;
	struct tcp_stall_found *stalls;  /* owned: tcp_flow_result_release() */
	size_t nstalls, cap_stalls;
	int64_t stall_us;
};

/* Defaults for params (NULL params means these). */
void tcp_stall_params_default(struct tcp_stall_params *prm);
/* Analyze one flow's packets, in capture order.  The result is
 * overwritten; release it with tcp_flow_result_release(). */
void tcp_flow_analyze(const struct tcp_pkt *p, size_t n,
		      const struct tcp_stall_params *prm,
		      struct tcp_flow_result *out);
void tcp_flow_result_release(struct tcp_flow_result *r);

/* Read the packets of every TCP flow (of one source, or all when
 * source_id is 0) from db and (re)write their tcp_flow_stats and
 * tcp_stall rows in one transaction.  Returns the stalls found, or -1 with
 * a message on stderr. */
int64_t tcp_stall_analyze(sqlite3 *db, int64_t source_id,
			  const struct tcp_stall_params *prm);

/* Group the DNS queries (dns_query view) of one source, or all, into
 * dns_lookup rows: search-list walks, A/AAAA pairs, retries, timeouts.
 * Returns the lookups written, or -1. */
int64_t dns_lookup_analyze(sqlite3 *db, int64_t source_id);

#endif
