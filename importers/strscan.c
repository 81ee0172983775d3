/*
 * strscan.c - the string-frequency engine (see strscan.h for what it
 * counts, the two passes and the knobs).
 *
 * Layout: the hash (wyhash-style, 64-bit multiply-fold), the table (open
 * addressing over 8-byte slots holding a 32-bit hash tag and an entry
 * index; entries and key bytes in arrays reserved up front and touched
 * only as they fill, so reserving costs no memory), the Misra-Gries step,
 * the scanners (strscan_scan.h compiled for AVX2, SSE2 and plain C), the
 * chunk driver with its threads, and the results.
 *
 * Counters are kept "since insertion" with the global decrement D noted at
 * insertion, so a Misra-Gries counter is count - (D - d_ins) without
 * touching every entry on each decrement.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define STRSCAN_X86 1
#endif

#include "strscan.h"
#include "util.h"

#define MIB ((size_t)1 << 20)
#define PRE_BYTES 64            /* read before a chunk: is a run continuing? */
#define CONT_BUF 65536
#define NONE SIZE_MAX

/* ------------------------------------------------------------------ */
/* hash */

static inline uint64_t rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline uint64_t mix(uint64_t a, uint64_t b)
{
	unsigned __int128 r = (unsigned __int128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

#define H0 0xa0761d6478bd642fULL
#define H1 0xe7037ed1a0b428dbULL
#define H2 0x8ebc6af09c88c6e3ULL

/* wyhash-style: 16 bytes per multiply, short keys read as overlapping
 * words.  Inlined everywhere: with the seed (the encoding) a constant the
 * seed's own mix folds away, and most keys are 8..16 bytes, two loads. */
static inline __attribute__((always_inline)) uint64_t
hash_bytes(const unsigned char *p, size_t n, uint64_t seed)
{
	uint64_t a, b;

	seed ^= mix(seed ^ H0, H1);
	if (n <= 16) {
		if (n >= 8) {
			a = rd64(p);
			b = rd64(p + n - 8);
		} else if (n >= 4) {
			a = (rd32(p) << 32) | rd32(p + n - 4);
			b = a;
		} else if (n > 0) {
			a = ((uint64_t)p[0] << 16) | ((uint64_t)p[n >> 1] << 8) | p[n - 1];
			b = 0;
		} else {
			a = b = 0;
		}
	} else {
		size_t i = n;

		while (i > 16) {
			seed = mix(rd64(p) ^ H1, rd64(p + 8) ^ seed);
			p += 16;
			i -= 16;
		}
		a = rd64(p + i - 16);
		b = rd64(p + i - 8);
	}
	return mix(H1 ^ n, mix(a ^ H1, b ^ seed) ^ H2);
}

/* ------------------------------------------------------------------ */
/* the table */

struct ent {
	uint64_t hash;
	uint64_t off;           /* key bytes at arena + off */
	uint64_t run_len;       /* characters in the run */
	uint64_t d_ins;         /* D when inserted (Misra-Gries) */
	uint32_t len;           /* key bytes */
	uint16_t enc;
	uint16_t flags;         /* ENT_*: merged tables only */
};

#define ENT_INEXACT 1           /* some occurrences may have been evicted */
#define ENT_SEEN 2              /* in the table being merged in */

struct table {
	uint64_t *slots;        /* 0 empty, else tag << 32 | (index + 1) */
	size_t nslots;          /* power of two */
	struct ent *ents;
	uint64_t *cnt;          /* nreg counters per entry */
	size_t n, cap;          /* entries used, reserved */
	unsigned char *arena;
	size_t arena_used, arena_cap;
	size_t limit;           /* bytes the table may use (see usage()) */
	uint64_t D;             /* sum of Misra-Gries decrements */
	uint64_t dropped;       /* occurrences that found no room at all */
	int nreg;
	int merging;            /* ignore limit (never decrement) */
};

static size_t ent_bytes(int nreg)
{
	return sizeof(struct ent) + (size_t)nreg * sizeof(uint64_t);
}

static size_t usage(const struct table *t)
{
	return t->nslots * sizeof(uint64_t) + t->n * ent_bytes(t->nreg) +
	       t->arena_used;
}

/* Big arrays on huge pages where the kernel gives them (THP "madvise"):
 * a probe into a table of tens of MB then costs a cache miss, not also a
 * TLB miss.  Freed with free(). */
static void *big_alloc(size_t n, int zero)
{
	void *p;

	if (n < ((size_t)4 << 20))
		return zero ? xcalloc(1, n) : xmalloc(n);
	if (posix_memalign(&p, (size_t)2 << 20, n) != 0)
		return zero ? xcalloc(1, n) : xmalloc(n);
	madvise(p, n, MADV_HUGEPAGE);
	if (zero)
		memset(p, 0, n);
	return p;
}

/* reserve: bytes the table may grow to; max_keys, max_key_bytes: what the
 * input can hold at most (smaller inputs reserve less). */
static void table_init(struct table *t, int nreg, size_t reserve, size_t limit,
		       uint64_t max_keys, uint64_t max_key_bytes)
{
	memset(t, 0, sizeof(*t));
	t->nreg = nreg;
	t->limit = limit;
	t->cap = reserve / ent_bytes(nreg) + 16;
	if (t->cap > max_keys + 16)
		t->cap = (size_t)max_keys + 16;
	if (t->cap > UINT32_MAX - 1)
		t->cap = UINT32_MAX - 1;
	t->arena_cap = reserve + 4096;
	if (t->arena_cap > max_key_bytes + 4096)
		t->arena_cap = (size_t)max_key_bytes + 4096;
	t->ents = big_alloc(t->cap * sizeof(*t->ents), 0);
	t->cnt = big_alloc(t->cap * (size_t)nreg * sizeof(*t->cnt), 0);
	t->arena = big_alloc(t->arena_cap, 0);
	t->nslots = 1024;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
}

static void table_release(struct table *t)
{
	free(t->slots);
	free(t->ents);
	free(t->cnt);
	free(t->arena);
	memset(t, 0, sizeof(*t));
}

static uint64_t ent_total(const struct table *t, size_t i)
{
	uint64_t s = 0;

	for (int r = 0; r < t->nreg; r++)
		s += t->cnt[i * (size_t)t->nreg + (size_t)r];
	return s;
}

/* Equal keys; most are short, so two overlapping words decide. */
static inline int key_eq(const unsigned char *a, const unsigned char *b, size_t n)
{
	if (n >= 8 && n <= 16)
		return rd64(a) == rd64(b) && rd64(a + n - 8) == rd64(b + n - 8);
	if (n > 16 && n <= 32)
		return rd64(a) == rd64(b) && rd64(a + 8) == rd64(b + 8) &&
		       rd64(a + n - 16) == rd64(b + n - 16) &&
		       rd64(a + n - 8) == rd64(b + n - 8);
	return !memcmp(a, b, n);
}

/* The slot holding the key, or the empty slot where it would go (*found 0). */
static inline size_t table_probe(const struct table *t, const unsigned char *k,
				 uint32_t len, uint64_t run_len, uint32_t enc,
				 uint64_t h, int *found)
{
	size_t mask = t->nslots - 1, i = (size_t)h & mask;
	uint64_t tag = h >> 32;

	for (;; i = (i + 1) & mask) {
		uint64_t s = t->slots[i];
		const struct ent *e;

		if (!s) {
			*found = 0;
			return i;
		}
		if ((s >> 32) != tag)
			continue;
		e = &t->ents[(uint32_t)s - 1];
		if (e->hash == h && e->len == len && e->run_len == run_len &&
		    e->enc == enc && key_eq(t->arena + e->off, k, len)) {
			*found = 1;
			return i;
		}
	}
}

static void table_rehash(struct table *t, size_t nslots)
{
	if (nslots == t->nslots) {
		memset(t->slots, 0, nslots * sizeof(*t->slots));
	} else {
		free(t->slots);
		t->nslots = nslots;
		t->slots = big_alloc(nslots * sizeof(*t->slots), 1);
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t mask = nslots - 1, j = (size_t)t->ents[i].hash & mask;

		while (t->slots[j])
			j = (j + 1) & mask;
		t->slots[j] = (t->ents[i].hash >> 32) << 32 | (uint64_t)(i + 1);
	}
}

/* k-th smallest of a[0..n) (a is reordered). */
static uint64_t select_kth(uint64_t *a, size_t n, size_t k)
{
	size_t l = 0, r = n - 1;

	while (l < r) {
		uint64_t piv = a[l + (r - l) / 2];
		size_t i = l, j = r;

		while (i <= j) {
			while (a[i] < piv)
				i++;
			while (a[j] > piv)
				j--;
			if (i <= j) {
				uint64_t x = a[i];

				a[i] = a[j];
				a[j] = x;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			r = j;
		else if (k >= i)
			l = i;
		else
			break;
	}
	return a[k];
}

/* One batched Misra-Gries decrement: drop the entries whose counter is at
 * most the median d, lower every counter by d, compact. */
static void table_decrement(struct table *t)
{
	uint64_t *tmp = t->slots, d;
	size_t keep = 0, aw = 0, nr = (size_t)t->nreg;

	if (!t->n)
		return;
	for (size_t i = 0; i < t->n; i++)   /* slots has room: load <= 1/2 */
		tmp[i] = ent_total(t, i) - (t->D - t->ents[i].d_ins);
	d = select_kth(tmp, t->n, (t->n - 1) / 2);
	for (size_t i = 0; i < t->n; i++) {
		struct ent e = t->ents[i];

		if (ent_total(t, i) - (t->D - e.d_ins) <= d)
			continue;
		memmove(t->arena + aw, t->arena + e.off, e.len);
		e.off = aw;
		aw += e.len;
		t->ents[keep] = e;
		memmove(&t->cnt[keep * nr], &t->cnt[i * nr], nr * sizeof(*t->cnt));
		keep++;
	}
	t->D += d;
	t->n = keep;
	t->arena_used = aw;
	table_rehash(t, t->nslots);
}

/* Merging never decrements: it grows the reservation instead. */
static void table_reserve_more(struct table *t, size_t len)
{
	size_t nr = (size_t)t->nreg;

	if (t->n + 1 >= t->cap) {
		size_t cap = t->cap + t->cap / 2 + 16;

		if (cap > UINT32_MAX - 1)
			cap = UINT32_MAX - 1;
		t->ents = xrealloc(t->ents, cap * sizeof(*t->ents));
		t->cnt = xrealloc(t->cnt, cap * nr * sizeof(*t->cnt));
		t->cap = cap;
	}
	if (t->arena_used + len > t->arena_cap) {
		t->arena_cap += t->arena_cap / 2 + len;
		t->arena = xrealloc(t->arena, t->arena_cap);
	}
}

/* Make room for one more entry of len key bytes: grow the slots, or
 * decrement (never while merging).  Returns 0 when there was room, 1 when
 * room was made (slots moved: probe again), -1 when there is none. */
static int table_room(struct table *t, size_t len)
{
	int changed = 0;

	for (int tries = 0; tries < 64; tries++) {
		int full_res = t->n + 1 >= t->cap || t->arena_used + len > t->arena_cap;
		int over = !t->merging &&
			   usage(t) + ent_bytes(t->nreg) + len > t->limit;
		int grow = (t->n + 1) * 2 > t->nslots;

		if (!full_res && !over && !grow)
			return changed;
		if (t->merging) {
			if (full_res)
				table_reserve_more(t, len);
			if (grow)
				table_rehash(t, t->nslots * 2);
			changed = 1;
			continue;
		}
		if (!full_res && grow &&
		    usage(t) + t->nslots * sizeof(uint64_t) + ent_bytes(t->nreg) +
		    len <= t->limit) {
			table_rehash(t, t->nslots * 2);
			changed = 1;
			continue;
		}
		if (!t->n)
			return -1;
		table_decrement(t);
		changed = 1;
	}
	return -1;
}

/* Add a new key at slot (from table_probe): the entry index, or NONE. */
static size_t table_add(struct table *t, size_t slot, const unsigned char *k,
			uint32_t len, uint64_t run_len, uint32_t enc, uint64_t h)
{
	size_t i, nr = (size_t)t->nreg;
	struct ent *e;
	int rc = table_room(t, len);

	if (rc < 0)
		return NONE;
	if (rc > 0) {
		int found;

		slot = table_probe(t, k, len, run_len, enc, h, &found);
	}
	i = t->n++;
	e = &t->ents[i];
	e->hash = h;
	e->off = t->arena_used;
	e->run_len = run_len;
	e->d_ins = t->D;
	e->len = len;
	e->enc = (uint16_t)enc;
	e->flags = 0;
	memcpy(t->arena + t->arena_used, k, len);
	t->arena_used += len;
	memset(&t->cnt[i * nr], 0, nr * sizeof(*t->cnt));
	t->slots[slot] = (h >> 32) << 32 | (uint64_t)(i + 1);
	return i;
}

/* ------------------------------------------------------------------ */
/* the engine */

struct source {
	const unsigned char *mem;   /* or NULL: fd */
	int fd;
	uint64_t off, len;
	int region;
};

struct chunk {
	size_t src;
	uint64_t lo, hi;            /* within the source */
};

struct region_stats {
	uint64_t scanned, runs, run_bytes;
};

struct strscan {
	struct strscan_opts o;
	char *names[STRSCAN_MAX_REGIONS];
	int nreg;
	struct source *src;
	size_t nsrc, cap_src;
	struct table *wanted;       /* strscan_want() keys, or NULL */
	struct table tab;           /* the result table */
	int have_tab;
	struct region_stats rs[STRSCAN_MAX_REGIONS][2];   /* [region][enc] */
	uint64_t bound;
	int exact, verified, passes;
	int isa;
	int err;                    /* errno of the first failure */
	char errmsg[256];
	struct strscan_str *out;
};

struct view {
	const unsigned char *p;     /* bytes [0, n) */
	size_t n;
	size_t lo, hi;              /* runs starting in [lo, hi) are ours */
	int more;                   /* the source continues after p[n] */
	const struct source *src;
	uint64_t pos0;              /* offset of p[0] in the source */
	int region;
};

#define SMALL_SLOTS (1 << 15)   /* a table this small stays in cache */
#define QUEUE 16                /* runs hashed and prefetched ahead */
#define PREFETCH_AHEAD 512       /* bytes the scanner prefetches ahead */

/* The shifts of windows() for one window length (see there). */
struct wins {
	unsigned n;             /* steps (the ASCII scanner pads to 3 or 6) */
	unsigned char sh[8];    /* shifts, then zeros */
};

struct pending {
	const unsigned char *k;
	uint32_t len, enc;
	uint64_t run_len, h;
	int region;
};

struct worker {
	struct strscan *ss;
	struct pending q[QUEUE];
	int nq;
	int id;
	struct table own;           /* pass 1 */
	struct table *t;            /* the table counted into */
	uint64_t *cnt;              /* counters: t->cnt, or pass 2's own */
	int frozen;                 /* pass 2: count known keys only */
	int stats;                  /* count runs into rs (the first pass) */
	unsigned nwin, nwin16;
	struct wins win, win16;     /* their shifts (windows()) */
	size_t min_len, max_len;
	struct region_stats rs[STRSCAN_MAX_REGIONS][2];
	unsigned char *buf;         /* chunk buffer (fd sources) */
	size_t buf_cap;
	unsigned char *cbuf;        /* continuation reads */
	unsigned char *key;         /* a UTF-16 run's characters */
	int err;
	char errmsg[256];
} __attribute__((aligned(128)));   /* no false sharing between threads */

static const unsigned char print_tab[256] = {
	[9] = 1,
	[0x20] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x30] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x40] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x50] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x60] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x70] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static inline int is_print(unsigned char c)
{
	return print_tab[c];
}

