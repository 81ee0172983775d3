/*
 * strace.c - strace text output: one syscall record per call, signal, exit
 * and attach, with split calls joined.
 *
 * The format (strace 4.x - 6.x, as written to stderr or with -o):
 *
 *   [pid  N] | N<spaces>   which process: `[pid N] ` on stderr when more
 *                          than one process is traced (-f), a bare pid column
 *                          with -f -o FILE, nothing otherwise; with -ff each
 *                          process has its own FILE.PID (pid from the name).
 *                          When a -f trace is down to one process strace
 *                          drops the prefix: such lines belong to the only
 *                          process still alive.
 *   HH:MM:SS[.ffffff]      -t / -tt: local time of day (the date comes from
 *                          --date, the file's mtime or the bundle; midnight
 *                          is a wrap of the time of day)
 *   S.ffffff               -ttt: seconds since the epoch; with -r the seconds
 *                          since the previous line, right-aligned (a value
 *                          below 1e8 is taken as relative)
 *   name(args) = ret       a call; ret is `N`, `0x..`, `?`, optionally followed
 *                          by `ERRNO (text)` or an `(annotation)`; -T adds
 *                          ` <0.000123>` (or `<unavailable>`)
 *   name(args <unfinished ...>
 *   <... name resumed>args) = ret
 *                          a call interrupted by another process's output,
 *                          joined here by pid into one record
 *   --- SIGxxx {siginfo} ---, --- stopped by SIGxxx ---
 *   +++ exited with N +++, +++ killed by SIGxxx [(core dumped)] +++
 *   strace: Process N attached|detached
 *                          on stderr this may land in the middle of another
 *                          line; the two halves are put back together
 *
 * Socket peers: connect() and sendto()/recvfrom() name an address
 * ({sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("...")});
 * the peer of a connected fd is remembered per pid so later send/recv/poll
 * calls on it carry it too (that is how DNS traffic is found).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"

#define STRACE_MAX_LINE  (4u << 20)   /* strace -s 1M lines exist */
#define MAX_PENDING      256          /* calls waiting for their resumed part */
#define MAX_FDS          4096         /* (pid, fd) -> peer entries */
#define MAX_LIVE         4096         /* pids seen and not yet exited */

/* A growable text buffer with a hard cap. */
struct sbuf {
	char *p;
	size_t n, cap;
};

static void sb_set(struct sbuf *b, const char *s, size_t n)
{
	if (n + 1 > b->cap)
		b->p = xgrow(b->p, &b->cap, n + 1, 1);
	memcpy(b->p, s, n);
	b->p[n] = '\0';
	b->n = n;
}

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap)
		b->p = xgrow(b->p, &b->cap, b->n + n + 1, 1);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

struct pending {                 /* an <unfinished ...> call */
	int64_t pid;
	char name[64];
	struct sbuf args;
	int64_t ts_us;
	double rel_s;
	int64_t line;
};

struct fdpeer {
	int64_t pid, fd;
	char peer[80];
	int port;
};

struct st {
	struct input *in;
	struct sink *out;
	struct diag *dg;
	int64_t line;            /* current line (the first, when joined) */
	int64_t file_pid;        /* from FILE.PID of -ff, -1 */
	int saw_prefix;          /* some line had [pid N] or a pid column */
	/* time */
	int mode;                /* 0 none, 1 time of day, 2 epoch, 3 relative */
	int64_t day_us;          /* midnight (UTC) of the current day, or unknown */
	int64_t day_tod_us;      /* last time of day seen */
	struct tzconv tz;
	int64_t first_us;        /* of the first record, TS_UNKNOWN */
	double rel_sum;          /* -r: running sum */
	int64_t last_us;
	int warned_time;
	/* state */
	struct pending pend[MAX_PENDING];
	size_t npend;
	struct fdpeer fds[MAX_FDS];
	size_t nfds;
	int64_t live[MAX_LIVE];
	size_t nlive;
	struct sbuf carry;       /* head of a line cut by an injected message */
	int64_t carry_line;
	struct sbuf args, ret, err, errtext;   /* scratch for one record */
	int failed;
};

/* ------------------------------------------------------------------ */
/* small scanners over [p, e) */

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       rng_is_digit(c) || c == '_' || c == '?';
}

/* Find the first ')' closing depth 0 from p, skipping quoted strings and
 * nested brackets; NULL when the text ends first. */
static const char *close_paren(const char *p, const char *e)
{
	int depth = 0;

	while (p < e) {
		char c = *p;

		if (c == '"') {
			for (p++; p < e && *p != '"'; p++)
				if (*p == '\\' && p + 1 < e)
					p++;
			if (p >= e)
				return NULL;
		} else if (c == '(' || c == '[' || c == '{') {
			depth++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (depth == 0)
				return c == ')' ? p : NULL;
			depth--;
		}
		p++;
	}
	return NULL;
}

