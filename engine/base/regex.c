#include "base/regex.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "tokpol.h"

/* What PCRE2 allocates through: the library's allocator, so its memory is counted and can fail
 * like any other allocation (only the JIT's executable pages are its own), and whether an
 * allocation failed (a failed JIT compile is then out of memory, not a missing JIT). It lives as
 * long as what PCRE2 allocated with it. */
typedef struct pcre_mem {
    const tp_mem *mem;
    int failed;
} pcre_mem;

struct tp_regex {
    pcre2_code *code;
    int has_group; /* capture() reads group 1, else the whole match */
    pcre_mem alloc;
};

/* A pattern a run compiled from data, kept while the same text comes back (a param used for every
 * subject is compiled once per evaluation, not once per subject). */
typedef struct cached_pattern {
    tp_regex *re;
    char *text;
    size_t len;
} cached_pattern;

#define RUN_CACHE 8

/* Which budget stopped a match. */
enum { SPENT_NONE, SPENT_MATCH, SPENT_EVAL };

struct tp_regex_run {
    const tp_mem *mem;
    pcre_mem alloc;
    pcre2_general_context *gctx;
    pcre2_match_context *mctx;
    pcre2_match_data *md;
    pcre2_jit_stack *jit_stack; /* made on the first match that runs JIT code */
    uint64_t spent;             /* steps of this evaluation beyond the free ones */
    /* the match running: its steps, the free ones, where the last callout was, what stopped it */
    uint64_t steps, free_steps;
    size_t pos;
    int stopped_by;
    cached_pattern cache[RUN_CACHE];
    unsigned next; /* the cache entry replaced next */
};

static void *pcre_alloc(PCRE2_SIZE size, void *data)
{
    pcre_mem *pm = data;
    void *p = tp_mem_alloc(pm->mem, size);
    pm->failed |= !p;
    return p;
}

static void pcre_free(void *ptr, void *data)
{
    tp_mem_free(((pcre_mem *)data)->mem, ptr);
}

static pcre2_general_context *general_context(pcre_mem *pm, const tp_mem *mem)
{
    *pm = (pcre_mem){mem, 0};
    return pcre2_general_context_create(pcre_alloc, pcre_free, pm);
}

/* Errors of pcre2_compile that are limits rather than mistakes. */
static int compile_limit(int err)
{
    return err == PCRE2_ERROR_PATTERN_TOO_LARGE || err == PCRE2_ERROR_PATTERN_TOO_COMPLICATED ||
           err == PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP ||
           err == PCRE2_ERROR_PATTERN_STRING_TOO_LONG;
}

static int compile_failed(int err, size_t offset, size_t len, size_t max_bytes, char *why,
                          size_t size)
{
    if (err == PCRE2_ERROR_HEAP_FAILED)
        return TP_ENOMEM;
    if (err == PCRE2_ERROR_PATTERN_STRING_TOO_LONG) {
        snprintf(why, size,
                 "regular expression of %zu bytes is over the limit of %zu (raise it with "
                 "--max-regex-bytes)",
                 len, max_bytes);
        return TP_ELIMIT;
    }
    PCRE2_UCHAR detail[120];
    if (pcre2_get_error_message(err, detail, sizeof detail) < 0)
        snprintf((char *)detail, sizeof detail, "error %d", err);
    if (compile_limit(err)) {
        snprintf(why, size, "%s: it compiles to more than PCRE2 can hold (lower its repeat counts)",
                 (const char *)detail);
        return TP_ELIMIT;
    }
    snprintf(why, size, "invalid regular expression: %s (at byte %zu of the pattern)",
             (const char *)detail, offset);
    return TP_EINVAL;
}

/* UTF-8 in and out (a group never ends inside a character; \C, which could, is refused); `.`
 * matches any character and `$` only the very end, as they did in the POSIX expressions before:
 * the string is one text, not lines. A callout before every item counts the steps of a match. */
#define COMPILE_OPTIONS                                                                            \
    (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_DOTALL |                \
     PCRE2_DOLLAR_ENDONLY | PCRE2_AUTO_CALLOUT)

/* Backreferences are refused: comparing a group again is work the step count cannot see. */
static int refuse_backreference(const pcre2_code *code, char *why, size_t size)
{
    uint32_t max = 0;
    pcre2_pattern_info(code, PCRE2_INFO_BACKREFMAX, &max);
    if (max == 0)
        return 0;
    snprintf(why, size,
             "backreferences (like \\%u) are not allowed in regular expressions: the time they "
             "take cannot be bounded",
             max);
    return TP_ELIMIT;
}

