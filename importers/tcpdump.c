/*
 * tcpdump.c - tcpdump's text output: packets, conversations and DNS.
 *
 * People paste `tcpdump -n` output into tickets and keep it in bundles; the
 * pcap is usually gone.  This importer reads the text back into packets
 * (struct packet_rec), conversations (struct flow_rec, the 5-tuple in both
 * directions) and DNS messages (struct dns_rec), so the stall and DNS
 * analyses (src/rules/tcp_stall.c, dns_lookup.c) can run on it.
 *
 * One line per packet (tcpdump 4.x):
 *
 *   TIME [IFACE DIR ] PROTO [(-v header)] SRC[.PORT] > DST[.PORT]: PAYLOAD
 *
 *   TIME     default   13:48:00.153633         local time of day: the date
 *                                              comes from --date, the bundle's
 *                                              capture date or the mtime
 *            -t        (none)
 *            -tt       1795355280.153633       seconds since the epoch
 *            -ttt       00:00:00.000022        since the previous packet
 *            -tttt     2026-11-22 13:48:00.153633  local date and time
 *            -ttttt     00:00:01.252687        since the first packet
 *            (-ttt and -ttttt both start with a space; the head of the file
 *            tells them apart: deltas go up and down, offsets never fall.
 *            Both need an anchor: the mtime taken as the last packet, or
 *            --date as the first.  Nine fraction digits (--nano) are read
 *            and cut to microseconds.)
 *   IFACE DIR  -i any: "lo    In  ", "eth0  Out ", M, B, P
 *   -e       "00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4
 *            (0x0800), length 74: " then the addresses (no "IP")
 *   PROTO    IP | IP6 | ARP, | anything else (kept raw, with a warning)
 *   -v       "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6),
 *            length 60)" then a second line, indented, with the rest; IP6
 *            keeps its "(flowlabel ..., payload length: 40)" on one line
 *   PAYLOAD  TCP  "Flags [P.], cksum .., seq 1:52, ack 1, win 64, urg 1,
 *                 options [nop,nop,TS val 1 ecr 2], length 51[: app text]"
 *                 seq/ack are absolute on the packet that starts tcpdump's
 *                 record of a conversation (SYN-ACK, or the first ACK seen)
 *                 and relative after it; we mirror that bookkeeping to get
 *                 relative and, when the SYN-ACK was seen, absolute values
 *            UDP  "UDP, length 20"
 *            DNS  (port 53) "4275+ [1au] A? name. (45)" queries,
 *                 "4275 NXDomain*- 1/0/0 A 192.0.2.10 (46)" responses
 *            ICMP "ICMP echo request, id 1, seq 1, length 64"
 *
 * Lines we do not understand are kept as raw packet rows (proto "raw", the
 * text in `raw`), never dropped, each with a warning; tcpdump's own banner
 * and summary lines ("reading from file", "N packets captured") and -x/-X
 * hex dump lines are skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"

#define LINE_MAX_LEN 65536
#define FLOW_MAX (1u << 22)     /* conversations tracked; more get flow 0 */
#define DNSQ_SLOTS 4096         /* recent queries, to name their responses */

enum ts_mode { TS_NONE, TS_HMS, TS_EPOCH, TS_DELTA, TS_DATETIME, TS_SINCE };

static const char *const mode_name[] = {
	"none", "hms", "epoch", "delta", "datetime", "since_first"
};

struct flow {
	char *key;              /* "tcp|addr|port|addr|port", canonical order */
	int64_t handle;
	char *a_addr;
	int a_port;
	int has_base, from_syn, abs_mode;
	int base_known[2];
	uint32_t base[2];       /* ISN of each direction (0 = a->b) */
	int isn_known[2];
	uint32_t isn[2];        /* from a bare SYN, before tcpdump's record */
};

struct dnsq {
	uint64_t key;
	char qtype[16];
	char name[256];
};

struct tcpd {
	struct input *in;
	struct sink *out;
	struct diag *dg;
	struct tzconv tz;
	enum ts_mode mode;
	int mode_guessed;
	int64_t day_us;          /* hms: UTC midnight of the current day */
	int64_t date_y, date_m, date_d; /* hms: the local date in force */
	int64_t anchor_us;       /* delta/since_first: the time of offset 0 */
	int64_t rel_us;          /* delta: running sum */
	int64_t last_us, last_tod_us;
	int64_t first_us;
	char origin[256];
	double uncertainty_s;
	int verbose, any, ether;
	int64_t packets, raw;
	/* the pending -v header line */
	char *pend;
	size_t pend_len;
	int64_t pend_line;
	/* conversations: open addressing on the key */
	struct flow *flows;
	size_t nflows, cap;
	int flow_full;
	struct dnsq *dnsq;
	char *buf;               /* the line being parsed, mutable */
	int stop;                /* the sink failed */
};

/* ------------------------------------------------------------------ */
/* small scanning helpers over NUL-terminated mutable text            */

/* Digits at p: count (max 18), value in *v. */
static size_t digits(const char *p, int64_t *v)
{
	size_t i = 0;
	int64_t x = 0;

	while (i < 18 && rng_is_digit(p[i]))
		x = x * 10 + (p[i++] - '0');
	*v = x;
	return i;
}

static int parse_i64(const char *p, int64_t *v)
{
	size_t n = strlen(p);

	return n ? num_parse_i64(p, n, v) : -1;
}

