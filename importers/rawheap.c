/*
 * rawheap.c - raw memory dumps: the bytes of one address range, as
 * `gdb -batch -ex "dump memory FILE START END"` writes them, typically the
 * [heap] mapping of a process that grows.
 *
 * Format: there is none.
 *
 *   offset  size        meaning
 *   0       END-START   the bytes of [START, END) in the process, in order
 *
 * So everything but the bytes comes from outside the file, in this order:
 *   1. the file name: two hexadecimal addresses with 0x, separated by '-',
 *      '_' or '..' (`heap-0x016c7000-0xe488f000.bin`,
 *      `worker.heap_0x5558ff2cc000-0x5558ffc98000.bin`);
 *   2. a sidecar file FILE.range holding "START END" (hex, 0x optional,
 *      also "START-END" as in /proc/PID/maps), for plain files only;
 *   3. --base ADDR (import_opts.base_addr): START = ADDR, END = START + size.
 * A size that disagrees with the range is an error: the dump is of some
 * other range, or truncated.  The name may also carry the pid
 * (`pid1234`, `pid-1234`), the time (`20240501T101500Z`, `20240501-101500`,
 * `2024-05-01T10:15:00`, UTC unless --tz says otherwise; else the file's
 * mtime) and the command (the leading word before the first '-', '_' or
 * '.', when it is not "heap", "core", "dump" or "mem").  The segment is
 * labelled "[heap]" when the name says heap, else "anon".
 *
 * Records: one dump (kind "raw"), one segment, and the string counts of
 * strscan_emit_dump() for its region ("heap" or "anon") and "all".  The
 * bytes are read with pread from the file descriptor when there is one
 * (bounded memory whatever the size); a stream (archive member) is first
 * spooled to an unlinked temporary file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "importer.h"
#include "strscan.h"
#include "util.h"

struct name_info {
	int has_range;
	uint64_t start, end;
	int heap;                /* "heap" in the name */
	int64_t pid;             /* -1 unknown */
	int64_t ts_us;           /* TS_UNKNOWN */
	char comm[64];
};

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "0x" + hex digits at s[i]: its length (0 when not), value in *v. */
static size_t hex_at(const char *s, size_t n, size_t i, uint64_t *v)
{
	size_t j;

	if (i + 2 >= n || s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'X'))
		return 0;
	for (j = i + 2; j < n && is_hex(s[j]); j++)
		;
	if (j == i + 2 || j - (i + 2) > 16 || num_parse_hex(s + i + 2, j - i - 2, v) < 0)
		return 0;
	return j - i;
}

static void find_range(const char *s, size_t n, struct name_info *ni)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t a, b;
		size_t la = hex_at(s, n, i, &a), sep, lb;

		if (!la || (i > 0 && is_alnum(s[i - 1])))
			continue;
		sep = i + la;
		if (sep < n && (s[sep] == '-' || s[sep] == '_'))
			sep += 1;
		else if (sep + 1 < n && s[sep] == '.' && s[sep + 1] == '.')
			sep += 2;
		else
			continue;
		lb = hex_at(s, n, sep, &b);
		if (!lb)
			continue;
		ni->has_range = 1;
		ni->start = a;
		ni->end = b;
		return;
	}
}

static int digits(const char *s, size_t n, size_t i, size_t k, int *v)
{
	int64_t x;

	if (i + k > n)
		return 0;
	for (size_t j = i; j < i + k; j++)
		if (!is_digit(s[j]))
			return 0;
	if (num_parse_i64(s + i, k, &x) < 0)
		return 0;
	*v = (int)x;
	return 1;
}

/* A timestamp starting at s[i]: basic 20240501T101500[Z] or 20240501-101500,
 * extended 2024-05-01T10:15:00 (or with '_'/' ' and '-' in the time). */
