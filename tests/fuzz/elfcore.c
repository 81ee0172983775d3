/*
 * elfcore.c (fuzz) - the ELF core importer's header checks and note walker
 * on arbitrary bytes.  fuzz_run sets opts.no_unwind: libdwfl's unwinder
 * runs in a forked child in production and is not fuzzed here.  Seeds:
 * fixtures/elfcore/ and tests/fuzz/corpus/elfcore/ (the first 64 KiB of
 * each fixture core: headers and notes).
 */
#include "fuzz.h"

FUZZ_IMPORTER(elfcore_importer)
