/*
 * util_lines.c - a bounded line reader over an input.
 *
 * Text importers read lines, whether the input is an mmap'd file or a
 * stream out of an archive.  The reader never holds more than max_len plus
 * one read block: a longer line (a 50 MB line of junk) is skipped with one
 * warning instead of being buffered, a line holding NUL bytes is skipped
 * (binary junk is not text), and CRLF endings are accepted.  Line numbers
 * count every line, skipped or not, so `path:line` always points at the
 * right place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "util.h"

#define READ_BLOCK (256 * 1024)

void lines_init(struct lines *lr, struct input *in, struct diag *dg, size_t max_len)
{
	memset(lr, 0, sizeof(*lr));
	lr->in = in;
	lr->dg = dg;
	lr->max_len = max_len ? max_len : (1u << 20);
	if (!in->map) {
		lr->buf_cap = lr->max_len + READ_BLOCK;
		lr->buf = xmalloc(lr->buf_cap);
	}
}

void lines_release(struct lines *lr)
{
	free(lr->buf);
	lr->buf = NULL;
}

/* Check a complete line; returns 1 to hand it out, 0 to skip it.  nul:
 * whether it may hold a NUL byte (a mapped input knows it does not). */
static int accept(struct lines *lr, const char *p, size_t *len, int nul)
{
	if (*len > lr->max_len) {
		if (lr->long_lines++ < 3)
			diag_warn(lr->dg, lr->lineno,
				  "line longer than %zu bytes skipped", lr->max_len);
		return 0;
	}
	if (*len && p[*len - 1] == '\r') {
		(*len)--;
		lr->cr_lines++;
	}
	if (nul && memchr(p, '\0', *len)) {
		if (lr->nul_lines++ < 3)
			diag_warn(lr->dg, lr->lineno, "line with NUL bytes skipped");
		return 0;
	}
	return 1;
}

static int next_mapped(struct lines *lr, const char **line, size_t *len)
{
	const struct input *in = lr->in;

	while (lr->map_pos < in->size) {
		const char *p = (const char *)in->map + lr->map_pos;
		size_t left = (size_t)(in->size - lr->map_pos);
		const char *nl = memchr(p, '\n', left);
		size_t n = nl ? (size_t)(nl - p) : left;

		uint64_t at = lr->map_pos;

		if (lr->nul_pos <= at) {
			/* one scan for NUL over the rest, not one per line */
			const char *z = memchr(p, '\0', left);

			lr->nul_pos = z ? at + (uint64_t)(z - p) : in->size;
		}
		lr->map_pos += n + (nl ? 1 : 0);
		lr->lineno++;
		if (!accept(lr, p, &n, lr->nul_pos < at + n))
			continue;
		*line = p;
		*len = n;
		return 1;
	}
	return 0;
}

/* Refill the stream buffer; returns bytes read, 0 at EOF, -1 on error. */
static ssize_t fill(struct lines *lr)
{
	ssize_t r;

	if (lr->buf_start > 0) {
		memmove(lr->buf, lr->buf + lr->buf_start, lr->buf_end - lr->buf_start);
		lr->buf_end -= lr->buf_start;
		lr->buf_start = 0;
	}
	if (lr->buf_end == lr->buf_cap)
		return -2;      /* full: the line is too long */
	r = lr->in->read(lr->in, lr->buf + lr->buf_end, lr->buf_cap - lr->buf_end);
	if (r < 0) {
		lr->io_error = 1;
		diag_error(lr->dg, lr->lineno + 1, "read error: %s", strerror(errno));
		return -1;
	}
	if (r == 0)
		lr->eof = 1;
	lr->buf_end += (size_t)r;
	return r;
}

static int next_stream(struct lines *lr, const char **line, size_t *len)
{
	size_t scanned = 0;     /* bytes of the current line known to hold no LF */
	int skipping = 0;       /* dropping the rest of an over-long line */

	for (;;) {
		char *p = (char *)lr->buf + lr->buf_start;
		size_t avail = lr->buf_end - lr->buf_start;
		char *nl = memchr(p + scanned, '\n', avail - scanned);

		if (nl || (lr->eof && avail > 0)) {
			size_t n = nl ? (size_t)(nl - p) : avail;

			lr->buf_start += n + (nl ? 1 : 0);
			if (skipping) {
				skipping = 0;
				scanned = 0;
				continue;
			}
			lr->lineno++;
			if (!accept(lr, p, &n, 1)) {
				scanned = 0;
				continue;
			}
			*line = p;
			*len = n;
			return 1;
		}
		if (lr->eof)
			return 0;
		scanned = avail;
		ssize_t r = fill(lr);
		if (r == -1)
			return -1;
		if (r == -2) {
			/* over-long line: count it once, drop what we hold */
			if (!skipping) {
				lr->lineno++;
				if (lr->long_lines++ < 3)
					diag_warn(lr->dg, lr->lineno,
						  "line longer than %zu bytes skipped",
						  lr->max_len);
			}
			skipping = 1;
			lr->buf_start = lr->buf_end;
			scanned = 0;
		}
		/* else the line start moved to buf[0]: scanned still holds */
	}
}

size_t lines_ahead(const struct lines *lr, const char **p)
{
	if (!lr->in->map || lr->io_error || lr->map_pos >= lr->in->size)
		return 0;
	*p = (const char *)lr->in->map + lr->map_pos;
	return (size_t)(lr->in->size - lr->map_pos);
}

void lines_took(struct lines *lr, size_t bytes, size_t lines)
{
	lr->map_pos += bytes;
	lr->lineno += (int64_t)lines;
}

int lines_next(struct lines *lr, const char **line, size_t *len)
{
	if (lr->io_error)
		return -1;
	return lr->in->map ? next_mapped(lr, line, len) : next_stream(lr, line, len);
}
