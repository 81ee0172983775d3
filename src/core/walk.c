/*
 * walk.c - turn command-line paths into sources and import each one.
 *
 * Regular files are read whole (large ones mmap'd: importers get random
 * access for free) and
 * hashed before parsing, so a re-import costs one hash (not with
 * walk_opts.no_hash: smem's throwaway in-memory database holds nothing a
 * file could repeat, and the hash was a tenth of its time).  Archive members
 * are streamed through libarchive: the first INPUT_HEAD_MAX bytes are read
 * ahead for sniffing and then served again through input->read, and the
 * sha256 is computed as the importer reads (a duplicate is noticed at the
 * end and its transaction rolled back).  A member whose importer needs
 * random access (cores) is spooled to an unlinked temporary file first.
 *
 * With walk_opts.target there is no store: each source's records go to
 * the target's sink between its begin() and end() (smem's direct path),
 * only the target's importers are run, and archive members' hashes are
 * remembered here to drop a repeated member as the store would.
 *
 * Sources that answer IMPORT_DEFER (a header-less sar fragment waiting for
 * a date from another file of the bundle) are retried once at the end,
 * with input->retry set.  Nothing here knows any format: sniff.c asks the
 * importers.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "sha256.h"
#include "sniff.h"
#include "sosreport.h"
#include "util.h"
#include "walk.h"

#define DEFER_MAX 4096

struct deferred {
	char *path;               /* the file, or the archive */
	long member;              /* member index in the archive, -1 for a file */
};

struct walker {
	struct store *st;
	const struct walk_opts *wo;
	struct walk_stats *ws;
	struct bundle_hints hints;
	struct deferred *def;
	size_t ndef, capdef;
	int retrying;
	int fatal;
	struct progress prog;
	uint64_t done_bytes;      /* of finished files, for the progress bar */
	long unhashed;            /* sources given 'unhashed N' (no_hash) */
	unsigned char *rbuf;      /* files up to READ_MAX are read into this, */
	size_t rcap;              /* reused: cheaper than mmap + munmap each */
	char *sos_root;           /* the sosreport tree whose capture time is
	                             known: its plain files' time */
	char *sos_archive;        /* the same for a sosreport tarball */
	char (*shas)[65];         /* with a target: the archive members' hashes */
	size_t nshas, capshas;    /* seen (open addressing, capshas a power of 2) */
};

/* Files this size or smaller are read, larger ones (cores) mapped: each
 * munmap flushes the TLB, which cost a capture of small /proc files a
 * quarter of its time. */
#define READ_MAX ((off_t)64 << 20)

/* ---- inputs ------------------------------------------------------------ */

struct member_stream {
	struct archive *a;
	unsigned char head[INPUT_HEAD_MAX];
	size_t head_len, head_pos;
	struct sha256 sha;
	uint64_t bytes;
	int eof;
};

static ssize_t fd_read(struct input *in, void *buf, size_t n)
{
	ssize_t r;

	/* read mappings of big files with pread: copying from the mapping
	 * would fault in, and keep resident, every page read */
	if (in->map && !(in->fd >= 0 && in->size > (uint64_t)READ_MAX)) {
		uint64_t left = in->size - in->stream_pos;

		if (n > left)
			n = (size_t)left;
		memcpy(buf, in->map + in->stream_pos, n);
		in->stream_pos += n;
		return (ssize_t)n;
	}
	do
		r = pread(in->fd, buf, n, (off_t)in->stream_pos);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		in->stream_pos += (uint64_t)r;
	return r;
}

static ssize_t member_read(struct input *in, void *buf, size_t n)
{
	struct member_stream *ms = in->stream;
	la_ssize_t r;

	if (ms->head_pos < ms->head_len) {
		size_t k = ms->head_len - ms->head_pos;

		if (k > n)
			k = n;
		memcpy(buf, ms->head + ms->head_pos, k);
		ms->head_pos += k;
		in->stream_pos += k;
		return (ssize_t)k;
	}
	if (ms->eof)
		return 0;
	r = archive_read_data(ms->a, buf, n);
	if (r < 0) {
		errno = EIO;
		return -1;
	}
	if (r == 0)
		ms->eof = 1;
	sha256_update(&ms->sha, buf, (size_t)r);
	ms->bytes += (uint64_t)r;
	in->stream_pos += (uint64_t)r;
	return (ssize_t)r;
}