static const char *skip_sp(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "HH:MM:SS.f..." at p: chars used (0 if not), time in microseconds.
 * Hours may exceed 23 (offsets). */
static size_t parse_clock(const char *p, int64_t *us)
{
	int64_t h, m, s, f = 0;
	size_t i = 0, n;

	n = digits(p, &h);
	if (n < 1 || n > 6 || p[n] != ':')
		return 0;
	i = n + 1;
	if (digits(p + i, &m) != 2 || p[i + 2] != ':' || m > 59)
		return 0;
	i += 3;
	if (digits(p + i, &s) != 2 || s > 60)
		return 0;
	i += 2;
	if (p[i] == '.') {
		size_t k = 0;

		i++;
		while (rng_is_digit(p[i + k]) && k < 9) {
			if (k < 6)
				f = f * 10 + (p[i + k] - '0');
			k++;
		}
		if (!k)
			return 0;
		for (size_t j = k; j < 6; j++)
			f *= 10;
		i += k;
	}
	*us = ((h * 60 + m) * 60 + s) * 1000000 + f;
	return i;
}

/* "1795355280.153633" at p: chars used, microseconds. */
static size_t parse_epoch(const char *p, int64_t *us)
{
	int64_t s, f = 0;
	size_t n = digits(p, &s), k = 0;

	if (n < 9 || n > 12 || p[n] != '.')
		return 0;
	while (rng_is_digit(p[n + 1 + k]) && k < 9) {
		if (k < 6)
			f = f * 10 + (p[n + 1 + k] - '0');
		k++;
	}
	if (!k)
		return 0;
	for (size_t j = k; j < 6; j++)
		f *= 10;
	*us = s * 1000000 + f;
	return n + 1 + k;
}

/* "YYYY-MM-DD " at p: chars used (11) or 0. */
static size_t parse_ymd(const char *p, int *y, int *m, int *d)
{
	int64_t a, b, c;

	if (digits(p, &a) != 4 || p[4] != '-' || digits(p + 5, &b) != 2 ||
	    p[7] != '-' || digits(p + 8, &c) != 2 || p[10] != ' ')
		return 0;
	if (!date_valid((int)a, (int)b, (int)c))
		return 0;
	*y = (int)a;
	*m = (int)b;
	*d = (int)c;
	return 11;
}

/* What timestamp starts the line, without interpreting it. */
static enum ts_mode sniff_ts(const char *p, size_t *used, int64_t *us)
{
	int y, m, d;
	size_t n;

	if (p[0] == ' ' && (n = parse_clock(p + 1, us)) && p[1 + n] == ' ') {
		*used = n + 1;
		return TS_DELTA;        /* or TS_SINCE: the caller decides */
	}
	if ((n = parse_ymd(p, &y, &m, &d))) {
		size_t k = parse_clock(p + n, us);

		if (k && p[n + k] == ' ') {
			*used = n + k;
			return TS_DATETIME;
		}
	}
	if ((n = parse_epoch(p, us)) && p[n] == ' ') {
		*used = n;
		return TS_EPOCH;
	}
	if ((n = parse_clock(p, us)) && p[n] == ' ' && p[2] == ':') {
		*used = n;
		return TS_HMS;
	}
	return TS_NONE;
}

/* ------------------------------------------------------------------ */
/* time                                                                 */

static int64_t local_day_us(struct tcpd *t, int y, int m, int d)
{
	int64_t us = tzconv_local_us(&t->tz, y, m, d, 0, 0, 0, 0);

	return us == TS_UNKNOWN ? utc_us(y, m, d, 0, 0, 0, 0) : us;
}

/* The local calendar date of a UTC time (for mtime / capture hints). */
static void local_date(struct tcpd *t, int64_t us, int *y, unsigned *m,
		       unsigned *d, int64_t *tod_us)
{
	int64_t off = 0, day;
	int yy;
	unsigned mm, dd;

	/* find the zone offset at that time: convert the UTC civil time as
	 * if it were local, the difference is the offset */
	day = us >= 0 ? us / 86400000000LL : -((-us + 86399999999LL) / 86400000000LL);
	civil_from_days(day, &yy, &mm, &dd);
	{
		int64_t tod = us - day * 86400000000LL;
		int64_t as_local = tzconv_local_us(&t->tz, yy, mm, dd,
						   (int)(tod / 3600000000LL),
						   (int)(tod / 60000000LL % 60),
						   (int)(tod / 1000000 % 60), tod % 1000000);

		if (as_local != TS_UNKNOWN)
			off = us - as_local;   /* local = utc + off */
	}
	us += off;
	day = us >= 0 ? us / 86400000000LL : -((-us + 86399999999LL) / 86400000000LL);
	civil_from_days(day, &yy, &mm, &dd);
	*y = yy;
	*m = mm;
	*d = dd;
	*tod_us = us - day * 86400000000LL;
}

static void set_date(struct tcpd *t, int y, int m, int d)
{
	t->date_y = y;
	t->date_m = m;
	t->date_d = d;
	t->day_us = local_day_us(t, y, m, d);
}

/* Pick the date for hms times, before the first packet (tod = its time
 * of day).  Order: --date, the bundle's capture time, the mtime. */
static void hms_origin(struct tcpd *t, int64_t tod)
{
	const struct input *in = t->in;
	int y;
	unsigned m, d;
	int64_t mt_tod;

	if (in->opts && in->opts->date_us != TS_UNKNOWN) {
		/* --date is a UTC midnight: take its UTC calendar day */
		civil_from_days(in->opts->date_us / 86400000000LL, &y, &m, &d);
		set_date(t, y, (int)m, (int)d);
		snprintf(t->origin, sizeof(t->origin),
			 "date from --date %04d-%02u-%02u, time of day from the capture",
			 y, m, d);
		return;
	}
	if (in->hints && in->hints->capture_us != TS_UNKNOWN) {
		local_date(t, in->hints->capture_us, &y, &m, &d, &mt_tod);
		if (tod > mt_tod)
			civil_from_days(days_from_civil(y, m, d) - 1, &y, &m, &d);
		set_date(t, y, (int)m, (int)d);
		snprintf(t->origin, sizeof(t->origin),
			 "date %04d-%02u-%02u from the bundle's capture time", y, m, d);
		return;
	}
	if (in->mtime_us != TS_UNKNOWN) {
		local_date(t, in->mtime_us, &y, &m, &d, &mt_tod);
		/* the file was last written at the end of the capture: a first
		 * packet later in the day than the mtime began the day before */
		if (tod > mt_tod)
			civil_from_days(days_from_civil(y, m, d) - 1, &y, &m, &d);
		set_date(t, y, (int)m, (int)d);
		snprintf(t->origin, sizeof(t->origin),
			 "date %04d-%02u-%02u from the file's mtime", y, m, d);
		return;
	}
	set_date(t, 1970, 1, 1);
	snprintf(t->origin, sizeof(t->origin),
		 "no date known: times of day placed on 1970-01-01 (use --date)");
	t->uncertainty_s = 86400;
	diag_warn(t->dg, 0, "no date for times of day: use --date; "
		  "times are placed on 1970-01-01");
}

/* Scan the whole mapped input for the last offset of a relative mode
 * (sum of deltas, or the largest offset since the first packet). */
static int64_t last_offset(struct tcpd *t)
{
	const char *p = (const char *)t->in->map, *end = p + t->in->size;
	int64_t sum = 0, max = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int64_t us;
		size_t k;

		if (n >= 17 && p[0] == ' ') {
			char tmp[24];

			memcpy(tmp, p, 23 < n ? 23 : n);
			tmp[23 < n ? 23 : n] = '\0';
			if ((k = parse_clock(tmp + 1, &us)) && (tmp[1 + k] == ' ' ||
								 tmp[1 + k] == '\0')) {
				sum += us;
				if (us > max)
					max = us;
			}
		}
		p += n + 1;
	}
	return t->mode == TS_DELTA ? sum : max;
}

/* Anchor a relative mode before its first packet. */
static void rel_origin(struct tcpd *t)
{
	const struct input *in = t->in;
	const char *what = t->mode == TS_DELTA ? "deltas (-ttt)" :
		"offsets since the first packet (-ttttt)";
	int64_t date = in->opts ? in->opts->date_us : TS_UNKNOWN;

	if (in->mtime_us != TS_UNKNOWN && in->map &&
	    (date == TS_UNKNOWN || (in->mtime_us >= date &&
				    in->mtime_us - date < 86400000000LL))) {
		int64_t last = last_offset(t);

		t->anchor_us = in->mtime_us - last;
		t->uncertainty_s = 1;
		snprintf(t->origin, sizeof(t->origin),
			 "%s anchored on the file's mtime as the last packet%s",
			 what, t->mode_guessed ? " (mode guessed from the head)" : "");
		return;
	}
	if (date != TS_UNKNOWN) {
		t->anchor_us = date;
		t->uncertainty_s = 86400;
		snprintf(t->origin, sizeof(t->origin),
			 "%s anchored on --date as the first packet%s", what,
			 t->mode_guessed ? " (mode guessed from the head)" : "");
		return;
	}
	if (in->mtime_us != TS_UNKNOWN) {
		t->anchor_us = in->mtime_us;
		t->uncertainty_s = 86400;
		snprintf(t->origin, sizeof(t->origin),
			 "%s anchored on the mtime as the first packet (streamed: "
			 "capture length unknown)", what);
		return;
	}
	if (in->hints && in->hints->capture_us != TS_UNKNOWN) {
		t->anchor_us = in->hints->capture_us;
		t->uncertainty_s = 86400;
		snprintf(t->origin, sizeof(t->origin),
			 "%s anchored on the bundle's capture time as the first packet",
			 what);
		return;
	}
	t->anchor_us = 0;
	t->uncertainty_s = -1;
	snprintf(t->origin, sizeof(t->origin),
		 "%s with no anchor: times count from 1970-01-01", what);
	diag_warn(t->dg, 0, "no anchor for relative timestamps: use --date; "
		  "times count from 1970-01-01");
}