static void worker_fail(struct worker *w, int err, const char *what)
{
	char *msg;

	if (w->err)
		return;
	w->err = err ? err : EIO;
	msg = xasprintf("%s: %s", what, strerror(w->err));
	span_copy((struct span){ msg, strlen(msg) }, w->errmsg, sizeof(w->errmsg));
	free(msg);
}

/* Count one occurrence of a string. */
static inline __attribute__((always_inline)) void
count_run_h(struct worker *w, const unsigned char *k, size_t len,
	    uint64_t run_len, uint32_t enc, int region, uint64_t h)
{
	struct table *t = w->t;
	size_t slot, i;
	int found;

	slot = table_probe(t, k, (uint32_t)len, run_len, enc, h, &found);
	if (found) {
		i = (uint32_t)t->slots[slot] - 1;
	} else {
		if (w->frozen)
			return;
		i = table_add(t, slot, k, (uint32_t)len, run_len, enc, h);
		if (i == NONE) {
			t->dropped++;
			return;
		}
		w->cnt = t->cnt;
	}
	w->cnt[i * (size_t)t->nreg + (size_t)region]++;
}

/* Count the queued runs: their slots were prefetched when queued, so the
 * cache misses of a big table overlap instead of following each other. */
static void flush_runs(struct worker *w)
{
	for (int i = 0; i < w->nq; i++) {
		const struct pending *q = &w->q[i];

		count_run_h(w, q->k, q->len, q->run_len, q->enc, q->region, q->h);
	}
	w->nq = 0;
}

