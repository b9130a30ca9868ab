/* The result of evaluations: findings with their strings, per-input counts. The evaluator
 * records into it only through these functions; report writers read it. */
#ifndef TP_RESULT_H
#define TP_RESULT_H

#include "base/arena.h"
#include "base/severity.h"
#include "plan/plan.h"
#include "tokpol.h"

/* rule_checked value of a rule the filters left out of an input's evaluation. */
#define TP_RULE_NOT_RUN SIZE_MAX

/* Finding statuses, for arrays indexed by tp_finding_status. */
#define TP_FINDING_STATUS_COUNT (TP_FINDING_BASELINE + 1)

typedef struct tp_input_entry {
    const char *name;
    size_t checked;
    size_t *rule_checked; /* per plan rule: subjects it checked in this input, or TP_RULE_NOT_RUN */
    size_t counts[TP_FINDING_STATUS_COUNT][TP_SEVERITY_COUNT]; /* every finding, kept or not */
    size_t (*rule_counts)[TP_FINDING_STATUS_COUNT]; /* per plan rule: its findings, by status */
    size_t *rule_kept; /* per plan rule: its findings kept (max_findings_per_rule) */
    int64_t *rule_us;  /* per plan rule: how long it ran on this input, in microseconds */
    int64_t us;        /* how long the whole input took */
    const char *about; /* what it is about (its pack's `about`), or NULL */
    size_t threads;    /* that evaluated it (rule_shares.c) */
} tp_input_entry;

/* Diagnostic sources, for arrays indexed by tp_diag_source. */
#define TP_DIAG_SOURCE_COUNT (TP_DIAG_SOURCE_SELECTION + 1)

struct tp_result {
    tp_mem mem;
    tp_arena arena; /* input names and per-input tables */
    tp_result_options opts;
    const tp_plan *plan; /* of every evaluation; NULL before the first */
    int64_t now;         /* the clock of every evaluation */
    tp_finding *findings;
    size_t n, cap;
    tp_arena strings;      /* the strings of kept findings; compacted when max_findings evicts */
    size_t *finding_input; /* per kept finding: its input, while max_findings may evict it */
    size_t ncap_input;
    tp_finding cutoff; /* with max_findings, once full: the best finding still kept */
    size_t cutoff_input;
    int has_cutoff;
    tp_input_entry *inputs;
    size_t ninputs, cap_inputs;
    size_t input_first; /* the first finding of the current input */
    int input_sorted;   /* ... and they are in report order (merged shares, nothing kept since) */
    tp_arena scratch;   /* strings of findings that are streamed and not kept */
    uint8_t *rule_ran;  /* per plan rule: some evaluation ran it */
    size_t rules_run;   /* how many did */
    size_t failed, failing, waived, errors, baseline, dropped;
    size_t incomplete;    /* evaluations that stopped before every rule ran (tp_evaluate failed) */
    const char *other_id; /* the id of findings that are no plan rule's (waiver.*) ... */
    size_t other_id_kept; /* ... and how many with it in a row were kept */
    size_t running;       /* the plan rule now running: its subjects are counted */
    int64_t run_started;  /* when it started (monotonic microseconds), or when the input did */
    tp_run_diag *diags;   /* what went wrong around the evaluation (result_diags.c) */
    size_t ndiags, cap_diags;
    size_t diag_errors[TP_DIAG_SOURCE_COUNT]; /* error diagnostics by source */
    size_t diags_left_out;                    /* found but not recorded (--max-errors) */
    int64_t started; /* when the result was created: the time of a run that evaluated nothing */
    uint8_t *baseline_seen; /* per baseline finding: found again (1), or listed as fixed (2) */
    size_t *fixed;          /* baseline findings fixed, by index */
    size_t nfixed, cap_fixed;
    struct tp_coverage *coverage; /* per rule clause: what subjects reached it (coverage.c) */
};

/* Binds the result to `plan` (the plan of every evaluation into it): 0, or TP_EINVAL when it is
 * bound to another; TP_ENOMEM. */
int tp_result_bind_plan(tp_result *r, const tp_plan *plan);

