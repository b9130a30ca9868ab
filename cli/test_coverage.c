/* tokpol test --coverage: what the cases exercised of the rules under test, summed over every
 * case, and what they did not: rules that checked no subject, lets never evaluated, wheres that
 * never kept or never dropped a subject, assertions that never passed or never failed. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define RULE_ITSELF ((size_t)-1)

typedef struct entry {
    char *file, *rule, *name; /* name: a let's */
    size_t clause;            /* RULE_ITSELF for the rule's own entry */
    tp_rule_clause_kind kind;
    unsigned line, column;
    size_t reached, held, failed; /* for the rule's entry: reached is subjects checked */
} entry;

struct test_coverage {
    entry *items;
    size_t n, cap;
};

test_coverage *test_coverage_new(void)
{
    return calloc(1, sizeof(test_coverage));
}

void test_coverage_free(test_coverage *cov)
{
    if (!cov)
        return;
    for (size_t i = 0; i < cov->n; i++) {
        free(cov->items[i].file);
        free(cov->items[i].rule);
        free(cov->items[i].name);
    }
    free(cov->items);
    free(cov);
}

/* The entry of (file, rule, clause), made when new; NULL when out of memory. */
static entry *entry_of(test_coverage *cov, const char *file, const char *rule, size_t clause)
{
    for (size_t i = 0; i < cov->n; i++) {
        entry *e = &cov->items[i];
        if (e->clause == clause && strcmp(e->rule, rule) == 0 && strcmp(e->file, file) == 0)
            return e;
    }
    if (cov->n == cov->cap) {
        size_t cap = cov->cap ? 2 * cov->cap : 64;
        entry *p = realloc(cov->items, cap * sizeof *p);
        if (!p)
            return NULL;
        cov->items = p;
        cov->cap = cap;
    }
    entry *e = &cov->items[cov->n];
    memset(e, 0, sizeof *e);
    e->file = strdup(file);
    e->rule = strdup(rule);
    e->clause = clause;
    if (!e->file || !e->rule) {
        free(e->file);
        free(e->rule);
        return NULL;
    }
    cov->n++;
    return e;
}

void test_coverage_add(test_coverage *cov, const tp_plan *plan, const tp_result *res)
{
    for (size_t r = 0; r < tp_plan_rule_count(plan); r++) {
        tp_rule_info info;
        if (tp_plan_rule(&info, plan, r) != 0)
            continue;
        entry *e = entry_of(cov, info.file, info.id, RULE_ITSELF);
        size_t checked = 0;
        if (!e)
            return;
        e->line = info.line;
        e->column = info.column;
        for (size_t in = 0; in < tp_result_input_count(res); in++)
            if (tp_result_rule_checked(&checked, res, in, r))
                e->reached += checked;
        for (size_t k = 0; k < tp_plan_rule_clause_count(plan, r); k++) {
            tp_clause_coverage cc;
            if (tp_result_clause_coverage(&cc, res, r, k) != 0 ||
                !(e = entry_of(cov, info.file, info.id, k)))
                continue;
            e->kind = cc.kind;
            e->line = cc.line;
            e->column = cc.column;
            if (cc.name && !e->name)
                e->name = strdup(cc.name);
            e->reached += cc.reached;
            e->held += cc.held;
            e->failed += cc.failed;
        }
    }
}

static int by_place(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->column < y->column ? -1 : x->column > y->column;
}

/* What an entry's cases never did, or NULL when they did all of it. */
static const char *missing(const entry *e)
{
    if (e->clause == RULE_ITSELF)
        return e->reached ? NULL : "no case checked a subject with it";
    if (!e->reached)
        return "never evaluated";
    switch (e->kind) {
    case TP_CLAUSE_LET:
        return NULL;
    case TP_CLAUSE_WHERE:
        return !e->held ? "never kept a subject" : !e->failed ? "never dropped a subject" : NULL;
    case TP_CLAUSE_REQUIRE:
        return !e->held ? "never passed" : !e->failed ? "never failed" : NULL;
    case TP_CLAUSE_DENY:
        return !e->failed ? "never passed" : !e->held ? "never failed" : NULL;
    }
    return NULL;
}

/* Whether e's rule checked a subject in some case. */
static int rule_checked(const test_coverage *cov, const entry *e)
{
    for (size_t k = 0; k < cov->n; k++) {
        const entry *r = &cov->items[k];
        if (r->clause == RULE_ITSELF && strcmp(r->rule, e->rule) == 0 &&
            strcmp(r->file, e->file) == 0)
            return r->reached > 0;
    }
    return 0;
}

static const char *kind_name(const entry *e)
{
    static const char *const names[] = {"let", "where", "require", "deny"};
    return e->clause == RULE_ITSELF ? "rule" : names[e->kind];
}

size_t test_coverage_print(const test_coverage *cov, FILE *out)
{
    if (cov->n)
        qsort(cov->items, cov->n, sizeof *cov->items, by_place);
    size_t rules = 0, rules_hit = 0, clauses = 0, clauses_hit = 0, gaps = 0;
    for (size_t i = 0; i < cov->n; i++) {
        const entry *e = &cov->items[i];
        int hit = missing(e) == NULL;
        if (e->clause == RULE_ITSELF) {
            rules++;
            rules_hit += hit;
        } else {
            clauses++;
            clauses_hit += hit;
        }
    }
    fprintf(out, "coverage: %zu of %zu rules checked a subject, %zu of %zu clauses exercised\n",
            rules_hit, rules, clauses_hit, clauses);
    for (size_t i = 0; i < cov->n; i++) {
        const entry *e = &cov->items[i];
        const char *why = missing(e);
        /* A rule that checked nothing says so once, not again for each clause it never reached. */
        if (!why || (e->clause != RULE_ITSELF && !e->reached && !rule_checked(cov, e)))
            continue;
        gaps++;
        /* A rule id, a let's name or a file name may have a credential's shape. */
        cli_fprintf(out, "  %s:%u:%u: %s %s%s%s: %s\n", e->file, e->line, e->column, e->rule,
                    kind_name(e), e->name ? " " : "", e->name ? e->name : "", why);
    }
    return gaps;
}
