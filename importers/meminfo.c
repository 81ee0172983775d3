/*
 * meminfo.c - /proc/meminfo snapshots (and the per-node
 * /sys/devices/system/node/nodeN/meminfo) as time series.
 *
 * Every field becomes `meminfo.<Kernel Spelling>` (meminfo.Cached,
 * meminfo.Active(file), meminfo.HugePages_Total): the kernel's names are
 * what people grep for, so they are kept as they are.  Values in kB are
 * stored in bytes; the unitless HugePages_{Total,Free,Rsvd,Surp} and any
 * unknown field printed without a unit are counts.  Unknown fields are
 * stored like the others (new kernels add fields).  Per-node files
 * (`Node 0 MemTotal: ... kB`) give instance "node0"; /proc/meminfo ""
 * (system-wide).  Snapshots, their times and their shapes (plain copy,
 * timestamp-prefixed log, date-separated blocks) come from util_snap.
 *
 * Format (one field per line):
 *   [Node <n> ]<name>:<blanks><unsigned decimal>[ kB]
 * name is letters, digits, '_' and parentheses.
 */
#include <stdio.h>
#include <string.h>

#include "importer.h"
#include "util.h"
#include "util_snap.h"

/* Known fields and what they mean; the unit is kB except where noted. */
static const struct {
	const char *name;
	const char *desc;
} fields[] = {
	{ "MemTotal", "usable RAM (physical RAM minus reserved and the kernel image)" },
	{ "MemFree", "RAM left unused" },
	{ "MemAvailable", "estimate of memory available for new work without swapping" },
	{ "Buffers", "raw block device buffers" },
	{ "Cached", "page cache (file data in RAM), excluding SwapCached" },
	{ "SwapCached", "swapped-out memory swapped back in and still in swap" },
	{ "Active", "memory used recently, not reclaimed unless needed" },
	{ "Inactive", "memory used less recently, first to be reclaimed" },
	{ "Active(anon)", "recently used anonymous memory" },
	{ "Inactive(anon)", "less recently used anonymous memory" },
	{ "Active(file)", "recently used page cache" },
	{ "Inactive(file)", "less recently used page cache, first to be reclaimed" },
	{ "Unevictable", "memory that cannot be reclaimed (mlocked, ramfs...)" },
	{ "Mlocked", "memory locked with mlock()" },
	{ "HighTotal", "highmem total (32-bit kernels)" },
	{ "HighFree", "highmem free (32-bit kernels)" },
	{ "LowTotal", "lowmem total (32-bit kernels)" },
	{ "LowFree", "lowmem free (32-bit kernels)" },
	{ "MmapCopy", "memory copied for private file mappings (no-MMU kernels)" },
	{ "SwapTotal", "swap space total" },
	{ "SwapFree", "swap space unused" },
	{ "Zswap", "memory used by the zswap compressed cache" },
	{ "Zswapped", "anonymous memory stored in zswap (uncompressed size)" },
	{ "Dirty", "memory waiting to be written back to disk" },
	{ "Writeback", "memory being written back to disk" },
	{ "AnonPages", "anonymous pages mapped into user page tables" },
	{ "Mapped", "files mapped into memory (mmap, shared libraries)" },
	{ "Shmem", "shared memory and tmpfs" },
	{ "KReclaimable", "kernel allocations the kernel may reclaim under pressure" },
	{ "Slab", "kernel slab caches" },
	{ "SReclaimable", "reclaimable part of Slab (dentries, inodes...)" },
	{ "SUnreclaim", "unreclaimable part of Slab" },
	{ "KernelStack", "kernel stacks of all tasks" },
	{ "ShadowCallStack", "shadow call stacks (arm64)" },
	{ "PageTables", "page tables" },
	{ "SecPageTables", "secondary page tables (KVM, IOMMU)" },
	{ "NFS_Unstable", "NFS pages sent but not yet committed (old kernels)" },
	{ "Bounce", "bounce buffers for block devices" },
	{ "WritebackTmp", "FUSE temporary writeback buffers" },
	{ "CommitLimit", "total memory that can be committed under overcommit mode 2" },
	{ "Committed_AS", "memory committed (allocated address space) by all processes" },
	{ "VmallocTotal", "vmalloc address space total" },
	{ "VmallocUsed", "vmalloc area in use" },
	{ "VmallocChunk", "largest free vmalloc block" },
	{ "Percpu", "per-CPU allocator memory" },
	{ "HardwareCorrupted", "memory the kernel marked as hardware-corrupted" },
	{ "AnonHugePages", "anonymous transparent huge pages" },
	{ "ShmemHugePages", "shmem/tmpfs huge pages" },
	{ "ShmemPmdMapped", "shmem huge pages mapped into user space" },
	{ "FileHugePages", "page cache in huge pages" },
	{ "FilePmdMapped", "page cache huge pages mapped into user space" },
	{ "CmaTotal", "contiguous memory allocator reserve" },
	{ "CmaFree", "free part of the CMA reserve" },
	{ "Unaccepted", "memory not yet accepted by a confidential-computing guest" },
	{ "Balloon", "memory taken by the balloon driver" },
	{ "HugePages_Total", "hugetlb pool size (count of huge pages)" },
	{ "HugePages_Free", "hugetlb pages not allocated (count)" },
	{ "HugePages_Rsvd", "hugetlb pages reserved but not yet faulted (count)" },
	{ "HugePages_Surp", "hugetlb pages above the pool size (count)" },
	{ "Hugepagesize", "default huge page size" },
	{ "Hugetlb", "memory in hugetlb pages of all sizes" },
	{ "DirectMap4k", "kernel direct map in 4 kB pages" },
	{ "DirectMap2M", "kernel direct map in 2 MB pages" },
	{ "DirectMap4M", "kernel direct map in 4 MB pages" },
	{ "DirectMap1G", "kernel direct map in 1 GB pages" },
	{ "Quicklists", "page table quicklists (old kernels)" },
	{ "MemUsed", "memory used on the node (per-node meminfo)" },
	{ "FilePages", "page cache on the node (per-node meminfo)" },
};

