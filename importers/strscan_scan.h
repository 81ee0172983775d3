/*
 * strscan_scan.h - the block scanner of strscan.c, written once and
 * compiled once per instruction set: strscan.c defines SCAN_TARGET (a
 * function attribute), SCAN_MASK(p, zero) (the printable mask of 64 bytes,
 * and optionally their zero mask) and SCAN_SUFFIX, then includes this file.
 * A template by inclusion because GCC and clang only inline SIMD helpers
 * into functions compiled for the same target.
 *
 * The idea: m = printable mask of the 64-byte block; w = the 128-bit value
 * (m, previous m) ANDed with itself shifted 1, 2, 4 ... places has bit j set
 * iff the nwin bytes ending at j are all printable.  Blocks where it is
 * zero and no run is open are skipped at once; otherwise the lowest such
 * j gives a run start (j - nwin + 1) and the first zero of m after it the
 * end.  UTF-16LE is the same with units (printable byte, zero byte) and
 * shifts of 2 bytes per character.
 */

#define SCAN_CAT2(a, b) a##b
#define SCAN_CAT(a, b) SCAN_CAT2(a, b)

/* The printable mask of the last, partial block: bytes past n read as 0. */
SCAN_TARGET static uint64_t SCAN_CAT(tail_mask_, SCAN_SUFFIX)(
	const unsigned char *p, size_t n, uint64_t *zero)
{
	unsigned char tmp[64];

	memset(tmp, 0, sizeof(tmp));
	memcpy(tmp, p, n);
	return SCAN_MASK(tmp, zero);
}

/* One step of the window test with a carry: x &= x shifted s places up,
 * the bits shifted in coming from the previous block's value at the same
 * step (c).  s 0 is no step (x & x); (c >> (63 - s)) >> 1 is defined for
 * every s in 0..63. */
#define SCAN_WSTEP(x, c, s) do { \
		uint64_t in_ = (x); \
		(x) &= ((x) << (s)) | (((c) >> (63 - (s))) >> 1); \
		(c) = in_; \
	} while (0)

/* steps6 0: 3 window steps (min_len up to 8), 1: 6 (up to 64); a constant
 * in each caller, so the short form keeps its carries in registers. */
SCAN_TARGET static inline __attribute__((always_inline)) void
SCAN_CAT(scan_ascii_body_, SCAN_SUFFIX)(struct worker *w, const struct view *v,
					const int steps6)
{
	const unsigned char *p = v->p;
	const size_t n = v->n, lo = v->lo, hi = v->hi;
	const unsigned nwin = w->nwin;
	/* the window shifts, padded with 0 */
	const unsigned s0 = w->win.sh[0], s1 = w->win.sh[1], s2 = w->win.sh[2];
	const unsigned s3 = w->win.sh[3], s4 = w->win.sh[4], s5 = w->win.sh[5];
	uint64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0;
	uint64_t first;
	size_t rs = 0, base, limit;
	int open = 0, skipping = 0;

	if (lo >= n || lo >= hi)
		return;
	/* A run that starts before lo belongs to the previous chunk. */
	if (lo > 0 && is_print(p[lo - 1]) && is_print(p[lo]))
		open = skipping = 1;
	base = lo & ~(size_t)63;
	first = ~0ULL << (lo - base);       /* bytes before lo are not ours */
	/* past limit nothing is ours: no run open, none can start before hi;
	 * skipping, the run covers the chunk; an open run of ours goes on */
	limit = !open ? hi + nwin : hi + 64;
	for (;; base += 64) {
		uint64_t m, x, r, from, rest;

		if (__builtin_expect(base >= limit || base + 64 > n, 0)) {
			if (base >= n) {
				if (open && !skipping)
					emit_ascii(w, v, rs, n);
				return;
			}
			if (base >= limit)
				return;
			m = SCAN_CAT(tail_mask_, SCAN_SUFFIX)(p + base, n - base, NULL);
		} else {
			/* the hardware prefetcher stops at page boundaries */
			__builtin_prefetch(p + base + PREFETCH_AHEAD);
			m = SCAN_MASK(p + base, NULL);
		}
		m &= first;
		x = m;
		SCAN_WSTEP(x, c0, s0);
		SCAN_WSTEP(x, c1, s1);
		SCAN_WSTEP(x, c2, s2);
		if (steps6) {
			SCAN_WSTEP(x, c3, s3);
			SCAN_WSTEP(x, c4, s4);
			SCAN_WSTEP(x, c5, s5);
		}
		/* x: bit j set iff the nwin bytes ending at j are printable */
		if (!x && !open) {
			first = ~0ULL;
			continue;       /* most blocks: nothing starts here */
		}
		from = base < lo ? lo - base : 0;
		first = ~0ULL;
		if (open) {
			rest = ~m & (~0ULL << from);
			if (!rest)      /* the run goes on through this block */
				continue;
			from = (uint64_t)__builtin_ctzll(rest);
			if (!skipping)
				emit_ascii(w, v, rs, base + from);
			open = skipping = 0;
			limit = hi + nwin;
		}
		r = x & (~0ULL << from);
		while (r) {
			unsigned j = (unsigned)__builtin_ctzll(r);
			size_t s = base + j + 1 - nwin;

			if (s >= hi)
				return;
			rest = ~m & (~0ULL << j);
			if (!rest) {
				open = 1;
				rs = s;
				limit = SIZE_MAX;
				break;
			}
			j = (unsigned)__builtin_ctzll(rest);
			emit_ascii(w, v, s, base + j);
			r &= ~0ULL << j;
		}
	}
}

