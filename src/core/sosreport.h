/*
 * sosreport.h - what a sosreport says about itself (sosreport.c): the
 * host, its zone, the boot time and the capture time, from a tree or a
 * tarball, read before any of its files is imported.
 */
#ifndef PMORTEM_SOSREPORT_H
#define PMORTEM_SOSREPORT_H

#include <stdint.h>

struct sos_info {
	char hostname[256];          /* "" when it names none */
	char zone[64];               /* etc/localtime's zone, "" unknown */
	int64_t boot_us;             /* proc/stat's btime, TS_UNKNOWN */
	int64_t capture_us;          /* TS_UNKNOWN when no file gives it */
	const char *capture_from;    /* the file that gave it (static), NULL */
	char *where;                 /* "DIR" or "TARBALL!TOP", for messages */
};

/* A tree (dir holds sos_commands/): local times read in tz, else in the
 * zone the report names.  A malformed manifest is warned about on stderr.
 * Release si with sos_info_release(). */
void sos_read_tree(const char *dir, const char *tz, struct sos_info *si);
/* A tarball: 1 when it is a sosreport (its members under one directory
 * that holds sos_commands/), si filled as above; 0 when not.  A pass over
 * the member headers that reads only the few small hint members. */
int sos_read_archive(const char *path, const char *tz, struct sos_info *si);
void sos_info_release(struct sos_info *si);

#endif
