/*
 * smaps.c - /proc/<pid>/smaps and /proc/<pid>/smaps_rollup: every field of
 * every mapping, into the process and mapping tables.
 *
 * The format (kernel 6.18, fs/proc/task_mmu.c), one block per mapping:
 *
 *   line                        meaning
 *   ---------------------------------------------------------------------
 *   START-END PERMS OFFSET DEV INODE [PATH]
 *                               the range (hex), "rwxp"/"r--s", file offset
 *                               (hex), "maj:min" (hex), inode (decimal), and
 *                               the name padded to column 73: a file (spaces
 *                               and " (deleted)" are part of it), "[heap]",
 *                               "[stack]", "[anon:name]", or nothing
 *   Name:   N kB                one line per field, N in KiB (SMAPS_KB_FIELDS
 *                               in importer.h lists the 25 we know)
 *   THPeligible:    0|1         no unit
 *   ProtectionKey:  N           no unit, only with memory protection keys
 *   VmFlags: rd wr mr ...       two-letter flags; always the last line
 *
 * smaps_rollup is one such block whose name is "[rollup]" (the range spans
 * all mappings) and which adds Pss_Anon/Pss_File/Pss_Shmem; it is stored as
 * a mapping with rollup = 1.  A field we do not know is kept as text
 * (mapping_field), never dropped; values are stored in bytes.
 *
 * Captures come in more shapes than a plain copy, and all are read:
 *   - several snapshots in one file, each after a line holding only a time
 *     (`date; cat smaps` in a loop), or every line with a time prefix (`ts`);
 *     in the latter an address that does not grow, or a second [rollup]
 *     block, starts the next snapshot;
 *   - several processes in one file as `tail -n +1 /proc/PID/smaps ...`
 *     writes them, each after a "==> /proc/PID/smaps <==" line.
 * The pid, the snapshot key and time come from the path (util_pid.h).
 *
 * Bad input is warned about at its line and the rest still imports: a
 * mapping line that does not parse (its fields are skipped with it), a
 * field outside a mapping, a kB field without "kB" or whose value is
 * negative or overflows (kept as an unknown field), a field repeated, a
 * mapping that overlaps or repeats the previous one (skipped: the kernel
 * writes them in address order), a block that lacks fields the other
 * blocks have (a snapshot cut short; what it has is kept).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_pid.h"

#define SMAPS_LINE_MAX 65536
#define SMAPS_MAX_EXTRA 256          /* unknown fields kept per mapping */
#define SMAPS_POOL_MAX (64u << 10)   /* their text, per mapping */
#define SMAPS_MAX_UNKNOWN_NAMES 64   /* distinct names warned about */

static const char *const kb_name[SMAPS_NKB] = {
#define SMAPS_NAME(e, name, col) name,
	SMAPS_KB_FIELDS(SMAPS_NAME)
#undef SMAPS_NAME
};

/* the names zero-padded to 16 bytes, for known_kb()'s word compares */
static const char kb_pad[SMAPS_NKB][16] = {
#define SMAPS_PAD(e, name, col) name,
	SMAPS_KB_FIELDS(SMAPS_PAD)
#undef SMAPS_PAD
};

static const unsigned char kb_len[SMAPS_NKB] = {
#define SMAPS_LEN(e, name, col) sizeof(name) - 1,
	SMAPS_KB_FIELDS(SMAPS_LEN)
#undef SMAPS_LEN
};

struct extra_ref {
	size_t name, value;          /* offsets into the pool */
	int64_t bytes;
};

struct block {
	int open;                    /* a mapping line was read */
	int skip;                    /* ... but it was bad: swallow its fields */
	int64_t line;
	struct mapping_rec m;
	uint32_t seen;               /* kB fields present, bit per enum smaps_kb */
	int has_vmflags, has_thp, has_pkey;
	int junk;                    /* a line we could not read came last */
	char range[64];              /* "start-end" as written, for messages */
	char perms[8], dev[32];
	size_t path, vm_flags;       /* offsets into the pool */
	char *pool;
	size_t pool_len, pool_cap;
	struct extra_ref *extra;
	size_t nextra, cap_extra;
	struct smaps_extra *out_extra;
	size_t cap_out;
};

struct smaps {
	struct input *in;
	struct sink *out;
	struct diag *dg;
	struct pid_where w;
	struct tzconv tz;
	const char *from;            /* "smaps" | "smaps_rollup" */
	int64_t pid;
	char key_dir[1100];          /* snapshot key without the time */
	int key_own;                 /* key_dir is a section of this file */
	int64_t snap_ts;             /* in-file time of this snapshot */
	int64_t process;             /* its handle, 0 before the first record */
	int failed;                  /* a sink call failed */
	int have_prev;
	uint64_t prev_start, prev_end;
	int64_t prev_line;
	int64_t rollup_line;         /* this snapshot's [rollup] block, 0 none */
	int prefixed;                /* lines carry time prefixes */
	uint32_t expect;             /* fields of a complete block */
	int expect_set;
	int64_t early_line;          /* a block without VmFlags before expect */
	uint32_t early_seen;
	char early_range[64];
	char *unknown[SMAPS_MAX_UNKNOWN_NAMES];
	size_t nunknown;
	size_t nmappings, nlines_ok;
	unsigned char next_kb[SMAPS_NKB + 1];   /* the field that followed
	                             field k (SMAPS_NKB: the mapping line) last
	                             time, SMAPS_NKB none yet (read_mapped) */
};

