/* What went wrong around an evaluation, recorded in its result so that every report carries it:
 * policy diagnostics, inputs that could not be used, rule filters that select nothing. */
#include <string.h>

#include "base/redact.h"
#include "eval/result.h"

/* A copy of s in the result's arena, credentials masked (a caller's diagnostic may quote an
 * argument or a key: every report and every reader of the result sees the masked text); NULL
 * stays NULL. 0 or -1. */
static int copy(tp_result *r, const char **s)
{
    if (!*s)
        return 0;
    tp_strbuf tmp;
    size_t len;
    tp_strbuf_init(&tmp, &r->mem);
    const char *shown = tp_redact_view(&tmp, *s, strlen(*s), &len);
    *s = tp_arena_strndup(&r->arena, shown, len);
    tp_strbuf_free(&tmp);
    return *s ? 0 : -1;
}

int tp_result_add_diag(tp_result *r, tp_diag_source source, const tp_diag *d)
{
    if (!r || !d || (unsigned)source >= TP_DIAG_SOURCE_COUNT || !d->message ||
        (unsigned)d->severity > TP_DIAG_NOTE)
        return TP_EINVAL;
    void *items = r->diags;
    if (tp_mem_grow(&r->mem, &items, &r->cap_diags, r->ndiags + 1, sizeof *r->diags))
        return TP_ENOMEM;
    r->diags = items;
    tp_run_diag *e = &r->diags[r->ndiags];
    e->source = source;
    e->diag = *d;
    if (!e->diag.code)
        e->diag.code = "E-UNKNOWN";
    if (copy(r, &e->diag.code) || copy(r, &e->diag.file) || copy(r, &e->diag.message) ||
        copy(r, &e->diag.hint))
        return TP_ENOMEM;
    r->ndiags++;
    r->diag_errors[source] += d->severity == TP_DIAG_ERROR;
    return 0;
}

int tp_result_add_input_error(tp_result *r, const char *input_name, int status,
                              const tp_input_error *err)
{
    if (!r || !input_name)
        return TP_EINVAL;
    tp_diag d;
    memset(&d, 0, sizeof d);
    d.severity = TP_DIAG_ERROR;
    d.code = status == TP_EIO      ? "E-INPUT-IO"
             : status == TP_ELIMIT ? "E-INPUT-LIMIT"
             : status == TP_ENOMEM ? "E-INPUT-MEMORY"
                                   : "E-INPUT";
    d.file = input_name;
    /* The loaders fill the message; a caller's own error may leave it empty. */
    char message[sizeof err->message];
    if (err)
        snprintf(message, sizeof message, "%.*s", (int)sizeof message - 1, err->message);
    if (!err || !*message)
        snprintf(message, sizeof message, "%s", tp_status_str(status));
    d.message = message;
    if (err && err->line) {
        d.line = d.end_line = err->line;
        d.column = err->column ? err->column : 1;
        d.end_column = d.column + 1;
    }
    return tp_result_add_diag(r, TP_DIAG_SOURCE_INPUT, &d);
}

int tp_result_add_diags_left_out(tp_result *r, size_t count)
{
    if (!r)
        return TP_EINVAL;
    r->diags_left_out += count;
    return 0;
}

size_t tp_result_diags_left_out(const tp_result *r)
{
    return r ? r->diags_left_out : 0;
}

size_t tp_result_diag_count(const tp_result *r)
{
    return r ? r->ndiags : 0;
}

const tp_run_diag *tp_result_diag(const tp_result *r, size_t i)
{
    return r && i < r->ndiags ? &r->diags[i] : NULL;
}