/* From the head: do the leading-space times fall (deltas) or not? */
static enum ts_mode guess_relative(struct tcpd *t)
{
	const char *p = (const char *)t->in->head;
	const char *end = p + t->in->head_len;
	int64_t prev = -1, us;
	int n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char tmp[24];
		size_t k, len;

		if (!nl)
			break;
		len = (size_t)(nl - p);
		if (len > 23)
			len = 23;
		memcpy(tmp, p, len);
		tmp[len] = '\0';
		if (tmp[0] == ' ' && (k = parse_clock(tmp + 1, &us)) &&
		    (tmp[1 + k] == ' ' || !tmp[1 + k])) {
			if (prev >= 0 && us < prev)
				return TS_DELTA;
			prev = us;
			n++;
		}
		p = nl + 1;
	}
	t->mode_guessed = n < 8;
	return TS_SINCE;
}

/* The UTC time of a line's timestamp; updates the mode state. */
static int64_t resolve_ts(struct tcpd *t, enum ts_mode m, const char *p,
			  int64_t us, int64_t line)
{
	int64_t ts;

	if (t->mode == TS_NONE && m != TS_NONE) {
		t->mode = m == TS_DELTA ? guess_relative(t) : m;
		if (t->mode == TS_HMS)
			hms_origin(t, us);
		else if (t->mode == TS_DELTA || t->mode == TS_SINCE)
			rel_origin(t);
		else
			snprintf(t->origin, sizeof(t->origin), "%s",
				 t->mode == TS_EPOCH ? "epoch seconds (-tt): exact" :
				 "local date and time (-tttt)");
	} else if (m == TS_DELTA && (t->mode == TS_DELTA || t->mode == TS_SINCE)) {
		/* keep the mode chosen from the head */
	} else if (m != t->mode) {
		diag_warn(t->dg, line, "timestamp format changes from '%s' to '%s'",
			  mode_name[t->mode], mode_name[m == TS_DELTA ? TS_DELTA : m]);
		t->mode = m == TS_DELTA ? TS_SINCE : m;
		if (t->mode == TS_HMS && t->day_us == 0 && t->date_y == 0)
			hms_origin(t, us);
	}
	switch (t->mode) {
	case TS_HMS:
		if (t->last_tod_us >= 0 && us < t->last_tod_us) {
			if (t->last_tod_us - us > 12 * 3600000000LL) {
				int y;
				unsigned mm, dd;

				civil_from_days(days_from_civil(t->date_y, t->date_m,
								t->date_d) + 1,
						&y, &mm, &dd);
				set_date(t, y, (int)mm, (int)dd);
			}
		}
		t->last_tod_us = us;
		ts = tzconv_local_us(&t->tz, (int)t->date_y, (int)t->date_m,
				     (int)t->date_d, (int)(us / 3600000000LL),
				     (int)(us / 60000000 % 60), (int)(us / 1000000 % 60),
				     us % 1000000);
		if (ts == TS_UNKNOWN)
			ts = t->day_us + us;
		break;
	case TS_EPOCH:
		ts = us;
		break;
	case TS_DELTA:
		t->rel_us += us;
		ts = t->anchor_us + t->rel_us;
		break;
	case TS_SINCE:
		ts = t->anchor_us + us;
		break;
	case TS_DATETIME: {
		int y, mo, d;

		parse_ymd(p, &y, &mo, &d);
		ts = tzconv_local_us(&t->tz, y, mo, d, (int)(us / 3600000000LL),
				     (int)(us / 60000000 % 60), (int)(us / 1000000 % 60),
				     us % 1000000);
		break;
	}
	default:
		ts = TS_UNKNOWN;
	}
	if (ts != TS_UNKNOWN) {
		if (t->last_us != TS_UNKNOWN && ts < t->last_us)
			diag_warn(t->dg, line, "timestamp goes backwards by %.6f s",
				  (double)(t->last_us - ts) / 1e6);
		t->last_us = ts;
		if (t->first_us == TS_UNKNOWN)
			t->first_us = ts;
	}
	return ts;
}

/* ------------------------------------------------------------------ */
/* conversations                                                        */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void flows_grow(struct tcpd *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 1024;
	struct flow *nf = xcalloc(ncap, sizeof(*nf));

	for (size_t i = 0; i < t->cap; i++) {
		if (!t->flows[i].key)
			continue;
		size_t j = hash_str(t->flows[i].key) & (ncap - 1);

		while (nf[j].key)
			j = (j + 1) & (ncap - 1);
		nf[j] = t->flows[i];
	}
	free(t->flows);
	t->flows = nf;
	t->cap = ncap;
}

/* Append s (n bytes) to the key k of capacity cap holding o bytes,
 * truncating like snprintf; the new length. */
static size_t key_add(char *k, size_t o, size_t cap, const char *s, size_t n)
{
	if (n > cap - 1 - o)
		n = cap - 1 - o;
	memcpy(k + o, s, n);
	k[o + n] = '\0';
	return o + n;
}

static size_t key_str(char *k, size_t o, size_t cap, const char *s)
{
	if (!s)
		s = "(null)";
	return key_add(k, o, cap, s, strlen(s));
}

static size_t key_port(char *k, size_t o, size_t cap, int v)
{
	char b[16];
	size_t n = sizeof(b);

	do {                                /* v >= 0: flow_get checks */
		b[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n);
	return key_add(k, o, cap, b + n, sizeof(b) - n);
}

/* "proto|addr|port|addr|port", the lower endpoint first: what snprintf
 * built here before (it was 5% of a tcpdump import). */
static void flow_key(char *k, size_t cap, const char *proto, const char *a,
		     int ap, const char *b, int bp)
{
	size_t o = 0;

	k[0] = '\0';
	o = key_str(k, o, cap, proto);
	o = key_add(k, o, cap, "|", 1);
	o = key_str(k, o, cap, a);
	o = key_add(k, o, cap, "|", 1);
	o = key_port(k, o, cap, ap);
	o = key_add(k, o, cap, "|", 1);
	o = key_str(k, o, cap, b);
	o = key_add(k, o, cap, "|", 1);
	key_port(k, o, cap, bp);
}

/* The conversation of a packet (created on first sight), its direction in
 * *dir; NULL when none can be kept. */
static struct flow *flow_get(struct tcpd *t, struct packet_rec *p, int syn_only)
{
	char key[600];
	int swap;
	size_t i;
	int r;

	if (!p->src || !p->dst || p->sport < 0 || p->dport < 0)
		return NULL;
	r = strcmp(p->src, p->dst);
	swap = r > 0 || (r == 0 && p->sport > p->dport);
	if (swap)
		flow_key(key, sizeof(key), p->proto, p->dst, p->dport, p->src,
			 p->sport);
	else
		flow_key(key, sizeof(key), p->proto, p->src, p->sport, p->dst,
			 p->dport);
	if (t->nflows * 2 >= t->cap) {
		if (t->nflows >= FLOW_MAX) {
			if (!t->flow_full++)
				diag_warn(t->dg, p->line, "more than %u conversations: "
					  "the rest are not tracked", FLOW_MAX);
			return NULL;
		}
		flows_grow(t);
	}
	i = hash_str(key) & (t->cap - 1);
	while (t->flows[i].key && strcmp(t->flows[i].key, key))
		i = (i + 1) & (t->cap - 1);
	if (!t->flows[i].key) {
		struct flow *f = &t->flows[i];
		struct flow_rec fr = { 0 };
		int a_is_dst = !strcmp(p->flags ? p->flags : "", "S.") && syn_only == 0;

		f->key = xstrdup(key);
		t->nflows++;
		fr.proto = p->proto;
		fr.ip_version = p->ip_version;
		fr.a_addr = a_is_dst ? p->dst : p->src;
		fr.a_port = a_is_dst ? p->dport : p->sport;
		fr.b_addr = a_is_dst ? p->src : p->dst;
		fr.b_port = a_is_dst ? p->sport : p->dport;
		fr.first_us = p->ts_us;
		fr.line = p->line;
		f->a_addr = xstrdup(fr.a_addr);
		f->a_port = fr.a_port;
		f->handle = t->out->flow ? t->out->flow(t->out, &fr) : 0;
		if (f->handle < 0) {
			t->stop = 1;
			f->handle = 0;
		}
	}
	p->dir = (!strcmp(t->flows[i].a_addr, p->src) &&
		  t->flows[i].a_port == p->sport) ? 0 : 1;
	p->flow = t->flows[i].handle;
	return &t->flows[i];
}

static void flows_free(struct tcpd *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		free(t->flows[i].key);
		free(t->flows[i].a_addr);
	}
	free(t->flows);
}

