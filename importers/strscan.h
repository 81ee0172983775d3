/*
 * strscan.h - the string-frequency engine: how often each printable string
 * occurs in a memory image, per region, fast and in bounded memory.
 *
 * A string is a maximal run of printable bytes (0x20..0x7e and TAB, as
 * `strings -a` sees them) of at least min_len characters; optionally also
 * runs of UTF-16LE code units (c, 0x00) with c printable, at either byte
 * parity (`strings -e l`).  Strings are data: kept as raw bytes with their
 * length, never NUL-terminated or interpreted (UTF-16 runs are kept as
 * their low bytes, encoding STRSCAN_UTF16LE).
 *
 * How it counts (and why):
 *   pass 1  every thread scans its chunks into its own open-addressing hash
 *           table (wyhash-style hash, linear probing).  While the distinct
 *           strings fit in the memory budget the counts are simply exact
 *           and there is no pass 2.  When a table would outgrow its share,
 *           it turns into a Misra-Gries summary: the half of the entries
 *           with the smallest counts are dropped and every counter is
 *           lowered by the median dropped (batched decrement, amortized
 *           O(1)).  D_t, the sum of those decrements, bounds how often a
 *           string the table no longer holds can occur in that thread's
 *           chunks.
 *   pass 2  (only after a decrement) the survivors of all threads, summed,
 *           are the candidates.  Their counters are lower bounds and those
 *           plus sum D_t upper bounds, so every candidate whose upper bound
 *           is below the top_k-th lower bound (by count, and by bytes) is
 *           dropped: what is left is a small, cache-resident table.  When
 *           each of them was held since before its thread's first
 *           decrement in every thread (or a thread never decremented), its
 *           count is already exact and there is no pass 2; otherwise one
 *           more scan counts exactly those candidates.  Either way every
 *           count reported is exact, and any string not reported occurs at
 *           most `bound` times (sum D_t, or the upper bound of the best
 *           candidate dropped): the top_k lists are complete down to it.
 *           With several threads the chunks go to whichever thread is free,
 *           so which strings at or below `bound` are kept may differ from
 *           run to run; every count above it does not.
 * Memory stays within mem_budget for the tables plus, per thread, one
 * chunk, whatever the input size: inputs given as a file descriptor are
 * read one chunk at a time (pread into a buffer reused for every chunk),
 * never mapped whole, so a dump larger than RAM works with a bounded
 * resident set.  (Mapping windows of the file instead measured 2-10x
 * slower on the VMs we run on: page-table setup, teardown and TLB misses
 * cost more than the kernel's copy.)  Buffers and tables of 4 MiB and more
 * ask for transparent huge pages: a probe costs a cache miss, not also a
 * TLB miss.
 *
 * Speed: a chunk is scanned 64 bytes at a time: a SIMD compare (AVX-512BW
 * or AVX2 when the CPU has it, else SSE2; a table on other machines; picked
 * at run time with __builtin_cpu_supports) turns the block
 * into a 64-bit mask of printable bytes, and a few shifts of that mask
 * (with the previous block's) find the positions where min_len printable
 * bytes in a row end.  Blocks with none are skipped at once: most bytes of
 * a heap are not in long printable runs.  Chunks are split between threads
 * dynamically (the next chunk to the first free thread); every count above
 * `bound` comes out the same whatever the order.
 * A run belongs to the chunk where it starts; a thread reads past the end
 * of its chunk to finish its last run and skips the run it starts inside.
 *
 * Knobs (struct strscan_opts; 0 picks the default):
 *   min_len     shortest string counted, in characters        default 6
 *   max_len     bytes of a run kept as its key: longer runs are counted by
 *               their first max_len bytes and their full length (two runs
 *               of the same length and prefix count as one)   default 4096
 *   utf16       also count UTF-16LE runs                      default off
 *   mem_budget  bytes for the hash tables of all threads together; peak RSS
 *               is at most about mem_budget * 1.5 (the merge of the thread
 *               tables) + threads * (chunk_bytes + 2 MiB)     default 32 MiB
 *               (smaller tables are faster: a probe misses the caches and
 *               the TLB less, and fresh pages cost a fault each; 32 MiB
 *               measured 25% faster than 96 on a dense 2 GB heap, its
 *               bound on the strings left out 370 instead of 355)
 *   top_k       the lists that must be complete: the importers store
 *               top_k per region and order (by count, by bytes); after a
 *               sketch the engine keeps only what can make them (exact
 *               mode keeps every string)                      default 1000
 *   threads     worker threads (1..16)           default min(2, online CPUs)
 *   chunk_bytes unit of work per thread (and its read buffer) default 4 MiB
 *   isa         force the scanner: STRSCAN_ISA_SCALAR / _SSE2 / _AVX2 /
 *               _AVX512 (tests; one the CPU lacks falls back to the best
 *               it has); 0 picks the best the CPU runs
 *
 * Usage: strscan_new(); strscan_region() for each region name; add inputs
 * (strscan_add_mem/_fd) tagged with a region; optionally strscan_want() to
 * count only given strings; strscan_run(); then strscan_top(),
 * strscan_lookup() and strscan_stats(); strscan_free().
 */
#ifndef PMORTEM_STRSCAN_H
#define PMORTEM_STRSCAN_H

#include <stddef.h>
#include <stdint.h>