/* Count one occurrence of a string: queued; k must stay valid until the
 * queue is flushed (the end of the view). */
static inline __attribute__((always_inline)) void
count_run(struct worker *w, const unsigned char *k, size_t len,
	  uint64_t run_len, uint32_t enc, int region)
{
	uint64_t h = hash_bytes(k, len, enc);
	struct pending *q;

	if (w->t->nslots < SMALL_SLOTS) {       /* in cache: no need to wait */
		count_run_h(w, k, len, run_len, enc, region, h);
		return;
	}
	__builtin_prefetch(&w->t->slots[(size_t)h & (w->t->nslots - 1)]);
	q = &w->q[w->nq++];
	q->k = k;
	q->len = (uint32_t)len;
	q->enc = enc;
	q->run_len = run_len;
	q->region = region;
	q->h = h;
	if (w->nq == QUEUE)
		flush_runs(w);
}

/* How far a run goes on past the view (fd sources): characters more. */
static uint64_t cont_run(struct worker *w, const struct view *v, size_t at,
			 int utf16)
{
	const struct source *s = v->src;
	uint64_t pos = v->pos0 + at, n = 0;
	size_t unit = utf16 ? 2 : 1;

	while (pos + unit <= s->len) {
		size_t want = CONT_BUF, i;
		ssize_t got;

		if (want > s->len - pos)
			want = (size_t)(s->len - pos);
		got = pread(s->fd, w->cbuf, want, (off_t)(s->off + pos));
		if (got <= 0) {
			worker_fail(w, got < 0 ? errno : EIO, "cannot read the dump");
			return n;
		}
		for (i = 0; i + unit <= (size_t)got; i += unit) {
			if (!is_print(w->cbuf[i]) || (utf16 && w->cbuf[i + 1]))
				return n;
			n++;
		}
		pos += i;
		if (i == 0)
			return n;
	}
	return n;
}

static void emit_ascii(struct worker *w, const struct view *v, size_t s, size_t e)
{
	uint64_t run_len = e - s;

	if (e == v->n && v->more)
		run_len += cont_run(w, v, e, 0);
	if (run_len < w->min_len)
		return;
	if (w->stats) {
		w->rs[v->region][STRSCAN_ASCII].runs++;
		w->rs[v->region][STRSCAN_ASCII].run_bytes += run_len;
	}
	count_run(w, v->p + s, run_len < w->max_len ? (size_t)run_len : w->max_len,
		  run_len, STRSCAN_ASCII, v->region);
}

