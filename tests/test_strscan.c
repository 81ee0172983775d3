/*
 * test_strscan.c - the string-frequency engine (importers/strscan.c).
 *
 * Two independent oracles: GNU strings (`strings -a -n N FILE | sort |
 * uniq -c`, and `-e l` for UTF-16LE) on the real heap dumps of
 * fixtures/rawheap, and a byte-at-a-time reference scanner written here
 * for crafted buffers.  Every scanner (scalar, SSE2, AVX2 when the CPU has
 * it), thread count, chunk size (runs straddling chunk boundaries) and
 * input kind (memory, file descriptor) must give the same exact counts.
 * The sketch path is forced with a tiny memory budget: the top strings
 * must still be exact, and every string left out must occur at most
 * `bound` times.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "strscan.h"
#include "util.h"

#define FIX "fixtures/rawheap/"

/* ------------------------------------------------------------------ */
/* helpers */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n;

	assert_non_null(f);
	*len = 0;
	do {
		buf = xgrow(buf, &cap, *len + 65536, 1);
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	fclose(f);
	return buf;
}

/* The first fixture file whose name starts with prefix and contains tag
 * ("1" = the earlier dump, "2" = the later: by name order). */
static char *fixture(const char *prefix, int which)
{
	char *cmd = xasprintf("ls " FIX "%s*.bin | sort | sed -n %dp", prefix, which);
	FILE *p = popen(cmd, "r");
	char line[1024];

	free(cmd);
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	pclose(p);
	line[strcspn(line, "\n")] = 0;
	return xstrdup(line);
}

struct ref {                     /* one string and its count */
	unsigned char *text;
	size_t len;
	uint64_t count;
};

struct reflist {
	struct ref *r;
	size_t n, cap;
	uint64_t total;
};

static void reflist_free(struct reflist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->r[i].text);
	free(l->r);
	memset(l, 0, sizeof(*l));
}

/* GNU strings' counts: `strings -a [-e l] -n N FILE | sort | uniq -c`. */
static void gnu_strings(const char *path, size_t min_len, int utf16,
			struct reflist *out)
{
	char *cmd = xasprintf("LC_ALL=C strings -a %s -n %zu '%s' | LC_ALL=C sort | "
			      "uniq -c", utf16 ? "-e l" : "", min_len, path);
	FILE *p = popen(cmd, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	free(cmd);
	assert_non_null(p);
	memset(out, 0, sizeof(*out));
	while ((n = getline(&line, &cap, p)) > 0) {
		size_t i = 0, j;
		uint64_t c;

		if (line[n - 1] == '\n')
			n--;
		while (i < (size_t)n && line[i] == ' ')
			i++;
		for (j = i; j < (size_t)n && line[j] != ' '; j++)
			;
		assert_int_equal(num_parse_u64(line + i, j - i, &c), 0);
		out->r = xgrow(out->r, &out->cap, out->n + 1, sizeof(*out->r));
		out->r[out->n].len = (size_t)n - j - 1;
		out->r[out->n].text = xmalloc(out->r[out->n].len + 1);
		memcpy(out->r[out->n].text, line + j + 1, out->r[out->n].len);
		out->r[out->n].count = c;
		out->total += c;
		out->n++;
	}
	free(line);
	assert_int_equal(pclose(p), 0);
}

static int is_print(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c <= 0x7e);
}

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The reference: byte at a time, then sort and count (ASCII only). */
static void ref_scan(const unsigned char *p, size_t n, size_t min_len,
		     struct reflist *out)
{
	struct reflist all = { 0 };

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && is_print(p[j]))
			j++;
		if (j - i >= min_len) {
			all.r = xgrow(all.r, &all.cap, all.n + 1, sizeof(*all.r));
			all.r[all.n].text = xmalloc(j - i);
			memcpy(all.r[all.n].text, p + i, j - i);
			all.r[all.n].len = j - i;
			all.r[all.n++].count = 1;
		}
		i = j == i ? i + 1 : j;
	}
	qsort(all.r, all.n, sizeof(*all.r), ref_cmp);
	for (size_t i = 0; i < all.n; i++) {
		if (out->n && !ref_cmp(&out->r[out->n - 1], &all.r[i])) {
			out->r[out->n - 1].count++;
			free(all.r[i].text);
		} else {
			out->r = xgrow(out->r, &out->cap, out->n + 1, sizeof(*out->r));
			out->r[out->n++] = all.r[i];
		}
		out->total++;
	}
	free(all.r);
}

