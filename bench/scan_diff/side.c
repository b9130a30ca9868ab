/* One side of the differential test: the scanner's public entry points on one text, built
 * against one tree's headers and library (SIDE names the function: SIDE_ref_run, SIDE_new_run). */
#include "base/redact.h"
#include "base/secret_scan.h"
#include "scan_diff.h"

#define JOIN(a, b) a##b
#define NAME(side) JOIN(side, _run)

void NAME(SIDE)(const char *s, size_t len, side_result *r)
{
    static tp_mem mem;
    static tp_strbuf sb;
    static int ready;
    if (!ready) {
        tp_mem_init(&mem, NULL);
        tp_strbuf_init(&sb, &mem);
        ready = 1;
    }
    tp_strbuf_reset(&sb);
    r->count = tp_secret_mask(&sb, s, len);
    r->masked = sb.failed ? "<allocation failed>" : tp_strbuf_cstr(&sb);
    r->masked_len = sb.failed ? 19 : sb.len;
    r->contains = tp_secret_contains(s, len);
    r->whole = (int)tp_secret_whole(s, len);
    r->looks_secret = tp_redact_looks_secret(s, len);
    r->copy_len = tp_redact_copy(r->copy, sizeof r->copy, s, len);
}
