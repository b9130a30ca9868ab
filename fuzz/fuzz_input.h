/* What the input reader fuzz targets share: invariants every document tree must hold. */
#ifndef TP_FUZZ_INPUT_H
#define TP_FUZZ_INPUT_H

#include "input/jdoc.h"

/* Traps unless ok. */
void fuzz_check(int ok);

/* Every node of doc has a JSON pointer that leads back to it and a position in the text. */
void fuzz_check_tree(const tp_jdoc *doc);

#endif