/* Every reference string has its exact count, and nothing else exists. */
static void check_against(struct strscan *ss, const struct reflist *ref, int enc)
{
	struct strscan_stats st;

	for (size_t i = 0; i < ref->n; i++) {
		struct strscan_str s;
		size_t klen = ref->r[i].len < 4096 ? ref->r[i].len : 4096;

		if (!strscan_lookup(ss, ref->r[i].text, klen, ref->r[i].len, enc, -1, &s))
			fail_msg("'%.*s' (%zu bytes) not counted", (int)klen,
				 (const char *)ref->r[i].text, ref->r[i].len);
		if (s.count != ref->r[i].count)
			fail_msg("'%.*s': %llu, want %llu", (int)klen,
				 (const char *)ref->r[i].text,
				 (unsigned long long)s.count,
				 (unsigned long long)ref->r[i].count);
		assert_int_equal(s.exact, 1);
	}
	strscan_stats(ss, -1, enc, &st);
	assert_int_equal(st.runs, ref->total);
	assert_int_equal(st.distinct, ref->n);
	assert_int_equal(st.exact, 1);
	assert_int_equal(st.bound, 0);
}

struct variant {
	int isa, threads, use_fd;
	size_t chunk;
};

static const struct variant variants[] = {
	{ STRSCAN_ISA_AUTO, 1, 0, 0 },
	{ STRSCAN_ISA_AUTO, 2, 1, 0 },
	{ STRSCAN_ISA_SCALAR, 3, 0, 257 },
	{ STRSCAN_ISA_SSE2, 2, 1, 300 },
	{ STRSCAN_ISA_AVX2, 2, 1, 4096 + 13 },
	{ STRSCAN_ISA_AVX2, 3, 0, 1000 },
	{ STRSCAN_ISA_AVX512, 2, 1, 777 },
};

static size_t variant_top_k;     /* 0: the default */

static struct strscan *run_variant(const struct variant *v, const unsigned char *buf,
				   size_t len, int fd, size_t min_len, int utf16,
				   size_t budget)
{
	struct strscan_opts o = { 0 };
	struct strscan *ss;
	int r;

	o.min_len = min_len;
	o.threads = v->threads;
	o.chunk_bytes = v->chunk;
	o.isa = v->isa;
	o.utf16 = utf16;
	o.mem_budget = budget;
	o.top_k = variant_top_k;
	ss = strscan_new(&o);
	r = strscan_region(ss, "heap");
	if (v->use_fd && fd >= 0)
		strscan_add_fd(ss, fd, 0, len, r);
	else
		strscan_add_mem(ss, buf, len, r);
	assert_int_equal(strscan_run(ss), 0);
	return ss;
}

/* ------------------------------------------------------------------ */
/* tests */

/* Hand-made bytes with known answers: the min_len boundary, TAB, high
 * bytes, runs at both ends of the buffer. */
