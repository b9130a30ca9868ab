/* Input validation against a schema (see schema.h). */
#ifndef TP_VALIDATE_H
#define TP_VALIDATE_H

#include "input/schema.h"
#include "tokpol.h"

/* 0 when doc satisfies root; else TP_EINPUT and *err names the pointer, the rule and the place.
 * `origin` names the schema in the message. */
int tp_schema_validate(const tp_shape *root, const char *origin, const tp_document *doc,
                       tp_input_error *err);

/* Types the cells of a CSV document (read as strings) by the schema of its rows: booleans,
 * numbers, and the x-tokpol-null texts as null where the column allows null; checks the header
 * against x-tokpol-columns (TP_EINPUT naming the column). Anything else is left as it is. */
struct tp_jdoc;
int tp_csv_type(struct tp_jdoc *doc, const tp_shape *root, const char *origin, tp_input_error *err);

#endif