struct meminfo {
	struct sink *out;
	struct diag *dg;
	struct snap_series series;
	int64_t ts;
};

static const char *field_desc(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].name) == n && !memcmp(fields[i].name, name, n))
			return fields[i].desc;
	return NULL;
}

static int is_hugepages_count(const char *name, size_t n)
{
	return n > 10 && !memcmp(name, "HugePages_", 10);
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '(' || c == ')';
}

/* "Node <n> " at the start: its length and the node, 0 when absent. */
static size_t node_prefix(const char *s, size_t n, unsigned *node)
{
	size_t i = 5;
	uint64_t v = 0;

	if (n < 7 || memcmp(s, "Node ", 5) || s[5] < '0' || s[5] > '9')
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9' && v < 100000)
		v = v * 10 + (uint64_t)(s[i++] - '0');
	if (i >= n || s[i] != ' ')
		return 0;
	*node = (unsigned)v;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static size_t meminfo_key(const char *s, size_t n, const char **key)
{
	const char *c = memchr(s, ':', n);

	*key = s;
	return c ? (size_t)(c - s) : 0;
}

static int meminfo_begin(void *ctx, int64_t ts, int64_t line)
{
	struct meminfo *m = ctx;

	(void)line;
	m->ts = ts;
	return 0;
}

static int meminfo_line(void *ctx, const char *s, size_t n, int64_t line)
{
	struct meminfo *m = ctx;
	unsigned node = 0;
	size_t np = node_prefix(s, n, &node), i = np, pos;
	const char *name = s + np, *desc;
	size_t nl;
	struct span val, unit, extra;
	char metric[160], inst[24];
	uint64_t u;
	double v;
	int64_t h;
	int has_unit;

	while (i < n && name_char(s[i]))
		i++;
	nl = (size_t)(s + i - name);
	if (!nl || i >= n || s[i] != ':') {
		diag_warn(m->dg, line, "cannot parse meminfo line '%.*s'",
			  (int)(n > 60 ? 60 : n), s);
		return 0;
	}
	pos = i + 1;
	if (!span_token(s, n, &pos, &val)) {
		diag_warn(m->dg, line, "'%.*s' has no value", (int)nl, name);
		return 0;
	}
	has_unit = span_token(s, n, &pos, &unit);
	if (has_unit && span_token(s, n, &pos, &extra)) {
		diag_warn(m->dg, line, "'%.*s' has text after its value: '%.*s'",
			  (int)nl, name, (int)(extra.n > 40 ? 40 : extra.n), extra.p);
		return 0;
	}
	if (val.p[0] == '-') {
		diag_warn(m->dg, line, "'%.*s' is negative: '%.*s'", (int)nl, name,
			  (int)(val.n > 40 ? 40 : val.n), val.p);
		return 0;
	}
	if (num_parse_u64(val.p, val.n, &u) < 0) {
		size_t k = 0;

		while (k < val.n && val.p[k] >= '0' && val.p[k] <= '9')
			k++;
		if (k == val.n)
			diag_warn(m->dg, line, "'%.*s' is out of range: '%.*s'",
				  (int)nl, name, (int)(val.n > 40 ? 40 : val.n), val.p);
		else
			diag_warn(m->dg, line, "'%.*s' has a value that is not a number: '%.*s'",
				  (int)nl, name, (int)(val.n > 40 ? 40 : val.n), val.p);
		return 0;
	}
	desc = field_desc(name, nl);
	if (has_unit) {
		if (!span_eq(unit, "kB")) {
			diag_warn(m->dg, line, "'%.*s' has unit '%.*s', not 'kB': skipped",
				  (int)nl, name, (int)(unit.n > 20 ? 20 : unit.n), unit.p);
			return 0;
		}
		if (u > (UINT64_C(1) << 53) / 1024) {
			diag_warn(m->dg, line, "'%.*s' is out of range: '%.*s'",
				  (int)nl, name, (int)val.n, val.p);
			return 0;
		}
		v = (double)u * 1024.0;
	} else {
		if (!is_hugepages_count(name, nl) && desc) {
			diag_warn(m->dg, line, "'%.*s' has no unit 'kB': skipped",
				  (int)nl, name);
			return 0;
		}
		v = (double)u;
	}
	snprintf(metric, sizeof(metric), "meminfo.%.*s", (int)nl, name);
	if (np)
		snprintf(inst, sizeof(inst), "node%u", node);
	else
		inst[0] = '\0';
	h = snap_series(&m->series, m->out, m->dg, line, metric, inst,
			has_unit ? "bytes" : "count",
			desc ? desc : "meminfo field not described by pmortem");
	if (h < 0)
		return -1;
	if (h > 0 && m->out->sample(m->out, h, m->ts, v, line) < 0)
		return -1;
	return 0;
}

/* A snapshot cut short is warned about by util_snap. */
static int meminfo_end(void *ctx)
{
	(void)ctx;
	return 0;
}

static const struct snap_ops meminfo_ops = {
	.key = meminfo_key,
	.begin = meminfo_begin,
	.line = meminfo_line,
	.end = meminfo_end,
	.what = "meminfo",
};

/* Content first: MemTotal and MemFree near the top (after any timestamp
 * prefix) are meminfo's alone; the name helps. */
static int meminfo_sniff(const struct input *in)
{
	const char *h = (const char *)in->head;
	size_t n = in->head_len;
	int score = 0;

	if (memmem(h, n, "MemTotal:", 9))
		score += 70;
	if (memmem(h, n, "MemFree:", 8))
		score += 15;
	if (memmem(h, n, " kB", 3))
		score += 5;
	if (in->name && strstr(in->name, "meminfo"))
		score += score ? 10 : 35;
	return score > 100 ? 100 : score;
}

static int meminfo_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct meminfo m = { .out = out, .dg = dg };
	int rc;

	snap_series_init(&m.series);
	rc = snap_import(in, dg, &meminfo_ops, &m);
	snap_series_release(&m.series);
	return rc;
}

const struct importer meminfo_importer = {
	.name = "meminfo",
	.summary = "/proc/meminfo snapshots: plain copies, timestamped logs, date-separated blocks",
	.version = 1,
	.sniff = meminfo_sniff,
	.parse = meminfo_parse,
};