/* Search lit in [p, e) outside quoted strings. */
static const char *find_unquoted(const char *p, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	char c0 = lit[0];

	/* memcmp only where the first byte matches: this runs over every
	 * argument list several times, so a call per byte showed in perf */
	while (p < e) {
		if (*p == '"') {
			for (p++; p < e && *p != '"'; p++)
				if (*p == '\\' && p + 1 < e)
					p++;
			if (p < e)
				p++;
			continue;
		}
		if (*p == c0 && (size_t)(e - p) >= n && !memcmp(p, lit, n))
			return p;
		p++;
	}
	return NULL;
}

static int parse_i64(const char *p, const char *e, int64_t *v)
{
	return num_parse_i64(p, (size_t)(e - p), v);
}

/* ------------------------------------------------------------------ */
/* time */

/* Local wall-clock midnight of the day ts_us falls on, as UTC-midnight of
 * that calendar day, and the time of day there. */
static void local_day(struct tzconv *tz, int64_t ts_us, int64_t *day_us,
		      int64_t *tod_us)
{
	int64_t days = ts_us / 86400000000LL, off, local;
	int64_t rem = ts_us - days * 86400000000LL;
	int y;
	unsigned m, d;

	if (rem < 0) {
		days--;
		rem += 86400000000LL;
	}
	civil_from_days(days, &y, &m, &d);
	off = ts_us - tzconv_local_us(tz, y, (int)m, (int)d,
				      (int)(rem / 3600000000LL),
				      (int)(rem / 60000000 % 60),
				      (int)(rem / 1000000 % 60), rem % 1000000);
	local = ts_us + off;
	days = local / 86400000000LL;
	if (local < 0 && local % 86400000000LL)
		days--;
	*day_us = days * 86400000000LL;
	*tod_us = local - *day_us;
}

/* Set up the date for time-of-day stamps at the first such line. */
static void pick_day(struct st *s, int64_t tod_us)
{
	struct input *in = s->in;
	int64_t day, mtod;

	if (in->opts && in->opts->date_us != TS_UNKNOWN) {
		s->day_us = in->opts->date_us;
		snprintf(in->time_origin, sizeof(in->time_origin), "--date");
		return;
	}
	if (in->mtime_us != TS_UNKNOWN) {
		local_day(&s->tz, in->mtime_us, &day, &mtod);
		/* a trace that starts later in the day than the file was last
		 * written began the day before */
		if (tod_us > mtod + 60000000LL)
			day -= 86400000000LL;
		s->day_us = day;
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "file mtime (date of the -t/-tt times)");
		return;
	}
	if (in->hints && in->hints->capture_us != TS_UNKNOWN) {
		local_day(&s->tz, in->hints->capture_us, &day, &mtod);
		if (tod_us > mtod + 60000000LL)
			day -= 86400000000LL;
		s->day_us = day;
		snprintf(in->time_origin, sizeof(in->time_origin),
			 "bundle capture date (date of the -t/-tt times)");
		return;
	}
	s->day_us = TS_UNKNOWN;
	snprintf(in->time_origin, sizeof(in->time_origin),
		 "time of day only: no date (use --date)");
}

/* Parse the optional timestamp at p; sets *ts_us / *rel_s and returns the
 * position after it (p when there is none). */
