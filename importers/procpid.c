/*
 * procpid.c - who a process is: /proc/<pid>/stat, status and cmdline,
 * merged into the process row its smaps describes.
 *
 * The walker hands these files over one by one, so each is an input of its
 * own; this importer reads whichever it gets and calls sink->process with
 * the snapshot key, pid and time util_pid.h derives from the path: the
 * store merges the partial records of one (snapshot, pid) into one row.
 *
 *   file      shape                                  what is kept
 *   ---------------------------------------------------------------------
 *   stat      "PID (COMM) S PPID PGRP SESSION ..."  comm (between the first
 *             one line, 52 fields (proc(5))          '(' and the last ')':
 *                                                    comm may hold both),
 *                                                    state, ppid, threads
 *                                                    (field 20), starttime (22)
 *   status    "Key:\tvalue" lines                    Name, State, PPid, Uid
 *                                                    and Gid (real, effective),
 *                                                    Threads, VmRSS, VmSwap
 *   cmdline   argv, each NUL-terminated              argv joined by spaces
 *                                                    ("" for kernel threads
 *                                                    and zombies)
 *
 * Which file it is comes from its name (`stat`, `status`, `cmdline`, also
 * with a time or pid glued on: `stat.20261122-103512`, `4242.status`) or,
 * for stat and status, from the content.  A bare `cmdline` outside a pid
 * directory is the kernel's command line (/proc/cmdline), not a process:
 * it is not claimed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_pid.h"

#define PROCPID_MAX (1u << 20)   /* bytes read of one file */

enum pp_kind { PP_NONE, PP_STAT, PP_STATUS, PP_CMDLINE };

static const char *const kind_name[] = { "", "stat", "status", "cmdline" };

static int is_sep(char c)
{
	return c == '.' || c == '-' || c == '_';
}

/* Does the file name say `kind` (exactly, or with a glued suffix/prefix)? */
static int named(const char *base, const char *kind)
{
	size_t bn = strlen(base), kn = strlen(kind);

	if (bn >= kn && !memcmp(base, kind, kn) && (bn == kn || is_sep(base[kn])))
		return 1;
	/* "<digits><sep>kind" */
	size_t i = 0;

	while (i < bn && base[i] >= '0' && base[i] <= '9')
		i++;
	return i > 0 && i < bn && is_sep(base[i]) && bn - i - 1 >= kn &&
	       !memcmp(base + i + 1, kind, kn) &&
	       (bn - i - 1 == kn || is_sep(base[i + 1 + kn]));
}

static const char *base_of(const struct input *in)
{
	const char *p = in->path ? in->path : "", *b = p;

	for (; *p; p++)
		if (*p == '/' || *p == '!')
			b = p + 1;
	return b;
}

/* "PID (" then a ')' later on the first line, then " S " */
static int stat_content(const unsigned char *h, size_t n)
{
	size_t i = 0, close = 0;

	while (i < n && h[i] >= '0' && h[i] <= '9')
		i++;
	if (i == 0 || i > 10 || i + 2 >= n || h[i] != ' ' || h[i + 1] != '(')
		return 0;
	for (size_t k = i + 2; k < n && h[k] != '\n'; k++)
		if (h[k] == ')')
			close = k;
	return close && close + 3 < n && h[close + 1] == ' ' &&
	       h[close + 2] >= 'A' && h[close + 2] <= 'Z' && h[close + 3] == ' ';
}

static int status_content(const unsigned char *h, size_t n)
{
	return n > 6 && !memcmp(h, "Name:", 5) &&
	       (memmem(h, n, "\nPid:", 5) || memmem(h, n, "\nTgid:", 6) ||
		memmem(h, n, "\nState:", 7));
}

static enum pp_kind kind_of(const struct input *in, int *score)
{
	const char *b = base_of(in);
	struct pid_where w;

	*score = 0;
	if (stat_content(in->head, in->head_len)) {
		*score = named(b, "stat") ? 95 : 80;
		return PP_STAT;
	}
	if (status_content(in->head, in->head_len)) {
		*score = named(b, "status") ? 95 : 80;
		return PP_STATUS;
	}
	if (named(b, "cmdline")) {
		pid_where(in, "cmdline", &w);
		if (w.pid >= 0)
			*score = 90;
		else if (memchr(in->head, '\0', in->head_len))
			*score = 60;
		else
			return PP_NONE;
		return PP_CMDLINE;
	}
	if (named(b, "stat") || named(b, "status")) {
		/* named so but not shaped so (or empty, as smemcap writes a
		 * file it could not read): take it, and say what is wrong */
		pid_where(in, "stat", &w);
		if (w.pid < 0)
			return PP_NONE;
		*score = 50;
		return named(b, "stat") ? PP_STAT : PP_STATUS;
	}
	return PP_NONE;
}

/* The whole input (at most PROCPID_MAX bytes) into *buf; the caller frees.
 * Returns the length, or -1 on a read error (reported). */