static void test_crafted(void **state)
{
	static const unsigned char buf[] =
		"sixsix\0fivef\0sevenSS\0sixsix\x01sixsix\xff"
		"tab\there\0\x7f" "abcde\x80" "abcdef";
	struct strscan_opts o = { 0 };
	struct strscan_str s;
	struct strscan_stats st;
	struct strscan *ss;
	const struct strscan_str *top;
	size_t n;

	o.threads = 1;
	ss = strscan_new(&o);
	strscan_add_mem(ss, buf, sizeof(buf) - 1, strscan_region(ss, "heap"));
	assert_int_equal(strscan_run(ss), 0);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"sixsix", 6, 6, 0, -1, &s), 1);
	assert_int_equal(s.count, 3);
	assert_int_equal(s.bytes, 18);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"sevenSS", 7, 7, 0, 0, &s), 1);
	assert_int_equal(s.count, 1);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"tab\there", 8, 8, 0, -1, &s), 1);
	assert_int_equal(s.count, 1);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"abcdef", 6, 6, 0, -1, &s), 1);
	assert_int_equal(s.count, 1);
	/* five printable bytes are not a string at min_len 6 */
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"fivef", 5, 5, 0, -1, &s), 0);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"abcde", 5, 5, 0, -1, &s), 0);
	strscan_stats(ss, -1, -1, &st);
	assert_int_equal(st.runs, 6);
	assert_int_equal(st.distinct, 4);
	assert_int_equal(st.scanned_bytes, sizeof(buf) - 1);
	assert_int_equal(st.passes, 1);
	n = strscan_top(ss, -1, 0, 2, &top);
	assert_int_equal(n, 2);
	assert_memory_equal(top[0].text, "sixsix", 6);
	assert_int_equal(top[0].count, 3);
	/* ties by count: more bytes first, then by text */
	assert_memory_equal(top[1].text, "tab\there", 8);
	n = strscan_top(ss, -1, 1, 1, &top);
	assert_int_equal(n, 1);
	assert_memory_equal(top[0].text, "sixsix", 6);
	strscan_free(ss);

	/* min_len 5 takes the five-byte runs too */
	o.min_len = 5;
	ss = strscan_new(&o);
	strscan_add_mem(ss, buf, sizeof(buf) - 1, strscan_region(ss, "heap"));
	assert_int_equal(strscan_run(ss), 0);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"fivef", 5, 5, 0, -1, &s), 1);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"abcde", 5, 5, 0, -1, &s), 1);
	strscan_stats(ss, -1, -1, &st);
	assert_int_equal(st.runs, 8);
	strscan_free(ss);
}

/* The real dumps against GNU strings, for every scanner and split. */
static void test_real_vs_gnu_strings(void **state)
{
	static const char *const prefixes[] = { "leakc", "leakpy" };
	/* 1..8: three window steps; 9..64: up to six; beyond: capped */
	static const size_t lens[] = { 6, 1, 4, 8, 9, 12, 33, 64, 65, 90 };

	for (size_t f = 0; f < 2; f++) {
		char *path = fixture(prefixes[f], 2);
		size_t len;
		unsigned char *buf = slurp(path, &len);
		int fd = open(path, O_RDONLY);

		assert_true(fd >= 0);
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			struct reflist ref;

			gnu_strings(path, lens[l], 0, &ref);
			for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
				struct strscan *ss = run_variant(&variants[v], buf, len, fd,
								 lens[l], 0, 0);

				check_against(ss, &ref, STRSCAN_ASCII);
				strscan_free(ss);
			}
			reflist_free(&ref);
		}
		close(fd);
		free(buf);
		free(path);
	}
}

/* Runs that straddle chunk boundaries, runs longer than the key, runs at
 * the very start and end, over many splits: all equal to the reference. */