static const char *parse_time(struct st *s, const char *p, const char *e,
			      int64_t *ts_us, double *rel_s)
{
	const char *q = p;
	int h, mi, sec;
	int64_t us;
	size_t k;

	*ts_us = TS_UNKNOWN;
	*rel_s = NAN;
	while (q < e && *q == ' ')
		q++;
	if (q >= e || !rng_is_digit(*q))
		return p;
	k = parse_hms(q, (size_t)(e - q), &h, &mi, &sec, &us);
	if (k && q + k < e && q[k] == ' ' && h < 24 && mi < 60 && sec < 61) {
		int64_t tod = ((int64_t)h * 3600 + mi * 60 + sec) * 1000000 + us;

		if (s->mode != 1) {
			s->mode = 1;
			pick_day(s, tod);
			s->day_tod_us = tod;
		}
		if (tod + 43200000000LL < s->day_tod_us) {
			if (s->day_us != TS_UNKNOWN)
				s->day_us += 86400000000LL;   /* midnight */
		} else if (tod < s->day_tod_us && !s->warned_time++) {
			diag_warn(s->dg, s->line, "time goes back from %02d:%02d:%02d.%06d",
				  (int)(s->day_tod_us / 3600000000LL),
				  (int)(s->day_tod_us / 60000000 % 60),
				  (int)(s->day_tod_us / 1000000 % 60),
				  (int)(s->day_tod_us % 1000000));
		}
		s->day_tod_us = tod;
		if (s->day_us != TS_UNKNOWN) {
			int y;
			unsigned m, d;

			civil_from_days(s->day_us / 86400000000LL, &y, &m, &d);
			*ts_us = tzconv_local_us(&s->tz, y, (int)m, (int)d, h, mi,
						 sec, us);
		}
		if (s->first_us == TS_UNKNOWN)
			s->first_us = s->day_us != TS_UNKNOWN ? *ts_us : tod;
		*rel_s = ((s->day_us != TS_UNKNOWN ? *ts_us : tod) -
			  s->first_us) / 1e6;
		return q + k + 1;
	}
	/* S.ffffff: epoch (-ttt) or relative (-r) */
	{
		const char *t = q;
		double v;

		while (t < e && (rng_is_digit(*t) || *t == '.'))
			t++;
		if (t >= e || *t != ' ' || !memchr(q, '.', (size_t)(t - q)) ||
		    num_parse(q, (size_t)(t - q), 0, &v) < 0)
			return p;
		if (v >= 1e8) {
			if (s->mode != 2) {
				s->mode = 2;
				snprintf(s->in->time_origin,
					 sizeof(s->in->time_origin),
					 "epoch seconds (-ttt)");
			}
			/* exact microseconds: integer part and 6 digits */
			{
				int64_t sec64 = 0, frac = 0;
				const char *dot = memchr(q, '.', (size_t)(t - q));
				size_t nd = (size_t)(t - dot - 1);

				/* past year 5000 is not a time: no overflow below */
				if (parse_i64(q, dot, &sec64) < 0 || nd > 9 ||
				    sec64 < 0 || sec64 > 100000000000LL)
					return p;
				for (size_t i = 0; i < 6; i++)
					frac = frac * 10 +
					       (i < nd ? dot[1 + i] - '0' : 0);
				*ts_us = sec64 * 1000000 + frac;
			}
			if (s->first_us == TS_UNKNOWN)
				s->first_us = *ts_us;
			if (*ts_us < s->last_us && !s->warned_time++)
				diag_warn(s->dg, s->line,
					  "time goes back by %.6f s",
					  (s->last_us - *ts_us) / 1e6);
			s->last_us = *ts_us;
			*rel_s = (*ts_us - s->first_us) / 1e6;
		} else {
			if (s->mode != 3) {
				s->mode = 3;
				snprintf(s->in->time_origin,
					 sizeof(s->in->time_origin),
					 "relative (-r): no absolute time");
			}
			s->rel_sum += v;
			*rel_s = s->rel_sum;
		}
		return t + 1;
	}
}

/* ------------------------------------------------------------------ */
/* processes, pending calls, fd peers */

static void live_add(struct st *s, int64_t pid)
{
	if (pid < 0)
		return;
	for (size_t i = 0; i < s->nlive; i++)
		if (s->live[i] == pid)
			return;
	if (s->nlive < MAX_LIVE)
		s->live[s->nlive++] = pid;
}

static void live_del(struct st *s, int64_t pid)
{
	for (size_t i = 0; i < s->nlive; i++)
		if (s->live[i] == pid) {
			s->live[i] = s->live[--s->nlive];
			return;
		}
}

static struct fdpeer *fd_find(struct st *s, int64_t pid, int64_t fd)
{
	for (size_t i = 0; i < s->nfds; i++)
		if (s->fds[i].pid == pid && s->fds[i].fd == fd)
			return &s->fds[i];
	return NULL;
}

static void fd_forget(struct st *s, int64_t pid, int64_t fd)
{
	struct fdpeer *f = fd_find(s, pid, fd);

	if (f)
		*f = s->fds[--s->nfds];
}