static ssize_t slurp(struct input *in, struct diag *dg, char **buf, int *cut)
{
	size_t len = 0, cap = 0;
	char *b = NULL;

	*cut = 0;
	if (in->map) {
		len = in->size > PROCPID_MAX ? PROCPID_MAX : (size_t)in->size;
		*cut = in->size > PROCPID_MAX;
		b = xmalloc(len + 1);
		memcpy(b, in->map, len);
	} else {
		for (;;) {
			ssize_t r;

			b = xgrow(b, &cap, len + 65536 + 1, 1);
			r = in->read(in, b + len, cap - len - 1 < PROCPID_MAX - len ?
				     cap - len - 1 : PROCPID_MAX - len);
			if (r < 0) {
				free(b);
				diag_error(dg, 0, "read error");
				return -1;
			}
			if (r == 0)
				break;
			len += (size_t)r;
			if (len >= PROCPID_MAX) {
				char c;

				*cut = in->read(in, &c, 1) > 0;
				break;
			}
		}
		if (!b)
			b = xmalloc(1);
	}
	b[len] = '\0';
	*buf = b;
	return (ssize_t)len;
}

static void rec_init(struct process_rec *p, const struct pid_where *w,
		     char *key, size_t cap, char *capture, size_t ccap,
		     enum pp_kind k)
{
	memset(p, 0, sizeof(*p));
	pid_snapshot_key(w->dir, w->pid, w->name_time ? w->ts_us : TS_UNKNOWN,
			 key, cap, capture, ccap);
	p->snapshot = key;
	p->capture = capture;
	p->pid = w->pid;
	p->ts_us = w->ts_us;
	p->time_origin = w->time_origin;
	p->ppid = p->uid = p->euid = p->gid = p->egid = -1;
	p->threads = p->start_ticks = p->vm_rss_bytes = p->vm_swap_bytes = -1;
	p->from = kind_name[k];
}

static int parse_stat(char *s, size_t n, struct process_rec *p, struct diag *dg,
		      char *comm, size_t comm_cap, char *state)
{
	char *open = memchr(s, '(', n), *close = NULL, *nl = memchr(s, '\n', n);
	size_t line_n = nl ? (size_t)(nl - s) : n;
	int64_t pid;

	for (size_t i = 0; i < line_n; i++)
		if (s[i] == ')')
			close = s + i;
	if (!open || !close || close < open || open == s ||
	    num_parse_i64(s, (size_t)(open - s - 1), &pid) < 0)
		return diag_error(dg, 1, "stat line is not 'PID (COMM) STATE ...'");
	if (p->pid >= 0 && pid != p->pid)
		diag_warn(dg, 1, "stat pid '%lld' differs from the path's '%lld'",
			  (long long)pid, (long long)p->pid);
	else if (p->pid < 0)
		p->pid = pid;
	span_copy((struct span){ open + 1, (size_t)(close - open - 1) }, comm, comm_cap);
	p->comm = comm;

	/* the fields after ')': state is field 3 of proc(5), ppid 4,
	 * num_threads 20, starttime 22 */
	const char *rest = close + 1;
	size_t rn = line_n - (size_t)(rest - s);
	struct span tok[20];
	int more;
	size_t k = span_split(rest, rn, tok, 20, &more);
	int64_t v;

	if (k >= 1 && tok[0].n == 1) {
		state[0] = tok[0].p[0];
		state[1] = '\0';
		p->state = state;
	}
	if (k >= 2 && num_parse_i64(tok[1].p, tok[1].n, &v) == 0)
		p->ppid = v;
	if (k >= 18 && num_parse_i64(tok[17].p, tok[17].n, &v) == 0)
		p->threads = v;
	if (k >= 20 && num_parse_i64(tok[19].p, tok[19].n, &v) == 0)
		p->start_ticks = v;
	if (k < 20)
		diag_warn(dg, 1, "stat has %zu fields after the name, expected 50 or more", k);
	return 0;
}

static void status_ids(struct span v, int64_t *real, int64_t *eff)
{
	struct span t[4];
	int more;
	size_t k = span_split(v.p, v.n, t, 4, &more);
	int64_t x;

	if (k >= 1 && num_parse_i64(t[0].p, t[0].n, &x) == 0)
		*real = x;
	if (k >= 2 && num_parse_i64(t[1].p, t[1].n, &x) == 0)
		*eff = x;
}

static int64_t status_kb(struct span v)
{
	struct span t[3];
	int more;
	uint64_t x;

	if (span_split(v.p, v.n, t, 3, &more) == 2 && span_eq(t[1], "kB") &&
	    num_parse_u64(t[0].p, t[0].n, &x) == 0 && x <= (uint64_t)INT64_MAX / 1024)
		return (int64_t)x * 1024;
	return -1;
}