/* tcpdump prints seq/ack absolute on the packet that opens its record of
 * a conversation (the first with ACK set, or any SYN-ACK) and relative to
 * it afterwards.  Mirror that to fill rseq/rack and, when the record was
 * opened by a SYN-ACK, the absolute values. */
static void seq_resolve(struct flow *f, struct packet_rec *p, int fl_syn,
			int fl_ack)
{
	int d = p->dir, o = !d;
	uint32_t seq = (uint32_t)p->seq, ack = (uint32_t)p->ack;

	if (!fl_ack) {
		/* bare SYN or RST: absolute */
		p->seq_abs = p->seq;
		if (p->seq >= 0 && fl_syn) {
			f->isn_known[d] = 1;
			f->isn[d] = seq;
			p->rseq = 0;
		} else if (p->seq >= 0 && f->base_known[d]) {
			p->rseq = (uint32_t)(seq - f->base[d]);
		}
		return;
	}
	if (!f->has_base || fl_syn) {
		f->has_base = 1;
		f->from_syn = fl_syn;
		f->abs_mode = 0;
		f->base_known[o] = 1;
		f->base[o] = ack - 1;
		if (p->seq >= 0) {
			f->base_known[d] = 1;
			f->base[d] = seq;
			p->rseq = 0;
			p->seq_abs = p->seq;
		} else {
			f->base_known[d] = 0;
		}
		p->rack = 1;
		p->ack_abs = p->ack;
		if (!fl_syn && f->isn_known[o] && f->isn[o] == ack - 1)
			f->from_syn = 1;        /* SYN seen, its SYN-ACK lost */
		return;
	}
	/* -S prints absolute numbers throughout: they sit near the base */
	if (!f->abs_mode && p->seq >= 0 && f->base_known[d] && f->base[d] > 65536 &&
	    (uint32_t)(seq - f->base[d]) < seq && seq > 65536)
		f->abs_mode = 1;
	if (!f->abs_mode && p->ack >= 0 && f->base_known[o] && f->base[o] > 65536 &&
	    (uint32_t)(ack - f->base[o]) < ack && ack > 65536)
		f->abs_mode = 1;
	if (f->abs_mode) {
		if (p->seq >= 0) {
			p->seq_abs = p->seq;
			if (f->base_known[d])
				p->rseq = (uint32_t)(seq - f->base[d]);
		}
		if (p->ack >= 0) {
			p->ack_abs = p->ack;
			if (f->base_known[o])
				p->rack = (uint32_t)(ack - f->base[o]);
		}
		return;
	}
	p->rseq = p->seq;
	p->rack = p->ack;
	if (f->from_syn) {
		if (p->seq >= 0 && f->base_known[d])
			p->seq_abs = (uint32_t)(seq + f->base[d]);
		if (p->ack >= 0 && f->base_known[o])
			p->ack_abs = (uint32_t)(ack + f->base[o]);
	}
}

/* ------------------------------------------------------------------ */
/* payloads                                                             */

/* Split "addr.port" at the last dot when the part after it is a port. */
static void split_port(char *s, int *port, int ip_version)
{
	char *dot = strrchr(s, '.');
	int64_t v;

	*port = -1;
	if (!dot || !dot[1])
		return;
	if (ip_version == 4 || (ip_version == 0 && rng_is_digit(s[0]))) {
		int dots = 0;

		for (char *q = s; *q; q++)
			dots += *q == '.';
		if (dots == 3 && rng_is_digit(s[0]) && !strchr(s, ':'))
			return;             /* a bare dotted quad */
	}
	if (strchr(s, ':')) {
		/* IPv6: the dots after the last colon: 1 = port, 3 = v4-mapped
		 * without port, 4 = v4-mapped with port */
		char *colon = strrchr(s, ':');
		int dots = 0;

		for (char *q = colon; *q; q++)
			dots += *q == '.';
		if (dots != 1 && dots != 4)
			return;
	}
	if (parse_i64(dot + 1, &v) == 0) {
		if (v < 0 || v > 65535)
			return;
		*port = (int)v;
		*dot = '\0';
		return;
	}
	/* a service name (name resolution on): keep it as port -2 */
	for (char *q = dot + 1; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		      rng_is_digit(*q) || *q == '-' || *q == '_'))
			return;
	*port = -2;
}

/* Items of a comma-separated list, brackets kept together: returns the
 * next item (NUL-terminated in place) and advances *pp, or NULL. */
static char *next_item(char **pp)
{
	char *p = *pp, *start;
	int depth = 0;

	while (*p == ' ')
		p++;
	if (!*p)
		return NULL;
	start = p;
	for (; *p; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if ((*p == ']' || *p == ')') && depth > 0)
			depth--;
		else if (*p == ',' && depth == 0)
			break;
	}
	if (*p) {
		*p = '\0';
		*pp = p + 1;
	} else {
		*pp = p;
	}
	return start;
}

/* TCP options "nop,nop,TS val 1 ecr 2" / "mss 65495,sackOK,..." */
static void tcp_options(char *o, struct packet_rec *p, char *sack, size_t cap)
{
	char *item, *q = o;
	char copy[512];
	size_t n = strnlen(o, sizeof(copy) - 1);

	memcpy(copy, o, n);                 /* not snprintf: it showed in perf */
	copy[n] = '\0';
	q = copy;
	while ((item = next_item(&q))) {
		int64_t v;

		if (!strncmp(item, "mss ", 4) && parse_i64(item + 4, &v) == 0)
			p->mss = (int)v;
		else if (!strncmp(item, "wscale ", 7) && parse_i64(item + 7, &v) == 0)
			p->wscale = (int)v;
		else if (!strncmp(item, "TS val ", 7)) {
			char *e = strstr(item + 7, " ecr ");

			if (e) {
				*e = '\0';
				if (parse_i64(item + 7, &v) == 0)
					p->ts_val = v;
				if (parse_i64(e + 5, &v) == 0)
					p->ts_ecr = v;
			}
		} else if (!strncmp(item, "sack ", 5)) {
			char *b = strchr(item, '{');

			if (b)
				snprintf(sack, cap, "%s", b);
		}
	}
}

