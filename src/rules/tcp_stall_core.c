/*
 * tcp_stall_core.c - one TCP flow, packet by packet: RTT from data -> ACK
 * pairs (Karn: never from retransmitted data), retransmissions, the longest
 * silence, and the Nagle / delayed-ACK stalls described in tcp_stall.h.
 *
 * A pure function over an array so that it can be tested on packets parsed
 * from a real capture without a database.  Per direction it keeps the
 * highest byte sent, the segments still in flight (for RTT), the last data
 * segment (the one a held segment waits behind) and the last ACK from the
 * peer that moved the acknowledged edge forward (the one that may have
 * released it).
 */
#include <stdlib.h>
#include <string.h>

#include "rules/tcp_stall.h"
#include "util.h"

struct seg {
	int64_t end, ts_us;
	int retrans;
};

struct side {
	int64_t snd_max;         /* end of the highest data sent, -1 none */
	int64_t acked;           /* highest ack from the peer, -1 none */
	struct seg *fl;          /* in flight, ordered by end */
	size_t nfl, cap;
	/* the last new data segment */
	int64_t last_ts, last_line, last_end;
	/* the last ACK from the peer that moved `acked` */
	int64_t adv_ts, adv_line;
	int adv_pure;
};

void tcp_stall_params_default(struct tcp_stall_params *prm)
{
	prm->min_ack_delay_us = 20000;
	prm->max_release_us = 5000;
	prm->default_mss = 1460;
}

void tcp_flow_result_release(struct tcp_flow_result *r)
{
	free(r->stalls);
	memset(r, 0, sizeof(*r));
}

static void add_stall(struct tcp_flow_result *r, const struct tcp_stall_found *s)
{
	r->stalls = xgrow(r->stalls, &r->cap_stalls, r->nstalls + 1,
			  sizeof(*r->stalls));
	r->stalls[r->nstalls++] = *s;
	r->stall_us += s->delay_us;
}

/* The peer acknowledged d's bytes up to ack at p: RTT from the newest
 * segment it covers, when that one was not retransmitted. */
static void on_ack(struct side *sd, const struct tcp_pkt *p,
		   struct tcp_flow_result *r)
{
	size_t k = 0;
	const struct seg *newest = NULL;

	if (p->rack <= sd->acked)
		return;
	while (k < sd->nfl && sd->fl[k].end <= p->rack)
		newest = &sd->fl[k++];
	if (newest && !newest->retrans && p->ts_us >= newest->ts_us) {
		int64_t rtt = p->ts_us - newest->ts_us;

		if (!r->rtt_samples || rtt < r->rtt_min_us)
			r->rtt_min_us = rtt;
		if (rtt > r->rtt_max_us)
			r->rtt_max_us = rtt;
		r->rtt_sum_us += rtt;
		r->rtt_samples++;
	}
	if (k) {
		memmove(sd->fl, sd->fl + k, (sd->nfl - k) * sizeof(*sd->fl));
		sd->nfl -= k;
	}
	sd->acked = p->rack;
	sd->adv_ts = p->ts_us;
	sd->adv_line = p->line;
	sd->adv_pure = p->len <= 0 && !p->syn && !p->fin;
}

void tcp_flow_analyze(const struct tcp_pkt *p, size_t n,
		      const struct tcp_stall_params *prm_in,
		      struct tcp_flow_result *r)
{
	struct tcp_stall_params prm;
	struct side sd[2];
	int64_t prev_ts = INT64_MIN, first_ts = INT64_MIN;
	int mss_seen[2] = { -1, -1 };

	if (prm_in)
		prm = *prm_in;
	else
		tcp_stall_params_default(&prm);
	memset(r, 0, sizeof(*r));
	r->mss = -1;
	memset(sd, 0, sizeof(sd));
	for (int d = 0; d < 2; d++) {
		sd[d].snd_max = sd[d].acked = -1;
		sd[d].last_end = -1;
		sd[d].adv_ts = INT64_MIN;
	}
	for (size_t i = 0; i < n; i++) {
		const struct tcp_pkt *q = &p[i];
		int d = q->dir ? 1 : 0, o = !d;
		struct side *me = &sd[d];

		r->packets++;
		if (q->ts_us != INT64_MIN) {
			if (first_ts == INT64_MIN)
				first_ts = q->ts_us;
			if (prev_ts != INT64_MIN && q->ts_us - prev_ts > r->max_gap_us)
				r->max_gap_us = q->ts_us - prev_ts;
			prev_ts = q->ts_us;
			r->duration_us = q->ts_us - first_ts;
		}
		if (q->mss > 0) {
			mss_seen[d] = q->mss;
			if (r->mss < 0 || q->mss < r->mss)
				r->mss = q->mss;
		}
		if (q->has_ack && q->rack >= 0)
			on_ack(&sd[o], q, r);
		if (q->len <= 0 || q->rseq < 0)
			continue;
		r->bytes[d] += q->len;
		{
			int64_t end = q->rseq + q->len;

			if (me->snd_max >= 0 && q->rseq < me->snd_max) {
				/* bytes sent before: a retransmission (Karn: no
				 * RTT from anything it overlaps) */
				r->retransmits++;
				for (size_t k = 0; k < me->nfl; k++)
					if (me->fl[k].end > q->rseq)
						me->fl[k].retrans = 1;
				if (end <= me->snd_max)
					continue;
			}
			/* new data: was it held behind the previous segment? */
			{
				/* the MSS the peer announced bounds our segments */
				int mss = mss_seen[o] > 0 ? mss_seen[o] :
					mss_seen[d] > 0 ? mss_seen[d] : prm.default_mss;
				int64_t rtt0 = r->rtt_samples ? r->rtt_min_us : 0;

				if (q->len < mss && me->last_end == q->rseq &&
				    me->acked >= q->rseq && me->adv_pure &&
				    me->adv_ts >= me->last_ts && me->adv_ts <= q->ts_us &&
				    q->ts_us - me->adv_ts <= prm.max_release_us &&
				    me->adv_ts - me->last_ts - rtt0 >= prm.min_ack_delay_us) {
					struct tcp_stall_found s;

					s.dir = d;
					s.ts_us = q->ts_us;
					s.line = q->line;
					s.rseq = q->rseq;
					s.len = q->len;
					s.delay_us = q->ts_us - me->last_ts;
					s.ack_delay_us = me->adv_ts - me->last_ts;
					s.prev_line = me->last_line;
					s.ack_line = me->adv_line;
					add_stall(r, &s);
				}
			}
			me->fl = xgrow(me->fl, &me->cap, me->nfl + 1, sizeof(*me->fl));
			me->fl[me->nfl++] = (struct seg){ end, q->ts_us, 0 };
			me->snd_max = end;
			me->last_ts = q->ts_us;
			me->last_line = q->line;
			me->last_end = end;
		}
	}
	free(sd[0].fl);
	free(sd[1].fl);
}