static void emit_utf16(struct worker *w, const struct view *v, size_t s, size_t e)
{
	uint64_t run_len = (e - s) / 2;
	size_t klen;

	if (e + 1 >= v->n && v->more)
		run_len += cont_run(w, v, e, 1);
	if (run_len < w->min_len)
		return;
	klen = run_len < w->max_len ? (size_t)run_len : w->max_len;
	for (size_t i = 0; i < klen; i++)
		w->key[i] = v->p[s + 2 * i];
	if (w->stats) {
		w->rs[v->region][STRSCAN_UTF16LE].runs++;
		w->rs[v->region][STRSCAN_UTF16LE].run_bytes += 2 * run_len;
	}
	flush_runs(w);              /* w->key is reused: no queueing */
	count_run_h(w, w->key, klen, run_len, STRSCAN_UTF16LE, v->region,
		    hash_bytes(w->key, klen, STRSCAN_UTF16LE));
}

/* Bit j set iff the nwin characters (step bytes each) ending at j are all
 * set in m, with prev the mask of the block before: the pair (m, prev) as
 * one 128-bit value ANDed with itself shifted 1, 2, 4 ... characters.  The
 * shifts are worked out once per engine (struct wins) and done on 64-bit
 * halves: every shift is 1..32 bits, so no 128-bit shift by a variable. */
static void wins_init(struct wins *w, unsigned nwin, unsigned step)
{
	unsigned cover = 1;

	memset(w, 0, sizeof(*w));
	while (cover * 2 <= nwin) {
		w->sh[w->n++] = (unsigned char)(cover * step);
		cover *= 2;
	}
	if (cover < nwin)
		w->sh[w->n++] = (unsigned char)((nwin - cover) * step);
}

static inline uint64_t windows(uint64_t m, uint64_t prev, const struct wins *w)
{
	for (unsigned i = 0; i < w->n; i++) {
		unsigned s = w->sh[i];

		m &= (m << s) | (prev >> (64 - s));
		prev &= prev << s;
	}
	return m;
}

/* --- the scanners, one per instruction set --- */

static inline uint64_t mask_scalar(const unsigned char *p, uint64_t *zero)
{
	uint64_t m = 0, z = 0;

	for (int i = 0; i < 64; i++) {
		m |= (uint64_t)print_tab[p[i]] << i;
		z |= (uint64_t)(p[i] == 0) << i;
	}
	if (zero)
		*zero = z;
	return m;
}

#define SCAN_TARGET
#define SCAN_MASK mask_scalar
#define SCAN_SUFFIX scalar
#include "strscan_scan.h"
#undef SCAN_TARGET
#undef SCAN_MASK
#undef SCAN_SUFFIX

#ifdef STRSCAN_X86
static inline uint64_t mask_sse2(const unsigned char *p, uint64_t *zero)
{
	const __m128i lo = _mm_set1_epi8(0x1f), hi = _mm_set1_epi8(0x7f);
	const __m128i tab = _mm_set1_epi8(9), nul = _mm_setzero_si128();
	uint64_t m = 0, z = 0;

	for (int i = 0; i < 4; i++) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
		__m128i pr = _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(a, lo),
							_mm_cmpgt_epi8(hi, a)),
					  _mm_cmpeq_epi8(a, tab));

		m |= (uint64_t)(uint16_t)_mm_movemask_epi8(pr) << (16 * i);
		if (zero)
			z |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(a, nul))
			     << (16 * i);
	}
	if (zero)
		*zero = z;
	return m;
}

#define SCAN_TARGET
#define SCAN_MASK mask_sse2
#define SCAN_SUFFIX sse2
#include "strscan_scan.h"
#undef SCAN_TARGET
#undef SCAN_MASK
#undef SCAN_SUFFIX

__attribute__((target("avx2,bmi,bmi2")))
static inline uint64_t mask_avx2(const unsigned char *p, uint64_t *zero)
{
	const __m256i lo = _mm256_set1_epi8(0x1f), hi = _mm256_set1_epi8(0x7f);
	const __m256i tab = _mm256_set1_epi8(9);
	__m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
	__m256i pa = _mm256_or_si256(_mm256_and_si256(_mm256_cmpgt_epi8(a, lo),
						      _mm256_cmpgt_epi8(hi, a)),
				     _mm256_cmpeq_epi8(a, tab));
	__m256i pb = _mm256_or_si256(_mm256_and_si256(_mm256_cmpgt_epi8(b, lo),
						      _mm256_cmpgt_epi8(hi, b)),
				     _mm256_cmpeq_epi8(b, tab));

	if (zero) {
		__m256i nul = _mm256_setzero_si256();

		*zero = (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, nul)) |
			(uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, nul)) << 32;
	}
	return (uint64_t)(uint32_t)_mm256_movemask_epi8(pa) |
	       (uint64_t)(uint32_t)_mm256_movemask_epi8(pb) << 32;
}

#define SCAN_TARGET __attribute__((target("avx2,bmi,bmi2")))
#define SCAN_MASK mask_avx2
#define SCAN_SUFFIX avx2
#include "strscan_scan.h"
#undef SCAN_TARGET
#undef SCAN_MASK
#undef SCAN_SUFFIX

/* AVX-512BW: the 64 bytes in one register, the compares straight into
 * mask registers (printable: c - 0x20 <= 0x5e unsigned, or TAB). */
__attribute__((target("avx512f,avx512bw,bmi,bmi2")))
static inline uint64_t mask_avx512(const unsigned char *p, uint64_t *zero)
{
	__m512i a = _mm512_loadu_si512((const void *)p);
	__mmask64 pr = _mm512_cmple_epu8_mask(_mm512_sub_epi8(a, _mm512_set1_epi8(0x20)),
					      _mm512_set1_epi8(0x5e)) |
		       _mm512_cmpeq_epi8_mask(a, _mm512_set1_epi8(9));

	if (zero)
		*zero = _mm512_testn_epi8_mask(a, a);
	return pr;
}

#define SCAN_TARGET __attribute__((target("avx512f,avx512bw,bmi,bmi2")))
#define SCAN_MASK mask_avx512
#define SCAN_SUFFIX avx512
#include "strscan_scan.h"
#undef SCAN_TARGET
#undef SCAN_MASK
#undef SCAN_SUFFIX
#endif