static void input_init(struct walker *w, struct input *in, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *bang = strrchr(path, '!');
	const char *base = slash ? slash + 1 : path;

	memset(in, 0, sizeof(*in));
	if (bang && bang + 1 > base)
		base = bang + 1;
	in->path = path;
	in->name = base;
	in->fd = -1;
	in->size = UINT64_MAX;
	in->mtime_us = TS_UNKNOWN;
	in->opts = &w->wo->iopts;
	in->hints = &w->hints;
	in->retry = w->retrying;
}

/* ---- one source ---------------------------------------------------------- */

static void say(const char *path, const char *fmt, const char *a, long long n)
{
	fprintf(stderr, "pmortem: %s: ", path);
	fprintf(stderr, fmt, a, n);
	fputc('\n', stderr);
}

static const struct importer *choose(struct walker *w, const struct input *in,
				     char *why, size_t cap)
{
	const struct importer *imp;

	if (w->wo->format) {
		imp = importer_find(w->wo->format);
		if (!imp)
			snprintf(why, cap, "unknown format '%s' (see pmortem formats)",
				 w->wo->format);
		return imp;
	}
	return sniff_pick(in, why, cap);
}

static void defer(struct walker *w, const char *path, long member)
{
	if (w->ndef >= DEFER_MAX)
		return;
	w->def = xgrow(w->def, &w->capdef, w->ndef + 1, sizeof(*w->def));
	w->def[w->ndef].path = xstrdup(path);
	w->def[w->ndef++].member = member;
}

static int64_t seen_sha(struct walker *w, const char *hex);

/* Parse `in` with `imp` into a new source.  sha is the hex hash when known
 * up front, else NULL and ms holds the running hash of a stream.  Returns
 * 1 when the source was deferred. */
static int run_importer(struct walker *w, struct input *in,
			const struct importer *imp, const char *sha,
			struct member_stream *ms, const char *defer_path,
			long defer_member)
{
	const struct walk_target *tg = w->wo->target;
	struct diag dg;
	int64_t rows;
	int rc;

	if (tg) {
		tg->begin(tg->ctx, in->path);
	} else if (store_source_begin(w->st, in->path, sha, in->size, imp) < 0) {
		w->fatal = 1;
		return 0;
	}
	diag_init(&dg, in->path, 1);
	rc = imp->parse(in, tg ? tg->sink : store_sink(w->st), &dg);
	if (rc == IMPORT_DEFER && !in->retry) {
		if (tg)
			tg->end(tg->ctx, 0);
		else
			store_source_abort(w->st);
		diag_release(&dg);
		defer(w, defer_path, defer_member);
		return 1;
	}
	if (rc == IMPORT_DEFER) {
		if (!dg.nerror)
			diag_error(&dg, 0, "no date for its times (try --date YYYY-MM-DD)");
		rc = IMPORT_FAIL;
	}
	if (ms) {
		/* hash what the importer left unread, then check for a twin */
		unsigned char buf[65536];
		char hex[65];
		ssize_t r;
		int64_t dup;

		while ((r = member_read(in, buf, sizeof(buf))) > 0)
			;
		sha256_hex(&ms->sha, hex);
		dup = tg ? seen_sha(w, hex) : store_source_set_sha(w->st, hex);
		if (dup) {
			if (tg)
				tg->end(tg->ctx, 0);
			else
				store_source_abort(w->st);
			diag_release(&dg);
			if (dup > 0) {
				say(in->path, "already imported (sha256 %.16s..., source %lld)",
				    hex, (long long)dup);
				w->ws->already++;
			} else {
				w->fatal = 1;
			}
			return 0;
		}
	}
	if (tg)
		rows = tg->end(tg->ctx, rc == IMPORT_OK);
	else
		rows = store_source_end(w->st, rc, &dg,
					in->time_origin[0] ? in->time_origin : NULL);
	if (rows < 0) {
		w->ws->rejected++;
		say(in->path, "rejected (%s)", imp->name, 0);
	} else {
		w->ws->rows += rows;
		if (dg.nwarn || dg.nerror) {
			w->ws->partial++;
			fprintf(stderr, "pmortem: %s: %s, %lld rows, %zu warnings\n",
				in->path, imp->name, (long long)rows, dg.nwarn + dg.nerror);
		} else {
			w->ws->imported++;
			if (!w->wo->quiet)
				fprintf(stderr, "pmortem: %s: %s, %lld rows\n", in->path,
					imp->name, (long long)rows);
		}
		if (w->hints.hostname[0])
			store_set_default_host(w->hints.hostname);
	}
	diag_release(&dg);
	return 0;
}