static int ts_at(const char *s, size_t n, size_t i, const struct import_opts *o,
		 int64_t *ts)
{
	int y, mo, d, h, mi, sec;
	size_t e;
	struct tzconv tc;

	if (i > 0 && is_alnum(s[i - 1]) && s[i - 1] != 'T' && s[i - 1] != 't')
		return 0;
	if (digits(s, n, i, 4, &y) && digits(s, n, i + 4, 2, &mo) &&
	    digits(s, n, i + 6, 2, &d) && i + 8 < n &&
	    (s[i + 8] == 'T' || s[i + 8] == '-' || s[i + 8] == '_') &&
	    digits(s, n, i + 9, 2, &h) && digits(s, n, i + 11, 2, &mi) &&
	    digits(s, n, i + 13, 2, &sec)) {
		e = i + 15;
	} else if (digits(s, n, i, 4, &y) && i + 4 < n && s[i + 4] == '-' &&
		   digits(s, n, i + 5, 2, &mo) && i + 7 < n && s[i + 7] == '-' &&
		   digits(s, n, i + 8, 2, &d) && i + 10 < n &&
		   (s[i + 10] == 'T' || s[i + 10] == '_' || s[i + 10] == ' ') &&
		   digits(s, n, i + 11, 2, &h) && i + 13 < n &&
		   (s[i + 13] == ':' || s[i + 13] == '-') &&
		   digits(s, n, i + 14, 2, &mi) && i + 16 < n && s[i + 16] == s[i + 13] &&
		   digits(s, n, i + 17, 2, &sec)) {
		e = i + 19;
	} else {
		return 0;
	}
	if (e < n && is_digit(s[e]))
		return 0;
	if (!date_valid(y, mo, d) || h > 23 || mi > 59 || sec > 60)
		return 0;
	if ((e < n && (s[e] == 'Z' || s[e] == 'z')) || !o || !o->tz) {
		*ts = utc_us(y, mo, d, h, mi, sec, 0);
		return 1;
	}
	tzconv_init(&tc, o->tz);
	*ts = tzconv_local_us(&tc, y, mo, d, h, mi, sec, 0);
	return *ts != TS_UNKNOWN;
}

static void parse_name(const char *name, const struct import_opts *o,
		       struct name_info *ni)
{
	size_t n = strlen(name), w;

	memset(ni, 0, sizeof(*ni));
	ni->pid = -1;
	ni->ts_us = TS_UNKNOWN;
	find_range(name, n, ni);
	for (size_t i = 0; i + 4 <= n; i++)
		if (!strncasecmp(name + i, "heap", 4))
			ni->heap = 1;
	for (size_t i = 0; i + 3 < n && ni->pid < 0; i++) {
		size_t j = i + 3, k;
		int64_t v;

		if (strncasecmp(name + i, "pid", 3) || (i > 0 && is_alnum(name[i - 1])))
			continue;
		if (j < n && (name[j] == '-' || name[j] == '_' || name[j] == '='))
			j++;
		for (k = j; k < n && is_digit(name[k]); k++)
			;
		if (k > j && k - j <= 10 && (k == n || !is_alnum(name[k])) &&
		    num_parse_i64(name + j, k - j, &v) == 0)
			ni->pid = v;
	}
	for (size_t i = 0; i < n && ni->ts_us == TS_UNKNOWN; i++)
		ts_at(name, n, i, o, &ni->ts_us);
	for (w = 0; w < n && name[w] != '-' && name[w] != '_' && name[w] != '.'; w++)
		;
	if (w > 0 && w < sizeof(ni->comm) && !is_digit(name[0]) &&
	    strncasecmp(name, "heap", w) && strncasecmp(name, "core", w) &&
	    strncasecmp(name, "dump", w) && strncasecmp(name, "mem", w) &&
	    !(w > 1 && name[0] == '0' && (name[1] == 'x' || name[1] == 'X'))) {
		memcpy(ni->comm, name, w);
		ni->comm[w] = 0;
	}
}

static int rawheap_sniff(const struct input *in)
{
	struct name_info ni;

	if (in->head_len >= 4 && !memcmp(in->head, "\177ELF", 4))
		return 0;
	parse_name(in->name, in->opts, &ni);
	if (ni.has_range) {
		int fits = in->size != UINT64_MAX && ni.end > ni.start &&
			   ni.end - ni.start == in->size;

		if (fits)
			return ni.heap ? 80 : 60;
		/* claim it anyway so the mismatch is reported, not ignored;
		 * but not a text file named after a dump (notes, reports:
		 * memory holds NUL bytes, text does not) */
		if (in->head_len && !memchr(in->head, 0, in->head_len))
			return 0;
		return ni.heap ? 40 : 20;
	}
	return 0;
}

/* "START END" or "START-END", hex with optional 0x, from PATH.range. */
static int read_sidecar(const char *path, uint64_t *start, uint64_t *end,
			char **side)
{
	char buf[256];
	struct span tok[3];
	ssize_t got;
	size_t nt;
	int fd, more;

	*side = xasprintf("%s.range", path);
	fd = open(*side, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0)
		return -1;
	for (ssize_t i = 0; i < got; i++)
		if (buf[i] == '-')
			buf[i] = ' ';
	nt = span_split(buf, (size_t)got, tok, 3, &more);
	if (nt != 2 || more || num_parse_hex(tok[0].p, tok[0].n, start) < 0 ||
	    num_parse_hex(tok[1].p, tok[1].n, end) < 0)
		return -1;
	return 1;
}

