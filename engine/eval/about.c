/* What an input is about, as reports name it: the inventory's team, organization or account,
 * which only the pack knows how to find in its inputs (`about` in its header). */
#include "eval/about.h"

#include "eval/expression.h"

int tp_about_record(tp_eval *ev, tp_result *r)
{
    tp_strbuf text;
    tp_strbuf_init(&text, ev->mem);
    tp_arena_mark mark = tp_arena_mark_get(&ev->scratch);
    ev->arena = &ev->scratch;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ev->plan->npacks; i++) {
        const tp_expr *about = ev->plan->packs[i].about;
        tp_value v;
        if (!about)
            continue;
        size_t mark_len = text.len;
        rc = tp_eval_present(ev, about, &v);
        if (rc == TP_EVAL_ERR) { /* the input lacks what it names: nothing to say */
            rc = 0;
            continue;
        }
        if (rc == 0) {
            tp_strbuf_puts(&text, mark_len ? "; " : "");
            tp_value_render(&text, &v);
        }
    }
    tp_arena_rewind(&ev->scratch, mark);
    if (rc == 0 && text.len)
        rc = tp_result_set_about(r, tp_strbuf_cstr(&text));
    if (text.failed)
        rc = TP_ENOMEM;
    tp_strbuf_free(&text);
    return rc;
}
