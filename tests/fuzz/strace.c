#include "fuzz.h"
FUZZ_IMPORTER(strace_importer)