static void fd_set_peer(struct st *s, int64_t pid, int64_t fd,
			const char *peer, int port)
{
	struct fdpeer *f = fd_find(s, pid, fd);

	if (!f) {
		if (s->nfds == MAX_FDS)
			s->nfds = 0;    /* bounded: start over, older fds forgotten */
		f = &s->fds[s->nfds++];
	}
	f->pid = pid;
	f->fd = fd;
	snprintf(f->peer, sizeof(f->peer), "%.79s", peer);
	f->port = port;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Calls whose first argument is a file descriptor (sorted: bsearch, as a
 * linear strcmp walk over it for every call showed in perf). */
static int takes_fd(const char *name)
{
	static const char *const names[] = {
		"accept", "accept4", "bind", "close", "connect", "dup", "dup2",
		"dup3", "fchmod", "fchown", "fcntl", "fdatasync", "flock",
		"fstat", "fstatfs", "fsync", "ftruncate", "getdents",
		"getdents64", "getpeername", "getsockname", "getsockopt",
		"ioctl", "listen", "lseek", "pread64", "preadv", "preadv2",
		"pwrite64", "pwritev", "pwritev2", "read", "readv", "recv",
		"recvfrom", "recvmmsg", "recvmsg", "send", "sendfile",
		"sendmmsg", "sendmsg", "sendto", "setsockopt", "shutdown",
		"write", "writev"
	};

	return bsearch(name, names, sizeof(names) / sizeof(names[0]),
		       sizeof(names[0]), cmp_name) != NULL;
}

/* The fd a call works on: its first argument (`3` or `3</path>` with -y),
 * or the first `fd=N` of poll/ppoll; -1 when none. */
static int64_t call_fd(const char *name, const char *a, size_t n)
{
	const char *e = a + n, *p = a, *q;
	int64_t v;

	if (!strcmp(name, "poll") || !strcmp(name, "ppoll")) {
		p = find_unquoted(a, e, "fd=");
		if (!p)
			return -1;
		p += 3;
	} else if (!takes_fd(name)) {
		return -1;
	}
	q = p;
	if (q < e && *q == '-')
		q++;
	while (q < e && rng_is_digit(*q))
		q++;
	if (q == p || parse_i64(p, q, &v) < 0)
		return -1;
	return v;
}

/* The socket address named in args: "addr:port" (IPv6 "[addr]:port"),
 * or the path of an AF_UNIX address; 1 when one was found. */
static int args_peer(const char *a, size_t n, char *peer, size_t cap,
		     int *port)
{
	const char *e = a + n, *p, *q;
	char addr[64] = "";
	int64_t v = -1;
	int v6 = 0;

	*port = -1;
	/* most calls name no address: one memmem for each form instead of
	 * four quote-aware scans (find_unquoted finds only what memmem does) */
	if (!memmem(a, n, "sun_path=\"", 10) && !memmem(a, n, "_port=htons(", 12))
		return 0;
	if ((p = find_unquoted(a, e, "sun_path=\""))) {
		p += 10;
		for (q = p; q < e && *q != '"'; q++)
			if (*q == '\\' && q + 1 < e)
				q++;
		snprintf(peer, cap, "%.*s", (int)(q - p < 200 ? q - p : 200), p);
		return 1;
	}
	p = find_unquoted(a, e, "sin_port=htons(");
	if (!p) {
		p = find_unquoted(a, e, "sin6_port=htons(");
		v6 = 1;
	}
	if (!p)
		return 0;
	p = memchr(p, '(', (size_t)(e - p)) + 1;
	for (q = p; q < e && rng_is_digit(*q); q++)
		;
	if (q == p || q - p > 5 || parse_i64(p, q, &v) < 0)
		return 0;
	if ((p = find_unquoted(a, e, "inet_addr(\"")))
		p += 11;
	else if ((p = find_unquoted(a, e, "AF_INET6, \"")))
		p += 11;
	if (p) {
		for (q = p; q < e && *q != '"' && q - p < 63; q++)
			;
		memcpy(addr, p, (size_t)(q - p));
		addr[q - p] = '\0';
	}
	*port = (int)v;
	snprintf(peer, cap, v6 ? "[%s]:%d" : "%s:%d", addr, (int)v);
	return 1;
}

/* ------------------------------------------------------------------ */
/* emitting */

static void emit(struct st *s, struct syscall_rec *c)
{
	if (!s->failed && s->out->syscall && s->out->syscall(s->out, c) < 0)
		s->failed = 1;
}

static void init_rec(struct syscall_rec *c, const char *kind, int64_t pid,
		     int64_t ts_us, double rel_s, int64_t line)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->pid = pid;
	c->ts_us = ts_us;
	c->rel_s = rel_s;
	c->duration_s = NAN;
	c->fd = -1;
	c->peer_port = -1;
	c->line = line;
	c->end_line = line;
}

/* Parse the return part "= ret [<dur>]" (p at '=' or spaces before it)
 * into c; ret text lands in s->ret. */
static void parse_ret(struct st *s, const char *p, const char *e,
		      struct syscall_rec *c)
{
	const char *q, *t;