/* [A-Za-z0-9_]: a field name's characters */
static const unsigned char name_char[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
	['7'] = 1, ['8'] = 1, ['9'] = 1, ['_'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* every byte of t is in set */
static int span_all(struct span t, const char *set)
{
	for (size_t i = 0; i < t.n; i++)
		if (!t.p[i] || !strchr(set, t.p[i]))
			return 0;
	return 1;
}

/* [0-9a-fA-F]: 1 + the digit's value, 0 for any other byte (a table, not
 * six compares: every mapping line's range) */
static const unsigned char hex_char[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
	['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13,
	['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13,
	['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static int is_hex(char c)
{
	return hex_char[(unsigned char)c] != 0;
}

/* The hex number at s[*i] (1..16 digits, then `stop`) into *v, *i after
 * the stop byte; 0 when it is not there. */
static int hex_then(const char *s, size_t n, size_t *i, char stop, uint64_t *v)
{
	size_t j = *i;
	uint64_t x = 0;
	unsigned d;

	for (; j < n && j - *i <= 16 && (d = hex_char[(unsigned char)s[j]]); j++)
		x = x << 4 | (d - 1);
	if (j == *i || j - *i > 16 || j >= n || s[j] != stop)
		return 0;
	*v = x;
	*i = j + 1;
	return 1;
}

/* every byte of t is in "rwxsp-" (perms) */
static int is_perms(struct span t)
{
	for (size_t i = 0; i < t.n; i++) {
		char c = t.p[i];

		if (c != 'r' && c != 'w' && c != 'x' && c != 's' && c != 'p' && c != '-')
			return 0;
	}
	return 1;
}

/* every byte of t is hex or ':' (a device "fe:01") */
static int is_dev(struct span t)
{
	for (size_t i = 0; i < t.n; i++)
		if (!is_hex(t.p[i]) && t.p[i] != ':')
			return 0;
	return 1;
}

/* A short quoted excerpt of input for messages. */
static void excerpt(const char *s, size_t n, char *buf, size_t cap)
{
	size_t k = n < 40 ? n : 40;

	span_copy((struct span){ s, k }, buf, cap);
	if (n > k && cap > 4 && strlen(buf) + 4 < cap)
		strcat(buf, "...");
}

static size_t pool_add(struct block *b, const char *s, size_t n)
{
	size_t at = b->pool_len;

	b->pool = xgrow(b->pool, &b->pool_cap, b->pool_len + n + 1, 1);
	memcpy(b->pool + at, s, n);
	b->pool[at + n] = '\0';
	b->pool_len += n + 1;
	return at;
}

static int64_t process_handle(struct smaps *sm)
{
	struct process_rec p;
	char key[1200], capture[1200];
	int64_t own = TS_UNKNOWN;

	if (sm->process)
		return sm->process;
	memset(&p, 0, sizeof(p));
	if (sm->snap_ts != TS_UNKNOWN)
		own = sm->snap_ts;
	else if (sm->w.name_time && !sm->key_own)
		own = sm->w.ts_us;
	pid_snapshot_key(sm->key_dir, sm->pid, own, key, sizeof(key), capture,
			 sizeof(capture));
	if (sm->key_own)        /* a section of a tail dump: the file is the capture */
		snprintf(capture, sizeof(capture), "%s", sm->in->path);
	p.snapshot = key;
	p.capture = capture;
	p.pid = sm->pid;
	p.ts_us = sm->snap_ts != TS_UNKNOWN ? sm->snap_ts : sm->w.ts_us;
	p.time_origin = sm->snap_ts != TS_UNKNOWN ? "in file" : sm->w.time_origin;
	p.ppid = p.uid = p.euid = p.gid = p.egid = -1;
	p.threads = p.start_ticks = p.vm_rss_bytes = p.vm_swap_bytes = -1;
	p.from = sm->from;
	sm->process = sm->out->process(sm->out, &p);
	if (sm->process <= 0) {
		sm->failed = 1;
		sm->process = 0;
		return -1;
	}
	return sm->process;
}

static void warn_missing(struct smaps *sm, int64_t line, const char *range,
			 uint32_t seen)
{
	uint32_t miss = sm->expect & ~seen;
	int n = __builtin_popcount(miss);

	if (!n)
		return;
	diag_warn(sm->dg, line, "mapping '%s' lacks %d field%s ('%s' first): "
		  "block cut short", range, n, n == 1 ? "" : "s",
		  kb_name[__builtin_ctz(miss)]);
}

/* Hand the open block to the sink. */
static void block_close(struct smaps *sm, struct block *b)
{
	if (!b->open)
		return;
	b->open = 0;
	if (b->skip)
		return;
	if (b->has_vmflags && !sm->expect_set) {
		sm->expect = b->seen;
		sm->expect_set = 1;
		if (sm->early_line)
			warn_missing(sm, sm->early_line, sm->early_range,
				     sm->early_seen);
	} else if (sm->expect_set && !b->has_vmflags && !b->m.rollup) {
		warn_missing(sm, b->line, b->range, b->seen);
	} else if (!sm->expect_set && !b->has_vmflags && !b->m.rollup &&
		   !sm->early_line) {
		sm->early_line = b->line;
		sm->early_seen = b->seen;
		memcpy(sm->early_range, b->range, sizeof(b->range));
	}
	if (b->m.rollup && !(b->seen & (1u << SMAPS_RSS)))
		diag_warn(sm->dg, b->line, "rollup lacks 'Rss': block cut short");

	b->out_extra = xgrow(b->out_extra, &b->cap_out, b->nextra + 1,
			     sizeof(*b->out_extra));
	for (size_t i = 0; i < b->nextra; i++) {
		b->out_extra[i].name = b->pool + b->extra[i].name;
		b->out_extra[i].value = b->pool + b->extra[i].value;
		b->out_extra[i].bytes = b->extra[i].bytes;
	}
	b->m.path = b->pool + b->path;
	b->m.vm_flags = b->has_vmflags ? b->pool + b->vm_flags : NULL;
	b->m.perms = b->perms;
	b->m.dev = b->dev;
	b->m.extra = b->out_extra;
	b->m.nextra = b->nextra;
	b->m.line = b->line;
	if (process_handle(sm) < 0)
		return;
	b->m.process = sm->process;
	if (sm->out->mapping(sm->out, &b->m) < 0)
		sm->failed = 1;
	sm->nmappings++;
}

/* The end of "START-END" when s starts like a mapping line, else 0. */
static size_t header_shape(const char *s, size_t n)
{
	size_t i = 0, t0;

	while (i < n && is_hex(s[i]))
		i++;
	if (i == 0 || i >= n || s[i] != '-')
		return 0;
	t0 = i + 1;
	for (i = t0; i < n && is_hex(s[i]); i++)
		;
	if (i == t0 || i >= n || !is_space(s[i]))
		return 0;
	return i;
}

/* "%llx-%llx" into out (at least 34 bytes), without printf's cost on
 * every mapping */
static void range_text(uint64_t start, uint64_t end, char *out)
{
	char tmp[16];
	size_t k = 0;

	for (int half = 0; half < 2; half++) {
		uint64_t v = half ? end : start;
		int n = 0;

		do
			tmp[n++] = "0123456789abcdef"[v & 15];
		while ((v >>= 4) && n < 16);
		while (n)
			out[k++] = tmp[--n];
		if (!half)
			out[k++] = '-';
	}
	out[k] = '\0';
}

/* The block of the mapping line at `line`, bad until header_open(). */
static void block_reset(struct block *b, int64_t line)
{
	memset(&b->m, 0, sizeof(b->m));
	b->open = 1;
	b->skip = 1;
	b->line = line;
	b->seen = 0;
	b->has_vmflags = b->has_thp = b->has_pkey = b->junk = 0;
	b->pool_len = 0;
	b->nextra = 0;
}

static void header_open(struct smaps *sm, struct block *b, int64_t line,
			uint64_t start, uint64_t end, uint64_t off, uint64_t ino,
			struct span perms, struct span dev, struct span path);

/* Parse "START-END PERMS OFFSET DEV INODE [PATH]" (header_shape() said it
 * is one) into b; a bad one opens a block that swallows its fields. */
static void header(struct smaps *sm, struct block *b, const char *s, size_t n,
		   int64_t line)
{
	size_t i = header_shape(s, n);
	size_t t0 = (size_t)((const char *)memchr(s, '-', i) - s) + 1;
	uint64_t start, end, off, ino;
	char buf[64];

	block_reset(b, line);
	/* b->range is for messages about this block: a skipped one has none
	 * but this, a kept one gets range_text() below */
	if (num_parse_hex(s, t0 - 1, &start) < 0 ||
	    num_parse_hex(s + t0, i - t0, &end) < 0 || end < start) {
		excerpt(s, i, b->range, sizeof(b->range));
		diag_warn(sm->dg, line, "mapping range '%s' is not valid", b->range);
		return;
	}

	struct span tok[4];
	size_t pos = i;

	for (int k = 0; k < 4; k++)
		if (!span_token(s, n, &pos, &tok[k])) {
			excerpt(s, n, buf, sizeof(buf));
			diag_warn(sm->dg, line, "mapping line '%s' is cut short", buf);
			return;
		}
	if (tok[0].n != 4 || !is_perms(tok[0])) {
		span_copy(tok[0], buf, sizeof(buf));
		diag_warn(sm->dg, line, "mapping permissions '%s' are not valid", buf);
		return;
	}
	if (num_parse_hex(tok[1].p, tok[1].n, &off) < 0) {
		span_copy(tok[1], buf, sizeof(buf));
		diag_warn(sm->dg, line, "mapping offset '%s' is not valid", buf);
		return;
	}
	const char *colon = memchr(tok[2].p, ':', tok[2].n);

	if (!colon || colon == tok[2].p || tok[2].n > 20 ||
	    !is_dev(tok[2])) {
		span_copy(tok[2], buf, sizeof(buf));
		diag_warn(sm->dg, line, "mapping device '%s' is not valid", buf);
		return;
	}
	if (num_parse_u64(tok[3].p, tok[3].n, &ino) < 0) {
		span_copy(tok[3], buf, sizeof(buf));
		diag_warn(sm->dg, line, "mapping inode '%s' is not valid", buf);
		return;
	}
	while (pos < n && is_space(s[pos]))
		pos++;
	header_open(sm, b, line, start, end, off, ino, tok[0], tok[2],
		    (struct span){ s + pos, n - pos });
}

/* A mapping line read whole as the kernel writes it ("%08lx-%08lx %s
 * %08llx %02x:%02x %lu", padding, the name; n without trailing blanks):
 * the open block closed and this one opened, as one_line() and header()
 * would; 0 for any other line (theirs to read and warn about).  No such
 * line is a time, a section or a field to one_line(): 8 or more hex
 * digits before the '-'. */
static int header_fast(struct smaps *sm, struct block *b, const char *s, size_t n,
		       int64_t line)
{
	size_t i = 0, p0, d0;
	uint64_t start, end, off, ino;
	const char *colon;

	if (!hex_then(s, n, &i, '-', &start) || i < 9 || !hex_then(s, n, &i, ' ', &end) ||
	    end < start || n - i < 5 || s[i + 4] != ' ' ||
	    !is_perms((struct span){ s + i, 4 }))
		return 0;
	p0 = i;
	i += 5;
	if (!hex_then(s, n, &i, ' ', &off))
		return 0;
	for (d0 = i; i < n && s[i] != ' ' && i - d0 <= 20; i++)
		;
	colon = memchr(s + d0, ':', i - d0);
	if (i >= n || i - d0 > 20 || !colon || colon == s + d0 ||
	    !is_dev((struct span){ s + d0, i - d0 }))
		return 0;
	size_t n0 = ++i;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == n0 || (i < n && !is_space(s[i])) ||
	    num_parse_u64(s + n0, i - n0, &ino) < 0)
		return 0;
	while (i < n && is_space(s[i]))
		i++;
	block_close(sm, b);
	block_reset(b, line);
	header_open(sm, b, line, start, end, off, ino, (struct span){ s + p0, 4 },
		    (struct span){ s + d0, n0 - 1 - d0 },
		    (struct span){ s + i, n - i });
	return 1;
}

/* A valid mapping line's block: kept, unless it repeats or overlaps the
 * previous one (warned). */
static void header_open(struct smaps *sm, struct block *b, int64_t line,
			uint64_t start, uint64_t end, uint64_t off, uint64_t ino,
			struct span perms, struct span dev, struct span path)
{
	b->skip = 0;
	b->m.start = start;
	b->m.end = end;
	b->m.offset = off;
	b->m.inode = ino;
	span_copy(perms, b->perms, sizeof(b->perms));
	span_copy(dev, b->dev, sizeof(b->dev));
	b->path = pool_add(b, path.p, path.n);
	b->m.rollup = path.n == 8 && !memcmp(path.p, "[rollup]", 8);
	for (int k = 0; k < SMAPS_NKB; k++)
		b->m.kb[k] = INT64_MIN;
	b->m.thp_eligible = -1;
	b->m.protection_key = -1;
	range_text(start, end, b->range);

	/* one rollup per snapshot: a second one (no time between) repeats it */
	if (b->m.rollup && sm->rollup_line) {
		b->skip = 1;
		diag_warn(sm->dg, line, "duplicate mapping '%s' (line %lld) skipped",
			  b->range, (long long)sm->rollup_line);
		return;
	}
	if (b->m.rollup)
		sm->rollup_line = line;
	/* the kernel writes mappings in address order, without overlap */
	if (sm->have_prev && !b->m.rollup && start < sm->prev_end) {
		b->skip = 1;
		if (start == sm->prev_start)
			diag_warn(sm->dg, line, "duplicate mapping '%s' (line %lld) skipped",
				  b->range, (long long)sm->prev_line);
		else
			diag_warn(sm->dg, line, "mapping '%s' overlaps the one at line %lld: skipped",
				  b->range, (long long)sm->prev_line);
		return;
	}
	if (!b->m.rollup) {
		sm->have_prev = 1;
		sm->prev_start = start;
		sm->prev_end = end;
		sm->prev_line = line;
	}
}

static void add_extra(struct smaps *sm, struct block *b, int64_t line,
		      const char *name, size_t nn, const char *val, size_t vn,
		      int64_t bytes)
{
	if (b->nextra >= SMAPS_MAX_EXTRA || b->pool_len + nn + vn + 2 > SMAPS_POOL_MAX) {
		char nb[64];

		span_copy((struct span){ name, nn }, nb, sizeof(nb));
		diag_warn(sm->dg, line, "field '%s' skipped: mapping '%s' has too many fields",
			  nb, b->range);
		return;
	}
	b->extra = xgrow(b->extra, &b->cap_extra, b->nextra + 1, sizeof(*b->extra));
	b->extra[b->nextra].name = pool_add(b, name, nn);
	b->extra[b->nextra].value = pool_add(b, val, vn);
	b->extra[b->nextra].bytes = bytes;
	b->nextra++;
}

/* Whether the kb_len[k] bytes at name (16 of them readable) are field k's
 * name: two word compares, the bytes past the name masked off. */
static inline __attribute__((always_inline)) int kb_is(const char *name, int k)
{
	size_t nn = kb_len[k];
	uint64_t a0, a1, b0, b1, m0, m1;

	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__)
		return !memcmp(kb_name[k], name, nn);
	memcpy(&a0, name, 8);
	memcpy(&a1, name + 8, 8);
	memcpy(&b0, kb_pad[k], 8);
	memcpy(&b1, kb_pad[k] + 8, 8);
	m0 = nn >= 8 ? ~0ull : (1ull << (8 * nn)) - 1;
	m1 = nn <= 8 ? 0 : (1ull << (8 * (nn - 8))) - 1;
	return ((a0 ^ b0) & m0) == 0 && ((a1 ^ b1) & m1) == 0;
}

/* The kB field a name is, or -1: a switch on its length and one or two
 * letters picks the only candidate, one memcmp confirms it (every line of
 * smaps but the mapping lines goes through here). */
static int known_kb(const char *name, size_t nn, size_t avail)
{
	int k = -1;

	switch (nn) {
	case 3:
		k = name[0] == 'R' ? SMAPS_RSS : name[0] == 'P' ? SMAPS_PSS : SMAPS_KSM;
		break;
	case 4:
		k = name[1] == 'i' ? SMAPS_SIZE : SMAPS_SWAP;
		break;
	case 6:
		k = SMAPS_LOCKED;
		break;
	case 7:
		k = SMAPS_SWAP_PSS;
		break;
	case 8:
		k = name[0] == 'L' ? SMAPS_LAZYFREE : name[4] == 'A' ? SMAPS_PSS_ANON :
		    SMAPS_PSS_FILE;
		break;
	case 9:
		k = name[0] == 'A' ? SMAPS_ANONYMOUS : name[4] == 'D' ? SMAPS_PSS_DIRTY :
		    SMAPS_PSS_SHMEM;
		break;
	case 10:
		k = SMAPS_REFERENCED;
		break;
	case 11:
		k = SMAPS_MMU_PAGE_SIZE;
		break;
	case 12:
		k = name[7] == 'C' ? SMAPS_SHARED_CLEAN : SMAPS_SHARED_DIRTY;
		break;
	case 13:
		k = name[0] == 'A' ? SMAPS_ANON_HUGE_PAGES : name[0] == 'F' ? SMAPS_FILE_PMD_MAPPED :
		    name[8] == 'C' ? SMAPS_PRIVATE_CLEAN : SMAPS_PRIVATE_DIRTY;
		break;
	case 14:
		k = name[0] == 'K' ? SMAPS_KERNEL_PAGE_SIZE : name[2] == 'm' ?
		    SMAPS_SHMEM_PMD_MAPPED : SMAPS_SHARED_HUGETLB;
		break;
	case 15:
		k = SMAPS_PRIVATE_HUGETLB;
		break;
	default:
		return -1;
	}
	if (kb_len[k] != nn)
		return -1;
	if (avail >= 16)
		return kb_is(name, k) ? k : -1;
	return !memcmp(kb_name[k], name, nn) ? k : -1;
}

/* "N kB" in bytes: 0, -1 not of that shape (*why says how), -2 overflow */
static int kb_value(const char *v, size_t n, int64_t *bytes)
{
	struct span t[3];
	int more = 0;
	size_t k = span_split(v, n, t, 3, &more);
	uint64_t x;

	if (k != 2 || !span_eq(t[1], "kB"))
		return -1;
	if (num_parse_u64(t[0].p, t[0].n, &x) < 0) {
		if (span_all(t[0], "0123456789"))
			return -2;
		return -3;
	}
	if (x > (uint64_t)INT64_MAX / 1024)
		return -2;
	*bytes = (int64_t)x * 1024;
	return 0;
}

/* The common line: a known "Name:   N kB" that its open block has not had
 * yet, stored without preparing any message; 0 leaves every other line
 * (and any doubt) to field(). */
static int field_fast(struct smaps *sm, struct block *b, const char *s, size_t n,
		      size_t colon)
{
	size_t i = colon + 1, d0;
	uint64_t x = 0;
	int k;

	if (!b->open || b->skip || b->junk)
		return 0;
	k = known_kb(s, colon, n);
	if (k < 0 || (b->seen & (1u << k)))
		return 0;
	while (i + 8 <= n && !memcmp(s + i, "        ", 8))
		i += 8;
	while (i < n && is_space(s[i]))
		i++;
	d0 = i;
	while (i < n && s[i] >= '0' && s[i] <= '9' && i - d0 < 16)
		x = x * 10 + (uint64_t)(s[i++] - '0');
	/* at most 15 digits: no overflow of bytes to think about */
	if (i == d0 || i - d0 > 15 || i >= n || !is_space(s[i]))
		return 0;
	while (i < n && is_space(s[i]))
		i++;
	if (n - i != 2 || s[i] != 'k' || s[i + 1] != 'B')
		return 0;
	sm->nlines_ok++;
	b->m.kb[k] = (int64_t)x * 1024;
	b->seen |= 1u << k;
	return 1;
}

/* Word-at-a-time helpers for the fast path below (little-endian loads;
 * elsewhere it is not taken). */
#define BYTES(c) (0x0101010101010101ull * (unsigned char)(c))

static uint64_t load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* The index of the first zero byte of w, 8 when none. */
static unsigned first_zero(uint64_t w)
{
	uint64_t z = (w - BYTES(1)) & ~w & BYTES(0x80);

	return z ? (unsigned)__builtin_ctzll(z) / 8 : 8;
}

/* A "Name:   N kB" line of a known field the open block has not had,
 * as the kernel writes it (spaces, the number, " kB", LF), at s (32 bytes
 * or more before end): stored, and the byte after its LF returned; NULL
 * for any other line.  *prev is the field before, to guess this one. */
static const char *field_mapped(struct smaps *sm, struct block *b, const char *s,
				const char *end, int *prev)
{
	const char *q;
	uint64_t x = 0, w = 0;
	unsigned c, d;
	int k;

	/* the kernel writes the fields in one order: try the one that came
	 * after the previous field last time */
	k = sm->next_kb[*prev];
	if (k < SMAPS_NKB && s[kb_len[k]] == ':' && kb_is(s, k)) {
		c = kb_len[k];
	} else {
		c = first_zero(load64(s) ^ BYTES(':'));
		if (c == 8)
			c = 8 + first_zero(load64(s + 8) ^ BYTES(':'));
		if (c < 3 || c > 15 || (k = known_kb(s, c, 16)) < 0)
			return NULL;
		sm->next_kb[*prev] = (unsigned char)k;
	}
	if (b->seen & (1u << k))
		return NULL;
	for (q = s + c + 1; end - q >= 8 && q - s < 128; q += 8)
		if ((w = load64(q) ^ BYTES(' ')))
			break;
	if (end - q < 8 || q - s >= 128)
		return NULL;
	q += __builtin_ctzll(w) / 8;
	for (d = 0; q + d < end && q[d] >= '0' && q[d] <= '9' && d < 16; d++)
		x = x * 10 + (uint64_t)(q[d] - '0');
	/* at most 15 digits: no overflow of bytes to think about */
	if (d == 0 || d > 15 || end - (q + d) < 4 || memcmp(q + d, " kB\n", 4))
		return NULL;
	b->m.kb[k] = (int64_t)x * 1024;
	b->seen |= 1u << k;
	*prev = k;
	sm->nlines_ok++;
	return q + d + 4;
}

static void one_line(struct smaps *sm, struct block *b, const char *s, size_t n,
		     int64_t line);

/* The two unitless fields every block has, "THPeligible:    0" and
 * "VmFlags: rd wr ...", the first time in the open block (n without
 * trailing blanks): stored as field() stores them; 0 for anything else. */
static int flag_fields_fast(struct smaps *sm, struct block *b, const char *s, size_t n)
{
	size_t i;

	if (!b->open || b->skip || b->junk)
		return 0;
	if (n > 12 && !b->has_thp && !memcmp(s, "THPeligible:", 12)) {
		for (i = 12; i < n && is_space(s[i]); i++)
			;
		if (i + 1 != n || (s[i] != '0' && s[i] != '1'))
			return 0;
		b->m.thp_eligible = s[i] - '0';
		b->has_thp = 1;
	} else if (n >= 8 && !b->has_vmflags && !memcmp(s, "VmFlags:", 8)) {
		for (i = 8; i < n && is_space(s[i]); i++)
			;
		b->vm_flags = pool_add(b, s + i, n - i);
		b->has_vmflags = 1;
	} else {
		return 0;
	}
	sm->nlines_ok++;
	return 1;
}

/* The rest of a mapped input, read here rather than through the line
 * reader: a block is some 25 "Name:   N kB" lines, and taking them a word
 * at a time (no call and no memchr per line, no loop per byte over the
 * name and the padding) is a third of the parse.  Other lines go to
 * one_line() as the reader would give them; a line the reader would
 * change (CR LF, a NUL byte, over-long, the last one) stops this, and
 * the reader takes over from it. */
static void read_mapped(struct smaps *sm, struct block *b, struct lines *lr)
{
	const char *p, *end, *s, *mark;
	size_t left = lines_ahead(lr, &p), lines = 0;
	int prev = SMAPS_NKB;     /* the mapping line */

	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__ || !left)
		return;
	end = p + left;
	for (s = mark = p; !sm->failed && end - s >= 32; ) {
		const char *next = NULL, *nl;
		size_t n;

		if (b->open && !b->skip && !b->junk)
			next = field_mapped(sm, b, s, end, &prev);
		if (next) {
			s = next;
			lines++;
			continue;
		}
		n = (size_t)(end - s) < SMAPS_LINE_MAX ? (size_t)(end - s) : SMAPS_LINE_MAX;
		nl = memchr(s, '\n', n);
		if (!nl)
			break;
		n = (size_t)(nl - s);
		if ((n && s[n - 1] == '\r') || memchr(s, '\0', n))
			break;
		lines_took(lr, (size_t)(nl + 1 - mark), lines + 1);
		mark = s = nl + 1;
		lines = 0;
		prev = SMAPS_NKB;
		const char *l = s - n - 1;
		size_t tn = n;

		while (tn && is_space(l[tn - 1]))
			tn--;
		if (!(is_hex(l[0]) && header_fast(sm, b, l, tn, lr->lineno)) &&
		    !flag_fields_fast(sm, b, l, tn))
			one_line(sm, b, l, n, lr->lineno);
	}
	if (s > mark)
		lines_took(lr, (size_t)(s - mark), lines);
}

static void field(struct smaps *sm, struct block *b, const char *s, size_t n,
		  size_t colon, int64_t line)
{
	const char *val = s + colon + 1;
	size_t vn = n - colon - 1;
	char nb[64], vb[64];
	int64_t bytes = INT64_MIN, iv;
	int k, r;

	while (vn && is_space(*val))
		val++, vn--;
	while (vn && is_space(val[vn - 1]))
		vn--;
	/* nb and vb are for messages: made only when one is written */
	if (!b->open) {
		span_copy((struct span){ s, colon }, nb, sizeof(nb));
		diag_warn(sm->dg, line, "field '%s' outside a mapping skipped", nb);
		return;
	}
	if (b->skip)
		return;
	k = known_kb(s, colon, n);
	if (b->junk && k >= 0 && (b->seen & (1u << k))) {
		/* the unreadable line was this block's mapping line: its
		 * fields go with it (it was warned about) */
		block_close(sm, b);
		b->open = 1;
		b->skip = 1;
		return;
	}
	b->junk = 0;
	sm->nlines_ok++;
	if (k >= 0) {
		r = kb_value(val, vn, &bytes);
		if (r == 0 && !(b->seen & (1u << k))) {
			b->m.kb[k] = bytes;
			b->seen |= 1u << k;
					return;
		}
		span_copy((struct span){ s, colon }, nb, sizeof(nb));
		excerpt(val, vn, vb, sizeof(vb));
		if (r == -1)
			diag_warn(sm->dg, line, "field '%s' value '%s' has no 'kB' unit: kept as text",
				  nb, vb);
		else if (r == -2)
			diag_warn(sm->dg, line, "field '%s' value '%s' overflows: kept as text",
				  nb, vb);
		else if (r == -3)
			diag_warn(sm->dg, line, "field '%s' value '%s' is not a size: kept as text",
				  nb, vb);
		else
			diag_warn(sm->dg, line, "field '%s' repeated in mapping '%s': kept as text",
				  nb, b->range);
		add_extra(sm, b, line, s, colon, val, vn, r == 0 ? bytes : INT64_MIN);
		return;
	}
	if (colon == 11 && !memcmp(s, "THPeligible", 11) && !b->has_thp &&
	    num_parse_i64(val, vn, &iv) == 0 && iv >= 0 && iv <= 1) {
		b->m.thp_eligible = (int)iv;
		b->has_thp = 1;
		return;
	}
	if (colon == 13 && !memcmp(s, "ProtectionKey", 13) && !b->has_pkey &&
	    num_parse_i64(val, vn, &iv) == 0 && iv >= 0) {
		b->m.protection_key = iv;
		b->has_pkey = 1;
		return;
	}
	if (colon == 7 && !memcmp(s, "VmFlags", 7) && !b->has_vmflags) {
		b->vm_flags = pool_add(b, val, vn);
		b->has_vmflags = 1;
		return;
	}
	span_copy((struct span){ s, colon }, nb, sizeof(nb));
	excerpt(val, vn, vb, sizeof(vb));
	if ((colon == 11 && !memcmp(s, "THPeligible", 11)) ||
	    (colon == 13 && !memcmp(s, "ProtectionKey", 13)) ||
	    (colon == 7 && !memcmp(s, "VmFlags", 7)))
		diag_warn(sm->dg, line, "field '%s' value '%s' is not valid or repeated: kept as text",
			  nb, vb);
	else {
		size_t i;

		for (i = 0; i < sm->nunknown; i++)
			if (!strcmp(sm->unknown[i], nb))
				break;
		if (i == sm->nunknown && sm->nunknown < SMAPS_MAX_UNKNOWN_NAMES) {
			sm->unknown[sm->nunknown++] = xstrdup(nb);
			diag_warn(sm->dg, line, "unknown field '%s' kept as text", nb);
		}
	}
	if (kb_value(val, vn, &bytes) < 0)
		bytes = INT64_MIN;
	add_extra(sm, b, line, s, colon, val, vn, bytes);
}

/* Start the next snapshot (a time line) or process section (==> line). */
static void next_snapshot(struct smaps *sm, struct block *b)
{
	block_close(sm, b);
	sm->process = 0;
	sm->have_prev = 0;
	sm->rollup_line = 0;
}

/* Does a mapping line name "[rollup]" (trailing blanks allowed)? */
static int rollup_line(const char *s, size_t n)
{
	while (n && is_space(s[n - 1]))
		n--;
	return n > 8 && !memcmp(s + n - 8, "[rollup]", 8) && is_space(s[n - 9]);
}

/* "==> /proc/42/smaps <==": a process section of a `tail`/`head` dump. */
static int section(struct smaps *sm, struct block *b, const char *s, size_t n)
{
	const char *p, *e, *d;
	size_t dl;

	if (n < 9 || memcmp(s, "==> ", 4) || memcmp(s + n - 4, " <==", 4))
		return 0;
	next_snapshot(sm, b);
	p = s + 4;
	e = s + n - 4;
	/* the inner path's directory: "/proc/42" */
	for (d = e; d > p && d[-1] != '/'; d--)
		;
	dl = d > p ? (size_t)(d - p - 1) : 0;
	snprintf(sm->key_dir, sizeof(sm->key_dir), "%s!%.*s", sm->in->path,
		 (int)(dl < 512 ? dl : 512), p);
	sm->key_own = 1;
	sm->pid = -1;
	if (dl) {
		const char *c = p + dl;
		size_t k = 0;
		int64_t v = 0;

		while (c > p && c[-1] >= '0' && c[-1] <= '9' && k < 8)
			c--, k++;
		if (k && k < 8 && (c == p || c[-1] == '/')) {
			for (size_t i = 0; i < k; i++)
				v = v * 10 + (c[i] - '0');
			sm->pid = v;
		}
	}
	return 1;
}

static void one_line(struct smaps *sm, struct block *b, const char *s, size_t n,
		     int64_t line)
{
	int64_t ts;
	size_t body = 0, colon;
	char buf[64];

	/* most lines are "Name:   N kB": a letter, then at least two more name
	 * characters before the colon, is no time (pid_line_time wants a
	 * digit, or a space at the fourth byte) nor a mapping or section */
	if (n > 3 && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) {
		size_t c = 1;

		while (c < n && c < 64 && name_char[(unsigned char)s[c]])
			c++;
		if (c >= 3 && c < 64 && c < n && s[c] == ':') {
			while (n && is_space(s[n - 1]))
				n--;
			if (!field_fast(sm, b, s, n, c))
				field(sm, b, s, n, c, line);
			return;
		}
	}
	switch (pid_line_time(s, n, &sm->tz, &ts, &body)) {
	case PID_TS_LINE:
		next_snapshot(sm, b);
		sm->snap_ts = ts;
		return;
	case PID_TS_PREFIX:
		s += body;
		n -= body;
		sm->prefixed = 1;
		if (sm->snap_ts == TS_UNKNOWN && sm->nmappings == 0 && !b->open)
			sm->snap_ts = ts;
		else if (n && is_hex(s[0])) {
			/* an address that does not grow, or a second
			 * rollup: the next snapshot */
			uint64_t start;
			const char *dash = memchr(s, '-', n < 20 ? n : 20);

			if (dash && num_parse_hex(s, (size_t)(dash - s), &start) == 0 &&
			    ((sm->have_prev && start <= sm->prev_start) ||
			     (sm->rollup_line && rollup_line(s, n)))) {
				next_snapshot(sm, b);
				sm->snap_ts = ts;
			}
		}
		break;
	case PID_TS_NONE:
		break;
	}
	while (n && is_space(s[n - 1]))
		n--;
	if (n == 0)
		return;
	if (section(sm, b, s, n))
		return;
	const char *c = memchr(s, ':', n);

	colon = c ? (size_t)(c - s) : n;
	if (c && colon > 0 && colon < 64 && !memchr(s, ' ', colon) &&
	    !memchr(s, '\t', colon) && !memchr(s, '-', colon)) {
		field(sm, b, s, n, colon, line);
		return;
	}
	if (header_shape(s, n)) {
		block_close(sm, b);
		header(sm, b, s, n, line);
		return;
	}
	excerpt(s, n, buf, sizeof(buf));
	diag_warn(sm->dg, line, "line '%s' is not an smaps mapping or field", buf);
	b->junk = 1;
}

static int smaps_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct smaps sm;
	struct block b;
	struct lines lr;
	const char *s;
	size_t n;
	int r, rc = IMPORT_OK;

	memset(&sm, 0, sizeof(sm));
	memset(&b, 0, sizeof(b));
	sm.in = in;
	sm.out = out;
	sm.dg = dg;
	sm.snap_ts = TS_UNKNOWN;
	memset(sm.next_kb, SMAPS_NKB, sizeof(sm.next_kb));
	sm.from = in->name && !strncmp(in->name, "smaps_rollup", 12) ?
		  "smaps_rollup" : "smaps";
	pid_where(in, sm.from, &sm.w);
	pid_tz_init(in, &sm.tz);
	sm.pid = sm.w.pid;
	snprintf(sm.key_dir, sizeof(sm.key_dir), "%s", sm.w.dir);

	lines_init(&lr, in, dg, SMAPS_LINE_MAX);
	while (!sm.failed && (r = lines_next(&lr, &s, &n)) > 0) {
		one_line(&sm, &b, s, n, lr.lineno);
		read_mapped(&sm, &b, &lr);
	}
	if (!sm.failed && r < 0)
		rc = IMPORT_FAIL;
	else
		block_close(&sm, &b);
	if (sm.w.time_origin || sm.snap_ts != TS_UNKNOWN)
		snprintf(in->time_origin, sizeof(in->time_origin), "%s",
			 sm.snap_ts != TS_UNKNOWN ? "in file" : sm.w.time_origin);
	if (sm.failed)
		rc = IMPORT_FAIL;
	else if (rc == IMPORT_OK && sm.nmappings == 0) {
		if (lr.lineno == 0) {
			/* an empty smaps: a kernel thread, or a process that
			 * exited while it was captured; it existed */
			if (process_handle(&sm) < 0)
				rc = IMPORT_FAIL;
		} else if (sm.early_line == 0) {
			diag_error(dg, 0, "no smaps mapping found");
			rc = IMPORT_FAIL;
		}
	}
	lines_release(&lr);
	for (size_t i = 0; i < sm.nunknown; i++)
		free(sm.unknown[i]);
	free(b.pool);
	free(b.extra);
	free(b.out_extra);
	return rc;
}

/* 1 when s looks like a mapping line followed by a field line */
static int looks_like(const char *s, size_t n)
{
	size_t i = 0, k = 0, lines = 0;

	while (i < n && lines < 6) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
		const char *l = s + i;
		size_t body = 0;
		int64_t ts;
		struct tzconv tz;

		tzconv_init(&tz, NULL);
		if (pid_line_time(l, len, &tz, &ts, &body) == PID_TS_PREFIX) {
			l += body;
			len -= body;
		}
		while (k < len && is_hex(l[k]))
			k++;
		if (k >= 8 && k < len && l[k] == '-' && len > 30 && memchr(l, ':', len)) {
			/* the next line must be a field */
			if (!nl)
				return 0;
			const char *l2 = nl + 1;
			size_t left = (size_t)(s + n - l2);

			if (pid_line_time(l2, left, &tz, &ts, &body) == PID_TS_PREFIX)
				l2 += body, left -= body;
			return (left >= 5 && !memcmp(l2, "Size:", 5)) ||
			       (left >= 4 && !memcmp(l2, "Rss:", 4));
		}
		k = 0;
		lines++;
		if (!nl)
			break;
		i = (size_t)(nl - s) + 1;
	}
	return 0;
}

static int smaps_sniff(const struct input *in)
{
	int named = in->name && !strncmp(in->name, "smaps", 5);

	if (looks_like((const char *)in->head, in->head_len))
		return 95;
	if (named && in->head_len == 0)
		return 80;
	return named ? 40 : 0;
}

const struct importer smaps_importer = {
	.name = "smaps",
	.summary = "/proc/PID/smaps and smaps_rollup: every field of every mapping",
	.version = 1,
	.per_place = 1,
	.sniff = smaps_sniff,
	.parse = smaps_parse,
};
