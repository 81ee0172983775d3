/* tcpdump.c - libFuzzer target for the tcpdump text importer. */
#include "fuzz.h"
FUZZ_IMPORTER(tcpdump_importer)
