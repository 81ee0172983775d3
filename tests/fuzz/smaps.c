/*
 * smaps.c - fuzz the smaps importer (smaps, smaps_rollup, timestamped and
 * tail-style captures); seeds: fixtures/smaps/.
 */
#include "fuzz.h"
FUZZ_IMPORTER(smaps_importer)
