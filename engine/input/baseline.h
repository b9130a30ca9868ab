/* Baselines: the findings a team already knows of, from an earlier JSON report. */
#ifndef TP_BASELINE_H
#define TP_BASELINE_H

#include "tokpol.h"

/* The index of the finding with this fingerprint in the baseline (tp_baseline_at), or -1 (also
 * for a NULL baseline). */
long tp_baseline_find(const tp_baseline *b, const char *fingerprint);

#endif
