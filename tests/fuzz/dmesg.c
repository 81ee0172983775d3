#include "fuzz.h"
FUZZ_IMPORTER(dmesg_importer)
