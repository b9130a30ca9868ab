/* Which findings a result keeps, and in which order: all of them, worst first within an input;
 * or, with max_findings, the worst of all, evicting the least bad as worse ones come, with their
 * strings compacted so that memory stays bounded by the limit, not by the findings. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval/result.h"
#include "plan/plan.h"

/* Findings that need action first, then those known from the baseline, then the waived. */
static int status_rank(tp_finding_status s)
{
    return s == TP_FINDING_WAIVED ? 2 : s == TP_FINDING_BASELINE ? 1 : 0;
}

int tp_finding_compare(const tp_finding *a, const tp_finding *b)
{
    int c = status_rank(a->status) - status_rank(b->status);
    if (c)
        return c;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    c = (a->status != TP_FINDING_ERROR) - (b->status != TP_FINDING_ERROR);
    if (c)
        return c;
    /* The same rule's findings share its id: most comparisons of a sort are within a rule. */
    if (a->rule != b->rule && (c = strcmp(a->rule, b->rule)) != 0)
        return c;
    if ((c = strcmp(a->subject, b->subject)) != 0)
        return c;
    return strcmp(a->pointer, b->pointer);
}

/* A finding's place in tp_finding_compare's order as far as numbers tell it: its status,
 * severity and rule (the rank of its id among the ids sorted) in key[0], the first 16 bytes of
 * its subject, big-endian, in key[1] and key[2]; equal keys leave the rest to the comparison. A
 * sort of 200,000 findings compares keys in the cache instead of strings across the arena. */
typedef struct sort_ref {
    uint64_t key[3];
    tp_finding *f;
} sort_ref;

/* The most distinct rule ids the keys rank; past them the sort compares findings. */
enum { SORT_RULES_MAX = 256 };

/* Whether a goes before b: the keys in the cache, the findings only when the keys tie, and
 * equal findings in the order they were recorded. */
static inline bool ref_before(const sort_ref *a, const sort_ref *b)
{
    for (int i = 0; i < 3; i++)
        if (a->key[i] != b->key[i])
            return a->key[i] < b->key[i];
    int c = tp_finding_compare(a->f, b->f);
    return c ? c < 0 : a->f < b->f;
}

/* Runs this long are sorted by insertion before they are merged. */
#define SORT_RUN 16

/* Sorts refs[0, n) (tmp: room for n more) by ref_before: runs by insertion, then merges of runs
 * twice as long each pass, from one array to the other. qsort would call a comparison through a
 * pointer for each of the 4 million comparisons of 200,000 findings. */
static void sort_refs(sort_ref *refs, sort_ref *tmp, size_t n)
{
    for (size_t lo = 0; lo < n; lo += SORT_RUN) {
        size_t hi = lo + SORT_RUN < n ? lo + SORT_RUN : n;
        for (size_t i = lo + 1; i < hi; i++) {
            sort_ref x = refs[i];
            size_t j = i;
            for (; j > lo && ref_before(&x, &refs[j - 1]); j--)
                refs[j] = refs[j - 1];
            refs[j] = x;
        }
    }
    sort_ref *from = refs, *to = tmp;
    for (size_t width = SORT_RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n,
                   hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = ref_before(&from[j], &from[i]) ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        sort_ref *t = from;
        from = to;
        to = t;
    }
    if (from != refs)
        memcpy(refs, from, n * sizeof *refs);
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first 8 bytes of s from byte `from` on (0 after its end), big-endian: as strcmp orders. */
static uint64_t prefix8(const char *s, size_t len, size_t from)
{
    uint64_t k = 0;
    for (size_t i = from; i < from + 8; i++)
        k = k << 8 | (i < len ? (unsigned char)s[i] : 0);
    return k;
}

/* The rule ids of findings, as distinct pointers, and each one's rank in strcmp order (ids
 * copied apart, equal strings, share one). */
typedef struct rule_ranks {
    const char *ids[SORT_RULES_MAX];
    size_t rank[SORT_RULES_MAX];
    size_t n;
} rule_ranks;

/* Ranks the rule ids of f[0, n); false when the keys cannot order these findings: more distinct
 * ids than they rank, or a severity out of range. */
static bool rank_rules(const tp_finding *f, size_t n, rule_ranks *rr)
{
    rr->n = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)f[i].severity > TP_SEVERITY_CRITICAL)
            return false;
        if (i && f[i].rule == f[i - 1].rule)
            continue;
        size_t k = 0;
        while (k < rr->n && rr->ids[k] != f[i].rule)
            k++;
        if (k == rr->n && rr->n++ == SORT_RULES_MAX)
            return false;
        rr->ids[k] = f[i].rule;
    }
    qsort(rr->ids, rr->n, sizeof *rr->ids, compare_ids);
    for (size_t k = 0; k < rr->n; k++)
        rr->rank[k] = k && strcmp(rr->ids[k - 1], rr->ids[k]) == 0 ? rr->rank[k - 1] : k;
    return true;
}

