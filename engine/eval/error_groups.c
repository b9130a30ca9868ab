#include "eval/error_groups.h"

#include <string.h>

#include "base/strbuf.h"

void tp_error_groups_init(tp_error_groups *g, const tp_mem *mem)
{
    memset(g, 0, sizeof *g);
    tp_arena_init(&g->arena, mem);
    g->start = tp_arena_mark_get(&g->arena);
}

void tp_error_groups_free(tp_error_groups *g)
{
    tp_arena_free(&g->arena);
}

static const char *copy(tp_error_groups *g, const char *s, int *failed)
{
    char *c = s ? tp_arena_strdup(&g->arena, s) : NULL;
    *failed |= s && !c;
    return c;
}

int tp_error_groups_add(tp_error_groups *g, tp_result *r, const tp_finding *draft)
{
    for (size_t i = 0; i < g->n; i++) {
        tp_error_group *e = &g->items[i];
        if (strcmp(e->first.message, draft->message) != 0)
            continue;
        if (e->count <= TP_ERROR_GROUP_NAMED) {
            int failed = 0;
            e->named[e->count - 1] = copy(g, draft->subject, &failed);
            if (failed)
                return TP_ENOMEM;
        }
        e->count++;
        return 0;
    }
    if (g->n == TP_ERROR_GROUPS_MAX)
        return tp_result_record(r, draft);
    tp_error_group *e = &g->items[g->n];
    int failed = 0;
    memset(e, 0, sizeof *e);
    e->first = *draft;
    e->first.subject = copy(g, draft->subject, &failed);
    e->first.pointer = copy(g, draft->pointer, &failed);
    e->first.message = copy(g, draft->message, &failed);
    e->first.remediation = copy(g, draft->remediation, &failed);
    e->count = 1;
    if (failed)
        return TP_ENOMEM;
    g->n++;
    return 0;
}

/* "MESSAGE; for 37 subjects: lok-1, lok-2, lok-3, lok-4, lok-5 and 32 more". */
static int group_message(const tp_error_group *e, tp_strbuf *sb)
{
    tp_strbuf_printf(sb, "%s; for %zu subjects: %s", e->first.message, e->count, e->first.subject);
    size_t named = e->count - 1 < TP_ERROR_GROUP_NAMED ? e->count - 1 : TP_ERROR_GROUP_NAMED;
    for (size_t i = 0; i < named; i++)
        tp_strbuf_printf(sb, "%s%s", i + 1 == named && named + 1 == e->count ? " and " : ", ",
                         e->named[i]);
    if (e->count > named + 1)
        tp_strbuf_printf(sb, " and %zu more", e->count - named - 1);
    return sb->failed ? TP_ENOMEM : 0;
}

int tp_error_groups_flush(tp_error_groups *g, tp_result *r)
{
    tp_strbuf sb;
    tp_strbuf_init(&sb, g->arena.mem);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < g->n; i++) {
        tp_error_group *e = &g->items[i];
        if (e->count == 1) {
            rc = tp_result_record(r, &e->first);
            continue;
        }
        tp_strbuf_reset(&sb);
        if ((rc = group_message(e, &sb)))
            break;
        tp_finding f = e->first;
        f.message = tp_strbuf_cstr(&sb);
        rc = tp_result_record(r, &f);
    }
    tp_strbuf_free(&sb);
    g->n = 0;
    tp_arena_rewind(&g->arena, g->start);
    return rc;
}