enum { TCP_OK = 0, TCP_CUT = 1 };

/* The TCP part after "Flags [": fills p; returns TCP_OK or TCP_CUT when
 * the text ends before "length N". */
static int tcp_payload(char *s, struct packet_rec *p, char *sack, size_t cap,
		       const char **bad)
{
	char *close = strchr(s, ']'), *q, *item;
	int have_len = 0;

	*bad = NULL;
	if (!close)
		return TCP_CUT;
	*close = '\0';
	p->flags = s;
	q = close + 1;
	if (*q == ',')
		q++;
	while ((item = next_item(&q))) {
		int64_t v;

		if (!strncmp(item, "seq ", 4)) {
			char *c = strchr(item + 4, ':');

			if (c) {
				*c = '\0';
				if (parse_i64(c + 1, &v) == 0)
					p->seq_end = v;
				else
					*bad = "seq";
			}
			if (parse_i64(item + 4, &v) == 0)
				p->seq = v;
			else
				*bad = "seq";
			if (!c)
				p->seq_end = p->seq;
		} else if (!strncmp(item, "ack ", 4)) {
			if (parse_i64(item + 4, &v) == 0)
				p->ack = v;
			else
				*bad = "ack";
		} else if (!strncmp(item, "win ", 4)) {
			if (parse_i64(item + 4, &v) == 0)
				p->win = v;
			else
				*bad = "win";
		} else if (!strncmp(item, "options [", 9)) {
			size_t n = strlen(item);

			if (n < 10 || item[n - 1] != ']')
				return TCP_CUT;
			item[n - 1] = '\0';
			p->options = item + 9;
			tcp_options(item + 9, p, sack, cap);
		} else if (!strncmp(item, "length ", 7)) {
			char *colon = strchr(item + 7, ':');

			if (colon) {
				char *endi = item + strlen(item);

				/* the app text may hold commas: take the rest */
				if (q == endi + 1)
					*endi = ',';
				*colon = '\0';
				p->info = skip_sp(colon + 1);
			}
			if (parse_i64(item + 7, &v) == 0) {
				p->len = v;
				have_len = 1;
			} else {
				*bad = "length";
			}
			if (colon)
				break;
		} else if (!strncmp(item, "cksum ", 6) || !strncmp(item, "urg ", 4) ||
			   item[0] == '[' || !strncmp(item, "sum ", 4)) {
			/* checksums, urgent pointer, [bad hdr length ...] */
		} else if (!*bad) {
			item[strcspn(item, " ")] = '\0';
			*bad = item;
		}
	}
	if (p->seq >= 0 && p->seq_end < 0)
		p->seq_end = p->seq;
	return have_len ? TCP_OK : TCP_CUT;
}

/* ------------------------------------------------------------------ */
/* DNS                                                                  */

static const char *const rcodes[] = {
	"NXDomain", "ServFail", "FormErr", "NotImp", "Refused", "YXDomain",
	"YXRRSet", "NXRRSet", "NotAuth", "NotZone", "BadVers", "BadKey",
	"BadTime", "BadMode", "BadName", "BadAlg", "BadTrunc", "BadCookie", NULL
};