static size_t rank_of(const rule_ranks *rr, const char *rule)
{
    size_t k = 0;
    while (rr->ids[k] != rule)
        k++;
    return rr->rank[k];
}

static sort_ref make_ref(tp_finding *f, size_t rule_rank)
{
    size_t len = strnlen(f->subject, 16);
    return (sort_ref){{(uint64_t)status_rank(f->status) << 62 |
                           (uint64_t)(TP_SEVERITY_CRITICAL - f->severity) << 48 |
                           (uint64_t)(f->status != TP_FINDING_ERROR) << 40 | (uint64_t)rule_rank,
                       prefix8(f->subject, len, 0), prefix8(f->subject, len, 8)},
                      f};
}

int tp_findings_sort(const tp_mem *mem, tp_finding *f, size_t n)
{
    rule_ranks rr;
    bool keyed = rank_rules(f, n, &rr);
    sort_ref *refs = tp_mem_alloc(mem, (n ? 2 * n : 1) * sizeof *refs);
    if (!refs)
        return TP_ENOMEM;
    size_t rank = 0; /* of the rule of the findings in a row: a rule records in runs */
    for (size_t i = 0; i < n; i++) {
        if (!keyed) {
            refs[i] = (sort_ref){{0, 0, 0}, &f[i]}; /* the comparison decides alone */
            continue;
        }
        if (!i || f[i].rule != f[i - 1].rule)
            rank = rank_of(&rr, f[i].rule);
        refs[i] = make_ref(&f[i], rank);
    }
    sort_refs(refs, refs + n, n);
    /* Place i takes the finding at refs[i].f, cycle by cycle, each finding (some 170 bytes) moved
     * once; a place is done when it points at itself. */
    for (size_t i = 0; i < n; i++) {
        if (refs[i].f == &f[i])
            continue;
        tp_finding first = f[i];
        size_t j = i;
        for (;;) {
            size_t k = (size_t)(refs[j].f - f);
            refs[j].f = &f[j];
            if (k == i) {
                f[j] = first;
                break;
            }
            f[j] = f[k];
            j = k;
        }
    }
    tp_mem_free(mem, refs);
    return 0;
}

/* Which of two findings max_findings keeps first: the worse, then the one of the earlier input. */
static int compare_kept(const tp_finding *a, size_t ia, const tp_finding *b, size_t ib)
{
    int c = tp_finding_compare(a, b);
    return c ? c : ia < ib ? -1 : ia > ib;
}

