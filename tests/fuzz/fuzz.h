/*
 * fuzz.h - what every importer fuzz target shares: run one importer over
 * the fuzzer's bytes, through the mapped path and the stream path, into a
 * sink that drops everything.  A target is three lines:
 *     #include "fuzz.h"
 *     FUZZ_IMPORTER(sar_importer)
 */
#ifndef PMORTEM_FUZZ_H
#define PMORTEM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "importer.h"

void fuzz_run(const struct importer *imp, const uint8_t *data, size_t size);
/* The same, and abort() when the two passes give different records or
 * messages (an importer with a fast path for mapped input). */
void fuzz_run_same(const struct importer *imp, const uint8_t *data, size_t size);

#define FUZZ_IMPORTER_SAME(sym)                                             \
	extern const struct importer sym;                                   \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)        \
	{                                                                   \
		fuzz_run_same(&sym, data, size);                            \
		return 0;                                                   \
	}

#define FUZZ_IMPORTER(sym)                                                  \
	extern const struct importer sym;                                   \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)        \
	{                                                                   \
		fuzz_run(&sym, data, size);                                 \
		return 0;                                                   \
	}

#endif
