/* slabinfo.c - libFuzzer target for the slabinfo importer (and util_snap under it). */
#include "fuzz.h"
FUZZ_IMPORTER(slabinfo_importer)