enum strscan_enc {
	STRSCAN_ASCII = 0,
	STRSCAN_UTF16LE = 1,
};

enum strscan_isa {
	STRSCAN_ISA_AUTO = 0,
	STRSCAN_ISA_SCALAR,
	STRSCAN_ISA_SSE2,
	STRSCAN_ISA_AVX2,
	STRSCAN_ISA_AVX512,     /* AVX-512BW */
};

#define STRSCAN_MAX_REGIONS 8
#define STRSCAN_MAX_THREADS 16

struct strscan_opts {
	size_t min_len;
	size_t max_len;
	int utf16;
	size_t mem_budget;
	size_t top_k;
	int threads;
	size_t chunk_bytes;
	int isa;
};

/* One counted string.  text is valid until strscan_free(). */
struct strscan_str {
	const unsigned char *text;  /* len bytes, not NUL-terminated */
	size_t len;                 /* bytes in text (<= max_len) */
	uint64_t run_len;           /* characters in the run (> len: truncated key) */
	int enc;                    /* enum strscan_enc */
	uint64_t count;             /* occurrences in the region asked for */
	uint64_t bytes;             /* count * run_len * (2 for UTF-16) */
	int exact;                  /* 1 exact; 0 an estimate (see err) */
	uint64_t err;               /* when !exact: count may be low by up to err */
};

/* Totals of one region (or of all, region -1) and encoding (-1 both). */
struct strscan_stats {
	uint64_t scanned_bytes;     /* input bytes of the region */
	uint64_t runs;              /* strings seen (every occurrence) */
	uint64_t run_bytes;         /* bytes in those strings */
	uint64_t distinct;          /* distinct strings when exact, else 0 */
	int exact;                  /* 1: one exact pass, every string counted */
	int verified;               /* 1: a sketch, then the candidates' exact
	                               counts (from pass 1 or a pass 2) */
	uint64_t bound;             /* a string not reported occurs <= bound times */
	int passes;                 /* 1 or 2 */
};

struct strscan;

void strscan_opts_default(struct strscan_opts *o);
/* A new engine; o NULL for the defaults.  Invalid knobs are clamped. */
struct strscan *strscan_new(const struct strscan_opts *o);
void strscan_free(struct strscan *ss);
/* The index of a region name (created on first use; at most
 * STRSCAN_MAX_REGIONS, -1 beyond).  The name is copied. */
int strscan_region(struct strscan *ss, const char *name);
const char *strscan_region_name(const struct strscan *ss, int region);
int strscan_nregions(const struct strscan *ss);
/* Inputs: len bytes of memory (borrowed until strscan_run returns), or of
 * a file descriptor from offset off (read with pread, never mapped). */
void strscan_add_mem(struct strscan *ss, const void *p, uint64_t len, int region);
void strscan_add_fd(struct strscan *ss, int fd, uint64_t off, uint64_t len,
		    int region);
/* Count only these strings (exactly, one pass).  text is copied. */
void strscan_want(struct strscan *ss, const unsigned char *text, size_t len,
		  uint64_t run_len, int enc);
/* Scan everything: 0, or -1 on a read error (errno set; strscan_error()). */
int strscan_run(struct strscan *ss);
const char *strscan_error(const struct strscan *ss);
/* The k most frequent strings of a region (-1: all regions), ordered by
 * count (by_bytes 0) or by bytes (by_bytes 1), ties by text.  Returns how
 * many (<= k) and *out, an array valid until the next call or free. */
size_t strscan_top(struct strscan *ss, int region, int by_bytes, size_t k,
		   const struct strscan_str **out);
/* The count of one string in a region (-1 all): 1 when the engine holds
 * it (*out filled), 0 when not (then it occurs <= stats.bound times). */
int strscan_lookup(struct strscan *ss, const unsigned char *text, size_t len,
		   uint64_t run_len, int enc, int region, struct strscan_str *out);
void strscan_stats(const struct strscan *ss, int region, int enc,
		   struct strscan_stats *out);
/* The scanner the CPU got ("avx512", "avx2", "sse2", "scalar"). */
const char *strscan_isa_name(const struct strscan *ss);

/* --- for the dump importers (util_strscan_emit.c) ------------------------- */
struct sink;
struct diag;

struct strscan_seg {
	int64_t segment;            /* its handle from sink->segment */
	const char *region;         /* "heap", "anon", "file", "stack" */
	const unsigned char *mem;   /* its bytes, or NULL: read them from fd */
	int fd;
	uint64_t off, len;          /* offset in fd (unused with mem), bytes */
};

/* Count the strings of a dump's segments and emit them as dump_string
 * records: for each region and for "all", the top_k strings by count and
 * the top_k by bytes (every count exact), and per region and encoding one
 * record with text NULL for the strings not listed.  A region of exactly
 * one segment names it; the others have segment 0.  Returns 0, or -1
 * after reporting a read error in dg.  o NULL: the defaults. */
int strscan_emit_dump(struct sink *out, struct diag *dg, int64_t dump,
		      const struct strscan_seg *segs, size_t nsegs,
		      const struct strscan_opts *o);
/* The region a segment belongs to, from its label and mapped file:
 * "[heap]" heap, "[stack]" stack, a file path (or label "file") file,
 * anything else anon. */
const char *strscan_region_of(const char *label, const char *path);

#endif
