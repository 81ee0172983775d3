/*
 * smaps.c - fuzz the smaps importer (smaps, smaps_rollup, timestamped and
 * tail-style captures); seeds: fixtures/smaps/.  Its mapped input is read
 * by a fast path of its own (read_mapped): the records and messages must
 * be those of the line reader's stream.
 */
#include "fuzz.h"
FUZZ_IMPORTER_SAME(smaps_importer)
