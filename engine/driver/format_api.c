/* tp_compiler_format: the canonical layout of a policy source. The source must parse; the layout
 * is checked to hold the same tokens and comments, and to parse, before it is handed back. */
#include <string.h>

#include "driver/compiler.h"
#include "syntax/format.h"
#include "syntax/parse_driver.h"

/* Whether `text` parses without error (a check of the formatter's own output). */
static int parses(tp_compiler *c, const char *text, size_t len, int *ok)
{
    tp_arena arena;
    tp_diags diags;
    tp_arena_init(&arena, &c->mem);
    tp_diags_init(&diags, &c->mem);
    tp_parse_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = &arena;
    ctx.diags = &diags;
    ctx.file_name = "formatted";
    ctx.max_errors = 1;
    int rc = tp_parse_source(&ctx, text, len);
    *ok = rc == 0 && diags.nerrors == 0 && !diags.oom;
    if (rc == 0 && diags.oom)
        rc = TP_ENOMEM;
    tp_diags_free(&diags);
    tp_arena_free(&arena);
    return rc;
}

/* Lays out src (which parsed) into sb; *same: the layout holds the same tokens and parses. */
static int layout(tp_compiler *c, const char *src, size_t len, tp_strbuf *sb, int *same)
{
    tp_ftoks before, after;
    tp_ftoks_init(&before, &c->mem);
    tp_ftoks_init(&after, &c->mem);
    int rc = tp_format_scan(&before, src, len);
    if (rc == 0)
        rc = tp_format_tokens(sb, &before);
    if (rc == 0)
        rc = tp_format_scan(&after, sb->data ? sb->data : "", sb->len);
    *same = rc == 0 && tp_ftoks_same(&before, &after);
    if (rc == 0 && *same)
        rc = parses(c, sb->data ? sb->data : "", sb->len, same);
    tp_ftoks_free(&before);
    tp_ftoks_free(&after);
    return rc;
}

int tp_compiler_format(char **out, size_t *out_length, tp_compiler *c, const char *name,
                       const char *source, size_t length)
{
    if (!out || !c || !name || (!source && length))
        return TP_EINVAL;
    *out = NULL;
    if (out_length)
        *out_length = 0;
    size_t errors = c->diags.nerrors;
    int rc = tp_compiler_add_source(c, name, source, length);
    if (rc)
        return rc;
    if (c->diags.nerrors > errors)
        return TP_EPOLICY;
    const tp_source *src = &c->sources[c->nsources - 1]; /* without a byte order mark */
    tp_strbuf sb;
    tp_strbuf_init(&sb, &c->mem);
    int same = 0;
    rc = layout(c, src->text, src->len, &sb, &same);
    if (rc == 0 && !same) {
        tp_span none = {(uint32_t)(c->nsources - 1), 0, 0, 0, 0};
        tp_diags_add(&c->diags, TP_DIAG_ERROR, "E-FORMAT", src->name, none, NULL,
                     "the formatter would change what this file says, so it left it as it is "
                     "(a bug: please report it)");
        rc = c->diags.oom ? TP_ENOMEM : TP_EPOLICY;
    }
    if (rc == 0 && !sb.data)
        tp_strbuf_add(&sb, "", 0); /* an empty file: an empty, allocated string */
    if (rc == 0 && sb.failed)
        rc = TP_ENOMEM;
    if (rc) {
        tp_strbuf_free(&sb);
        return rc;
    }
    *out = sb.data;
    if (out_length)
        *out_length = sb.len;
    return 0;
}

void tp_compiler_format_free(tp_compiler *c, char *text)
{
    if (c)
        tp_mem_free(&c->mem, text);
}