/* The bytes a copy of s takes, its NUL included; 0 for no string. */
static size_t room_of(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* s copied at *at, which moves past the copy; NULL stays NULL. */
static const char *put(char **at, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *copy = memcpy(*at, s, n);
    *at += n;
    return copy;
}

int tp_finding_copy(tp_finding *dst, tp_arena *a, const tp_finding *f, const char *borrowed)
{
    /* One block per finding, its evidence entries first (aligned), then its strings: a result
     * of 200,000 findings makes 200,000 allocations, not 2 million. */
    const char *remediation = f->remediation != borrowed ? f->remediation : NULL;
    size_t entries = f->nevidence * sizeof(tp_evidence);
    size_t size = entries + room_of(f->subject) + room_of(f->pointer) + room_of(f->message) +
                  room_of(remediation) + room_of(f->fingerprint) + room_of(f->input_file);
    for (size_t i = 0; i < f->nevidence; i++)
        size += room_of(f->evidence[i].name) + room_of(f->evidence[i].value);
    char *block = tp_arena_alloc(a, size ? size : 1);
    if (!block)
        return TP_ENOMEM;
    tp_evidence *ev = (tp_evidence *)(void *)block;
    char *at = block + entries;
    *dst = *f;
    dst->subject = put(&at, f->subject);
    dst->pointer = put(&at, f->pointer);
    dst->message = put(&at, f->message);
    if (remediation)
        dst->remediation = put(&at, remediation);
    dst->fingerprint = put(&at, f->fingerprint);
    dst->input_file = put(&at, f->input_file);
    for (size_t i = 0; i < f->nevidence; i++) {
        ev[i] = f->evidence[i];
        ev[i].name = put(&at, f->evidence[i].name);
        ev[i].value = put(&at, f->evidence[i].value);
    }
    dst->evidence = f->nevidence ? ev : NULL;
    return 0;
}

int tp_result_would_keep(const tp_result *r, const tp_finding *f)
{
    return !r->has_cutoff || compare_kept(f, r->ninputs - 1, &r->cutoff, r->cutoff_input) < 0;
}

/* A kept finding and its input, sorted together. */
typedef struct ranked {
    tp_finding f;
    size_t input;
} ranked;

static int by_rank(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    return compare_kept(&a->f, a->input, &b->f, b->input);
}

static int by_input(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->input != b->input)
        return a->input < b->input ? -1 : 1;
    return tp_finding_compare(&a->f, &b->f);
}

/* The n first of `all`, with their strings copied into a new string arena that replaces the
 * result's; the findings are untouched when memory runs out. */
static int compact(tp_result *r, ranked *all, size_t n)
{
    tp_arena fresh;
    tp_arena_init(&fresh, &r->mem);
    for (size_t i = 0; i < n; i++)
        if (tp_finding_copy(&all[i].f, &fresh, &all[i].f, NULL) != 0) {
            tp_arena_free(&fresh);
            return TP_ENOMEM;
        }
    tp_arena_free(&r->strings);
    r->strings = fresh;
    return 0;
}

int tp_result_prune(tp_result *r, size_t limit)
{
    size_t n = r->n;
    if (n <= limit)
        return 0;
    ranked *all = tp_mem_alloc(&r->mem, n * sizeof *all);
    if (!all)
        return TP_ENOMEM;
    for (size_t i = 0; i < n; i++)
        all[i] = (ranked){r->findings[i], r->finding_input[i]};
    qsort(all, n, sizeof *all, by_rank);
    int rc = compact(r, all, limit);
    if (rc == 0) {
        r->dropped += n - limit;
        r->cutoff = all[limit - 1].f;
        r->cutoff_input = all[limit - 1].input;
        r->has_cutoff = 1;
        qsort(all, limit, sizeof *all, by_input);
        r->n = limit;
        r->input_first = limit;
        for (size_t i = 0; i < limit; i++) {
            r->findings[i] = all[i].f;
            r->finding_input[i] = all[i].input;
            if (all[i].input == r->ninputs - 1 && r->input_first == limit)
                r->input_first = i;
        }
    }
    tp_mem_free(&r->mem, all);
    return rc;
}

int tp_result_keep(tp_result *r, const tp_finding *f, const tp_finding **kept)
{
    size_t max = r->opts.max_findings;
    *kept = NULL;
    /* Room for twice the limit: pruning then costs O(1) per finding, amortized. */
    if (max && r->n >= 2 * max) {
        int rc = tp_result_prune(r, max);
        if (rc)
            return rc;
        if (!tp_result_would_keep(r, f))
            return 0;
    }
    void *items = r->findings;
    if (tp_mem_grow(&r->mem, &items, &r->cap, r->n + 1, sizeof *r->findings))
        return TP_ENOMEM;
    r->findings = items;
    if (max) {
        items = r->finding_input;
        if (tp_mem_grow(&r->mem, &items, &r->ncap_input, r->n + 1, sizeof *r->finding_input))
            return TP_ENOMEM;
        r->finding_input = items;
        r->finding_input[r->n] = r->ninputs - 1;
    }
    /* A rule's fixed remediation lives as long as the plan, which outlives the result. */
    const char *fixed = r->running != SIZE_MAX ? r->plan->rules[r->running].info.remediation : NULL;
    if (tp_finding_copy(&r->findings[r->n], &r->strings, f, fixed) != 0)
        return TP_ENOMEM;
    *kept = &r->findings[r->n++];
    r->input_sorted = 0;
    return 0;
}
