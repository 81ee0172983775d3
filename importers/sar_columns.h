/*
 * sar_columns.h - the one table that turns sysstat's column names into
 * pmortem metrics, shared by the sar text importer (sar.c) and the sadf
 * importer (sadf.c).
 *
 * sar text, `sadf -d` and `sadf -j` made from the same binary file must
 * give identical samples, so neither importer names a metric itself: both
 * look the column (or JSON key) up here and get the metric, the base unit
 * and the factor that converts the printed value to that unit.
 *
 * A section is one block sar prints under one header row (sysstat calls
 * them activities): `-u`, `-n DEV`, `-q CPU`...  Column names are only
 * unique inside a section (`retrans/s` is NFS under `-n NFS` and TCP
 * segments under `-n ETCP`; `tps` is -b and -d), so lookups take the
 * section, and a section is recognized from its whole header row.
 *
 * Naming rules (the contract with users and the metric catalog; the full
 * table is printed in docs/SCHEMA.md "## sar metrics"):
 *   - metric = family "." field, lower case, one family per sar section
 *     (cpu, task, intr, swap, paging, io, memory, swap_util, hugepages,
 *     kernel_tables, load, psi_cpu, psi_io, psi_mem, serial, disk, net_dev,
 *     net_edev, net_nfs ... net_udp6, net_softnet, fc, power_cpufreq, fan,
 *     temp, voltage, battery, usb, filesystem): `%iowait` ->
 *     cpu.iowait_pct, `majflt/s` -> paging.majflt_per_s, `kbmemfree` ->
 *     memory.memfree_bytes;
 *   - base units: kB, MB and 512-byte sectors/blocks become bytes, ms
 *     become s, MHz become Hz; `%x` -> x_pct, `/s` -> _per_s;
 *   - a column renamed across sysstat versions keeps one field when the
 *     meaning is the same (`rd_sec/s` and `rkB/s` -> disk.rd_bytes_per_s,
 *     `avgqu-sz` and `aqu-sz` -> disk.aqu_sz); the older name is marked
 *     `legacy` so a source that prints both (sadf -j's disk) keeps one;
 *     when the meaning differs the names differ (%user includes guest
 *     time, %usr does not);
 *   - a column may feed another family than its section's (`family`):
 *     old `sar -r` printed the swap columns, which go to swap_util;
 *   - the instance is the value of the section's instance column(s)
 *     (CPU "all" or a number, DEV, IFACE...), several joined with ':' in
 *     table order (fan "1:f71858fg-isa-0200", usb "1:3f0:862"); sadf's
 *     CPU "-1" is "all";
 *   - interrupts (`-I`): metric intr.intr_per_s, instance the interrupt as
 *     printed ("sum", "0", "LOC"); per-CPU values (columns CPU0..CPUn, or
 *     the old "CPU i000/s" layout) give instance "LOC/cpu0";
 *   - battery status is a code (sar_battery_status()).
 *
 * To add a column: add its row to its section in sar_columns.c (name as
 * sar prints it, sadf -j key, field, unit, scale, kind, legacy, one-line
 * description).  Unknown columns are not dropped by the importers: they
 * use sar_field_generic(), and a header no section knows is family "sar".
 */
#ifndef PMORTEM_SAR_COLUMNS_H
#define PMORTEM_SAR_COLUMNS_H

#include <stddef.h>

enum sar_col_kind {
	SAR_VALUE = 0,           /* a number: one sample per row */
	SAR_INSTANCE,            /* names the instance (CPU, DEV, IFACE...) */
	SAR_TEXT,                /* a string that is neither (USB product) */
	SAR_STATUS,              /* a state printed as a symbol or word,
	                            stored as a code (battery status) */
};

struct sar_column {
	const char *name;        /* as sar and `sadf -d` print it: "%iowait" */
	const char *json;        /* key in `sadf -j`, NULL when none */
	const char *field;       /* metric field: "iowait_pct"; NULL for
	                            INSTANCE and TEXT columns */
	const char *unit;        /* base unit: "pct","bytes","bytes_per_s",
	                            "per_s","s","count","hz","code",... */
	double scale;            /* printed value * scale = base-unit value */
	enum sar_col_kind kind;
	int legacy;              /* an older name of a field another column
	                            of the section also gives */
	const char *desc;        /* one line for the metric catalog */
	const char *family;      /* NULL: the section's; else this family */
};

struct sar_section {
	const char *family;      /* metric family: "cpu", "disk", ... */
	const char *option;      /* the sar option that prints it: "-u" */
	const char *json[3];     /* `sadf -j` object names, NULL-padded */
	const struct sar_column *cols;   /* ends with a NULL name */
};

/* Every known section, ending with a NULL family. */
extern const struct sar_section sar_sections[];

/* The section a header row describes, from its column names (time and
 * instance columns included or not; names not in any section are
 * ignored).  The section with the most matching columns wins, NULL when
 * none matches at least one value column. */
const struct sar_section *sar_section_match(const char *const *names,
					    size_t n);
/* The column `name` (as sar/sadf -d print it) of a section, or NULL. */
const struct sar_column *sar_column_find(const struct sar_section *sec,
					 const char *name);
/* The column whose sadf -j key is `key`, or NULL. */
const struct sar_column *sar_json_find(const struct sar_section *sec,
				       const char *key);
/* The next section (after `prev`, NULL for the first) whose sadf -j object
 * is named `name` ("memory" is both the memory and the swap_util section). */
const struct sar_section *sar_section_json(const char *name,
					   const struct sar_section *prev);
/* "family.field" of a value or status column into buf (NUL-terminated,
 * truncated); returns the length it needed. */
size_t sar_metric(const struct sar_section *sec, const struct sar_column *col,
		  char *buf, size_t cap);
/* For an interrupt column "CPU12": 12; -1 for anything else. */
int sar_intr_cpu(const char *name);
/* 1 when some section has an instance column named `name`: sar text finds
 * them by name wherever they stand (--pretty moves them last). */
int sar_is_instance(const char *name);
/* 1 for columns whose values may hold blanks (USB manufact and product,
 * mount points, device names): sar text cannot split them on blanks. */
int sar_is_spaced(const char *name);
/* The field an unknown column gets, by the naming rules above
 * ("%foo" -> "foo_pct", "bar/s" -> "bar_per_s", other characters that are
 * not [a-z0-9_] -> '_'), into buf (NUL-terminated, truncated).  Its unit
 * is "pct", "per_s" or "" (unknown) and the scale 1. */
void sar_field_generic(const char *name, char *buf, size_t cap,
		       const char **unit);
/* The battery status sar prints (-m BAT: a symbol) or sadf prints (a
 * word: "Full", "Unknown", ...) as sysstat's code: 0 unknown, 1 charging,
 * 2 discharging, 3 not charging, 4 full; -1 when `s` is neither. */
int sar_battery_status(const char *s, size_t len);

#endif