	p = rng_skip_blank(p, e);
	if (p >= e || *p != '=')
		return;
	p = rng_skip_blank(p + 1, e);
	while (e > p && e[-1] == ' ')
		e--;
	/* -T: " <0.000123>" or " <unavailable>" at the end */
	if (e > p && e[-1] == '>') {
		const char *lt = e - 1;

		while (lt > p && *lt != '<' && *lt != ' ')
			lt--;
		if (*lt == '<' && lt > p && lt[-1] == ' ') {
			double d;

			if (num_parse(lt + 1, (size_t)(e - 1 - lt - 1), 0, &d) == 0 &&
			    d >= 0)
				c->duration_s = d;
			if (isfinite(c->duration_s) ||
			    rng_starts(lt, e, "<unavailable>")) {
				e = lt - 1;
				while (e > p && e[-1] == ' ')
					e--;
			}
		}
	}
	sb_set(&s->ret, p, (size_t)(e - p));
	c->ret = s->ret.p;
	/* the value */
	q = p;
	if (q < e && *q == '?') {
		q++;
	} else {
		t = q;
		if (t < e && *t == '-')
			t++;
		if (rng_starts(t, e, "0x")) {
			uint64_t u;

			for (t += 2; t < e && ((*t >= '0' && *t <= '9') ||
			     (*t >= 'a' && *t <= 'f') || (*t >= 'A' && *t <= 'F')); t++)
				;
			if (num_parse_hex(q, (size_t)(t - q), &u) == 0) {
				c->retval = (int64_t)u;
				c->has_retval = 1;
			}
		} else {
			while (t < e && rng_is_digit(*t))
				t++;
			if (parse_i64(q, t, &c->retval) == 0)
				c->has_retval = 1;
		}
		q = t;
	}
	/* errno name and text: " ENOENT (No such file or directory)" */
	t = rng_skip_blank(q, e);
	if (t < e && *t == 'E' && (c->retval < 0 || !c->has_retval)) {
		const char *w = t;

		while (w < e && ((*w >= 'A' && *w <= 'Z') || rng_is_digit(*w) ||
				 *w == '_'))
			w++;
		if (w - t >= 2 && (w == e || *w == ' ')) {
			const char *x = rng_skip_blank(w, e);

			sb_set(&s->err, t, (size_t)(w - t));
			c->err = s->err.p;
			if (x < e && *x == '(' && e[-1] == ')') {
				sb_set(&s->errtext, x + 1, (size_t)(e - 1 - x - 1));
				c->err_text = s->errtext.p;
			}
		}
	}
}

/* Fill fd and peer of a finished call, and update the fd table. */
static void call_peer(struct st *s, struct syscall_rec *c, char *peer,
		      size_t cap)
{
	int port = -1;
	size_t n = c->args ? strlen(c->args) : 0;

	c->fd = c->args ? call_fd(c->name, c->args, n) : -1;
	if (c->args && args_peer(c->args, n, peer, cap, &port)) {
		c->peer = peer;
		c->peer_port = port;
		if (!strcmp(c->name, "connect") && c->fd >= 0 &&
		    ((c->has_retval && c->retval == 0) ||
		     (c->err && !strcmp(c->err, "EINPROGRESS"))))
			fd_set_peer(s, c->pid, c->fd, peer, port);
	} else if (c->fd >= 0) {
		struct fdpeer *f = fd_find(s, c->pid, c->fd);

		if (f) {
			snprintf(peer, cap, "%s", f->peer);
			c->peer = peer;
			c->peer_port = f->port;
		}
	}
	if (!strcmp(c->name, "close") && c->fd >= 0)
		fd_forget(s, c->pid, c->fd);
	if (!strcmp(c->name, "socket") && c->has_retval && c->retval >= 0)
		fd_forget(s, c->pid, c->retval);
}

static void emit_call(struct st *s, struct syscall_rec *c)
{
	char peer[256];

	call_peer(s, c, peer, sizeof(peer));
	emit(s, c);
}

static struct pending *pend_find(struct st *s, int64_t pid)
{
	for (size_t i = 0; i < s->npend; i++)
		if (s->pend[i].pid == pid)
			return &s->pend[i];
	return NULL;
}

/* Drop a pending call: swapped with the last slot, whose buffer is kept
 * for reuse. */
static void pend_drop(struct st *s, struct pending *pd)
{
	struct pending tmp = *pd;

	*pd = s->pend[s->npend - 1];
	s->pend[--s->npend] = tmp;
}

/* Emit a pending call that will never be resumed, and drop it. */
static void pend_flush(struct st *s, struct pending *pd)
{
	struct syscall_rec c;

	init_rec(&c, "syscall", pd->pid, pd->ts_us, pd->rel_s, pd->line);
	c.name = pd->name;
	c.args = pd->args.p ? pd->args.p : "";
	c.unfinished = 1;
	emit_call(s, &c);
	pend_drop(s, pd);
}

static void pend_flush_pid(struct st *s, int64_t pid)
{
	struct pending *pd = pend_find(s, pid);

	if (pd)
		pend_flush(s, pd);
}

/* ------------------------------------------------------------------ */
/* one line */

static void warn_line(struct st *s, const char *what, const char *p,
		      const char *e)
{
	int n = (int)(e - p > 60 ? 60 : e - p);

	diag_warn(s->dg, s->line, "%s '%.*s'", what, n, p);
}

