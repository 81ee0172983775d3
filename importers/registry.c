/*
 * registry.c - every format pmortem reads, in one explicit array.
 *
 * `grep importer_table` shows them all; `pmortem formats` prints them in
 * this order.  To add one, see the checklist in importer.h.
 */
#include <string.h>

#include "importer.h"

extern const struct importer elfcore_importer, rawheap_importer;

const struct importer *const importer_table[] = {
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
