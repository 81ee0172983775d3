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

SCAN_TARGET static void SCAN_CAT(scan_ascii_, SCAN_SUFFIX)(struct worker *w,
							const struct view *v)
{
	const unsigned char *p = v->p;
	const size_t n = v->n, lo = v->lo, hi = v->hi;
	const unsigned nwin = w->nwin;
	uint64_t prev = 0;
	size_t rs = 0;
	int open = 0, skipping = 0;

	if (lo >= n || lo >= hi)
		return;
	/* A run that starts before lo belongs to the previous chunk. */
	if (lo > 0 && is_print(p[lo - 1]) && is_print(p[lo]))
		open = skipping = 1;
	for (size_t base = lo & ~(size_t)63;; base += 64) {
		uint64_t m, r, from, rest;

		if (base >= n) {
			if (open && !skipping)
				emit_ascii(w, v, rs, n);
			return;
		}
		if (!open && base >= hi + nwin)
			return;
		if (skipping && base >= hi + 64)
			return;         /* it covers the whole chunk: nothing of ours */
		/* the hardware prefetcher stops at page boundaries: ask ahead */
		__builtin_prefetch(p + base + PREFETCH_AHEAD);
		m = base + 64 <= n ? SCAN_MASK(p + base, NULL)
				   : SCAN_CAT(tail_mask_, SCAN_SUFFIX)(p + base, n - base, NULL);
		from = base < lo ? lo - base : 0;
		m &= ~0ULL << from;
		if (open) {
			rest = ~m & (~0ULL << from);
			if (!rest) {    /* the run goes on through this block */
				prev = m;
				continue;
			}
			from = (uint64_t)__builtin_ctzll(rest);
			if (!skipping)
				emit_ascii(w, v, rs, base + from);
			open = skipping = 0;
		}
		r = windows(m, prev, &w->win) & (~0ULL << from);
		prev = m;
		while (r) {
			unsigned j = (unsigned)__builtin_ctzll(r);
			size_t s = base + j + 1 - nwin;

			if (s >= hi)
				return;
			rest = ~m & (~0ULL << j);
			if (!rest) {
				open = 1;
				rs = s;
				break;
			}
			j = (unsigned)__builtin_ctzll(rest);
			emit_ascii(w, v, s, base + j);
			r &= ~0ULL << j;
		}
	}
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

#undef SCAN_CAT
#undef SCAN_CAT2