SCAN_TARGET static void SCAN_CAT(scan_ascii_, SCAN_SUFFIX)(struct worker *w,
							const struct view *v)
{
	if (w->win.n <= 3)
		SCAN_CAT(scan_ascii_body_, SCAN_SUFFIX)(w, v, 0);
	else
		SCAN_CAT(scan_ascii_body_, SCAN_SUFFIX)(w, v, 1);
}

/* Is the UTF-16LE unit at i (i + 1 < n) a printable character? */
static inline int SCAN_CAT(unit_ok_, SCAN_SUFFIX)(const unsigned char *p, size_t i)
{
	return is_print(p[i]) && p[i + 1] == 0;
}

SCAN_TARGET static void SCAN_CAT(scan_utf16_, SCAN_SUFFIX)(struct worker *w,
							const struct view *v)
{
	const unsigned char *p = v->p;
	const size_t n = v->n, lo = v->lo, hi = v->hi;
	const unsigned nwin = w->nwin16;
	size_t cons[2] = { lo, lo };    /* per parity: windows before are done */
	uint64_t prev = 0;

	if (lo >= n || lo >= hi)
		return;
	/* Runs that start before lo (one per parity) are the previous chunk's. */
	for (size_t q = lo; q < lo + 2 && q + 1 < n; q++)
		if (q >= 2 && SCAN_CAT(unit_ok_, SCAN_SUFFIX)(p, q - 2) &&
		    SCAN_CAT(unit_ok_, SCAN_SUFFIX)(p, q)) {
			size_t e = q;

			while (e + 1 < n && SCAN_CAT(unit_ok_, SCAN_SUFFIX)(p, e))
				e += 2;
			cons[q & 1] = e;
		}
	for (size_t base = lo & ~(size_t)63; base < n; base += 64) {
		uint64_t pm, zm, u, r;

		if (base >= hi + 2 * (size_t)nwin + 64)
			return;
		pm = base + 64 <= n ? SCAN_MASK(p + base, &zm)
				    : SCAN_CAT(tail_mask_, SCAN_SUFFIX)(p + base, n - base, &zm);
		if (base + 64 >= n)
			zm &= n - base >= 64 ? ~0ULL : (1ULL << (n - base)) - 1;
		u = pm & ((zm >> 1) | ((uint64_t)(base + 64 < n && p[base + 64] == 0) << 63));
		if (base < lo)
			u &= ~0ULL << (lo - base);
		r = windows(u, prev, &w->win16);
		prev = u;
		while (r) {
			size_t pos = base + (size_t)__builtin_ctzll(r), s, e;

			r &= r - 1;
			if (pos < cons[pos & 1])
				continue;
			s = pos - 2 * ((size_t)nwin - 1);
			if (s >= hi)
				continue;
			e = pos + 2;
			while (e + 1 < n && SCAN_CAT(unit_ok_, SCAN_SUFFIX)(p, e))
				e += 2;
			emit_utf16(w, v, s, e);
			cons[pos & 1] = e;
		}
	}
}

#undef SCAN_WSTEP
#undef SCAN_CAT
#undef SCAN_CAT2