void tp_regex_free(tp_regex *re, const tp_mem *mem)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    tp_mem_free(mem, re);
}

int tp_regex_compile(tp_regex **out, const tp_mem *mem, const char *pattern, size_t len,
                     size_t max_bytes, unsigned flags, char *why, size_t size)
{
    *out = NULL;
    tp_regex *re = tp_mem_alloc(mem, sizeof *re);
    pcre2_general_context *gctx = re ? general_context(&re->alloc, mem) : NULL;
    pcre2_compile_context *cctx = gctx ? pcre2_compile_context_create(gctx) : NULL;
    int rc = cctx ? 0 : TP_ENOMEM;
    if (rc == 0) {
        pcre2_set_max_pattern_length(cctx, max_bytes);
        int err;
        PCRE2_SIZE offset;
        re->code = pcre2_compile((PCRE2_SPTR)pattern, len, COMPILE_OPTIONS, &err, &offset, cctx);
        if (!re->code)
            rc = compile_failed(err, offset, len, max_bytes, why, size);
        else if ((rc = refuse_backreference(re->code, why, size)) != 0)
            pcre2_code_free(re->code);
    }
    pcre2_compile_context_free(cctx);
    pcre2_general_context_free(gctx);
    if (rc) {
        tp_mem_free(mem, re);
        return rc;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    re->has_group = groups > 0;
    /* Without JIT (no executable memory, say) the interpreter runs it, within the same limits. */
    if (!(flags & TP_REGEX_CHECK) && pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) != 0 &&
        re->alloc.failed) {
        tp_regex_free(re, mem);
        return TP_ENOMEM;
    }
    *out = re;
    return 0;
}

/* Called by PCRE2 before every item of the pattern it tries: one step, plus the characters moved
 * over since the last call (a repeat that scans the string is work too). A negative return
 * stops the match. */
static int count_step(pcre2_callout_block *block, void *data)
{
    tp_regex_run *run = data;
    size_t p = block->current_position;
    run->steps += 1 + (p > run->pos ? p - run->pos : run->pos - p);
    run->pos = p;
    uint64_t over = run->steps > run->free_steps ? run->steps - run->free_steps : 0;
    if (run->steps > TP_REGEX_MATCH_STEPS)
        run->stopped_by = SPENT_MATCH;
    else if (run->spent + over > TP_REGEX_EVAL_STEPS)
        run->stopped_by = SPENT_EVAL;
    return run->stopped_by ? PCRE2_ERROR_CALLOUT : 0;
}

