/*
 * sniff.h - which importer reads an input: every importer scores it
 * 0..100 from its first bytes and name, the best wins (as lnav does, not
 * the first that says yes).  A tie at the top, or a best score below
 * SNIFF_WEAK, is not a guess: the caller is told the candidates and the
 * user can pass --format NAME.
 */
#ifndef PMORTEM_SNIFF_H
#define PMORTEM_SNIFF_H

#include <stddef.h>

#include "importer.h"

/* The importer for `in`, or NULL with the reason written into why. */
const struct importer *sniff_pick(const struct input *in, char *why, size_t cap);

#endif
