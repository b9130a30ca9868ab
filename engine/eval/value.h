/*
 * Runtime values, and the one place the evaluator reads documents: field lookup, iteration,
 * members and conversion from the document's tree all live here, so the tree type behind
 * TP_V_JSON can change without touching the rest of the evaluator. JSON scalars are copied into a
 * tp_value; JSON arrays and objects are borrowed (TP_V_JSON points into the document). Lists and
 * objects the policy builds live in the evaluator's arena. A value is 16 bytes and never owns
 * memory.
 */
#ifndef TP_VALUE_H
#define TP_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "base/lang.h"
#include "base/strbuf.h"
#include "tokpol.h"

typedef enum tp_vkind {
    TP_V_ABSENT = 0, /* a missing field or element: an error wherever it is used as a value */
    TP_V_NULL,
    TP_V_BOOL,
    TP_V_NUM,
    TP_V_STR,
    TP_V_TIME,
    TP_V_DUR,
    TP_V_JSON, /* a borrowed cJSON array or object */
    TP_V_LIST, /* `len` values at `items` */
    TP_V_MAP   /* `len` key/value pairs: items[2i] a string, items[2i+1] its value */
} tp_vkind;

typedef struct tp_value tp_value;

struct tp_value {
    uint8_t kind;
    /* read from a field named like a credential, or from inside a value that was: redact when
     * shown, whatever its type */
    uint8_t secret;
    uint32_t len; /* TP_V_STR bytes, TP_V_LIST items, TP_V_MAP pairs */
    union {
        int b;
        double n;
        int64_t us;
        const char *s;
        const cJSON *json;
        const tp_value *items;
    } u;
};

/* The value at the root of a document. */
tp_value tp_value_of_document(const tp_document *doc);
/* The static type a runtime value has. */
tp_type tp_value_type(const tp_value *v);
/* "a string", "a list", ... for messages (tp_type_phrase); "absent" for an absent one. */
const char *tp_value_kind_phrase(const tp_value *v);

tp_value tp_value_from_json(const cJSON *j);
/* The value of one member of a JSON object, marked secret when its field name or shape says
 * it holds a credential (any value under `password`, `credentials`, ...: tp_redact_field_always).
 * Every read of an object member goes through here; what is read from inside a secret value
 * (elements, members, fields) is secret too. */
tp_value tp_value_member(const cJSON *member);
bool tp_value_is_listlike(const tp_value *v);
bool tp_value_is_objlike(const tp_value *v);
uint32_t tp_value_count(const tp_value *v);

/* Walks a list value (JSON array or built list). */
typedef struct tp_iter {
    const cJSON *cur;
    const tp_value *items;
    uint32_t i, n;
    uint8_t secret; /* the list is secret: so is each element */
} tp_iter;

void tp_iter_init(tp_iter *it, const tp_value *list);
bool tp_iter_next(tp_iter *it, tp_value *out);

/* Calls fn with each member of an object-like value, in order: the key as a string value and the
 * value (marked secret as tp_value_member does). Stops at the first non-zero return, which it
 * returns. */
int tp_value_each_member(const tp_value *obj,
                         int (*fn)(const tp_value *key, const tp_value *value, void *state),
                         void *state);

/* obj.key: TP_V_ABSENT when missing. `obj` must be object-like. */
tp_value tp_value_field(const tp_value *obj, const char *key, size_t len);
/* list[i] (negative from the end), ABSENT when out of range. */
tp_value tp_value_at(const tp_value *list, int64_t i);

/* Deep equality; values of different types are unequal. Neither may be absent. */
bool tp_value_equal(const tp_value *a, const tp_value *b);
/* Ordering of two values of one orderable type (num, str, time, dur). */
int tp_value_compare(const tp_value *a, const tp_value *b);
/* Hash consistent with tp_value_equal for scalars. */
uint64_t tp_value_hash(const tp_value *v);
bool tp_value_is_scalar(const tp_value *v);

/* Appends the value as a message shows it: strings raw with credential-shaped text masked
 * (tp_redact_text; a secret string as a whole: tp_redact_append), times in RFC 3339, durations
 * like 90d, lists and objects as JSON; any other secret value as "[redacted]". */
void tp_value_render(tp_strbuf *sb, const tp_value *v);

#endif