/* A call line `name(args...` (p at the name). */
static void do_call(struct st *s, int64_t pid, int64_t ts, double rel,
		    const char *p, const char *e)
{
	const char *name = p, *a, *close;
	struct syscall_rec c;
	char nm[64];

	while (p < e && is_name_char(*p))
		p++;
	if (p == name || p >= e || *p != '(' || p - name >= (long)sizeof(nm)) {
		warn_line(s, "not a strace line", name, e);
		return;
	}
	memcpy(nm, name, (size_t)(p - name));
	nm[p - name] = '\0';
	a = p + 1;
	if (rng_ends(a, e, "<unfinished ...>")) {
		const char *ae = e - 16;
		struct pending *pd = pend_find(s, pid);

		if (ae > a && ae[-1] == ' ')    /* the one before "<unfinished" */
			ae--;
		if (pd) {
			diag_warn(s->dg, s->line, "'%s' of pid %lld never resumed",
				  pd->name, (long long)pid);
			pend_flush(s, pd);
		}
		if (s->npend == MAX_PENDING) {
			diag_warn(s->dg, s->line,
				  "more than %d unfinished calls: '%s' of pid %lld "
				  "closed", MAX_PENDING, s->pend[0].name,
				  (long long)s->pend[0].pid);
			pend_flush(s, &s->pend[0]);
		}
		pd = &s->pend[s->npend++];
		pd->pid = pid;
		snprintf(pd->name, sizeof(pd->name), "%s", nm);
		sb_set(&pd->args, a, (size_t)(ae - a));
		pd->ts_us = ts;
		pd->rel_s = rel;
		pd->line = s->line;
		return;
	}
	close = close_paren(a, e);
	if (!close) {
		warn_line(s, "incomplete call", name, e);
		return;
	}
	init_rec(&c, "syscall", pid, ts, rel, s->line);
	c.name = nm;
	parse_ret(s, close + 1, e, &c);
	if (!c.ret) {
		warn_line(s, "call without a return value", name, e);
		return;
	}
	sb_set(&s->args, a, (size_t)(close - a));
	c.args = s->args.p;
	emit_call(s, &c);
}

/* `<... name resumed>rest) = ret` (p just after "<... "). */
static void do_resumed(struct st *s, int64_t pid, int64_t ts, double rel,
		       const char *p, const char *e)
{
	const char *name = p, *r, *close;
	struct pending *pd;
	struct syscall_rec c;
	char nm[64];
	struct sbuf joined = { 0 };

	while (p < e && is_name_char(*p))
		p++;
	if (p == name || !rng_starts(p, e, " resumed>") || p - name >= (long)sizeof(nm)) {
		warn_line(s, "not a strace line", name - 5, e);
		return;
	}
	memcpy(nm, name, (size_t)(p - name));
	nm[p - name] = '\0';
	r = p + 9;
	pd = pend_find(s, pid);
	if (!pd && pid >= 0) {
		/* a call started before the prefixes appeared */
		pd = pend_find(s, -1);
		if (pd && strcmp(pd->name, nm))
			pd = NULL;
	}
	if (pd && strcmp(pd->name, nm)) {
		diag_warn(s->dg, s->line, "'%s' of pid %lld never resumed",
			  pd->name, (long long)pid);
		pend_flush(s, pd);
		pd = NULL;
	}
	close = close_paren(r, e);
	if (!close) {
		warn_line(s, "incomplete call", name - 5, e);
		return;
	}
	if (pd) {
		sb_set(&joined, pd->args.p ? pd->args.p : "", pd->args.n);
		init_rec(&c, "syscall", pid, pd->ts_us, pd->rel_s, pd->line);
	} else {
		diag_warn(s->dg, s->line, "'%s' of pid %lld resumed without its start",
			  nm, (long long)pid);
		init_rec(&c, "syscall", pid, ts, rel, s->line);
	}
	sb_add(&joined, r, (size_t)(close - r));
	c.name = nm;
	c.unfinished = 1;
	c.resumed = 1;
	c.end_line = s->line;
	parse_ret(s, close + 1, e, &c);
	c.args = joined.p;
	if (!c.ret)
		warn_line(s, "call without a return value", name - 5, e);
	else
		emit_call(s, &c);
	free(joined.p);
	if (pd)
		pend_drop(s, pd);
}

/* `--- ... ---` and `+++ ... +++` */
static void do_signal(struct st *s, int64_t pid, int64_t ts, double rel,
		      const char *p, const char *e)
{
	struct syscall_rec c;
	const char *b = p + 4, *be = e - 4;
	char nm[32];
	struct sbuf tmp = { 0 };

	if (be < b) {
		warn_line(s, "not a strace line", p, e);
		return;
	}
	if (*p == '-') {
		const char *n = b, *w;

		init_rec(&c, "signal", pid, ts, rel, s->line);
		if (rng_starts(n, be, "stopped by "))
			n += 11;
		for (w = n; w < be && is_name_char(*w); w++)
			;
		if (w == n || w - n >= (long)sizeof(nm)) {
			warn_line(s, "not a strace line", p, e);
			return;
		}
		memcpy(nm, n, (size_t)(w - n));
		nm[w - n] = '\0';
		c.name = nm;
		w = rng_skip_blank(w, be);
		sb_set(&tmp, n == b ? w : b, (size_t)(be - (n == b ? w : b)));
		c.args = tmp.p;
		emit(s, &c);
		free(tmp.p);
		return;
	}
	/* +++ */
	pend_flush_pid(s, pid);
	if (rng_starts(b, be, "exited with ")) {
		init_rec(&c, "exit", pid, ts, rel, s->line);
		if (parse_i64(b + 12, be, &c.retval) == 0)
			c.has_retval = 1;
		sb_set(&tmp, b, (size_t)(be - b));
		c.ret = tmp.p;
	} else if (rng_starts(b, be, "killed by ")) {
		const char *n = b + 10, *w;

		init_rec(&c, "killed", pid, ts, rel, s->line);
		for (w = n; w < be && is_name_char(*w); w++)
			;
		if (w == n || w - n >= (long)sizeof(nm)) {
			warn_line(s, "not a strace line", p, e);
			return;
		}
		memcpy(nm, n, (size_t)(w - n));
		nm[w - n] = '\0';
		c.name = nm;
		sb_set(&tmp, b, (size_t)(be - b));
		c.ret = tmp.p;
	} else if (rng_starts(b, be, "superseded by execve")) {
		init_rec(&c, "exit", pid, ts, rel, s->line);
		sb_set(&tmp, b, (size_t)(be - b));
		c.ret = tmp.p;
	} else {
		warn_line(s, "not a strace line", p, e);
		return;
	}
	emit(s, &c);
	free(tmp.p);
	live_del(s, pid);
}

