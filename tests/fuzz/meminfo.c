/* meminfo.c - libFuzzer target for the meminfo importer (and util_snap under it). */
#include "fuzz.h"
FUZZ_IMPORTER(meminfo_importer)