int tp_regex_run_new(tp_regex_run **out, const tp_mem *mem)
{
    tp_regex_run *run = tp_mem_calloc(mem, 1, sizeof *run);
    *out = NULL;
    if (!run)
        return TP_ENOMEM;
    run->mem = mem;
    run->gctx = general_context(&run->alloc, mem);
    run->mctx = run->gctx ? pcre2_match_context_create(run->gctx) : NULL;
    /* Two pairs: the whole match and the first group, all that matches() and capture() read. */
    run->md = run->mctx ? pcre2_match_data_create(2, run->gctx) : NULL;
    if (!run->md) {
        tp_regex_run_free(run);
        return TP_ENOMEM;
    }
    pcre2_set_match_limit(run->mctx, TP_REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(run->mctx, TP_REGEX_DEPTH_LIMIT);
    pcre2_set_heap_limit(run->mctx, TP_REGEX_HEAP_LIMIT_KIB);
    pcre2_set_callout(run->mctx, count_step, run);
    *out = run;
    return 0;
}

void tp_regex_run_free(tp_regex_run *run)
{
    if (!run)
        return;
    for (unsigned i = 0; i < RUN_CACHE; i++) {
        tp_regex_free(run->cache[i].re, run->mem);
        tp_mem_free(run->mem, run->cache[i].text);
    }
    pcre2_jit_stack_free(run->jit_stack);
    pcre2_match_data_free(run->md);
    pcre2_match_context_free(run->mctx);
    pcre2_general_context_free(run->gctx);
    tp_mem_free(run->mem, run);
}

int tp_regex_run_compile(tp_regex_run *run, const tp_regex **out, const char *pattern, size_t len,
                         size_t max_bytes, char *why, size_t size)
{
    for (unsigned i = 0; i < RUN_CACHE; i++) {
        const cached_pattern *c = &run->cache[i];
        if (c->re && c->len == len && memcmp(c->text, pattern, len) == 0) {
            *out = c->re;
            return 0;
        }
    }
    tp_regex *re;
    int rc = tp_regex_compile(&re, run->mem, pattern, len, max_bytes, 0, why, size);
    if (rc)
        return rc;
    char *text = tp_mem_strndup(run->mem, pattern, len);
    if (!text) {
        tp_regex_free(re, run->mem);
        return TP_ENOMEM;
    }
    cached_pattern *c = &run->cache[run->next];
    run->next = (run->next + 1) % RUN_CACHE;
    tp_regex_free(c->re, run->mem);
    tp_mem_free(run->mem, c->text);
    *c = (cached_pattern){re, text, len};
    *out = re;
    return 0;
}

/* The JIT's stack, made when a JIT-compiled pattern first runs: the default (32 KiB on the
 * machine stack) is too small for ordinary patterns over a long string. */
static int jit_stack(tp_regex_run *run, const tp_regex *re)
{
    size_t jit_size = 0;
    if (run->jit_stack || pcre2_pattern_info(re->code, PCRE2_INFO_JITSIZE, &jit_size) != 0 ||
        jit_size == 0)
        return 0;
    run->jit_stack = pcre2_jit_stack_create(32u << 10, TP_REGEX_JIT_STACK_BYTES, run->gctx);
    if (!run->jit_stack)
        return TP_ENOMEM;
    pcre2_jit_stack_assign(run->mctx, NULL, run->jit_stack);
    return 0;
}

/* The sentence for a match that was stopped (rc < 0). */
static void stopped(const tp_regex_run *run, int rc, char *why, size_t size)
{
    const char *re = "the regular expression was stopped";
    if (rc == PCRE2_ERROR_CALLOUT && run->stopped_by == SPENT_MATCH)
        snprintf(why, size, "%s after %u steps on this string (the budget of one match)", re,
                 TP_REGEX_MATCH_STEPS);
    else if (rc == PCRE2_ERROR_CALLOUT)
        snprintf(why, size,
                 "%s after its %llu free steps on this string (%u per byte): earlier matches spent "
                 "the evaluation's budget of %u more steps",
                 re, (unsigned long long)run->free_steps, TP_REGEX_FREE_STEPS_PER_BYTE,
                 TP_REGEX_EVAL_STEPS);
    else if (rc == PCRE2_ERROR_MATCHLIMIT)
        snprintf(why, size, "%s by its match limit (%u steps from one position) on this string", re,
                 TP_REGEX_MATCH_LIMIT);
    else if (rc == PCRE2_ERROR_DEPTHLIMIT)
        snprintf(why, size, "%s by its depth limit (%u nested backtracking points) on this string",
                 re, TP_REGEX_DEPTH_LIMIT);
    else if (rc == PCRE2_ERROR_HEAPLIMIT)
        snprintf(why, size, "%s by its heap limit (%u KiB) on this string", re,
                 TP_REGEX_HEAP_LIMIT_KIB);
    else if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        snprintf(why, size, "%s by its stack limit (%u KiB) on this string", re,
                 TP_REGEX_JIT_STACK_BYTES >> 10);
    else {
        PCRE2_UCHAR detail[120];
        pcre2_get_error_message(rc, detail, sizeof detail);
        snprintf(why, size, "%s by an error (%s)", re, (const char *)detail);
    }
}

int tp_regex_match(tp_regex_run *run, const tp_regex *re, const char *s, size_t len,
                   tp_regex_span *group, char *why, size_t size)
{
    int rc = jit_stack(run, re);
    if (rc)
        return rc;
    run->steps = 0;
    run->free_steps = (uint64_t)TP_REGEX_FREE_STEPS_PER_BYTE * (len + 1);
    run->pos = 0;
    run->stopped_by = SPENT_NONE;
    rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, run->md, run->mctx);
    if (run->steps > run->free_steps)
        run->spent += run->steps - run->free_steps;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_NOMEMORY)
        return TP_ENOMEM;
    if (rc < 0) {
        stopped(run, rc, why, size);
        return TP_ELIMIT;
    }
    if (group) {
        /* rc 0: the ovector was too small for every group, but the first two pairs are set. */
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(run->md);
        unsigned k = re->has_group ? 1 : 0;
        group->set =
            (rc == 0 || (unsigned)rc > k) && ov[2 * k] != PCRE2_UNSET && ov[2 * k] <= ov[2 * k + 1];
        group->start = group->set ? ov[2 * k] : 0;
        group->end = group->set ? ov[2 * k + 1] : 0;
    }
    return 1;
}