/* A hash table slot for a hex digest: its first 16 digits. */
static size_t sha_slot(const char *hex, size_t mask)
{
	uint64_t v = 0;

	for (int i = 0; i < 16 && hex[i]; i++)
		v = v << 4 | (uint64_t)(hex[i] <= '9' ? hex[i] - '0' : (hex[i] | 0x20) - 'a' + 10);
	return (size_t)v & mask;
}

/* With a target (no database to ask): 1 when a member with this hash was
 * imported before, else remember it and 0. */
static int64_t seen_sha(struct walker *w, const char *hex)
{
	size_t i;

	if (2 * (w->nshas + 1) > w->capshas) {
		size_t cap = w->capshas ? 2 * w->capshas : 256;
		char (*t)[65] = xcalloc(cap, sizeof(*t));

		for (size_t k = 0; k < w->capshas; k++)
			if (w->shas[k][0]) {
				for (i = sha_slot(w->shas[k], cap - 1); t[i][0]; i = (i + 1) & (cap - 1))
					;
				memcpy(t[i], w->shas[k], 65);
			}
		free(w->shas);
		w->shas = t;
		w->capshas = cap;
	}
	for (i = sha_slot(hex, w->capshas - 1); w->shas[i][0]; i = (i + 1) & (w->capshas - 1))
		if (!strcmp(w->shas[i], hex))
			return 1;
	snprintf(w->shas[i], sizeof(w->shas[i]), "%s", hex);
	w->nshas++;
	return 0;
}

/* With a target, only its importers' sources are parsed. */
static int wanted(const struct walker *w, const struct importer *imp)
{
	const struct walk_target *tg = w->wo->target;

	if (!tg || !tg->only)
		return 1;
	for (const struct importer *const *p = tg->only; *p; p++)
		if (*p == imp)
			return 1;
	return 0;
}

static void skip(struct walker *w, const char *path, const char *why)
{
	w->ws->skipped++;
	if (!w->wo->target)
		store_skipped(w->st, path, why);
	if (w->wo->verbose)
		fprintf(stderr, "pmortem: %s: skipped: %s\n", path, why);
}

/* Hash n bytes of fd from offset 0 through a bounded buffer.  A mapped
 * file hashed through its mapping would keep every page it touched in the
 * resident set (a 30 GB core: 30 GB of RSS); pread into one 4 MiB buffer
 * keeps it bounded, and on virtual machines where a page fault costs
 * microseconds it is also much faster.  POSIX_FADV_SEQUENTIAL asks the
 * kernel to read ahead.  0, or -1 (errno set). */
#define HASH_BUF ((size_t)4 << 20)

static int hash_fd(struct sha256 *c, int fd, uint64_t n)
{
	unsigned char *buf = xmalloc(HASH_BUF);
	uint64_t off = 0;

	(void)posix_fadvise(fd, 0, (off_t)n, POSIX_FADV_SEQUENTIAL);
	while (off < n) {
		size_t want = n - off < HASH_BUF ? (size_t)(n - off) : HASH_BUF;
		ssize_t r = pread(fd, buf, want, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;    /* the file shrank under us */
			free(buf);
			return -1;
		}
		sha256_update(c, buf, (size_t)r);
		off += (uint64_t)r;
	}
	free(buf);
	return 0;
}

