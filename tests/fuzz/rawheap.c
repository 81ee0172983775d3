/*
 * rawheap.c (fuzz) - the raw heap dump importer, and through it the
 * string engine, on arbitrary bytes: fuzz_run passes --base (the name
 * "fuzz" holds no range), so every input is scanned and counted.  Seeds:
 * fixtures/rawheap/ (the real dumps under 1 MiB and the bad ones).
 */
#include "fuzz.h"

FUZZ_IMPORTER(rawheap_importer)
