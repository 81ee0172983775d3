/* buddyinfo.c - libFuzzer target for the buddyinfo importer (and util_snap under it). */
#include "fuzz.h"
FUZZ_IMPORTER(buddyinfo_importer)