static void scan_view(struct worker *w, const struct view *v)
{
	switch (w->ss->isa) {
#ifdef STRSCAN_X86
	case STRSCAN_ISA_AVX512:
		scan_ascii_avx512(w, v);
		flush_runs(w);
		if (w->ss->o.utf16)
			scan_utf16_avx512(w, v);
		break;
	case STRSCAN_ISA_AVX2:
		scan_ascii_avx2(w, v);
		flush_runs(w);
		if (w->ss->o.utf16)
			scan_utf16_avx2(w, v);
		break;
	case STRSCAN_ISA_SSE2:
		scan_ascii_sse2(w, v);
		flush_runs(w);
		if (w->ss->o.utf16)
			scan_utf16_sse2(w, v);
		break;
#endif
	default:
		scan_ascii_scalar(w, v);
		flush_runs(w);
		if (w->ss->o.utf16)
			scan_utf16_scalar(w, v);
		break;
	}
	flush_runs(w);              /* keys point into the view */
}

/* ------------------------------------------------------------------ */
/* chunks and threads */

struct run_ctx {
	struct strscan *ss;
	struct chunk *chunks;
	size_t nchunks;
	struct worker *w;
	int nthreads;
	size_t next;                /* the next chunk to take */
};

static size_t look_bytes(const struct strscan *ss)
{
	return 2 * ss->o.max_len + 256;
}

static int pread_full(int fd, unsigned char *buf, size_t n, uint64_t off)
{
	while (n) {
		ssize_t got = pread(fd, buf, n, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0) {
			errno = EIO;        /* the file shrank under us */
			return -1;
		}
		buf += got;
		n -= (size_t)got;
		off += (uint64_t)got;
	}
	return 0;
}

static void do_chunk(struct worker *w, const struct chunk *c)
{
	const struct source *s = &w->ss->src[c->src];
	struct view v = { 0 };

	v.src = s;
	v.region = s->region;
	if (s->mem) {
		v.p = s->mem;
		v.n = (size_t)s->len;
		v.lo = (size_t)c->lo;
		v.hi = (size_t)c->hi;
		v.pos0 = 0;
		v.more = 0;
	} else {
		uint64_t from = c->lo >= PRE_BYTES ? c->lo - PRE_BYTES : 0;
		uint64_t to = c->hi + look_bytes(w->ss);
		uint64_t at = s->off + from;

		if (to > s->len)
			to = s->len;
		/* Read into the worker's buffer (reused, on huge pages): a
		 * kernel copy from the page cache streams far faster than
		 * mapping windows of the file, whose page-table setup and
		 * teardown (and TLB misses) cost more than the copy, most of
		 * all under virtualization. */
		if (!w->buf || w->buf_cap < (size_t)(to - from)) {
			free(w->buf);
			w->buf_cap = (size_t)(to - from);
			if (w->buf_cap < w->ss->o.chunk_bytes + PRE_BYTES + look_bytes(w->ss) &&
			    w->buf_cap < s->len)
				w->buf_cap = w->ss->o.chunk_bytes + PRE_BYTES + look_bytes(w->ss);
			w->buf = big_alloc(w->buf_cap, 0);
		}
		if (pread_full(s->fd, w->buf, (size_t)(to - from), at) < 0) {
			worker_fail(w, errno, "cannot read the dump");
			return;
		}
		v.p = w->buf;
		v.n = (size_t)(to - from);
		v.lo = (size_t)(c->lo - from);
		v.hi = (size_t)(c->hi - from);
		v.pos0 = from;
		v.more = to < s->len;
	}
	scan_view(w, &v);
}

struct thread_arg {
	struct run_ctx *rc;
	int id;
};

static void *thread_main(void *arg)
{
	struct thread_arg *ta = arg;
	struct run_ctx *rc = ta->rc;
	struct worker *w = &rc->w[ta->id];

	for (;;) {
		size_t i = __atomic_fetch_add(&rc->next, 1, __ATOMIC_RELAXED);

		if (i >= rc->nchunks || w->err)
			return NULL;
		do_chunk(w, &rc->chunks[i]);
	}
}

static int run_threads(struct run_ctx *rc)
{
	pthread_t th[STRSCAN_MAX_THREADS];
	struct thread_arg ta[STRSCAN_MAX_THREADS];
	int started = 0;

	for (int i = 0; i < rc->nthreads; i++)
		ta[i] = (struct thread_arg){ rc, i };
	for (int i = 1; i < rc->nthreads; i++) {
		if (pthread_create(&th[i], NULL, thread_main, &ta[i]) != 0)
			break;
		started = i;
	}
	/* threads that failed to start: this thread does their chunks too */
	thread_main(&ta[0]);
	for (int i = started + 1; i < rc->nthreads; i++)
		thread_main(&ta[i]);
	for (int i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < rc->nthreads; i++)
		if (rc->w[i].err) {
			rc->ss->err = rc->w[i].err;
			memcpy(rc->ss->errmsg, rc->w[i].errmsg, sizeof(rc->ss->errmsg));
			return -1;
		}
	return 0;
}

static void worker_init(struct worker *w, struct strscan *ss, int id, int need_buf)
{
	memset(w, 0, sizeof(*w));
	w->ss = ss;
	w->id = id;
	w->min_len = ss->o.min_len;
	w->max_len = ss->o.max_len;
	w->nwin = ss->o.min_len < 64 ? (unsigned)ss->o.min_len : 64;
	w->nwin16 = ss->o.min_len < 32 ? (unsigned)ss->o.min_len : 32;
	wins_init(&w->win, w->nwin, 1);
	wins_init(&w->win16, w->nwin16, 2);
	if (need_buf)
		w->cbuf = xmalloc(CONT_BUF);    /* w->buf: at the first chunk */
	w->key = xmalloc(ss->o.max_len);
	w->stats = 1;
}

static void worker_release(struct worker *w)
{
	free(w->buf);
	free(w->cbuf);
	free(w->key);
	table_release(&w->own);
}

/* ------------------------------------------------------------------ */
/* public */

void strscan_opts_default(struct strscan_opts *o)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->min_len = 6;
	o->max_len = 4096;
	o->mem_budget = 32 * MIB;
	o->top_k = 1000;
	o->threads = ncpu >= 2 ? 2 : 1;
	o->chunk_bytes = 4 * MIB;
}

static int best_isa(void)
{
#ifdef STRSCAN_X86
	__builtin_cpu_init();
	/* the SIMD scanners also use BMI2's shifts (every AVX2 CPU has them) */
	if (!__builtin_cpu_supports("bmi") || !__builtin_cpu_supports("bmi2"))
		return STRSCAN_ISA_SSE2;
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
		return STRSCAN_ISA_AVX512;
	if (__builtin_cpu_supports("avx2"))
		return STRSCAN_ISA_AVX2;
	return STRSCAN_ISA_SSE2;
#else
	return STRSCAN_ISA_SCALAR;
#endif
}

