/*
 * registry.c - every format pmortem reads, in one explicit array.
 *
 * `grep importer_table` shows them all; `pmortem formats` prints them in
 * this order.  To add one, see the checklist in importer.h.
 */
#include <string.h>

#include "importer.h"

extern const struct importer sar_importer, sadf_importer;
extern const struct importer meminfo_importer, vmstat_importer;
extern const struct importer zoneinfo_importer, buddyinfo_importer;
extern const struct importer slabinfo_importer;
extern const struct importer smaps_importer, procpid_importer;
extern const struct importer tcpdump_importer, strace_importer, dmesg_importer;
extern const struct importer elfcore_importer;
extern const struct importer rawheap_importer;

const struct importer *const importer_table[] = {
	/* sysstat (issue 2) */
	&sar_importer,
	&sadf_importer,
	/* /proc snapshots (issue 3) */
	&meminfo_importer,
	&vmstat_importer,
	&zoneinfo_importer,
	&buddyinfo_importer,
	&slabinfo_importer,
	&smaps_importer,
	&procpid_importer,
	/* text captures (issue 5) */
	&tcpdump_importer,
	&strace_importer,
	&dmesg_importer,
	/* cores and dumps (issue 4) */
	&elfcore_importer,
	&rawheap_importer,
	NULL
};

const struct importer *importer_find(const char *name)
{
	for (size_t i = 0; importer_table[i]; i++)
		if (!strcmp(importer_table[i]->name, name))
			return importer_table[i];
	return NULL;
}
