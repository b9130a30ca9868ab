/* The documents an evaluation is given, bound to the names its plan reads: each document a
 * source (a value's origin), lists of documents for names bound several times, and the roots. */
#include "eval/bindings.h"

#include <string.h>

#include "base/strbuf.h"
#include "eval/expression.h"
#include "input/jdoc.h"

static int is_many(const tp_eval_options *o, const char *name)
{
    for (size_t i = 0; i < o->nmany; i++)
        if (o->many[i] && strcmp(o->many[i], name) == 0)
            return 1;
    return 0;
}

int tp_eval_check_bindings(const tp_binding *b, size_t nb, const tp_eval_options *o)
{
    if (nb >= TP_VALUE_MAX_ORIGINS)
        return TP_EINVAL;
    size_t positional = 0;
    for (size_t i = 0; i < nb; i++) {
        if (!b[i].doc)
            return TP_EINVAL;
        positional += !b[i].name;
        for (size_t k = 0; b[i].name && k < i; k++)
            if (b[k].name && strcmp(b[k].name, b[i].name) == 0 && !is_many(o, b[i].name))
                return TP_EINVAL;
    }
    return positional > 1 ? TP_EINVAL : 0;
}

/* "/name" with RFC 6901's escapes, and "/i" after it for the i-th document of a list. */
static char *binding_path(tp_eval *ev, const char *name, long index)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, ev->mem);
    if (name)
        tp_jpointer_add_key(&sb, name, strlen(name));
    if (index >= 0)
        tp_strbuf_printf(&sb, "/%ld", index);
    char *path = sb.failed ? NULL : tp_arena_strdup(&ev->input, tp_strbuf_cstr(&sb));
    tp_strbuf_free(&sb);
    return path;
}

/* One source per binding (a value's origin is 1 + its index), and the names bound by name. */
static int add_sources(tp_eval *ev, const tp_binding *b, size_t nb, const tp_eval_options *o)
{
    ev->sources = tp_arena_zalloc(&ev->input, (nb ? nb : 1) * sizeof *ev->sources);
    ev->bound = tp_arena_zalloc(&ev->input, (nb + o->nmany + 1) * sizeof *ev->bound);
    if (!ev->sources || !ev->bound)
        return tp_eval_no_memory(ev);
    for (size_t i = 0; i < nb; i++) {
        long index = -1;
        if (b[i].name && is_many(o, b[i].name)) {
            index = 0;
            for (size_t k = 0; k < i; k++)
                index += b[k].name && strcmp(b[k].name, b[i].name) == 0;
        }
        ev->sources[i].doc = b[i].doc;
        ev->sources[i].path = b[i].name ? binding_path(ev, b[i].name, index) : "";
        if (!ev->sources[i].path)
            return tp_eval_no_memory(ev);
        ev->nsources++;
        if (b[i].name && index <= 0)
            ev->bound[ev->nbound++] = b[i].name;
    }
    for (size_t i = 0; i < o->nmany; i++) { /* lists bound to no document */
        uint32_t k = 0;
        while (k < ev->nbound && strcmp(ev->bound[k], o->many[i]) != 0)
            k++;
        if (k == ev->nbound && o->many[i])
            ev->bound[ev->nbound++] = o->many[i];
    }
    return 0;
}

/* The list of every document bound as `name`, each element with its own origin. */
static int bind_list(tp_eval *ev, const tp_binding *b, size_t nb, const char *name, tp_value *out)
{
    tp_listbuf lb = {0};
    tp_arena *saved = ev->arena;
    ev->arena = &ev->input;
    int rc = 0;
    for (size_t k = 0; k < nb && rc == 0; k++)
        if (b[k].name && strcmp(b[k].name, name) == 0) {
            tp_value root = tp_value_of_document(b[k].doc, (uint16_t)(k + 1));
            rc = tp_listbuf_push(ev, &lb, &root);
        }
    ev->arena = saved;
    if (rc)
        return tp_eval_no_memory(ev);
    *out = tp_listbuf_value(&lb);
    return 0;
}

int tp_eval_bind_roots(tp_eval *ev, const tp_binding *b, size_t nb, const tp_eval_options *o)
{
    const tp_plan *p = ev->plan;
    int rc = add_sources(ev, b, nb, o);
    for (size_t i = 0; rc == 0 && i < p->nroots; i++) {
        const char *name = p->roots[i];
        tp_value *v = &ev->roots[i];
        memset(v, 0, sizeof *v);
        if (is_many(o, name)) {
            rc = bind_list(ev, b, nb, name, v);
            continue;
        }
        for (size_t k = 0; k < nb && v->kind == TP_V_ABSENT; k++)
            if (b[k].name && strcmp(b[k].name, name) == 0)
                *v = tp_value_of_document(b[k].doc, (uint16_t)(k + 1));
        for (size_t k = 0; k < nb && v->kind == TP_V_ABSENT; k++) {
            if (b[k].name)
                continue;
            tp_value doc = tp_value_of_document(b[k].doc, (uint16_t)(k + 1));
            if (strcmp(name, "input") == 0)
                *v = doc;
            else if (tp_value_is_objlike(&doc))
                *v = tp_value_field(&doc, name, strlen(name));
        }
    }
    return rc;
}

int tp_eval_init_bound(tp_eval *ev, const tp_plan *plan, const tp_mem *mem, int64_t now,
                       size_t max_memory, const tp_binding *b, size_t nb, const tp_eval_options *o)
{
    int rc = tp_eval_init(ev, plan, mem, now, max_memory);
    if (o) { /* tp_evaluate's options, their budgets resolved (eval_options) */
        ev->max_steps = o->max_steps;
        ev->max_subject_steps = o->max_subject_steps;
    }
    return rc ? rc : tp_eval_bind_roots(ev, b, nb, o);
}