static void test_chunk_boundaries(void **state)
{
	size_t len = 200000;
	unsigned char *buf = xmalloc(len);
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	struct reflist ref;
	char path[] = "/tmp/test_strscan_XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* mostly short printable runs, some zeros, some high bytes */
		buf[i] = (x & 7) == 0 ? 0 : (x & 31) == 1 ? 0x90 : (unsigned char)(0x20 + (x >> 8) % 95);
	}
	for (size_t k = 1; k < 40; k++) {               /* around 4 KiB boundaries */
		size_t at = k * 4096 - 3;

		memcpy(buf + at, "\0straddling\0", 12);
	}
	memset(buf, 'A', 700);                          /* at the start */
	memset(buf + 10000, 'B', 6000); buf[9999] = 0; buf[16000] = 0;  /* > max_len */
	memset(buf + 30000, 'C', 6000); buf[29999] = 0; buf[36000] = 0; /* same again */
	memset(buf + 50000, 'C', 6001); buf[49999] = 0; buf[56001] = 0; /* one longer */
	memset(buf + len - 300, 'Z', 300);              /* at the end */
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	ref_scan(buf, len, 6, &ref);
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		for (size_t chunk = 256; chunk <= 8192; chunk = chunk * 2 + 1) {
			struct variant w = variants[v];
			struct strscan *ss;
			struct strscan_str s;

			w.chunk = chunk;
			ss = run_variant(&w, buf, len, fd, 6, 0, 0);
			check_against(ss, &ref, STRSCAN_ASCII);
			/* the 6000-byte runs are kept by their first 4096 bytes */
			assert_int_equal(strscan_lookup(ss, buf + 30000, 4096, 6000, 0, -1, &s), 1);
			assert_int_equal(s.count, 1);
			assert_int_equal(s.len, 4096);
			assert_int_equal(s.run_len, 6000);
			assert_int_equal(s.bytes, 6000);
			assert_int_equal(strscan_lookup(ss, buf + 50000, 4096, 6001, 0, -1, &s), 1);
			assert_int_equal(strscan_lookup(ss, buf + 10000, 4096, 6000, 0, -1, &s), 1);
			assert_int_equal(strscan_lookup(ss, (const unsigned char *)"straddling",
							10, 10, 0, -1, &s), 1);
			assert_true(s.count >= 30);
			strscan_free(ss);
		}
	}
	reflist_free(&ref);
	close(fd);
	free(buf);
}

/* Every UTF-16LE string GNU strings -e l found, with its count and bytes,
 * and no other. */
static void check_utf16_against(struct strscan *ss, const struct reflist *ref)
{
	struct strscan_stats st;
	struct strscan_str s;

	for (size_t i = 0; i < ref->n; i++) {
		if (!strscan_lookup(ss, ref->r[i].text, ref->r[i].len, ref->r[i].len,
				    STRSCAN_UTF16LE, -1, &s))
			fail_msg("utf16 '%.*s' not counted", (int)ref->r[i].len,
				 (const char *)ref->r[i].text);
		assert_int_equal(s.count, ref->r[i].count);
		assert_int_equal(s.bytes, 2 * ref->r[i].len * ref->r[i].count);
	}
	strscan_stats(ss, -1, STRSCAN_UTF16LE, &st);
	assert_int_equal(st.runs, ref->total);
	assert_int_equal(st.distinct, ref->n);
}

/* UTF-16LE: crafted at both byte parities and across chunks, against
 * GNU strings -e l. */
static void test_utf16(void **state)
{
	static const char *const words[] = { "Hello World", "C:\\Windows\\System32",
					     "utf16 text", "short", "exactly6" };
	size_t len = 100000;
	unsigned char *buf = xcalloc(len, 1);
	uint64_t x = 12345;
	char path[] = "/tmp/test_strscan_u16_XXXXXX";
	int fd = mkstemp(path);
	struct reflist ref;

	assert_true(fd >= 0);
	for (size_t i = 0; i < len; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		buf[i] = (unsigned char)(x >> 56);
	}
	for (int k = 0; k < 600; k++) {
		const char *w = words[k % 5];
		size_t wl = strlen(w), at;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		at = 4 + (size_t)(x >> 33) % (len - 2 * wl - 8);
		buf[at - 1] = 0xff;
		for (size_t i = 0; i < wl; i++) {
			buf[at + 2 * i] = (unsigned char)w[i];
			buf[at + 2 * i + 1] = 0;
		}
		buf[at + 2 * wl] = 0xff;
		buf[at + 2 * wl + 1] = 0xff;
	}
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	gnu_strings(path, 6, 1, &ref);
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		struct strscan *ss = run_variant(&variants[v], buf, len, fd, 6, 1, 0);
		struct strscan_str s;

		check_utf16_against(ss, &ref);
		/* "short" is five characters: not a string */
		assert_int_equal(strscan_lookup(ss, (const unsigned char *)"short", 5, 5,
						STRSCAN_UTF16LE, -1, &s), 0);
		strscan_free(ss);
	}
	reflist_free(&ref);
	unlink(path);
	close(fd);
	free(buf);
}

