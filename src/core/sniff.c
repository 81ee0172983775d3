/*
 * sniff.c - pick the importer for an input by score; see sniff.h.
 */
#include <stdio.h>
#include <string.h>

#include "sniff.h"

const struct importer *sniff_pick(const struct input *in, char *why, size_t cap)
{
	const struct importer *best = NULL, *second = NULL;
	int best_score = 0, second_score = 0;

	for (size_t i = 0; importer_table[i]; i++) {
		int sc = importer_table[i]->sniff(in);

		if (sc > 100)
			sc = 100;
		if (sc > best_score) {
			second = best;
			second_score = best_score;
			best = importer_table[i];
			best_score = sc;
		} else if (sc > second_score) {
			second = importer_table[i];
			second_score = sc;
		}
	}
	if (!best || best_score < SNIFF_WEAK) {
		if (best && best_score > 0)
			snprintf(why, cap, "not recognized (closest: %s, score %d)",
				 best->name, best_score);
		else
			snprintf(why, cap, "not recognized");
		return NULL;
	}
	if (second && second_score == best_score) {
		snprintf(why, cap, "ambiguous: %s and %s both score %d; "
			 "use --format NAME", best->name, second->name, best_score);
		return NULL;
	}
	return best;
}
