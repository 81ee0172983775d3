/*
 * procpid.c - fuzz the /proc/PID/stat, status and cmdline importer;
 * seeds: fixtures/procpid/.
 */
#include "fuzz.h"
FUZZ_IMPORTER(procpid_importer)
