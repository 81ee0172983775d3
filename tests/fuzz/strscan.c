/*
 * strscan.c (fuzz) - the string engine on arbitrary bytes with small
 * budgets, checked against itself and a byte-at-a-time reference.
 *
 * The first 8 bytes pick the knobs (min_len 1..72, threads 1..3, chunk
 * 256..4351 bytes, budget 64..191 KiB, UTF-16 on/off); the rest is the
 * dump.  Every scanner (scalar, SSE2, AVX2 when present) must see the same
 * number of strings as the reference, and the most frequent strings must
 * have the reference's exact counts, through the sketch too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strscan.h"

static int is_print(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c <= 0x7e);
}

/* Runs of at least min_len, and how often the key occurs as a whole run. */
static uint64_t ref_runs(const uint8_t *p, size_t n, size_t min_len)
{
	uint64_t runs = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && is_print(p[j]))
			j++;
		runs += j - i >= min_len;
		i = j == i ? i + 1 : j;
	}
	return runs;
}

static uint64_t ref_count(const uint8_t *p, size_t n, const unsigned char *k,
			  size_t klen, uint64_t run_len, size_t max_len)
{
	uint64_t c = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && is_print(p[j]))
			j++;
		if (j - i == run_len && !memcmp(p + i, k, klen < max_len ? klen : max_len))
			c++;
		i = j == i ? i + 1 : j;
	}
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int isas[] = { STRSCAN_ISA_SCALAR, STRSCAN_ISA_SSE2,
				    STRSCAN_ISA_AVX2, STRSCAN_ISA_AVX512 };
	struct strscan_opts o = { 0 };
	uint64_t want_runs;

	if (size < 8)
		return 0;
	o.min_len = 1 + data[0] % 72;
	o.threads = 1 + data[1] % 3;
	o.chunk_bytes = 256 + (size_t)(data[2] | (data[3] & 15) << 8);
	o.mem_budget = (64 + (size_t)(data[4] & 127)) << 10;
	o.utf16 = data[5] & 1;
	data += 8;
	size -= 8;
	want_runs = ref_runs(data, size, o.min_len);
	for (size_t v = 0; v < sizeof(isas) / sizeof(isas[0]); v++) {
		struct strscan *ss;
		struct strscan_stats st;
		const struct strscan_str *top;
		size_t n;

		o.isa = isas[v];
		ss = strscan_new(&o);
		strscan_add_mem(ss, data, size, strscan_region(ss, "heap"));
		if (strscan_run(ss) < 0)
			abort();
		strscan_stats(ss, -1, STRSCAN_ASCII, &st);
		if (st.runs != want_runs)
			abort();
		n = strscan_top(ss, -1, 0, 5, &top);
		for (size_t i = 0; i < n; i++) {
			if (top[i].enc != STRSCAN_ASCII)
				continue;
			if (!top[i].exact ||
			    top[i].count != ref_count(data, size, top[i].text, top[i].len,
						      top[i].run_len, top[i].len))
				abort();
		}
		strscan_free(ss);
	}
	return 0;
}