/* The engine's own fixture (fixtures/strscan: a real CPython heap window
 * holding ASCII strings and UCS-2 ones, which are UTF-16LE in memory):
 * both encodings at once, for every scanner and split, against GNU strings
 * -e s and -e l. */
static void test_real_utf16(void **state)
{
	FILE *ls = popen("ls fixtures/strscan/holder-*.bin", "r");
	char path[1024];
	size_t len;
	unsigned char *buf;
	struct reflist ascii, wide;
	int fd;

	assert_non_null(ls);
	assert_non_null(fgets(path, sizeof(path), ls));
	pclose(ls);
	path[strcspn(path, "\n")] = 0;
	buf = slurp(path, &len);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	gnu_strings(path, 6, 0, &ascii);
	gnu_strings(path, 6, 1, &wide);
	assert_true(wide.total >= 250);                 /* the holder's 300, mostly */
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		struct strscan *ss = run_variant(&variants[v], buf, len, fd, 6, 1, 0);

		check_against(ss, &ascii, STRSCAN_ASCII);
		check_utf16_against(ss, &wide);
		strscan_free(ss);
	}
	reflist_free(&ascii);
	reflist_free(&wide);
	close(fd);
	free(buf);
}

/* A tiny budget forces the Misra-Gries sketch and pass 2 on a real dump:
 * the leaked strings and every listed string stay exact, and no string
 * left out occurs more than `bound` times. */
static void test_sketch(void **state)
{
	char *path = fixture("leakc", 2);
	size_t len;
	unsigned char *buf = slurp(path, &len);
	int fd = open(path, O_RDONLY);
	struct reflist ref;

	gnu_strings(path, 6, 0, &ref);
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		struct strscan *ss = run_variant(&variants[v], buf, len, fd, 6, 0, 64 * 1024);
		struct strscan_stats st;
		const struct strscan_str *top;
		size_t n, listed = 0;

		strscan_stats(ss, -1, -1, &st);
		assert_int_equal(st.exact, 0);
		assert_int_equal(st.verified, 1);
		assert_int_equal(st.passes, 2);
		assert_true(st.bound > 0);
		assert_true(st.bound < 300);        /* the flat strings still make it */
		assert_int_equal(st.runs, ref.total);
		n = strscan_top(ss, -1, 0, 3, &top);
		assert_int_equal(n, 3);
		assert_memory_equal(top[0].text, "Unknown:Unknown", 15);
		assert_int_equal(top[0].count, 12923);
		assert_memory_equal(top[1].text, "couchbase.context_info", 22);
		assert_int_equal(top[1].count, 12000);
		assert_memory_equal(top[2].text, "steady.config_entry", 19);
		assert_int_equal(top[2].count, 300);
		for (size_t i = 0; i < ref.n; i++) {
			struct strscan_str s;

			if (strscan_lookup(ss, ref.r[i].text, ref.r[i].len, ref.r[i].len,
					   0, -1, &s)) {
				assert_int_equal(s.count, ref.r[i].count);
				listed++;
			} else if (ref.r[i].count > st.bound) {
				fail_msg("'%.*s' occurs %llu times, left out with bound %llu",
					 (int)ref.r[i].len, (const char *)ref.r[i].text,
					 (unsigned long long)ref.r[i].count,
					 (unsigned long long)st.bound);
			}
		}
		/* the sketch kept far fewer than the 12003 distinct strings */
		assert_true(listed < ref.n / 4);
		assert_true(listed >= 3);
		strscan_free(ss);
	}

	/* top_k 3: one thread on one chunk held the three candidates left
	 * since before its first decrement, so their counts are exact after
	 * one pass (with small chunks spread over threads, a thread may meet
	 * one late: then a second pass); the bound covers everything else */
	variant_top_k = 3;
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		struct strscan *ss = run_variant(&variants[v], buf, len, fd, 6, 0, 64 * 1024);
		struct strscan_stats st;
		const struct strscan_str *top;

		strscan_stats(ss, -1, -1, &st);
		assert_int_equal(st.verified, 1);
		if (variants[v].threads == 1 && !variants[v].chunk)
			assert_int_equal(st.passes, 1);
		assert_true(st.passes == 1 || st.passes == 2);
		assert_int_equal(strscan_top(ss, -1, 0, 10, &top), 3);
		assert_int_equal(top[0].count, 12923);
		assert_int_equal(top[1].count, 12000);
		assert_int_equal(top[2].count, 300);
		for (size_t i = 0; i < ref.n; i++) {
			struct strscan_str s;

			if (!strscan_lookup(ss, ref.r[i].text, ref.r[i].len, ref.r[i].len,
					    0, -1, &s) && ref.r[i].count > st.bound)
				fail_msg("'%.*s' (%llu) left out, bound %llu", (int)ref.r[i].len,
					 (const char *)ref.r[i].text,
					 (unsigned long long)ref.r[i].count,
					 (unsigned long long)st.bound);
		}
		strscan_free(ss);
	}
	variant_top_k = 0;
	reflist_free(&ref);
	close(fd);
	free(buf);
	free(path);
}