/* "strace: Process N attached|detached" at p (p..e). */
static int do_strace_msg(struct st *s, int64_t ts, double rel, const char *p,
			 const char *e)
{
	const char *q = p + 16, *w;
	int64_t pid;
	struct syscall_rec c;

	if (!rng_starts(p, e, "strace: Process "))
		return 0;
	for (w = q; w < e && rng_is_digit(*w); w++)
		;
	if (w == q || parse_i64(q, w, &pid) < 0)
		return 0;
	if (rng_starts(w, e, " attached")) {
		init_rec(&c, "attach", pid, ts, rel, s->line);
		live_add(s, pid);
	} else if (rng_starts(w, e, " detached")) {
		init_rec(&c, "detach", pid, ts, rel, s->line);
		pend_flush_pid(s, pid);
		live_del(s, pid);
	} else {
		return 0;
	}
	w = rng_skip_blank(w + 9, e);
	c.args = NULL;
	if (w < e) {
		char *t = xstrndup(w, (size_t)(e - w));

		c.args = t;
		emit(s, &c);
		free(t);
	} else {
		emit(s, &c);
	}
	return 1;
}

static void do_line(struct st *s, const char *p, const char *e)
{
	int64_t pid = -1, ts;
	double rel;
	const char *q, *inj;

	/* an attach message injected into the middle of this line (memmem
	 * first: a quote-aware scan of every line showed in perf) */
	if (!rng_starts(p, e, "strace: ") &&
	    memmem(p, (size_t)(e - p), "strace: Process ", 16) &&
	    (inj = find_unquoted(p, e, "strace: Process ")) &&
	    (rng_ends(inj, e, " attached") || rng_ends(inj, e, " detached"))) {
		int64_t keep_line = s->line;

		if (do_strace_msg(s, TS_UNKNOWN, NAN, inj, e)) {
			sb_set(&s->carry, p, (size_t)(inj - p));
			s->carry_line = keep_line;
			return;
		}
	}
	if (rng_starts(p, e, "strace: ")) {
		if (!do_strace_msg(s, TS_UNKNOWN, NAN, p, e))
			warn_line(s, "unknown strace message", p, e);
		return;
	}
	/* the pid */
	if (rng_starts(p, e, "[pid ")) {
		q = rng_skip_blank(p + 5, e);
		p = q;
		while (q < e && rng_is_digit(*q))
			q++;
		if (q == p || q >= e || *q != ']' || parse_i64(p, q, &pid) < 0) {
			warn_line(s, "bad pid prefix", p, e);
			return;
		}
		p = rng_skip_blank(q + 1, e);
		s->saw_prefix = 1;
	} else if (p < e && rng_is_digit(*p)) {
		/* -f -o FILE: a "PID " column ("%-5d "); a timestamp would have
		 * a ':' or '.' right after its first digits */
		q = p;
		while (q < e && rng_is_digit(*q))
			q++;
		if (q < e && *q == ' ') {
			if (parse_i64(p, q, &pid) < 0) {
				warn_line(s, "bad pid column", p, e);
				return;
			}
			p = rng_skip_blank(q, e);
			s->saw_prefix = 1;
		}
	}
	if (pid < 0) {
		if (s->file_pid >= 0)
			pid = s->file_pid;
		else if (s->saw_prefix && s->nlive == 1)
			pid = s->live[0];
	}
	live_add(s, pid);
	p = parse_time(s, p, e, &ts, &rel);
	p = rng_skip_blank(p, e);
	if (p >= e) {
		warn_line(s, "not a strace line", p, e);
		return;
	}
	if (rng_starts(p, e, "strace: ")) {
		if (!do_strace_msg(s, ts, rel, p, e))
			warn_line(s, "unknown strace message", p, e);
	} else if ((rng_starts(p, e, "--- ") && rng_ends(p, e, " ---")) ||
		   (rng_starts(p, e, "+++ ") && rng_ends(p, e, " +++"))) {
		do_signal(s, pid, ts, rel, p, e);
	} else if (rng_starts(p, e, "<... ")) {
		do_resumed(s, pid, ts, rel, p + 5, e);
	} else {
		do_call(s, pid, ts, rel, p, e);
	}
}

