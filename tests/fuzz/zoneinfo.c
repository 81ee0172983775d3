/* zoneinfo.c - libFuzzer target for the zoneinfo importer (and util_snap under it). */
#include "fuzz.h"
FUZZ_IMPORTER(zoneinfo_importer)
