/*
 * sosreport.c - what a sosreport says about itself, read from the tree or
 * the tarball before any of its files is imported (see sosreport.h).
 *
 * A sosreport (sos, Red Hat's and Debian's support-data collector) is one
 * top directory, as a tree or a tarball (sosreport-HOST[-LABEL]-DATE-XXXXXXX
 * .tar.xz), that holds sos_commands/.  What it says about itself, read
 * before any of its files is imported:
 *
 *   hostname                    -> sos_commands/host/hostname (a symlink in
 *                                  sos 4; a file in some older ones)
 *   sos_commands/date/date_--utc  `date --utc`: the capture time
 *   sos_commands/date/date        `date`, in the host's zone
 *   sos_reports/manifest.json   sos >= 4: "start_time", "2026-11-22
 *                                  18:26:35.176400", local and zone-less
 *   etc/localtime               a symlink to ../usr/share/zoneinfo/ZONE:
 *                                  the host's zone, when --tz names none
 *   proc/stat                   "btime N": the boot time, which makes the
 *                                  dmesg's seconds since boot absolute
 *
 * The capture time is the time of its plain /proc copies: sos copies them
 * with the /proc inode's mtime (the fixture's proc/meminfo: 17:19, captured
 * at 18:26), and an unpacked tree's mtimes are when it was unpacked, so in a
 * sosreport the capture time comes before the file's or member's mtime (a
 * time in the file's own name still comes first).  walk.c applies what is
 * found here to the bundle (sos_apply()); nothing here knows the walker.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sosreport.h"
#include "util.h"
#include "util_json.h"

/* `date` output, "Tue Nov 22 13:49:23 UTC 2026", as UTC microseconds:
 * read in UTC when its zone says UTC (or utc: `date --utc`), else in the
 * bundle's zone when one is known; TS_UNKNOWN otherwise. */
static int64_t date_output_us(const char *s, int utc, const char *tz)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct span t[6];
	int more = 0, mo = 0, h, mi, sec;
	int64_t d, y, us;
	struct tzconv tc;

	if (span_split(s, strlen(s), t, 6, &more) != 6 || more || t[1].n != 3)
		return TS_UNKNOWN;
	for (int i = 0; i < 12; i++)
		if (!memcmp(months + 3 * i, t[1].p, 3))
			mo = i + 1;
	if (!mo || num_parse_i64(t[2].p, t[2].n, &d) < 0 ||
	    num_parse_i64(t[5].p, t[5].n, &y) < 0 || y < 1970 || y > 9999 ||
	    !date_valid((int)y, mo, (int)d) ||
	    parse_hms(t[3].p, t[3].n, &h, &mi, &sec, &us) != t[3].n)
		return TS_UNKNOWN;
	if (utc || span_eq(t[4], "UTC") || span_eq(t[4], "GMT"))
		return utc_us((int)y, mo, (int)d, h, mi, sec, us);
	if (!tz || !*tz)
		return TS_UNKNOWN;
	tzconv_init(&tc, tz);
	return tzconv_local_us(&tc, (int)y, mo, (int)d, h, mi, sec, us);
}

enum sos_hint { SOS_NONE, SOS_HOSTNAME, SOS_DATE_UTC, SOS_DATE, SOS_MANIFEST,
		SOS_LOCALTIME, SOS_PROC_STAT };

#define SOS_LINE_MAX 256
#define SOS_MANIFEST_MAX ((size_t)16 << 20)
#define SOS_PROC_STAT_MAX ((size_t)4 << 20)

struct sos_found {
	char hostname[SOS_LINE_MAX];
	char date_utc[SOS_LINE_MAX];
	char date[SOS_LINE_MAX];
	char zone[64];
	int64_t boot_us;          /* proc/stat btime, TS_UNKNOWN */
	char *manifest;           /* malloc'd, NUL-terminated, or NULL */
	size_t manifest_len;
	char *manifest_path;      /* for messages */
};