/* strscan_want: only the strings asked for, exactly, in one pass; and
 * regions count separately while "all" sums them. */
static void test_want_and_regions(void **state)
{
	char *p1 = fixture("leakc", 1), *p2 = fixture("leakc", 2);
	size_t l1, l2;
	unsigned char *b1 = slurp(p1, &l1), *b2 = slurp(p2, &l2);
	struct strscan *ss = strscan_new(NULL);
	int ra = strscan_region(ss, "heap"), rb = strscan_region(ss, "anon");
	struct strscan_str s;
	struct strscan_stats st;

	assert_int_equal(ra, 0);
	assert_int_equal(rb, 1);
	strscan_add_mem(ss, b1, l1, ra);
	strscan_add_mem(ss, b2, l2, rb);
	strscan_want(ss, (const unsigned char *)"couchbase.context_info", 22, 22, 0);
	strscan_want(ss, (const unsigned char *)"Unknown:Unknown", 15, 15, 0);
	strscan_want(ss, (const unsigned char *)"not.in.any.dump", 15, 15, 0);
	assert_int_equal(strscan_run(ss), 0);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"couchbase.context_info",
					22, 22, 0, ra, &s), 1);
	assert_int_equal(s.count, 2000);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"couchbase.context_info",
					22, 22, 0, rb, &s), 1);
	assert_int_equal(s.count, 12000);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"couchbase.context_info",
					22, 22, 0, -1, &s), 1);
	assert_int_equal(s.count, 14000);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"Unknown:Unknown",
					15, 15, 0, -1, &s), 1);
	assert_int_equal(s.count, 2153 + 12923);
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"not.in.any.dump",
					15, 15, 0, -1, &s), 1);
	assert_int_equal(s.count, 0);
	/* not wanted: not counted */
	assert_int_equal(strscan_lookup(ss, (const unsigned char *)"steady.config_entry",
					19, 19, 0, -1, &s), 0);
	strscan_stats(ss, ra, -1, &st);
	assert_int_equal(st.runs, 6453);
	strscan_stats(ss, rb, -1, &st);
	assert_int_equal(st.runs, 37223);
	assert_string_equal(strscan_region_name(ss, rb), "anon");
	assert_string_equal(strscan_region_name(ss, -1), "all");
	strscan_free(ss);
	free(b1);
	free(b2);
	free(p1);
	free(p2);
}

/* A read error on a file descriptor is reported, not crashed on. */
static void test_read_error(void **state)
{
	struct strscan *ss = strscan_new(NULL);
	int fd = open("/dev/null", O_RDONLY);

	strscan_add_fd(ss, fd, 0, 1 << 20, strscan_region(ss, "heap"));
	assert_int_equal(strscan_run(ss), -1);
	assert_non_null(strscan_error(ss));
	assert_non_null(strstr(strscan_error(ss), "cannot read the dump"));
	strscan_free(ss);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crafted),
		cmocka_unit_test(test_real_vs_gnu_strings),
		cmocka_unit_test(test_chunk_boundaries),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_real_utf16),
		cmocka_unit_test(test_sketch),
		cmocka_unit_test(test_want_and_regions),
		cmocka_unit_test(test_read_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