/* Opens the next input section, named `name`, of an evaluation of `plan` at clock `now`;
 * findings recorded after belong to it. Every evaluation into one result has the same plan and
 * clock: TP_EINVAL otherwise. */
int tp_result_begin_input(tp_result *r, const tp_plan *plan, int64_t now, const char *name);

/* Rule i of the plan runs in the current evaluation (it passed the rule filters): the subjects
 * counted next are its own. */
void tp_result_rule_runs(tp_result *r, size_t i);
/* Rule i, which began to run in this evaluation, runs again (rules take turns over blocks of
 * subjects): what is counted and timed next is its own. */
void tp_result_rule_resumes(tp_result *r, size_t i);

/* What the current input is about (copied): its pack's `about`. 0 or TP_ENOMEM. */
int tp_result_set_about(tp_result *r, const char *about);

/* One more subject of the running rule in the current input was decided or failed to decide. */
void tp_result_count_checked(tp_result *r);

/* Records a finding of the current input from a draft that says everything about it but its
 * input and fingerprint (rule, title, severity, status, subject, pointer, message, remediation,
 * policy location, waiver, input location): counts it, marks it known from the baseline, hands
 * it to the streaming callback and keeps it unless the options say not to. Strings are copied,
 * except the rule's id and title, which live as long as the plan (or are static). TP_ECANCELED
 * when the callback asks to stop.
 * The draft's subject, pointer, message, remediation and evidence values are text as shown:
 * masked already (rules.c renders them through tp_value_render; waivers.c masks its own), so
 * the report writers escape them without scanning them again (tp_escape_json_shown). */
int tp_result_record(tp_result *r, const tp_finding *draft);

/* The current input's evaluation stopped before every rule ran (out of memory, a limit, the
 * callback): the result cannot pass. */
void tp_result_mark_incomplete(tp_result *r);

/* Sorts the findings of the current input worst first, and leaves at most max_findings kept. */
int tp_result_end_input(tp_result *r);

/* The end of a share's evaluation (rule_shares.c): its rules' timing closed, its findings in
 * report order, at most max_findings kept. 0 or TP_ENOMEM. */
int tp_result_end_share(tp_result *r);
/* Adds the shares' results from[0, n) (each one input, evaluated over other subjects of the same
 * plan, at the same clock, with the same options) to the current input of `into`, which has no
 * finding yet: their findings merged in report order (on a tie, the earlier share's first: the
 * shares of a list's ranges come in list order), counts, coverage, baseline marks and timings;
 * the shares are left empty. Merging moves the findings merged before each share's once more:
 * small shares first move the least. 0, TP_EINVAL, or TP_ENOMEM (no finding moved). */
int tp_result_merge_shares(tp_result *into, tp_result *const *from, size_t n);

/* The order of reports: negative when a comes first. Findings that need action before those
 * accepted (baseline, then waived); then the more severe; an error before a failure of the same
 * severity; then rule id, subject and pointer. */
int tp_finding_compare(const tp_finding *a, const tp_finding *b);
/* Sorts f[0, n) in tp_finding_compare's order (equal findings keep theirs); 0 or TP_ENOMEM (f
 * unsorted). */
int tp_findings_sort(const tp_mem *mem, tp_finding *f, size_t n);

/* result_keep.c: whether a finding of input `input` (the current one) would be kept with
 * max_findings; puts a kept one at the end of the findings, its strings copied into the
 * result's string arena (evicting the least bad finding when there are too many). */
int tp_result_would_keep(const tp_result *r, const tp_finding *f);
int tp_result_keep(tp_result *r, const tp_finding *f, const tp_finding **kept);
/* Keeps at most max_findings, the worst, ordered by input and then worst first. */
int tp_result_prune(tp_result *r, size_t limit);
/* Copies f's strings into arena a, except a remediation that is the string `borrowed` (a rule's
 * fixed one, which lives as long as the plan; NULL: none); 0 or TP_ENOMEM. */
int tp_finding_copy(tp_finding *dst, tp_arena *a, const tp_finding *f, const char *borrowed);

#endif