/* Which hint a path relative to the top directory is. */
static enum sos_hint sos_hint_of(const char *rel)
{
	if (!strcmp(rel, "hostname") || !strcmp(rel, "sos_commands/host/hostname"))
		return SOS_HOSTNAME;
	if (!strcmp(rel, "sos_commands/date/date_--utc"))
		return SOS_DATE_UTC;
	if (!strcmp(rel, "sos_commands/date/date"))
		return SOS_DATE;
	if (!strcmp(rel, "sos_reports/manifest.json"))
		return SOS_MANIFEST;
	if (!strcmp(rel, "etc/localtime"))
		return SOS_LOCALTIME;
	if (!strcmp(rel, "proc/stat"))
		return SOS_PROC_STAT;
	return SOS_NONE;
}

/* The first line of text, without its end and (for a host name) anything
 * after a blank, into the hint's slot unless it is filled. */
static void sos_keep_line(struct sos_found *f, enum sos_hint k, const char *s,
			  size_t n)
{
	char *dst = k == SOS_HOSTNAME ? f->hostname :
		    k == SOS_DATE_UTC ? f->date_utc : k == SOS_DATE ? f->date : NULL;
	size_t len = 0;

	if (!dst || dst[0])
		return;
	while (len < n && len < SOS_LINE_MAX - 1 && s[len] != '\n' && s[len] != '\r' &&
	       s[len] != '\0' && !(k == SOS_HOSTNAME && (s[len] == ' ' || s[len] == '\t')))
		len++;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* etc/localtime's link target names the zone after "zoneinfo/". */
static void sos_keep_zone(struct sos_found *f, const char *target)
{
	const char *z = target ? strstr(target, "zoneinfo/") : NULL;

	if (z && z[9] && !strstr(z, "..") && strlen(z + 9) < sizeof(f->zone))
		snprintf(f->zone, sizeof(f->zone), "%s", z + 9);
}

/* /proc/stat's "btime SECONDS" line. */
static void sos_keep_btime(struct sos_found *f, const char *s, size_t n)
{
	const char *e = s + n, *p = s;
	int64_t v;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);

		if (len > 6 && !memcmp(p, "btime ", 6) &&
		    num_parse_i64(p + 6, len - 6, &v) == 0 && v > 0 && v < INT64_MAX / 1000000) {
			f->boot_us = v * 1000000;
			return;
		}
		p += len + 1;
	}
}

static void sos_found_init(struct sos_found *f)
{
	memset(f, 0, sizeof(*f));
	f->boot_us = TS_UNKNOWN;
}

static void sos_found_release(struct sos_found *f)
{
	free(f->manifest);
	free(f->manifest_path);
	memset(f, 0, sizeof(*f));
}

/* "2026-11-22 18:26:35.176400" (Python's str(datetime.now())) read in
 * zone tz; TS_UNKNOWN when it is not such a time. */
static int64_t sos_local_time_us(const char *s, const char *tz)
{
	size_t n = strlen(s), used;
	int y, mo, d, h, mi, sec;
	int64_t us;
	struct tzconv tc;

	if (n < 19 || s[10] != ' ' || parse_date(s, 10, 0, &y, &mo, &d) < 0)
		return TS_UNKNOWN;
	used = parse_hms(s + 11, n - 11, &h, &mi, &sec, &us);
	if (!used || used != n - 11)
		return TS_UNKNOWN;
	tzconv_init(&tc, tz);
	return tzconv_local_us(&tc, y, mo, d, h, mi, sec, us);
}

static ssize_t mem_read(struct input *in, void *buf, size_t n)
{
	uint64_t left = in->size - in->stream_pos;

	if (n > left)
		n = (size_t)left;
	memcpy(buf, in->map + in->stream_pos, n);
	in->stream_pos += n;
	return (ssize_t)n;
}

/* The manifest's top-level "start_time" as UTC microseconds (the zone
 * must be known: it is local time), else TS_UNKNOWN with a warning that
 * names the manifest and why. */