struct strscan *strscan_new(const struct strscan_opts *o)
{
	struct strscan *ss = xcalloc(1, sizeof(*ss));
	struct strscan_opts d;

	strscan_opts_default(&d);
	ss->o = d;
	if (o) {
		if (o->min_len)
			ss->o.min_len = o->min_len;
		if (o->max_len)
			ss->o.max_len = o->max_len;
		ss->o.utf16 = o->utf16;
		if (o->mem_budget)
			ss->o.mem_budget = o->mem_budget;
		if (o->top_k)
			ss->o.top_k = o->top_k;
		if (o->threads)
			ss->o.threads = o->threads;
		if (o->chunk_bytes)
			ss->o.chunk_bytes = o->chunk_bytes;
		ss->o.isa = o->isa;
	}
	if (ss->o.min_len > 1 * MIB)
		ss->o.min_len = 1 * MIB;
	if (ss->o.mem_budget < 64 * 1024)
		ss->o.mem_budget = 64 * 1024;
	if (ss->o.mem_budget > ((size_t)16 << 30))
		ss->o.mem_budget = (size_t)16 << 30;
	if (ss->o.max_len > ss->o.mem_budget / 64)
		ss->o.max_len = ss->o.mem_budget / 64;
	if (ss->o.max_len < 16)
		ss->o.max_len = 16;
	if (ss->o.threads < 1)
		ss->o.threads = 1;
	if (ss->o.threads > STRSCAN_MAX_THREADS)
		ss->o.threads = STRSCAN_MAX_THREADS;
	if (ss->o.chunk_bytes < 256)
		ss->o.chunk_bytes = 256;
	if (ss->o.chunk_bytes > 1024 * MIB)
		ss->o.chunk_bytes = 1024 * MIB;
	ss->isa = best_isa();
#ifdef STRSCAN_X86
	/* a forced scanner the CPU runs (the best one else) */
	if (ss->o.isa == STRSCAN_ISA_SCALAR || ss->o.isa == STRSCAN_ISA_SSE2 ||
	    (ss->o.isa == STRSCAN_ISA_AVX2 && ss->isa == STRSCAN_ISA_AVX512))
		ss->isa = ss->o.isa;
#else
	ss->isa = STRSCAN_ISA_SCALAR;
#endif
	ss->o.isa = ss->isa;
	return ss;
}

void strscan_free(struct strscan *ss)
{
	if (!ss)
		return;
	for (int i = 0; i < ss->nreg; i++)
		free(ss->names[i]);
	free(ss->src);
	if (ss->wanted) {
		table_release(ss->wanted);
		free(ss->wanted);
	}
	if (ss->have_tab)
		table_release(&ss->tab);
	free(ss->out);
	free(ss);
}

int strscan_region(struct strscan *ss, const char *name)
{
	for (int i = 0; i < ss->nreg; i++)
		if (!strcmp(ss->names[i], name))
			return i;
	if (ss->nreg >= STRSCAN_MAX_REGIONS || ss->wanted)
		return -1;
	ss->names[ss->nreg] = xstrdup(name);
	return ss->nreg++;
}

const char *strscan_region_name(const struct strscan *ss, int region)
{
	if (region < 0 || region >= ss->nreg)
		return "all";
	return ss->names[region];
}

int strscan_nregions(const struct strscan *ss)
{
	return ss->nreg;
}

static void add_src(struct strscan *ss, const unsigned char *mem, int fd,
		    uint64_t off, uint64_t len, int region)
{
	if (region < 0 || region >= ss->nreg || !len)
		return;
	ss->src = xgrow(ss->src, &ss->cap_src, ss->nsrc + 1, sizeof(*ss->src));
	ss->src[ss->nsrc++] = (struct source){ mem, fd, off, len, region };
	ss->rs[region][0].scanned += len;
}

void strscan_add_mem(struct strscan *ss, const void *p, uint64_t len, int region)
{
	add_src(ss, p, -1, 0, len, region);
}

void strscan_add_fd(struct strscan *ss, int fd, uint64_t off, uint64_t len,
		    int region)
{
	add_src(ss, NULL, fd, off, len, region);
}

void strscan_want(struct strscan *ss, const unsigned char *text, size_t len,
		  uint64_t run_len, int enc)
{
	uint64_t h;
	size_t slot;
	int found;

	if (len > ss->o.max_len || len > run_len || (len < run_len && len != ss->o.max_len))
		return;             /* cannot be a key of this engine */
	if (!ss->wanted) {
		if (!ss->nreg)
			strscan_region(ss, "all");
		ss->wanted = xmalloc(sizeof(*ss->wanted));
		table_init(ss->wanted, ss->nreg, 0, 0, 0, 0);
		ss->wanted->merging = 1;
	}
	h = hash_bytes(text, len, (uint64_t)enc);
	slot = table_probe(ss->wanted, text, (uint32_t)len, run_len, (uint32_t)enc, h, &found);
	if (!found)
		table_add(ss->wanted, slot, text, (uint32_t)len, run_len, (uint32_t)enc, h);
}

const char *strscan_error(const struct strscan *ss)
{
	return ss->errmsg[0] ? ss->errmsg : NULL;
}

const char *strscan_isa_name(const struct strscan *ss)
{
	switch (ss->isa) {
	case STRSCAN_ISA_AVX512:
		return "avx512";
	case STRSCAN_ISA_AVX2:
		return "avx2";
	case STRSCAN_ISA_SSE2:
		return "sse2";
	default:
		return "scalar";
	}
}

static struct chunk *make_chunks(struct strscan *ss, size_t *nchunks)
{
	struct chunk *c = NULL;
	size_t n = 0, cap = 0;
	uint64_t cb = ss->o.chunk_bytes;

	for (size_t i = 0; i < ss->nsrc; i++)
		for (uint64_t lo = 0; lo < ss->src[i].len; lo += cb) {
			uint64_t hi = lo + cb < ss->src[i].len ? lo + cb : ss->src[i].len;

			c = xgrow(c, &cap, n + 1, sizeof(*c));
			c[n++] = (struct chunk){ i, lo, hi };
		}
	*nchunks = n;
	return c;
}

/* Move every entry of b into a, adding the counts.  An entry's count is
 * exact when every thread either holds it since before its first
 * decrement (d_ins 0) or never decremented: dirty_before says an earlier
 * table did, b_clean that b did not. */
