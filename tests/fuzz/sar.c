/*
 * sar.c - libFuzzer target for the sar text importer: bytes in, through
 * the sniffer and the parser (mapped and streamed), into a null sink.
 * Seeds: fixtures/sar/ (real sar -A in five locales, -p, -h, midnight,
 * restart, the malformed files of fixtures/sar/bad/).
 */
#include "fuzz.h"

FUZZ_IMPORTER(sar_importer)
