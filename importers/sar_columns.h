/*
 * sar_columns.h - how sar's columns become pmortem metrics: one table,
 * shared by every importer of sysstat output (sar text, sadf -d, sadf -j).
 *
 * sar prints activities as sections, each a header row of column names
 * ("%iowait", "kbmemfree", "rkB/s") over rows of values, one row per
 * instance (CPU, device, interface...) per time.  The names drift between
 * sysstat versions and the same name can mean different things in
 * different sections ("tps" under -b and -d), so a section is recognized
 * by its whole header (sar_section_find) and a column is looked up inside
 * its section.  Every known column carries the metric it feeds
 * (`family.field`, lower case), the unit of the stored value, the factor
 * from what sar prints to that unit (kB -> bytes 1024, sectors -> bytes
 * 512, ms -> s 0.001) and a one-line description for the metric catalog.
 *
 * Instance columns (CPU, DEV, IFACE, INTR, TTY, FILESYSTEM, MOUNTPOINT,
 * BUS, manufact, ...) name what a row is about; they are recognized by
 * name wherever they stand (sar --pretty and -h move them to the end).
 * When a row has several (USB: BUS idvendor idprod manufact product;
 * sensors: FAN DEVICE) the instance is their values joined by one space
 * in rank order.
 *
 * Columns no table knows are still imported: sar_generic_field() derives
 * a field from the name ("foo/s" -> "foo_per_s", "%bar" -> "bar_pct",
 * "kbbaz" -> "baz_bytes" x1024), and a header no section matches becomes
 * family "sar".  docs/SCHEMA.md ("## sar metrics") prints this table; a
 * unit test keeps the two in step.
 */
#ifndef PMORTEM_SAR_COLUMNS_H
#define PMORTEM_SAR_COLUMNS_H

#include <stddef.h>

/* One column of a section. */
struct sar_col {
	const char *name;        /* as sar prints it: "%iowait", "rkB/s" */
	const char *metric;      /* "cpu.iowait_pct"; the family may differ
	                            from the section's (old -r swap columns) */
	const char *unit;        /* of the stored value: "pct", "bytes", ... */
	double scale;            /* stored = printed * scale */
	const char *desc;        /* one line for the metric catalog */
};

/* One sar activity (section): a family and its columns. */
struct sar_section {
	const char *family;      /* "cpu", "disk", "net_dev", ... */
	const char *option;      /* the sar option that prints it: "-u", "-n DEV" */
	const struct sar_col *cols;   /* terminated by a NULL name */
};

/* Every known section, in documentation order; NULL-family terminated. */
extern const struct sar_section sar_sections[];

/* Instance columns, by name.  Rank > 0 orders them inside a joined
 * instance; 0 means "not an instance column". */
int sar_instance_rank(const char *name, size_t len);

/* Text columns that hold spaces and so cannot be split on blanks
 * (USB manufact and product, mount points): 1 when `name` is one. */
int sar_is_spaced_text(const char *name, size_t len);

/* The section that best explains a header, from all its column names
 * (instance columns included): the one with the most value columns in
 * common, ties to the first in the table.  NULL when no value column is
 * known to any section. */
const struct sar_section *sar_section_find(const char *const *names,
					   const size_t *lens, size_t n);

/* A column of a section by its printed name, or NULL. */
const struct sar_col *sar_section_col(const struct sar_section *sec,
				      const char *name, size_t len);

/* A field for a column no table knows, derived from its name: lower case,
 * "%x" -> "x_pct", "x/s" -> "x_per_s", "kbx" -> "x_bytes" and "xkB/s" ->
 * "x_bytes_per_s" (x1024), "MBx" -> "x_bytes" (x1048576), other
 * punctuation -> '_'.  Writes the field into buf (NUL-terminated) and
 * returns the unit; *scale gets the factor. */
const char *sar_generic_field(const char *name, size_t len, char *buf,
			      size_t cap, double *scale);

/* The battery status sar prints (-m BAT: a symbol) or sadf prints (a
 * word: "Full", "Unknown", ...) as sysstat's code: 0 unknown, 1 charging,
 * 2 discharging, 3 not charging, 4 full; -1 when `s` is neither. */
int sar_battery_status(const char *s, size_t len);

#endif
