/* What an evaluation error suggests, from the values at hand. */
#ifndef TP_HINTS_H
#define TP_HINTS_H

#include <stddef.h>

#include "eval/value.h"

/* The field of object `obj` closest to the missing `name` (a plausible typo of it), or NULL. The
 * name points into the object's document. */
const char *tp_hint_nearest_field(const tp_value *obj, const char *name);

/* "; it holds lists: tokens, users" for an object with list members, written into buf; "" for
 * anything else. */
const char *tp_hint_lists_held(char *buf, size_t size, const tp_value *obj);

#endif
