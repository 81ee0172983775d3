/* vmstat.c - libFuzzer target for the vmstat importer (and util_snap under it). */
#include "fuzz.h"
FUZZ_IMPORTER(vmstat_importer)