static int parse_status(char *s, size_t n, struct process_rec *p, struct diag *dg,
			char *comm, size_t comm_cap, char *state)
{
	size_t pos = 0;
	int64_t line = 0, v;
	int seen_name = 0;

	while (pos < n) {
		char *nl = memchr(s + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (s + pos)) : n - pos;
		char *l = s + pos, *c = memchr(l, ':', len);
		struct span val;

		line++;
		pos += len + 1;
		if (!c)
			continue;
		val.p = c + 1;
		val.n = len - (size_t)(c - l) - 1;
		while (val.n && (*val.p == ' ' || *val.p == '\t'))
			val.p++, val.n--;
		size_t kn = (size_t)(c - l);

#define KEY(lit) (kn == sizeof(lit) - 1 && !memcmp(l, lit, kn))
		if (KEY("Name")) {
			/* status escapes '\n' and '\\' in the name */
			size_t o = 0;

			for (size_t i = 0; i < val.n && o + 1 < comm_cap; i++) {
				if (val.p[i] == '\\' && i + 1 < val.n &&
				    (val.p[i + 1] == 'n' || val.p[i + 1] == '\\')) {
					comm[o++] = val.p[i + 1] == 'n' ? '\n' : '\\';
					i++;
				} else
					comm[o++] = val.p[i];
			}
			comm[o] = '\0';
			p->comm = comm;
			seen_name = 1;
		} else if (KEY("State") && val.n >= 1) {
			state[0] = val.p[0];
			state[1] = '\0';
			p->state = state;
		} else if (KEY("Pid") && num_parse_i64(val.p, val.n, &v) == 0) {
			if (p->pid >= 0 && v != p->pid)
				diag_warn(dg, line, "status pid '%lld' differs from the path's '%lld'",
					  (long long)v, (long long)p->pid);
			else if (p->pid < 0)
				p->pid = v;
		} else if (KEY("PPid") && num_parse_i64(val.p, val.n, &v) == 0)
			p->ppid = v;
		else if (KEY("Uid"))
			status_ids(val, &p->uid, &p->euid);
		else if (KEY("Gid"))
			status_ids(val, &p->gid, &p->egid);
		else if (KEY("Threads") && num_parse_i64(val.p, val.n, &v) == 0)
			p->threads = v;
		else if (KEY("VmRSS"))
			p->vm_rss_bytes = status_kb(val);
		else if (KEY("VmSwap"))
			p->vm_swap_bytes = status_kb(val);
#undef KEY
	}
	if (!seen_name)
		return diag_error(dg, 1, "status has no 'Name:' line");
	return 0;
}

static int procpid_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct pid_where w;
	struct process_rec p;
	char key[1200], capture[1200], comm[256], state[2] = "", *buf = NULL;
	int score, cut, rc = IMPORT_OK;
	enum pp_kind k = kind_of(in, &score);
	ssize_t n;

	if (k == PP_NONE) {
		/* --format procpid on something else: go by the content */
		k = PP_STAT;
	}
	pid_where(in, kind_name[k], &w);
	rec_init(&p, &w, key, sizeof(key), capture, sizeof(capture), k);
	if (w.time_origin)
		snprintf(in->time_origin, sizeof(in->time_origin), "%s", w.time_origin);
	if ((n = slurp(in, dg, &buf, &cut)) < 0)
		return IMPORT_FAIL;
	if (cut)
		diag_warn(dg, 0, "only the first %u bytes are read", PROCPID_MAX);
	comm[0] = '\0';
	if (n == 0 && k != PP_CMDLINE) {
		/* smemcap writes an empty member for a file it could not read */
		diag_error(dg, 0, "empty %s", kind_name[k]);
		free(buf);
		return IMPORT_FAIL;
	}
	switch (k) {
	case PP_STAT:
		if (parse_stat(buf, (size_t)n, &p, dg, comm, sizeof(comm), state) < 0)
			rc = IMPORT_FAIL;
		break;
	case PP_STATUS:
		if (parse_status(buf, (size_t)n, &p, dg, comm, sizeof(comm), state) < 0)
			rc = IMPORT_FAIL;
		break;
	case PP_CMDLINE:
		/* argv: NUL after each argument; a trailing NUL is the end */
		if (n > 0 && buf[n - 1] == '\0')
			n--;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
		p.cmdline = buf;
		break;
	case PP_NONE:
		break;
	}
	if (rc == IMPORT_OK && out->process(out, &p) <= 0)
		rc = IMPORT_FAIL;
	free(buf);
	return rc;
}

static int procpid_sniff(const struct input *in)
{
	int score;

	kind_of(in, &score);
	return score;
}

const struct importer procpid_importer = {
	.name = "procpid",
	.summary = "/proc/PID/stat, status and cmdline: who each process is",
	.version = 1,
	.per_place = 1,
	.sniff = procpid_sniff,
	.parse = procpid_parse,
};