static int64_t sos_manifest_time(const struct sos_found *f, const char *tz)
{
	struct input in;
	struct json_reader jr;
	char when[64] = "";
	int64_t ts = TS_UNKNOWN;
	int v, found = 0;

	memset(&in, 0, sizeof(in));
	in.path = f->manifest_path;
	in.map = (const unsigned char *)f->manifest;
	in.size = f->manifest_len;
	in.read = mem_read;
	in.fd = -1;
	json_init(&jr, &in, 32, 4096);
	v = json_next(&jr);
	if (v != JSON_OBJ && v != JSON_ERROR) {
		snprintf(jr.err, sizeof(jr.err), "not a JSON object");
		v = JSON_ERROR;
	}
	while (v != JSON_ERROR) {
		v = json_next(&jr);
		if (v == JSON_OBJ_END || v == JSON_ERROR)
			break;
		if (v != JSON_KEY) {
			v = JSON_ERROR;
			break;
		}
		int is_start = !strcmp(jr.str, "start_time");

		v = json_next(&jr);
		if (is_start && v == JSON_STRING) {
			snprintf(when, sizeof(when), "%s", jr.str);
			found = 1;
			break;
		}
		if (v == JSON_ERROR || json_skip(&jr, v) < 0)
			v = JSON_ERROR;
	}
	if (v == JSON_ERROR)
		fprintf(stderr, "pmortem: %s:%lld: cannot read the sosreport manifest: %s\n",
			f->manifest_path, (long long)jr.line,
			jr.err[0] ? jr.err : "unexpected token");
	else if (!found)
		fprintf(stderr, "pmortem: %s: no 'start_time' in the sosreport manifest\n",
			f->manifest_path);
	else if (!tz || !*tz)
		fprintf(stderr, "pmortem: %s: 'start_time' is local time in an unknown "
			"zone (try --tz)\n", f->manifest_path);
	else if ((ts = sos_local_time_us(when, tz)) == TS_UNKNOWN)
		fprintf(stderr, "pmortem: %s: 'start_time' is not a time: '%s'\n",
			f->manifest_path, when);
	json_release(&jr);
	return ts;
}