static uint64_t dnsq_key(int id, const char *client, int port)
{
	uint64_t x = hash_str(client) ^ ((uint64_t)id << 32) ^ (uint64_t)port;

	/* splitmix64's finalizer: every input bit moves the slot */
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Decode a DNS payload; 1 when it was DNS (and emitted), 0 if not. */
static int dns_payload(struct tcpd *t, char *s, struct packet_rec *p)
{
	struct dns_rec d = { 0 };
	char flags[16] = "", *q = s, *paren;
	int64_t v;
	size_t n;

	if (!strncmp(q, "[udp sum ok] ", 13))
		q += 13;
	else if (!strncmp(q, "[bad udp cksum ", 15)) {
		char *e = strstr(q, "] ");

		if (!e)
			return 0;
		q = e + 2;
	}
	n = digits(q, &v);
	if (!n || v > 65535)
		return 0;
	d.id = (int)v;
	q += n;
	/* the size in parentheses ends the message */
	n = strlen(q);
	if (n < 4 || q[n - 1] != ')')
		return 0;
	paren = strrchr(q, '(');
	if (!paren || paren == q || paren[-1] != ' ')
		return 0;
	q[n - 1] = '\0';
	if (parse_i64(paren + 1, &v) == 0)
		d.size_bytes = v;
	else
		return 0;
	paren[-1] = '\0';
	{
		size_t k = 0;

		while (*q && strchr("+%*-|$", *q) && k < sizeof(flags) - 1)
			flags[k++] = *q++;
		flags[k] = '\0';
	}
	d.flags = flags;
	d.an = d.ns = d.ar = -1;
	d.ts_us = p->ts_us;
	d.flow = p->flow;
	d.line = p->line;
	/* opcode (" notify", " update", ...), rcode, flags after rcode */
	while (*q == ' ') {
		char *w = q + 1, *sp = strchr(w, ' ');
		size_t wl = sp ? (size_t)(sp - w) : strlen(w);
		int known = 0;

		for (int i = 0; rcodes[i]; i++)
			if (wl >= strlen(rcodes[i]) &&
			    !strncmp(w, rcodes[i], strlen(rcodes[i]))) {
				char *r = w + strlen(rcodes[i]);

				d.rcode = rcodes[i];
				/* "NXDomain*-" flags follow the rcode */
				while (r < w + wl && strchr("*-|$", *r)) {
					size_t k = strlen(flags);

					if (k < sizeof(flags) - 1) {
						flags[k] = *r;
						flags[k + 1] = '\0';
					}
					r++;
				}
				known = r == w + wl;
			}
		if (!known && (!strncmp(w, "Resp", 4) || !strncmp(w, "notify", 6) ||
			       !strncmp(w, "update", 6) || !strncmp(w, "iquery", 6) ||
			       !strncmp(w, "status", 6) || !strncmp(w, "op", 2)) &&
		    wl < 12 && !memchr(w, '?', wl) && !memchr(w, '/', wl))
			known = 1;
		if (!known)
			break;
		q = w + wl;
	}
	q = (char *)skip_sp(q);
	/* bracketed counts: [1au] [2q] [b2&3=0x..] [1a] [1n] */
	while (*q == '[') {
		char *c = strchr(q, ']');

		if (!c)
			return 0;
		q = (char *)skip_sp(c + 1);
	}
	/* a query: "TYPE? name." ; a response: "an/ns/ar answers" */
	{
		char *qm = strstr(q, "? ");
		char *sl = NULL;
		int64_t a, b, c;
		size_t k1 = digits(q, &a), k2 = 0, k3 = 0;

		if (k1 && q[k1] == '/' && (k2 = digits(q + k1 + 1, &b)) &&
		    q[k1 + 1 + k2] == '/' && (k3 = digits(q + k1 + k2 + 2, &c)))
			sl = q;
		if (sl) {
			d.is_response = 1;
			d.an = (int)a;
			d.ns = (int)b;
			d.ar = (int)c;
			q += k1 + k2 + k3 + 2;
			q = (char *)skip_sp(q);
			/* -vv: "q: A? name. 1/0/0 ..." comes before; handled below */
			d.answers = *q ? q : NULL;
			if (!d.rcode)
				d.rcode = "NoError";
		} else if (qm) {
			char *sp;

			if (!strncmp(q, "q: ", 3)) {
				d.is_response = 1;
				q += 3;
			}
			*qm = '\0';
			d.qtype = q;
			q = qm + 2;
			sp = strchr(q, ' ');
			if (sp) {
				*sp = '\0';
				/* -vv response: counts and answers follow */
				char *r = sp + 1;
				int64_t a2, b2, c2;
				size_t m1 = digits(r, &a2), m2, m3;

				if (m1 && r[m1] == '/' && (m2 = digits(r + m1 + 1, &b2)) &&
				    r[m1 + 1 + m2] == '/' &&
				    (m3 = digits(r + m1 + m2 + 2, &c2))) {
					d.is_response = 1;
					d.an = (int)a2;
					d.ns = (int)b2;
					d.ar = (int)c2;
					r = (char *)skip_sp(r + m1 + m2 + m3 + 2);
					d.answers = *r ? r : NULL;
					if (!d.rcode)
						d.rcode = "NoError";
				}
			}
			n = strlen(q);
			if (n > 1 && q[n - 1] == '.')
				q[n - 1] = '\0';
			d.name = q;
		} else {
			return 0;
		}
	}
	if (d.rcode && !d.is_response)
		d.is_response = 1;
	if (d.is_response) {
		d.server = p->src;
		d.server_port = p->sport;
		d.client = p->dst;
		d.client_port = p->dport;
	} else {
		d.server = p->dst;
		d.server_port = p->dport;
		d.client = p->src;
		d.client_port = p->sport;
	}
	if (!t->dnsq)
		t->dnsq = xcalloc(DNSQ_SLOTS, sizeof(*t->dnsq));
	{
		uint64_t key = dnsq_key(d.id, d.client, d.client_port);
		struct dnsq *slot = &t->dnsq[key % DNSQ_SLOTS];

		if (!d.is_response && d.name) {
			slot->key = key;
			snprintf(slot->qtype, sizeof(slot->qtype), "%s", d.qtype);
			snprintf(slot->name, sizeof(slot->name), "%s", d.name);
		} else if (d.is_response && !d.name && slot->key == key) {
			d.qtype = slot->qtype;
			d.name = slot->name;
		}
	}
	if (t->out->dns && t->out->dns(t->out, &d) < 0)
		t->stop = 1;
	return 1;
}

/* ------------------------------------------------------------------ */
/* one packet                                                           */

static void emit(struct tcpd *t, struct packet_rec *p)
{
	t->packets++;
	if (p->raw)
		t->raw++;
	if (t->out->packet && t->out->packet(t->out, p) < 0)
		t->stop = 1;
}

static void packet_init(struct packet_rec *p, int64_t ts, int64_t line)
{
	memset(p, 0, sizeof(*p));
	p->ts_us = ts;
	p->line = line;
	p->dir = -1;
	p->sport = p->dport = -1;
	p->seq = p->seq_end = p->ack = -1;
	p->rseq = p->rack = p->seq_abs = p->ack_abs = -1;
	p->win = p->len = -1;
	p->mss = p->wscale = -1;
	p->ts_val = p->ts_ecr = -1;
}

static void keep_raw(struct tcpd *t, struct packet_rec *p, const char *text)
{
	p->proto = "raw";
	p->raw = text;
	emit(t, p);
}

/* A short quote of a line for messages. */
static const char *quote(const char *s, char *buf, size_t cap)
{
	size_t n = strlen(s);

	if (n + 1 <= cap || cap < 8) {
		snprintf(buf, cap, "%s", s);
	} else {
		memcpy(buf, s, cap - 4);
		memcpy(buf + cap - 4, "...", 4);
	}
	return buf;
}

/* The -v header "(tos 0x0, ..., proto TCP (6), length 60)": its protocol. */
static const char *vheader_proto(const char *h)
{
	const char *p = strstr(h, "proto ");

	if (!p)
		p = strstr(h, "next-header ");
	if (!p)
		return NULL;
	p = strchr(p, ' ') + 1;
	if (!strncmp(p, "TCP", 3))
		return "tcp";
	if (!strncmp(p, "UDP", 3))
		return "udp";
	if (!strncmp(p, "ICMP6", 5) || !strncmp(p, "ICMPv6", 6))
		return "icmp6";
	if (!strncmp(p, "ICMP", 4))
		return "icmp";
	return NULL;
}

/* Parse "SRC > DST: PAYLOAD" (s mutable); text is the whole line. */
static void parse_body(struct tcpd *t, struct packet_rec *p, char *s,
		       const char *text, const char *vproto)
{
	char *gt = strstr(s, " > "), *colon, *pay;
	char sack[256] = "";
	char qb[96];

	if (!gt) {
		diag_warn(t->dg, p->line, "no 'src > dst' in '%s' kept raw",
			  quote(s, qb, 60));
		keep_raw(t, p, text);
		return;
	}
	*gt = '\0';
	colon = strstr(gt + 3, ": ");
	if (!colon) {
		size_t n = strlen(gt + 3);

		if (n && gt[3 + n - 1] == ':') {
			colon = gt + 3 + n - 1;
			pay = colon + 1;
		} else {
			diag_warn(t->dg, p->line, "line cut short: '%s' kept raw",
				  quote(text, qb, 60));
			keep_raw(t, p, text);
			return;
		}
	} else {
		pay = colon + 2;
	}
	*colon = '\0';
	p->src = s;
	p->dst = gt + 3;
	if (strchr(p->src, ' ') || strchr(p->dst, ' ')) {
		diag_warn(t->dg, p->line, "no 'src > dst' in '%s' kept raw",
			  quote(text, qb, 60));
		keep_raw(t, p, text);
		return;
	}
	/* which protocol: the payload says */
	if (!strncmp(pay, "Flags [", 7) || (vproto && !strcmp(vproto, "tcp")) ||
	    !strncmp(pay, "tcp ", 4)) {
		const char *bad = NULL;
		struct flow *f;
		int syn, ack, rc;

		p->proto = "tcp";
		split_port((char *)p->src, &p->sport, p->ip_version);
		split_port((char *)p->dst, &p->dport, p->ip_version);
		if (!strncmp(pay, "tcp ", 4)) {        /* -q */
			int64_t v;

			if (parse_i64(pay + 4, &v) == 0)
				p->len = v;
			flow_get(t, p, 0);
			emit(t, p);
			return;
		}
		if (strncmp(pay, "Flags [", 7)) {
			p->info = pay;
			flow_get(t, p, 0);
			emit(t, p);
			return;
		}
		rc = tcp_payload(pay + 7, p, sack, sizeof(sack), &bad);
		if (sack[0])
			p->sack = sack;
		syn = p->flags && strchr(p->flags, 'S') != NULL;
		ack = p->flags && strchr(p->flags, '.') != NULL;
		if (rc == TCP_CUT) {
			diag_warn(t->dg, p->line, "tcp line cut short: '%s' kept raw",
				  quote(text, qb, 60));
			p->raw = text;
		} else if (bad) {
			diag_warn(t->dg, p->line, "cannot parse tcp field '%s': "
				  "'%s' kept raw", bad, quote(text, qb, 60));
			p->raw = text;
		}
		f = flow_get(t, p, syn && !ack);
		if (f && !p->raw)
			seq_resolve(f, p, syn, ack);
		emit(t, p);
		return;
	}
	if (!strncmp(pay, "ICMP6", 5) || (vproto && !strcmp(vproto, "icmp6"))) {
		p->proto = "icmp6";
	} else if (!strncmp(pay, "ICMP ", 5) || (vproto && !strcmp(vproto, "icmp"))) {
		p->proto = "icmp";
	} else {
		p->proto = "udp";
		split_port((char *)p->src, &p->sport, p->ip_version);
		split_port((char *)p->dst, &p->dport, p->ip_version);
		if (p->sport == -1 && p->dport == -1 && !(vproto && !strcmp(vproto, "udp")))
			p->proto = p->ip_version == 6 ? "ip6" : "ip";
	}
	if (!strcmp(p->proto, "udp")) {
		flow_get(t, p, 0);
		if (!strncmp(pay, "UDP, length ", 12)) {
			int64_t v;

			if (parse_i64(pay + 12, &v) == 0)
				p->len = v;
			else
				p->info = pay;
			emit(t, p);
			return;
		}
		if (p->sport == 53 || p->dport == 53 || p->sport == -2 ||
		    p->dport == -2) {
			char copy[LINE_MAX_LEN];
			size_t n = strlen(pay);

			if (n < sizeof(copy)) {
				memcpy(copy, pay, n + 1);
				/* emit the packet first: its length is the DNS size */
				char *lp = strrchr(pay, '(');
				int64_t v;

				if (lp && n && pay[n - 1] == ')') {
					pay[n - 1] = '\0';
					if (parse_i64(lp + 1, &v) == 0)
						p->len = v;
					pay[n - 1] = ')';
				}
				p->info = pay;
				emit(t, p);
				if (!dns_payload(t, copy, p))
					diag_warn(t->dg, p->line,
						  "cannot decode dns '%s'",
						  quote(pay, qb, 60));
				return;
			}
		}
	}
	/* UDP applications, ICMP, the rest: keep the text, take the length */
	p->info = pay;
	{
		char *l = strstr(pay, "length ");
		char *last = NULL;

		while (l) {
			last = l;
			l = strstr(l + 7, "length ");
		}
		if (last) {
			int64_t v;
			size_t k = digits(last + 7, &v);

			if (k && (last[7 + k] == '\0' || last[7 + k] == ' ' ||
				  last[7 + k] == ','))
				p->len = v;
		}
	}
	if (p->sport >= 0 || p->sport == -2)
		flow_get(t, p, 0);
	emit(t, p);
}

static int is_mac(const char *s)
{
	for (int i = 0; i < 17; i++) {
		char c = s[i];

		if (i % 3 == 2) {
			if (c != ':')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

/* Lines tcpdump itself prints around the packets. */
static int is_banner(const char *s)
{
	int64_t v;
	size_t n = digits(s, &v);

	if (!strncmp(s, "reading from file ", 18) || !strncmp(s, "listening on ", 13) ||
	    !strncmp(s, "tcpdump: ", 9) || !strncmp(s, "dropped privs", 13))
		return 1;
	if (n && (!strcmp(s + n, " packets captured") ||
		  !strcmp(s + n, " packet captured") ||
		  !strncmp(s + n, " packets received by filter", 28) ||
		  !strncmp(s + n, " packet received by filter", 27) ||
		  !strncmp(s + n, " packets dropped by kernel", 26) ||
		  !strncmp(s + n, " packet dropped by kernel", 25) ||
		  !strncmp(s + n, " packets dropped by interface", 29)))
		return 1;
	return 0;
}

static const char *const dirs[] = { "In", "Out", "M", "B", "P", NULL };

/* One logical line (a -v pair already joined), in t->buf. */
static void parse_line(struct tcpd *t, char *s, int64_t line)
{
	struct packet_rec p;
	enum ts_mode m;
	size_t used = 0;
	int64_t us = 0;
	const char *text = s;
	char *q, *body = NULL;
	char qb[96];
	char textcopy[LINE_MAX_LEN + 8];
	const char *vproto = NULL;

	m = sniff_ts(s, &used, &us);
	if (m == TS_NONE) {
		packet_init(&p, TS_UNKNOWN, line);
		if (t->mode != TS_NONE || strncmp(s, "IP ", 3)) {
			diag_warn(t->dg, line, "no timestamp in '%s' kept raw",
				  quote(s, qb, 60));
			keep_raw(t, &p, s);
			return;
		}
		q = s;
	} else {
		packet_init(&p, resolve_ts(t, m, s, us, line), line);
		q = s + used;
		if (*q == ' ')
			q++;
	}
	/* the text is parsed in place: keep a copy for raw rows */
	{
		size_t n = strlen(s);

		if (n > LINE_MAX_LEN)
			n = LINE_MAX_LEN;
		memcpy(textcopy, s, n);
		textcopy[n] = '\0';
		text = textcopy;
	}
	/* -i any: "lo    In  IP ..." */
	{
		const char *a = q, *b;
		size_t la = strcspn(a, " ");

		b = skip_sp(a + la);
		for (int i = 0; a[la] == ' ' && dirs[i]; i++) {
			size_t lb = strlen(dirs[i]);

			if (!strncmp(b, dirs[i], lb) && b[lb] == ' ' && la > 0 &&
			    strncmp(a, "IP", 2)) {
				q[la] = '\0';
				p.iface = q;
				p.direction = dirs[i];
				t->any = 1;
				q = (char *)skip_sp(b + lb);
				/* "ifindex 1 " with -e on any */
				if (!strncmp(q, "ifindex ", 8)) {
					int64_t v;
					size_t k = digits(q + 8, &v);

					q = (char *)skip_sp(q + 8 + k);
				}
				break;
			}
		}
	}
	/* -e: "mac > mac, ethertype IPv4 (0x0800), length 74: " */
	if (is_mac(q) || !strncmp(q, "ethertype ", 10)) {
		char *et = strstr(q, "ethertype "), *len;

		t->ether = 1;
		if (!et || !(len = strstr(et, ", length ")) || !strstr(len, ": ")) {
			diag_warn(t->dg, line, "cannot read link header in '%s' kept raw",
				  quote(text, qb, 60));
			keep_raw(t, &p, text);
			return;
		}
		et += 10;
		if (!strncmp(et, "IPv4", 4)) {
			p.ip_version = 4;
		} else if (!strncmp(et, "IPv6", 4)) {
			p.ip_version = 6;
		} else {
			char *sp = strchr(et, ' ');

			if (sp)
				*sp = '\0';
			p.proto = et;
			p.info = strstr(sp ? sp + 1 : et, ": ") ?
				strstr(sp + 1, ": ") + 2 : NULL;
			p.raw = text;
			diag_warn(t->dg, line, "unknown protocol '%s' kept raw", et);
			emit(t, &p);
			return;
		}
		body = strstr(len, ": ") + 2;
	} else if (!strncmp(q, "IP ", 3)) {
		p.ip_version = 4;
		body = q + 3;
	} else if (!strncmp(q, "IP6 ", 4)) {
		p.ip_version = 6;
		body = q + 4;
	} else if (!strncmp(q, "ARP, ", 5)) {
		p.proto = "arp";
		p.info = q + 5;
		{
			char *l = strstr(q, ", length ");
			int64_t v;

			if (l && digits(l + 9, &v))
				p.len = v;
		}
		emit(t, &p);
		return;
	} else {
		size_t n = strcspn(q, " ,");
		char name[32];

		if (n == 0 || n >= sizeof(name)) {
			diag_warn(t->dg, line, "cannot parse '%s' kept raw",
				  quote(text, qb, 60));
			keep_raw(t, &p, text);
			return;
		}
		memcpy(name, q, n);
		name[n] = '\0';
		diag_warn(t->dg, line, "unknown protocol '%s' kept raw", name);
		for (size_t i = 0; i < n; i++)
			if (q[i] >= 'A' && q[i] <= 'Z')
				q[i] = (char)(q[i] - 'A' + 'a');
		q[n] = '\0';
		p.proto = q;
		p.info = (char *)skip_sp(q + n + 1 <= q + strlen(text) ? q + n + 1 : q + n);
		p.raw = text;
		emit(t, &p);
		return;
	}
	/* -v header */
	if (*body == '(') {
		int depth = 0;
		char *c = body;

		for (; *c; c++) {
			if (*c == '(')
				depth++;
			else if (*c == ')' && --depth == 0)
				break;
		}
		if (!*c) {
			diag_warn(t->dg, line, "unterminated '-v' header in '%s' kept raw",
				  quote(text, qb, 60));
			keep_raw(t, &p, text);
			return;
		}
		*c = '\0';
		vproto = vheader_proto(body);
		t->verbose = 1;
		body = (char *)skip_sp(c + 1);
		if (!*body) {
			diag_warn(t->dg, line, "'-v' header without its second line kept raw");
			keep_raw(t, &p, text);
			return;
		}
	}
	parse_body(t, &p, body, text, vproto);
}

/* A -v header line waits for its indented second line. */
static int is_vheader(const char *s, size_t n)
{
	const char *e = s + n;
	const char *ip = NULL;

	if (n < 20 || s[n - 1] != ')')
		return 0;
	for (const char *p = s; p + 4 < e; p++)
		if (!memcmp(p, " IP (", 5)) {
			ip = p;
			break;
		}
	if (!ip)
		return 0;
	/* the header's parentheses close at the end of the line */
	{
		int depth = 0;

		for (const char *p = ip + 4; p < e; p++) {
			if (*p == '(')
				depth++;
			else if (*p == ')' && --depth == 0)
				return p == e - 1;
		}
	}
	return 0;
}

static void flush_pending(struct tcpd *t)
{
	if (!t->pend_len)
		return;
	memcpy(t->buf, t->pend, t->pend_len);
	t->buf[t->pend_len] = '\0';
	t->pend_len = 0;
	parse_line(t, t->buf, t->pend_line);
}

static int tcpdump_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct tcpd t;
	struct lines lr;
	const char *line;
	size_t len;
	int rc = 0, hex_lines = 0;
	const char *tz = NULL;

	memset(&t, 0, sizeof(t));
	t.in = in;
	t.out = out;
	t.dg = dg;
	t.last_us = t.first_us = TS_UNKNOWN;
	t.last_tod_us = -1;
	t.mode = TS_NONE;
	if (in->opts && in->opts->tz)
		tz = in->opts->tz;
	else if (in->hints && in->hints->tz[0])
		tz = in->hints->tz;
	tzconv_init(&t.tz, tz);
	t.buf = xmalloc(2 * LINE_MAX_LEN + 8);
	t.pend = xmalloc(LINE_MAX_LEN + 1);
	lines_init(&lr, in, dg, LINE_MAX_LEN);
	while (!t.stop && (rc = lines_next(&lr, &line, &len)) == 1) {
		if (len == 0)
			continue;
		if (line[0] == ' ' || line[0] == '\t') {
			const char *c = line;

			while (c < line + len && (*c == ' ' || *c == '\t'))
				c++;
			if (t.pend_len) {
				/* the second line of a -v pair */
				size_t n = t.pend_len;

				memcpy(t.buf, t.pend, n);
				t.buf[n++] = ' ';
				memcpy(t.buf + n, c, (size_t)(line + len - c));
				n += (size_t)(line + len - c);
				t.buf[n] = '\0';
				t.pend_len = 0;
				parse_line(&t, t.buf, t.pend_line);
				continue;
			}
			if (line + len - c > 2 && c[0] == '0' && c[1] == 'x') {
				hex_lines++;    /* -x / -X dump: not a packet */
				continue;
			}
			if (!(len > 16 && line[0] == ' ' && line[3] == ':' &&
			      line[6] == ':')) {
				char qb[96];
				struct packet_rec p;

				memcpy(t.buf, line, len);
				t.buf[len] = '\0';
				diag_warn(dg, lr.lineno, "continuation line without a packet "
					  "'%s' kept raw",
					  quote(t.buf + (c - line), qb, 60));
				packet_init(&p, TS_UNKNOWN, lr.lineno);
				keep_raw(&t, &p, t.buf);
				continue;
			}
		}
		if (t.pend_len)
			flush_pending(&t);      /* a header alone: kept raw */
		if (is_vheader(line, len)) {
			memcpy(t.pend, line, len);
			t.pend_len = len;
			t.pend_line = lr.lineno;
			continue;
		}
		memcpy(t.buf, line, len);
		t.buf[len] = '\0';
		if (is_banner(t.buf))
			continue;
		parse_line(&t, t.buf, lr.lineno);
	}
	if (t.pend_len)
		flush_pending(&t);
	lines_release(&lr);
	if (!t.stop && out->capture) {
		struct capture_rec c = { 0 };

		c.tool = "tcpdump";
		c.ts_mode = mode_name[t.mode];
		c.time_origin = t.origin[0] ? t.origin : "no timestamps";
		c.ts_uncertainty_s = t.uncertainty_s;
		c.link = t.any ? "any" : t.ether ? "ether" : NULL;
		c.verbose = t.verbose;
		c.packets = t.packets;
		c.raw = t.raw;
		c.first_us = t.first_us;
		c.last_us = t.last_us;
		if (out->capture(out, &c) < 0)
			t.stop = 1;
	}
	{
		const char *o = t.origin[0] ? t.origin : "no timestamps";
		size_t n = strlen(o);

		if (n >= sizeof(in->time_origin))
			n = sizeof(in->time_origin) - 1;
		memcpy(in->time_origin, o, n);
		in->time_origin[n] = '\0';
	}
	flows_free(&t);
	free(t.dnsq);
	free(t.pend);
	free(t.buf);
	if (rc < 0 || t.stop)
		return IMPORT_FAIL;
	if (t.packets == 0)
		return diag_error(dg, 0, "no tcpdump packet lines found"), IMPORT_FAIL;
	return IMPORT_OK;
}

/* ------------------------------------------------------------------ */
/* sniffing: how many of the head's lines read as tcpdump packets       */

static int tcpdump_sniff(const struct input *in)
{
	const char *p = (const char *)in->head, *end = p + in->head_len;
	int good = 0, lines = 0;

	while (p < end && lines < 40) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char tmp[160];
		size_t k = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1, used;
		int64_t us;

		if (!nl && lines > 0)
			break;
		memcpy(tmp, p, k);
		tmp[k] = '\0';
		lines++;
		if (sniff_ts(tmp, &used, &us) != TS_NONE) {
			const char *r = skip_sp(tmp + used);

			if (strstr(r, "IP ") == r || strstr(r, "IP6 ") == r ||
			    strstr(r, "ARP, ") == r || strstr(r, " In  IP") ||
			    strstr(r, " Out IP") || strstr(r, " > ") ||
			    strstr(r, "ethertype "))
				good++;
		} else if (tmp[0] == ' ' || tmp[0] == '\t' || is_banner(tmp)) {
			lines--;        /* -v second lines, hex, banners: neutral */
		}
		p += n + 1;
	}
	if (good == 0)
		return 0;
	if (good >= 3 && good * 10 >= lines * 8)
		return 95;
	if (good * 2 >= lines)
		return 70;
	return 20;
}

const struct importer tcpdump_importer = {
	.name = "tcpdump",
	.summary = "tcpdump text output: packets, flows, DNS (every -t mode, -v, -e, -i any)",
	.version = 1,
	.needs_map = 1,         /* relative times are anchored on the last one */
	.sniff = tcpdump_sniff,
	.parse = tcpdump_parse,
};
