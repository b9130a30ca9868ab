/* What a plan says about its inputs: which names its policies read, the schema of each binding,
 * and what a document must be for it (its format, its CSV cells typed, its validation). */
#include <string.h>

#include "input/document.h"
#include "input/validate.h"
#include "plan/plan.h"

static const tp_schema *schema_of(const tp_plan *p, const char *name)
{
    for (size_t i = 0; p && i < p->nschemas; i++)
        if (strcmp(p->schemas[i].name, name ? name : "input") == 0)
            return &p->schemas[i];
    return NULL;
}

int tp_plan_validate(const tp_plan *p, const char *name, const tp_document *doc,
                     tp_input_error *err)
{
    if (!p || !doc)
        return TP_EINVAL;
    const tp_schema *s = schema_of(p, name);
    return s && s->root ? tp_schema_validate(s->root, s->origin, doc, err) : 0;
}

int tp_plan_has_schema(const tp_plan *p, const char *name)
{
    return schema_of(p, name) != NULL;
}

int tp_plan_type_document(const tp_plan *p, const char *name, tp_document *doc, tp_input_error *err)
{
    if (!p || !doc)
        return TP_EINVAL;
    const tp_schema *s = schema_of(p, name);
    if (!s || !s->root || doc->typed)
        return 0;
    int rc = tp_csv_type(doc->jdoc, s->root, s->origin, err);
    doc->typed = rc == 0;
    return rc;
}

const char *tp_plan_input_format(const tp_plan *p, const char *name)
{
    const tp_schema *s = schema_of(p, name);
    return s && s->root ? s->root->input_format : NULL;
}

int tp_plan_reads_name(const tp_plan *p, const char *name)
{
    for (size_t i = 0; p && name && i < p->nroots; i++)
        if (strcmp(p->roots[i], name) == 0)
            return 1;
    return 0;
}

int tp_plan_name_is_list(const tp_plan *p, const char *name)
{
    const tp_schema *s = name ? schema_of(p, name) : NULL;
    return s && s->many;
}