/* Copy a stream into an unlinked temporary file: its fd, or -1. */
static int spool(struct input *in, struct diag *dg, uint64_t *size)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/pmortem-rawheap-XXXXXX", dir && *dir ? dir : "/tmp");
	unsigned char *buf = xmalloc(1 << 20);
	int fd = mkstemp(tmpl);

	*size = 0;
	if (fd < 0) {
		diag_error_at(dg, -1, "cannot spool the dump to '%s': %s", tmpl,
			      strerror(errno));
		goto out;
	}
	unlink(tmpl);
	for (;;) {
		ssize_t got = in->read(in, buf, 1 << 20);

		if (got == 0)
			break;
		if (got < 0 || write(fd, buf, (size_t)got) != got) {
			diag_error_at(dg, (int64_t)*size, "cannot spool the dump: %s",
				      strerror(errno ? errno : EIO));
			close(fd);
			fd = -1;
			goto out;
		}
		*size += (uint64_t)got;
	}
out:
	free(buf);
	free(tmpl);
	return fd;
}

static int rawheap_parse(struct input *in, struct sink *out, struct diag *dg)
{
	struct name_info ni;
	struct dump_rec d = { 0 };
	struct segment_rec g = { 0 };
	struct strscan_seg seg = { 0 };
	uint64_t size = in->size, start, end;
	const char *from = "the file name";
	char *side = NULL;
	int spooled = -1, rc = IMPORT_FAIL;
	int64_t dump, segment;

	parse_name(in->name, in->opts, &ni);
	if (in->fd >= 0 || in->map) {
		seg.fd = in->fd;
		seg.mem = in->fd >= 0 ? NULL : in->map;
	} else {
		spooled = spool(in, dg, &size);
		if (spooled < 0)
			return IMPORT_FAIL;
		seg.fd = spooled;
	}
	if (size == 0 || size == UINT64_MAX) {
		diag_error_at(dg, 0, "empty raw dump");
		goto out;
	}
	if (ni.has_range) {
		start = ni.start;
		end = ni.end;
	} else {
		int sc = in->fd >= 0 ? read_sidecar(in->path, &start, &end, &side) : 0;

		if (sc < 0) {
			diag_error_at(dg, -1, "cannot read '%s': want \"START END\" in hex",
				      side);
			goto out;
		}
		if (sc > 0) {
			from = side;
		} else if (in->opts && in->opts->has_base) {
			start = in->opts->base_addr;
			if (start > UINT64_MAX - size) {
				diag_error_at(dg, -1, "base address 0x%llx plus the size "
					      "overflows", (unsigned long long)start);
				goto out;
			}
			end = start + size;
			from = "--base";
		} else {
			diag_error_at(dg, -1, "no address range: name the file like "
				      "'heap-0xSTART-0xEND.bin', write \"START END\" "
				      "into '%s.range', or pass --base", in->name);
			goto out;
		}
	}
	if (end <= start) {
		diag_error_at(dg, -1, "address range 0x%llx-0x%llx from %s is empty",
			      (unsigned long long)start, (unsigned long long)end, from);
		goto out;
	}
	if (end - start != size) {
		diag_error_at(dg, (int64_t)size, "size %llu does not match the range "
			      "0x%llx-0x%llx from %s (%llu bytes)",
			      (unsigned long long)size, (unsigned long long)start,
			      (unsigned long long)end, from,
			      (unsigned long long)(end - start));
		goto out;
	}

	d.kind = "raw";
	d.pid = ni.pid;
	d.comm = ni.comm[0] ? ni.comm : NULL;
	d.ts_us = ni.ts_us != TS_UNKNOWN ? ni.ts_us : in->mtime_us;
	d.size_bytes = size;
	dump = out->dump(out, &d);
	if (dump < 0)
		goto out;
	g.dump = dump;
	g.vaddr = start;
	g.memsz = size;
	g.filesz = size;
	g.file_offset = 0;
	g.label = ni.heap ? "[heap]" : "anon";
	segment = out->segment(out, &g);
	if (segment < 0)
		goto out;
	seg.segment = segment;
	seg.region = ni.heap ? "heap" : "anon";
	seg.off = 0;
	seg.len = size;
	if (strscan_emit_dump(out, dg, dump, &seg, 1, NULL) < 0)
		goto out;
	rc = IMPORT_OK;
out:
	if (spooled >= 0)
		close(spooled);
	free(side);
	return rc;
}

const struct importer rawheap_importer = {
	.name = "rawheap",
	.summary = "raw memory dump (gdb dump memory), range from the name",
	.version = 1,
	.sniff = rawheap_sniff,
	.parse = rawheap_parse,
};