/* A mapped (or empty) input with a known size: hash, sniff, import. */
static void import_mapped(struct walker *w, struct input *in,
			  const struct importer *imp, long defer_member,
			  const char *defer_path)
{
	struct sha256 c;
	char hex[65];
	int64_t dup;

	if (w->wo->no_hash || w->wo->target) {
		/* a fresh in-memory database holds nothing to compare with;
		 * source.sha256 is unique, so each gets its own name */
		snprintf(hex, sizeof(hex), STORE_UNHASHED "%ld", ++w->unhashed);
		run_importer(w, in, imp, hex, NULL, defer_path, defer_member);
		return;
	}
	sha256_init(&c);
	if (imp->per_place)
		sha256_update(&c, in->path, strlen(in->path) + 1);
	if (in->fd >= 0 && (!in->map || in->map != w->rbuf)) {
		/* a big file or a spooled member: read, not touched through
		 * its mapping */
		if (hash_fd(&c, in->fd, in->size) < 0) {
			fprintf(stderr, "pmortem: %s: %s\n", in->path, strerror(errno));
			w->ws->rejected++;
			return;
		}
	} else {
		sha256_update(&c, in->map, (size_t)in->size);
	}
	sha256_hex(&c, hex);
	dup = store_find_source(w->st, hex);
	if (dup < 0) {
		w->fatal = 1;
		return;
	}
	if (dup > 0) {
		say(in->path, "already imported (sha256 %.16s..., source %lld)", hex,
		    (long long)dup);
		w->ws->already++;
		return;
	}
	run_importer(w, in, imp, hex, NULL, defer_path, defer_member);
}

static int is_archive_magic(const unsigned char *p, size_t n)
{
	static const unsigned char gz[] = { 0x1f, 0x8b },
		xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 },
		zst[] = { 0x28, 0xb5, 0x2f, 0xfd }, bz[] = { 'B', 'Z', 'h' };
	unsigned sum = 0, want = 0;

	if ((n >= 2 && !memcmp(p, gz, 2)) || (n >= 6 && !memcmp(p, xz, 6)) ||
	    (n >= 4 && !memcmp(p, zst, 4)) || (n >= 3 && !memcmp(p, bz, 3)))
		return 1;
	if (n >= 262 && !memcmp(p + 257, "ustar", 5))
		return 1;
	/* old-style (v7) tar, as smemcap writes: a valid header checksum */
	if (n < 512 || p[0] == 0 || p[148] == 0)
		return 0;
	for (int i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : p[i];
	for (int i = 148; i < 156 && p[i] >= '0' && p[i] <= '7'; i++)
		want = want * 8 + (unsigned)(p[i] - '0');
	if (p[148] < '0' || p[148] > '7')
		for (int i = 149; i < 156 && p[i] >= '0' && p[i] <= '7'; i++)
			want = want * 8 + (unsigned)(p[i] - '0');
	return sum == want;
}

static void import_archive(struct walker *w, const char *path, long only);
static void sosreport_archive_hints(struct walker *w, const char *path);

/* Make w->rbuf hold at least `need` bytes (its old bytes are not kept).
 * Past 256 KiB it is whole 2 MiB huge pages where the kernel has them
 * (madvise): a page fault costs microseconds on a virtual machine, and a
 * 700 KiB smaps file read into small pages takes 180 of them. */
#define HUGE_PAGE ((size_t)2 << 20)

