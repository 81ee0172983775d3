/*
 * sadf.c - libFuzzer target for the sadf importer (sadf -d, sadf -j and
 * the binary sa magic).  PMORTEM_SADF is set empty so input that looks
 * like a binary sa file takes the "sadf not installed" path instead of
 * spawning a process per run.
 */
#include <stdlib.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("PMORTEM_SADF", "", 1);
	return 0;
}

FUZZ_IMPORTER(sadf_importer)