/* The first line of a file, without its end, into buf; 0 or -1. */
static int first_line(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	int ok = f && fgets(buf, (int)cap, f);

	if (f)
		fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* A whole small file, malloc'd and NUL-terminated; NULL when absent or
 * larger than max (said). */
static char *slurp(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max + 1, f);
	fclose(f);
	if (n > max) {
		fprintf(stderr, "pmortem: %s: larger than %zu bytes: not read\n", path, max);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A member's data, up to max bytes, malloc'd and NUL-terminated; NULL
 * when it is larger or unreadable. */
static char *member_slurp(struct archive *a, size_t max, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap + 1);
	la_ssize_t r;

	for (;;) {
		if (n == cap) {
			if (cap > max)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		r = archive_read_data(a, buf + n, cap - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (r < 0 || n > max) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The capture time: `date --utc`, else `date` (in tz), else the
 * manifest's start time (in tz). */
static void sos_time(struct sos_info *si, const struct sos_found *f, const char *tz)
{
	int64_t ts = TS_UNKNOWN;

	if (f->date_utc[0] && (ts = date_output_us(f->date_utc, 1, tz)) != TS_UNKNOWN)
		si->capture_from = "sos_commands/date/date_--utc";
	if (ts == TS_UNKNOWN && f->date[0] &&
	    (ts = date_output_us(f->date, 0, tz)) != TS_UNKNOWN)
		si->capture_from = "sos_commands/date/date";
	if (ts == TS_UNKNOWN && f->manifest &&
	    (ts = sos_manifest_time(f, tz)) != TS_UNKNOWN)
		si->capture_from = "sos_reports/manifest.json";
	si->capture_us = ts;
}

/* What was found, into si: times read in tz, else in the zone found. */
static void sos_info_fill(struct sos_info *si, const struct sos_found *f,
			  const char *tz, char *where)
{
	snprintf(si->hostname, sizeof(si->hostname), "%s", f->hostname);
	snprintf(si->zone, sizeof(si->zone), "%s", f->zone);
	si->boot_us = f->boot_us;
	si->where = where;
	sos_time(si, f, tz && *tz ? tz : f->zone);
}

static void sos_info_init(struct sos_info *si)
{
	memset(si, 0, sizeof(*si));
	si->boot_us = si->capture_us = TS_UNKNOWN;
}

void sos_info_release(struct sos_info *si)
{
	free(si->where);
	sos_info_init(si);
}

void sos_read_tree(const char *dir, const char *tz, struct sos_info *si)
{
	static const char *const files[] = { "hostname", "sos_commands/host/hostname",
		"sos_commands/date/date_--utc", "sos_commands/date/date" };
	struct sos_found f;
	char line[SOS_LINE_MAX], link[256];
	char *p, *data;
	size_t len;
	ssize_t n;

	sos_found_init(&f);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		p = xasprintf("%s/%s", dir, files[i]);
		if (first_line(p, line, sizeof(line)) == 0)
			sos_keep_line(&f, sos_hint_of(files[i]), line, strlen(line));
		free(p);
	}
	p = xasprintf("%s/etc/localtime", dir);
	n = readlink(p, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		sos_keep_zone(&f, link);
	}
	free(p);
	p = xasprintf("%s/proc/stat", dir);
	if ((data = slurp(p, SOS_PROC_STAT_MAX, &len)) != NULL) {
		sos_keep_btime(&f, data, len);
		free(data);
	}
	free(p);
	if (!f.date_utc[0] && !f.date[0]) {
		f.manifest_path = xasprintf("%s/sos_reports/manifest.json", dir);
		f.manifest = slurp(f.manifest_path, SOS_MANIFEST_MAX, &f.manifest_len);
	}
	sos_info_init(si);
	sos_info_fill(si, &f, tz, xstrdup(dir));
	sos_found_release(&f);
}

/* Is a tarball a sosreport (one top directory, sos_commands/ in it)?  A pass over the member headers (data skipped,
 * which for a compressed archive still means decompressing it) reads only
 * the few small hint members, and stops once the host name and `date
 * --utc` are known.  Members may come in any order: sos 4 writes proc/
 * before sos_commands/. */
int sos_read_archive(const char *path, const char *tz, struct sos_info *si)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct sos_found f;
	char *top = NULL;
	size_t ntop = 0;
	int is_sos = 0, r;

	sos_found_init(&f);
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
		archive_read_free(a);           /* the import pass says why */
		sos_info_init(si);
		return 0;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN || r == ARCHIVE_RETRY) {
		if (r == ARCHIVE_RETRY)
			continue;               /* a garbage header: the import says so */
		const char *name = archive_entry_pathname(e), *slash;
		enum sos_hint k;
		char *data;
		size_t len;

		if (!name)
			break;
		if (!top) {
			slash = strchr(name, '/');
			if (!slash || slash == name)
				break;          /* not under one top directory */
			ntop = (size_t)(slash + 1 - name);
			top = xstrndup(name, ntop);
		}
		if (strncmp(name, top, ntop)) {
			is_sos = 0;
			break;
		}
		if (!strncmp(name + ntop, "sos_commands/", 13))
			is_sos = 1;
		k = sos_hint_of(name + ntop);
		if (k == SOS_LOCALTIME && archive_entry_filetype(e) == AE_IFLNK) {
			sos_keep_zone(&f, archive_entry_symlink(e));
		} else if (k == SOS_MANIFEST && archive_entry_filetype(e) == AE_IFREG &&
			   !f.manifest) {
			f.manifest_path = xasprintf("%s!%s", path, name);
			f.manifest = member_slurp(a, SOS_MANIFEST_MAX, &f.manifest_len);
			if (!f.manifest)
				fprintf(stderr, "pmortem: %s: unreadable or larger than %zu "
					"bytes: not read\n", f.manifest_path, SOS_MANIFEST_MAX);
		} else if (k == SOS_PROC_STAT && archive_entry_filetype(e) == AE_IFREG &&
			   f.boot_us == TS_UNKNOWN) {
			if ((data = member_slurp(a, SOS_PROC_STAT_MAX, &len)) != NULL)
				sos_keep_btime(&f, data, len);
			free(data);
		} else if (k != SOS_NONE && k != SOS_LOCALTIME && k != SOS_MANIFEST &&
			   archive_entry_filetype(e) == AE_IFREG &&
			   (data = member_slurp(a, SOS_LINE_MAX, &len)) != NULL) {
			sos_keep_line(&f, k, data, len);
			free(data);
		}
		if (is_sos && f.hostname[0] && f.date_utc[0])
			break;                  /* all it needs */
	}
	archive_read_free(a);
	sos_info_init(si);
	if (is_sos)
		sos_info_fill(si, &f, tz, xasprintf("%s!%.*s", path, (int)(ntop - 1), top));
	free(top);
	sos_found_release(&f);
	return is_sos;
}
