/* The checker, attribute clauses (title, severity, reason, ...): each known, each given once. */
#include <stdio.h>
#include <string.h>

#include "check/checker.h"

int tp_check_attr(tp_checker *ck, tp_attr_table *t, const tp_clause *cl, const char *where)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->names[i], cl->name) != 0)
            continue;
        if (t->seen[i]) {
            char hint[64];
            snprintf(hint, sizeof hint, "the first is at line %u", t->seen[i]->span.line);
            CHECK_ERR(ck, cl->name_span, "E-DUP-CLAUSE", hint, "'%s' is given twice in %s",
                      cl->name, where);
            return -1;
        }
        t->seen[i] = cl;
        if ((cl->expr->flags & TP_NF_BARE) && !(t->lists & (1u << i))) {
            CHECK_ERR(ck, cl->expr->span, "E-ATTR",
                      strcmp(cl->name, "subject") == 0
                          ? "a rule's subject is one expression, like t.credential_id ?? t.id; "
                            "a list of fields is a pack header's default subject"
                          : NULL,
                      "'%s' takes one value, not a list separated by ','", cl->name);
            return -1;
        }
        return (int)i;
    }
    char hint[96];
    CHECK_ERR(ck, cl->name_span, "E-UNKNOWN-CLAUSE",
              tp_did_you_mean(hint, sizeof hint, cl->name, t->names, t->n),
              "unknown clause '%s' in %s", cl->name, where);
    return -1;
}

const char *tp_check_string_attr(tp_checker *ck, const tp_clause *cl)
{
    if (cl->expr->kind == TP_N_STR_LIT)
        return cl->expr->str;
    CHECK_ERR(ck, cl->expr->span, "E-ATTR", NULL, "'%s' takes a plain string", cl->name);
    return NULL;
}