static void rbuf_grow(struct walker *w, size_t need)
{
	if (need <= w->rcap)
		return;
	if (need <= (256u << 10)) {
		w->rbuf = xgrow(w->rbuf, &w->rcap, need, 1);
		return;
	}
	free(w->rbuf);
	w->rcap = (need + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
	w->rbuf = xmalloc_aligned(HUGE_PAGE, w->rcap);
#ifdef MADV_HUGEPAGE
	(void)madvise(w->rbuf, w->rcap, MADV_HUGEPAGE);
#endif
}

/* Read the whole of fd (sb->st_size bytes, at most READ_MAX) into w->rbuf;
 * st_size becomes what was there (a file that shrank meanwhile). */
static int read_whole(struct walker *w, int fd, struct stat *sb)
{
	size_t want = (size_t)sb->st_size, got = 0;
	ssize_t r;

	rbuf_grow(w, want + 1);
	while (got < want) {
		r = read(fd, w->rbuf + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	sb->st_size = (off_t)got;
	return 0;
}

static void import_file(struct walker *w, const char *path)
{
	struct input in;
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	const struct importer *imp;
	char why[256];
	void *map = NULL;

	if (fd < 0 || fstat(fd, &sb) < 0) {
		fprintf(stderr, "pmortem: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		w->ws->rejected++;
		return;
	}
	w->ws->sources++;
	if (sb.st_size == 0) {
		skip(w, path, "empty file");
		close(fd);
		return;
	}
	if (sb.st_size <= READ_MAX) {
		if (read_whole(w, fd, &sb) < 0) {
			fprintf(stderr, "pmortem: %s: %s\n", path, strerror(errno));
			close(fd);
			w->ws->rejected++;
			return;
		}
		if (sb.st_size == 0) {
			skip(w, path, "empty file");
			close(fd);
			return;
		}
	} else {
		map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			fprintf(stderr, "pmortem: %s: mmap: %s\n", path, strerror(errno));
			close(fd);
			w->ws->rejected++;
			return;
		}
	}
	input_init(w, &in, path);
	in.map = map ? map : w->rbuf;
	in.size = (uint64_t)sb.st_size;
	in.head = in.map;
	in.head_len = in.size < INPUT_HEAD_MAX ? (size_t)in.size : INPUT_HEAD_MAX;
	in.read = fd_read;
	in.fd = fd;
	in.mtime_us = (int64_t)sb.st_mtim.tv_sec * 1000000 + sb.st_mtim.tv_nsec / 1000;
	if (w->sos_root && !strncmp(path, w->sos_root, strlen(w->sos_root)) &&
	    path[strlen(w->sos_root)] == '/')
		in.mtime_us = TS_UNKNOWN;       /* the bundle's capture time instead */
	if (!w->wo->format && is_archive_magic(in.head, in.head_len)) {
		if (map)
			munmap(map, (size_t)sb.st_size);
		close(fd);
		w->ws->sources--;
		import_archive(w, path, -1);
		return;
	}
	imp = choose(w, &in, why, sizeof(why));
	if (!imp) {
		skip(w, path, why);
	} else if (!wanted(w, imp)) {
		skip(w, path, "not needed here");
	} else {
		/* a big file whose importer reads it in order is a stream
		 * (pread): through the mapping, every page it read would stay
		 * resident, and memory would grow with the file */
		if (map && !imp->needs_map)
			in.map = NULL;
		import_mapped(w, &in, imp, -1, path);
	}
	if (map)
		munmap(map, (size_t)sb.st_size);
	close(fd);
}

/* Copy the rest of a member into an unlinked temporary file and map it. */
static int spool(struct input *in, struct member_stream *ms, void **map,
		 uint64_t *size)
{
	const char *tmp = getenv("TMPDIR");
	char *name = xasprintf("%s/pmortem-spool-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(name);
	unsigned char buf[1 << 16];
	uint64_t total = 0;
	ssize_t r;

	if (fd < 0) {
		fprintf(stderr, "pmortem: %s: cannot spool: %s\n", in->path,
			strerror(errno));
		free(name);
		return -1;
	}
	unlink(name);
	free(name);
	while ((r = member_read(in, buf, sizeof(buf))) > 0) {
		if (write(fd, buf, (size_t)r) != r) {
			fprintf(stderr, "pmortem: %s: cannot spool: %s\n", in->path,
				strerror(errno));
			close(fd);
			return -1;
		}
		total += (uint64_t)r;
	}
	*size = total;
	*map = total ? mmap(NULL, (size_t)total, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	if (*map == MAP_FAILED) {
		close(fd);
		return -1;
	}
	(void)ms;
	return fd;
}

static void import_member(struct walker *w, struct archive *a,
			  struct archive_entry *e, const char *archive_path,
			  long index)
{
	const char *mname = archive_entry_pathname(e);
	char *path;
	struct member_stream ms;
	struct input in;
	const struct importer *imp;
	char why[256];
	la_ssize_t r;

	memset(&ms, 0, sizeof(ms));
	ms.a = a;
	sha256_init(&ms.sha);
	if (!mname || !*mname || !strcmp(mname, "data")) {
		/* a single compressed file: name it after the archive */
		const char *b = strrchr(archive_path, '/');
		char *n = xstrdup(b ? b + 1 : archive_path);
		char *dot = strrchr(n, '.');

		if (dot && (!strcmp(dot, ".gz") || !strcmp(dot, ".xz") ||
			    !strcmp(dot, ".zst") || !strcmp(dot, ".bz2")))
			*dot = '\0';
		path = xasprintf("%s!%s", archive_path, n);
		free(n);
	} else {
		path = xasprintf("%s!%s", archive_path, mname);
	}
	w->ws->sources++;
	while (ms.head_len < INPUT_HEAD_MAX) {
		r = archive_read_data(a, ms.head + ms.head_len,
				      INPUT_HEAD_MAX - ms.head_len);
		if (r < 0) {
			fprintf(stderr, "pmortem: %s: %s\n", path, archive_error_string(a));
			w->ws->rejected++;
			free(path);
			return;
		}
		if (r == 0) {
			ms.eof = 1;
			break;
		}
		ms.head_len += (size_t)r;
	}
	sha256_update(&ms.sha, ms.head, ms.head_len);
	ms.bytes = ms.head_len;
	if (ms.head_len == 0) {
		skip(w, path, "empty file");
		free(path);
		return;
	}
	input_init(w, &in, path);
	in.head = ms.head;
	in.head_len = ms.head_len;
	in.read = member_read;
	in.stream = &ms;
	if (archive_entry_size_is_set(e))
		in.size = (uint64_t)archive_entry_size(e);
	if (archive_entry_mtime_is_set(e))
		in.mtime_us = (int64_t)archive_entry_mtime(e) * 1000000 +
			      archive_entry_mtime_nsec(e) / 1000;
	if (w->sos_archive && !strcmp(archive_path, w->sos_archive))
		in.mtime_us = TS_UNKNOWN;       /* the sosreport's capture time */
	if (is_archive_magic(in.head, in.head_len) && !w->wo->format) {
		skip(w, path, "archive inside an archive: pass it on its own");
		free(path);
		return;
	}
	imp = choose(w, &in, why, sizeof(why));
	if (imp && imp->per_place) {
		/* its identity is its place too: hash the path first */
		sha256_init(&ms.sha);
		sha256_update(&ms.sha, path, strlen(path) + 1);
		sha256_update(&ms.sha, ms.head, ms.head_len);
	}
	if (!imp) {
		skip(w, path, why);
	} else if (!wanted(w, imp)) {
		skip(w, path, "not needed here");
	} else if (imp->needs_map) {
		void *map = NULL;
		uint64_t size = 0;
		int fd = spool(&in, &ms, &map, &size);

		if (fd >= 0) {
			in.map = map;
			in.size = size;
			in.fd = fd;
			in.stream_pos = 0;
			in.read = fd_read;
			in.head = map;
			in.head_len = size < INPUT_HEAD_MAX ? (size_t)size : INPUT_HEAD_MAX;
			import_mapped(w, &in, imp, index, archive_path);
			if (map)
				munmap(map, (size_t)size);
			close(fd);
		} else {
			w->ws->rejected++;
		}
	} else {
		run_importer(w, &in, imp, NULL, &ms, archive_path, index);
	}
	free(path);
}

/* Import every member of an archive, or only member number `only`. */
static void import_archive(struct walker *w, const char *path, long only)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	long index = -1;
	int r, damaged = 0;

	if (only < 0)
		sosreport_archive_hints(w, path);
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
		fprintf(stderr, "pmortem: %s: %s\n", path, archive_error_string(a));
		w->ws->rejected++;
		archive_read_free(a);
		return;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN || r == ARCHIVE_RETRY) {
		if (r == ARCHIVE_RETRY) {
			/* a garbage header (a bad checksum): libarchive
			 * looks for the next good one, the members after it
			 * still import; said once per archive pass */
			if (only < 0 && damaged++ < 3)
				fprintf(stderr, "pmortem: %s: offset 0x%llx: warning: %s: "
					"skipped to the next member\n", path,
					(unsigned long long)archive_filter_bytes(a, 0),
					archive_error_string(a));
			continue;
		}
		index++;
		if (only >= 0 && index != only)
			continue;
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		import_member(w, a, e, path, index);
		if (w->fatal || only >= 0)
			break;
		progress_update(&w->prog, w->done_bytes +
				(uint64_t)archive_filter_bytes(a, -1), path);
	}
	if (r == ARCHIVE_FATAL || (r < ARCHIVE_WARN && r != ARCHIVE_EOF)) {
		/* a damaged or truncated archive: what came before stays */
		fprintf(stderr, "pmortem: %s: %s\n", path, archive_error_string(a));
		w->ws->rejected++;
	} else if (damaged) {
		w->ws->partial++;       /* the exit status says so */
	}
	archive_read_free(a);
}

/* ---- directories and bundles ---------------------------------------------- */

static int is_database(const struct walker *w, const char *path)
{
	size_t n = w->wo->db_path ? strlen(w->wo->db_path) : 0;

	return n && !strncmp(path, w->wo->db_path, n) &&
	       (!path[n] || !strcmp(path + n, "-wal") || !strcmp(path + n, "-shm") ||
		!strcmp(path + n, "-journal"));
}

/* ---- sosreports (sosreport.c reads them) -------------------------------- */

/* Make what a sosreport says the walker's hints: its host for every source
 * from now on (nothing carries over from a sosreport before it), its zone
 * when none was given, its boot time, its capture time.  Returns 1 when
 * the capture time is known. */
static int sos_apply(struct walker *w, const struct sos_info *si)
{
	char when[40];

	if (si->zone[0] && !w->hints.tz[0])
		snprintf(w->hints.tz, sizeof(w->hints.tz), "%s", si->zone);
	if (si->boot_us != TS_UNKNOWN && w->hints.boot_time_us == TS_UNKNOWN)
		w->hints.boot_time_us = si->boot_us;
	snprintf(w->hints.hostname, sizeof(w->hints.hostname), "%s", si->hostname);
	store_set_default_host(si->hostname);
	w->hints.capture_us = si->capture_us;
	if (!w->wo->quiet) {
		if (si->capture_us != TS_UNKNOWN)
			fmt_ts(si->capture_us, when, sizeof(when));
		fprintf(stderr, "pmortem: %s: sosreport of host '%s', captured %s%s%s%s\n",
			si->where, si->hostname[0] ? si->hostname : "?",
			si->capture_us != TS_UNKNOWN ? when : "at an unknown time",
			si->capture_us != TS_UNKNOWN ? " UTC (" : "",
			si->capture_from ? si->capture_from : "",
			si->capture_us != TS_UNKNOWN ? ")" : "");
	}
	return si->capture_us != TS_UNKNOWN;
}

/* A sosreport tree (dir holds sos_commands/): its hints.  Plain files of
 * the tree then take its capture time instead of their mtime. */
static void sosreport_hints(struct walker *w, const char *dir)
{
	struct sos_info si;

	sos_read_tree(dir, w->hints.tz, &si);
	if (sos_apply(w, &si)) {
		free(w->sos_root);
		w->sos_root = xstrdup(dir);
	}
	sos_info_release(&si);
}

/* Before a tarball is imported: a sosreport's hints, and its members then
 * take its capture time instead of their mtime. */
static void sosreport_archive_hints(struct walker *w, const char *path)
{
	struct sos_info si;

	if (sos_read_archive(path, w->hints.tz, &si)) {
		free(w->sos_archive);
		w->sos_archive = sos_apply(w, &si) ? xstrdup(path) : NULL;
	}
	sos_info_release(&si);
}

static void walk_path(struct walker *w, const char *path, int depth);

static void walk_dir(struct walker *w, const char *dir, int depth)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort);
	char *sos = xasprintf("%s/sos_commands", dir);
	struct stat sb;

	if (n < 0) {
		fprintf(stderr, "pmortem: %s: %s\n", dir, strerror(errno));
		w->ws->rejected++;
		free(sos);
		return;
	}
	if (stat(sos, &sb) == 0 && S_ISDIR(sb.st_mode))
		sosreport_hints(w, dir);
	free(sos);
	for (int i = 0; i < n; i++) {
		const char *nm = ents[i]->d_name;

		if (!w->fatal && strcmp(nm, ".") && strcmp(nm, "..")) {
			char *p = xasprintf("%s/%s", dir, nm);

			walk_path(w, p, depth + 1);
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
}

static void walk_path(struct walker *w, const char *path, int depth)
{
	struct stat sb;

	if (is_database(w, path))
		return;
	if (lstat(path, &sb) < 0) {
		fprintf(stderr, "pmortem: %s: %s\n", path, strerror(errno));
		w->ws->rejected++;
		return;
	}
	if (S_ISLNK(sb.st_mode)) {
		/* follow links to files, not to directories (no loops) */
		if (stat(path, &sb) < 0 || S_ISDIR(sb.st_mode)) {
			if (depth == 0 && S_ISDIR(sb.st_mode)) {
				walk_dir(w, path, depth);
				return;
			}
			skip(w, path, "symbolic link not followed");
			return;
		}
	}
	if (S_ISDIR(sb.st_mode)) {
		if (depth > 64) {
			skip(w, path, "directory nested too deep");
			return;
		}
		walk_dir(w, path, depth);
	} else if (S_ISREG(sb.st_mode)) {
		progress_update(&w->prog, w->done_bytes, path);
		import_file(w, path);
		w->done_bytes += (uint64_t)sb.st_size;
		progress_update(&w->prog, w->done_bytes, path);
	} else {
		skip(w, path, "not a regular file");
	}
}

static uint64_t total_size(const char *path, int depth)
{
	struct stat sb;
	uint64_t sum = 0;

	if (depth > 64 || stat(path, &sb) < 0)
		return 0;
	if (S_ISREG(sb.st_mode))
		return (uint64_t)sb.st_size;
	if (!S_ISDIR(sb.st_mode))
		return 0;
	DIR *d = opendir(path);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = xasprintf("%s/%s", path, de->d_name);
		sum += total_size(p, depth + 1);
		free(p);
	}
	if (d)
		closedir(d);
	return sum;
}

int walk_import(struct store *st, char **paths, int npaths,
		const struct walk_opts *wo, struct walk_stats *ws)
{
	struct walker w;
	uint64_t total = 0;

	memset(&w, 0, sizeof(w));
	memset(ws, 0, sizeof(*ws));
	w.st = st;
	w.wo = wo;
	w.ws = ws;
	w.hints.sar_date_us = TS_UNKNOWN;
	w.hints.capture_us = TS_UNKNOWN;
	w.hints.boot_time_us = TS_UNKNOWN;
	if (wo->iopts.tz)
		snprintf(w.hints.tz, sizeof(w.hints.tz), "%s", wo->iopts.tz);
	if (wo->progress)
		for (int i = 0; i < npaths; i++)
			total += total_size(paths[i], 0);
	progress_init(&w.prog, wo->progress, total);
	int64_t first_source = wo->target ? 0 : store_next_source_id(st);
	for (int i = 0; i < npaths && !w.fatal; i++)
		walk_path(&w, paths[i], 0);
	/* second chance for sources that waited for a hint */
	w.retrying = 1;
	for (size_t i = 0; i < w.ndef && !w.fatal; i++) {
		if (w.def[i].member < 0)
			import_file(&w, w.def[i].path);
		else
			import_archive(&w, w.def[i].path, w.def[i].member);
		/* a deferred source was counted once already */
		ws->sources--;
	}
	for (size_t i = 0; i < w.ndef; i++)
		free(w.def[i].path);
	free(w.def);
	free(w.rbuf);
	free(w.shas);
	free(w.sos_root);
	free(w.sos_archive);
	progress_done(&w.prog);
	if (!w.fatal && !wo->target && store_adopt_orphans(st, first_source) > 0)
		fprintf(stderr, "pmortem: sources that named no host were given the "
			"bundle's host\n");
	if (w.fatal)
		return 2;
	return ws->partial || ws->rejected ? 1 : 0;
}
