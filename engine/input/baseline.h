/* Baselines: fingerprints of findings a team already knows of. */
#ifndef TP_BASELINE_H
#define TP_BASELINE_H

#include "tokpol.h"

/* Whether the fingerprint is in the baseline (false for a NULL baseline). */
int tp_baseline_has(const tp_baseline *b, const char *fingerprint);

#endif