static void table_merge(struct table *a, const struct table *b, int dirty_before,
			int b_clean)
{
	size_t nr = (size_t)a->nreg;

	for (size_t i = 0; i < b->n; i++) {
		const struct ent *e = &b->ents[i];
		const unsigned char *k = b->arena + e->off;
		size_t slot, j;
		int found;

		slot = table_probe(a, k, e->len, e->run_len, e->enc, e->hash, &found);
		if (found) {
			j = (uint32_t)a->slots[slot] - 1;
		} else {
			j = table_add(a, slot, k, e->len, e->run_len, e->enc, e->hash);
			if (j == NONE)
				continue;   /* cannot happen: merging grows */
			if (dirty_before)
				a->ents[j].flags |= ENT_INEXACT;
		}
		a->ents[j].flags |= ENT_SEEN | (e->d_ins ? ENT_INEXACT : 0);
		for (size_t r = 0; r < nr; r++)
			a->cnt[j * nr + r] += b->cnt[i * nr + r];
	}
	for (size_t j = 0; j < a->n; j++) {
		if (!(a->ents[j].flags & ENT_SEEN) && !b_clean)
			a->ents[j].flags |= ENT_INEXACT;
		a->ents[j].flags &= (uint16_t)~ENT_SEEN;
	}
}

/* After a sketch: keep only the candidates that can still be among the
 * top_k by count or by bytes.  A candidate's counters (summed over the
 * threads) are a lower bound of its count and that plus ss->bound an
 * upper one; one whose upper bound is below the top_k-th lower bound
 * cannot make the list, and ss->bound grows to cover it.  Pass 2 then
 * looks up a small table that stays in cache. */
static int prune_candidates(struct strscan *ss)
{
	struct table *t = &ss->tab, keep;
	size_t n = t->n, k = ss->o.top_k, nr = (size_t)t->nreg;
	uint64_t *lo, tc, tb, b = ss->bound, worst = 0;
	int inexact = 0;

	if (n <= k) {
		for (size_t i = 0; i < n; i++)
			inexact |= t->ents[i].flags & ENT_INEXACT;
		return inexact;
	}
	lo = xmalloc(n * sizeof(*lo));
	for (size_t i = 0; i < n; i++)
		lo[i] = ent_total(t, i);
	tc = select_kth(lo, n, n - k);              /* k-th largest count */
	for (size_t i = 0; i < n; i++)
		lo[i] = ent_total(t, i) * t->ents[i].run_len *
			(t->ents[i].enc == STRSCAN_UTF16LE ? 2 : 1);
	tb = select_kth(lo, n, n - k);              /* k-th largest bytes */
	free(lo);
	table_init(&keep, t->nreg, 0, 0, 0, 0);
	keep.merging = 1;
	for (size_t i = 0; i < n; i++) {
		const struct ent *e = &t->ents[i];
		uint64_t up = ent_total(t, i) + b;
		uint64_t unit = e->run_len * (e->enc == STRSCAN_UTF16LE ? 2 : 1);
		size_t slot, j;
		int found;

		if (up < tc && up * unit < tb) {
			if (up > worst)
				worst = up;
			continue;
		}
		slot = table_probe(&keep, t->arena + e->off, e->len, e->run_len,
				   e->enc, e->hash, &found);
		j = table_add(&keep, slot, t->arena + e->off, e->len, e->run_len,
			      e->enc, e->hash);
		keep.ents[j].flags = e->flags;
		memcpy(&keep.cnt[j * nr], &t->cnt[i * nr], nr * sizeof(*keep.cnt));
		inexact |= e->flags & ENT_INEXACT;
	}
	table_release(t);
	*t = keep;
	if (worst > ss->bound)
		ss->bound = worst;
	return inexact;
}

/* Pass 2: count exactly the keys of ss->tab. */
static int run_verify(struct strscan *ss, struct run_ctx *rc)
{
	struct table *t = &ss->tab;
	size_t per = t->n * (size_t)t->nreg;
	int rv;

	memset(t->cnt, 0, per * sizeof(*t->cnt));
	for (int i = 0; i < rc->nthreads; i++) {
		struct worker *w = &rc->w[i];

		w->t = t;
		w->frozen = 1;
		w->stats = ss->passes == 0;
		w->cnt = xcalloc(per ? per : 1, sizeof(*w->cnt));
	}
	rc->next = 0;
	rv = run_threads(rc);
	for (int i = 0; i < rc->nthreads; i++) {
		struct worker *w = &rc->w[i];

		for (size_t j = 0; j < per; j++)
			t->cnt[j] += w->cnt[j];
		free(w->cnt);
		w->cnt = NULL;
	}
	return rv;
}

int strscan_run(struct strscan *ss)
{
	struct run_ctx rc = { 0 };
	struct worker w[STRSCAN_MAX_THREADS];
	int need_buf = 0, rv, decremented = 0;

	if (ss->have_tab)
		return -1;          /* one run per engine */
	if (!ss->nreg)
		strscan_region(ss, "all");
	for (size_t i = 0; i < ss->nsrc; i++)
		need_buf |= ss->src[i].mem == NULL;
	rc.ss = ss;
	rc.chunks = make_chunks(ss, &rc.nchunks);
	rc.nthreads = ss->o.threads;
	if ((size_t)rc.nthreads > rc.nchunks)
		rc.nthreads = rc.nchunks ? (int)rc.nchunks : 1;
	rc.w = w;
	for (int i = 0; i < rc.nthreads; i++)
		worker_init(&w[i], ss, i, need_buf);

	if (ss->wanted) {
		/* count only what was asked: one exact pass */
		ss->tab = *ss->wanted;
		free(ss->wanted);
		ss->wanted = NULL;
		ss->have_tab = 1;
		rv = run_verify(ss, &rc);
		ss->passes = 1;
		ss->verified = 1;
	} else {
		/* pass 1: a table per thread, each within its share, and
		 * reserving no more keys than the input has runs nor more key
		 * bytes than it has bytes */
		size_t share = ss->o.mem_budget / (size_t)rc.nthreads;
		uint64_t total = 0;

		for (size_t i = 0; i < ss->nsrc; i++)
			total += ss->src[i].len;
		for (int i = 0; i < rc.nthreads; i++) {
			table_init(&w[i].own, ss->nreg, share, share,
				   (total / (ss->o.min_len + 1) + 1) * (ss->o.utf16 ? 2 : 1),
				   total);
			w[i].t = &w[i].own;
			w[i].cnt = w[i].own.cnt;
		}
		rv = run_threads(&rc);
		ss->passes = 1;
		for (int i = 0; i < rc.nthreads; i++) {
			decremented |= w[i].own.D > 0 || w[i].own.dropped > 0;
			ss->bound += w[i].own.D + w[i].own.dropped;
		}
		/* thread 0's table takes in the others (growing, never
		 * decrementing): exact counts, or the candidates */
		ss->tab = w[0].own;
		memset(&w[0].own, 0, sizeof(w[0].own));
		ss->have_tab = 1;
		ss->tab.merging = 1;
		for (size_t j = 0; j < ss->tab.n; j++)
			ss->tab.ents[j].flags = ss->tab.ents[j].d_ins ||
						ss->tab.dropped ? ENT_INEXACT : 0;
		for (int i = 1; i < rc.nthreads; i++) {
			int dirty = 0;

			for (int j = 0; j < i; j++)
				dirty |= j == 0 ? ss->tab.D > 0 || ss->tab.dropped > 0
						: w[j].own.D > 0 || w[j].own.dropped > 0;
			table_merge(&ss->tab, &w[i].own, dirty,
				    !w[i].own.D && !w[i].own.dropped);
			/* keep D and dropped for the dirty test of later ones */
			free(w[i].own.slots);
			free(w[i].own.ents);
			free(w[i].own.cnt);
			free(w[i].own.arena);
			w[i].own.slots = NULL;
			w[i].own.ents = NULL;
			w[i].own.cnt = NULL;
			w[i].own.arena = NULL;
			w[i].own.n = 0;
		}
		if (!decremented) {
			ss->exact = rv == 0;
		} else if (rv == 0) {
			/* the candidates that can still make the top_k; a second
			 * pass counts them unless all their counts are exact */
			ss->verified = 1;
			if (prune_candidates(ss)) {
				rv = run_verify(ss, &rc);
				ss->passes = 2;
			}
		}
	}
	for (int i = 0; i < rc.nthreads; i++) {
		for (int r = 0; r < ss->nreg; r++)
			for (int e = 0; e < 2; e++) {
				ss->rs[r][e].runs += w[i].rs[r][e].runs;
				ss->rs[r][e].run_bytes += w[i].rs[r][e].run_bytes;
			}
		worker_release(&w[i]);
	}
	free(rc.chunks);
	return rv;
}