/* ------------------------------------------------------------------ */

static int64_t pid_from_name(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	int64_t v;

	if (!dot || !dot[1] || num_parse_i64(dot + 1, strlen(dot + 1), &v) < 0 ||
	    v <= 0)
		return -1;
	for (const char *c = dot + 1; *c; c++)
		if (!rng_is_digit(*c))
			return -1;
	return v;
}

static int strace_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct st *s = xcalloc(1, sizeof(*s));
	struct lines lr;
	const char *line;
	size_t len;
	int rc, ok = 0;
	const char *tzname = in->opts && in->opts->tz ? in->opts->tz :
			     (in->hints && in->hints->tz[0] ? in->hints->tz : NULL);

	s->in = in;
	s->out = out;
	s->dg = dg;
	s->file_pid = pid_from_name(in->name);
	s->first_us = TS_UNKNOWN;
	s->last_us = INT64_MIN;
	s->day_us = TS_UNKNOWN;
	tzconv_init(&s->tz, tzname);
	snprintf(in->time_origin, sizeof(in->time_origin), "no timestamps");
	lines_init(&lr, in, dg, STRACE_MAX_LINE);
	while (!s->failed && (rc = lines_next(&lr, &line, &len)) == 1) {
		s->line = lr.lineno;
		if (len == 0)
			continue;
		if (s->carry.n) {
			/* the rest of a line an attach message cut in two */
			sb_add(&s->carry, line, len);
			s->line = s->carry_line;
			len = s->carry.n;
			s->carry.n = 0;
			{
				char *joined = xstrndup(s->carry.p, len);

				do_line(s, joined, joined + len);
				free(joined);
			}
			ok++;
			continue;
		}
		do_line(s, line, line + len);
		ok++;
	}
	if (s->carry.n) {
		s->line = s->carry_line;
		warn_line(s, "incomplete call", s->carry.p, s->carry.p + s->carry.n);
	}
	while (s->npend)
		pend_flush(s, &s->pend[0]);
	lines_release(&lr);
	for (size_t i = 0; i < MAX_PENDING; i++)
		free(s->pend[i].args.p);
	free(s->carry.p);
	free(s->args.p);
	free(s->ret.p);
	free(s->err.p);
	free(s->errtext.p);
	rc = s->failed ? IMPORT_FAIL : IMPORT_OK;
	if (lr.io_error)
		rc = IMPORT_FAIL;
	free(s);
	(void)ok;
	return rc;
}

/* ------------------------------------------------------------------ */
/* sniffing: the share of the first lines that look like strace */

static int looks_like_strace(const char *p, const char *e)
{
	const char *q;

	if (rng_starts(p, e, "[pid "))
		return 1;
	if (rng_starts(p, e, "strace: Process "))
		return 1;
	while (p < e && (rng_is_digit(*p) || *p == ' ' || *p == '.' || *p == ':'))
		p++;
	if (rng_starts(p, e, "+++ ") || rng_starts(p, e, "--- SIG") ||
	    rng_starts(p, e, "<... "))
		return 1;
	q = p;
	while (q < e && is_name_char(*q))
		q++;
	if (q == p || q >= e || *q != '(')
		return 0;
	if (rng_ends(q, e, "<unfinished ...>"))
		return 1;
	q = close_paren(q + 1, e);
	if (!q)
		return 0;
	q = rng_skip_blank(q + 1, e);
	return q < e && *q == '=';
}

static int strace_sniff(const struct input *in)
{
	const char *p = (const char *)in->head, *e = p + in->head_len;
	int lines = 0, hits = 0;

	while (p < e && lines < 20) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl ? nl : e;

		if (!nl && in->head_len == INPUT_HEAD_MAX && lines)
			break;          /* a partial last line of the head */
		if (le > p && le[-1] == '\r')
			le--;
		if (le > p) {
			lines++;
			hits += looks_like_strace(p, le);
		}
		p = nl ? nl + 1 : e;
	}
	if (!lines || !hits)
		return 0;
	if (hits * 10 >= lines * 9)
		return 95;
	if (hits * 2 >= lines)
		return 60;
	return hits > 1 ? 20 : 5;
}

const struct importer strace_importer = {
	.name = "strace",
	.summary = "strace output (-f/-ff, -t/-tt/-ttt/-r, -T): calls, signals, exits",
	.version = 1,
	.sniff = strace_sniff,
	.parse = strace_parse,
};
