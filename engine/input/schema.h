/*
 * JSON Schema, the subset real provider schemas use, as shapes: what the checker resolves policy
 * paths against, and what inputs are validated with. Supported: type (and type arrays with
 * "null"), properties, required, additionalProperties, items, enum, const, format date-time and
 * date, local $ref ("#/$defs/...", "#/definitions/...", "#/components/schemas/..."), allOf,
 * anyOf, oneOf, and OpenAPI 3.0's nullable; for CSV inputs tokpol's x-tokpol-null,
 * x-tokpol-columns and x-tokpol-format. Everything else is ignored (see docs/schemas.md).
 */
#ifndef TP_SCHEMA_H
#define TP_SCHEMA_H

#include <cjson/cJSON.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct tp_shape tp_shape;

typedef struct tp_shape_prop {
    const char *name;
    tp_shape *shape;
    int required;
} tp_shape_prop;

struct tp_shape {
    unsigned types;     /* mask of tp_type; 0: any */
    int nullable;       /* null is allowed too */
    int only_null;      /* "type": "null": nothing but null */
    const char *format; /* "date-time", "date" or NULL */
    const char *where;  /* JSON pointer of this schema, for messages */
    tp_shape_prop *props;
    uint32_t nprops;
    int has_props;        /* "properties" given: a field outside it is a mistake */
    int closed;           /* additionalProperties: false */
    tp_shape *additional; /* additionalProperties: {schema} */
    tp_shape *items;
    const cJSON **enums; /* enum and const values, borrowed from the schema document */
    uint32_t nenums;
    tp_shape **any_of; /* anyOf or oneOf alternatives */
    uint32_t nany;
    int one_of;
    int integer; /* "type": "integer" */
    /* tokpol's keywords for inputs that are not JSON (CSV), borrowed from the schema document: */
    const cJSON *null_cells;  /* x-tokpol-null: cell texts that mean null (strings), or NULL */
    const cJSON *columns;     /* x-tokpol-columns: the header row, in order, or NULL */
    const char *input_format; /* x-tokpol-format: "csv", "json", or NULL */
};

/* A loaded schema: the document it came from (kept for enum values) and its root shape. */
typedef struct tp_schema {
    char *name;   /* the binding it describes: "input" or an --input name */
    char *origin; /* where it was loaded from, for messages */
    cJSON *doc;
    tp_shape *root;
    int many; /* a pack's `document NAME { many }`: NAME is a list of documents of this shape */
} tp_schema;

/* Reads a schema document: the file `path` ("-": standard input), or `len` bytes of `text` when
 * path is NULL. The text is checked as strictly as any input (errors with line and column in
 * *err: TP_EINPUT, TP_ELIMIT, TP_EIO), then parsed into *out with cJSON (cJSON's allocator). */
int tp_schema_read(cJSON **out, const tp_mem *mem, const char *path, const char *text, size_t len,
                   tp_input_error *err);

/* Builds the shapes of `doc` in arena a. 0, TP_ENOMEM, or TP_EINPUT with a reason in why
 * (a $ref that does not resolve). */
int tp_schema_build(tp_arena *a, cJSON *doc, tp_shape **root, char *why, size_t size);

/* The property `name` of an object shape (through anyOf alternatives), or NULL. */
const tp_shape_prop *tp_shape_prop_find(const tp_shape *s, const char *name);

/* Whether the shape says nothing about objects' fields (so any field is allowed). */
int tp_shape_open(const tp_shape *s);

/* The static type a shape guarantees (TP_T_ANY when it allows several, or null). */
unsigned tp_shape_type(const tp_shape *s);

#endif