/* --- results --- */

static void fill_str(const struct strscan *ss, size_t i, int region,
		     struct strscan_str *o)
{
	const struct table *t = &ss->tab;
	const struct ent *e = &t->ents[i];

	o->text = t->arena + e->off;
	o->len = e->len;
	o->run_len = e->run_len;
	o->enc = (int)e->enc;
	if (region < 0)
		o->count = ent_total(t, i);
	else
		o->count = t->cnt[i * (size_t)t->nreg + (size_t)region];
	o->bytes = o->count * e->run_len * (e->enc == STRSCAN_UTF16LE ? 2 : 1);
	o->exact = 1;
	o->err = 0;
}

/* a ranks before b */
static int str_before(const struct strscan_str *a, const struct strscan_str *b,
		      int by_bytes)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if (by_bytes && a->bytes != b->bytes)
		return a->bytes > b->bytes;
	if (a->count != b->count)
		return a->count > b->count;
	if (!by_bytes && a->bytes != b->bytes)
		return a->bytes > b->bytes;
	c = memcmp(a->text, b->text, n);
	if (c)
		return c < 0;
	if (a->len != b->len)
		return a->len < b->len;
	if (a->run_len != b->run_len)
		return a->run_len < b->run_len;
	return a->enc < b->enc;
}

/* min-heap by rank: the root is the worst kept */
static void heap_down(struct strscan_str *h, size_t n, size_t i, int by_bytes)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		struct strscan_str x;

		if (l < n && str_before(&h[w], &h[l], by_bytes))
			w = l;
		if (r < n && str_before(&h[w], &h[r], by_bytes))
			w = r;
		if (w == i)
			return;
		x = h[i];
		h[i] = h[w];
		h[w] = x;
		i = w;
	}
}

static int cmp_rank(const void *a, const void *b, void *by_bytes)
{
	const struct strscan_str *x = a, *y = b;
	int bb = *(const int *)by_bytes;

	if (str_before(x, y, bb))
		return -1;
	if (str_before(y, x, bb))
		return 1;
	return 0;
}

size_t strscan_top(struct strscan *ss, int region, int by_bytes, size_t k,
		   const struct strscan_str **out)
{
	size_t n = 0;
	int bb = !!by_bytes;

	free(ss->out);
	ss->out = NULL;
	*out = NULL;
	if (!ss->have_tab || !k)
		return 0;
	if (k > ss->tab.n)
		k = ss->tab.n;
	ss->out = xcalloc(k ? k : 1, sizeof(*ss->out));
	for (size_t i = 0; i < ss->tab.n; i++) {
		struct strscan_str s;

		fill_str(ss, i, region, &s);
		if (!s.count)
			continue;
		if (n < k) {
			ss->out[n++] = s;
			if (n == k)
				for (size_t j = k / 2 + 1; j-- > 0;)
					heap_down(ss->out, n, j, !!by_bytes);
		} else if (str_before(&s, &ss->out[0], !!by_bytes)) {
			ss->out[0] = s;
			heap_down(ss->out, n, 0, !!by_bytes);
		}
	}
	qsort_r(ss->out, n, sizeof(*ss->out), cmp_rank, &bb);
	*out = ss->out;
	return n;
}

int strscan_lookup(struct strscan *ss, const unsigned char *text, size_t len,
		   uint64_t run_len, int enc, int region, struct strscan_str *out)
{
	size_t slot;
	int found;
	uint64_t h;

	if (!ss->have_tab || len > ss->o.max_len)
		return 0;
	h = hash_bytes(text, len, (uint64_t)enc);
	slot = table_probe(&ss->tab, text, (uint32_t)len, run_len, (uint32_t)enc, h, &found);
	if (!found)
		return 0;
	fill_str(ss, (uint32_t)ss->tab.slots[slot] - 1, region, out);
	return 1;
}

void strscan_stats(const struct strscan *ss, int region, int enc,
		   struct strscan_stats *o)
{
	memset(o, 0, sizeof(*o));
	for (int r = 0; r < ss->nreg; r++) {
		if (region >= 0 && r != region)
			continue;
		o->scanned_bytes += ss->rs[r][0].scanned;
		for (int e = 0; e < 2; e++)
			if (enc < 0 || e == enc) {
				o->runs += ss->rs[r][e].runs;
				o->run_bytes += ss->rs[r][e].run_bytes;
			}
	}
	o->exact = ss->exact;
	o->verified = ss->verified;
	o->bound = ss->bound;
	o->passes = ss->passes;
	if (ss->exact && ss->have_tab) {
		for (size_t i = 0; i < ss->tab.n; i++) {
			uint64_t c = region < 0 ? ent_total(&ss->tab, i)
				     : ss->tab.cnt[i * (size_t)ss->tab.nreg + (size_t)region];

			if (enc < 0 || (int)ss->tab.ents[i].enc == enc)
				o->distinct += c > 0;
		}
	}
}
