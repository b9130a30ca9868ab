/* tokpol packs: the provider packs --pack can run, each with the documents it reads (and their
 * schemas), its params with their defaults, and its rules. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "files.h"
#include "command.h"

static const cli_option options[] = {
    CLI_OPTION_HELP,
};

const cli_command cli_packs_command = {
    "packs",
    "[NAME]...",
    "list the provider packs for check --pack",
    "Lists the provider packs that tokpol check --pack NAME runs (all, or those named): the\n"
    "documents each reads with their schemas, its params with their defaults (override them\n"
    "with --param NAME=VALUE) and its rules. Packs are the directories of $TOKPOL_PACKS, else\n"
    "of share/tokpol/packs beside the tokpol binary.\n\n",
    options,
    sizeof options / sizeof options[0],
    "Exit codes: 0 listed, 2 usage (no such pack), 3 a pack does not compile.\n",
    cli_packs,
    CLI_COMPLETE_NONE,
    NULL,
    0,
};

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void print_plan(const tp_plan *plan)
{
    for (size_t i = 0; i < tp_plan_pack_count(plan); i++) {
        const tp_pack_info *pk = tp_plan_pack(plan, i);
        printf("  pack %s %s: %s (%s)\n", pk->name, pk->version ? pk->version : "",
               pk->title ? pk->title : "", pk->file);
    }
    puts("  documents:");
    for (size_t i = 0; i < tp_plan_document_count(plan); i++) {
        const tp_pack_document *d = tp_plan_document(plan, i);
        printf("    %-18s %s%s%s%s%s%s\n", d->root ? "(root)" : d->name,
               d->schema ? d->schema : "?", d->format ? " format " : "", d->format ? d->format : "",
               d->many ? " many" : "", d->optional ? " optional" : "", d->root ? " root" : "");
    }
    puts("  params:");
    for (size_t i = 0; i < tp_plan_param_count(plan); i++) {
        const tp_param_info *p = tp_plan_param(plan, i);
        printf("    %-18s = %s\n", p->name, p->value);
    }
    puts("  rules:");
    for (size_t i = 0; i < tp_plan_rule_count(plan); i++) {
        tp_rule_info r;
        tp_plan_rule(&r, plan, i);
        printf("    %-18s %-8s %s\n", r.id, tp_severity_name(r.severity), r.title);
    }
}

/* Compiles pack `name` the way check --pack loads it and prints it; 0 or an exit code. */
static int show_pack(const char *name)
{
    check_opts o;
    memset(&o, 0, sizeof o);
    cli_policy_opts_init(&o.pol);
    int code = check_add_pack(&o, name) ? EXIT_USAGE : 0;
    tp_plan *plan = NULL;
    if (code == 0)
        code = cli_compile(&plan, &o.pol);
    if (code == 0) {
        const char *file = o.packs[o.npacks - 1]; /* DIR/NAME.tpol: the pack's directory */
        const char *slash = strrchr(file, '/');
        printf("%s (%.*s)\n", name, slash ? (int)(slash - file) : (int)strlen(file), file);
        print_plan(plan);
    }
    tp_plan_free(plan);
    cli_policy_opts_free(&o.pol);
    check_free_packs(&o);
    return code;
}

int cli_packs(int argc, char **argv)
{
    struct option longs[CLI_MAX_OPTIONS + 1];
    char shorts[3 * CLI_MAX_OPTIONS + 2];
    cli_getopt_table(&cli_packs_command, longs, shorts);
    int c;
    while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == 'h') {
            cli_print_help(&cli_packs_command, stdout);
            return EXIT_PASS;
        }
        return cli_bad_option(&cli_packs_command, c, argv);
    }
    argc -= optind - 1; /* the names, as argv[1..] */
    argv += optind - 1;
    int code = 0;
    for (int i = 1; i < argc; i++) {
        int rc = show_pack(argv[i]);
        code = code ? code : rc;
    }
    if (argc > 1)
        return code;
    char root[PATH_MAX];
    cli_files packs = {0};
    if (check_packs_root(root, sizeof root) != 0 || cli_files_list(&packs, root, is_dir) != 0) {
        cli_files_free(&packs);
        return cli_usage_error("no packs: %s is not a directory (set TOKPOL_PACKS)",
                               check_packs_root(root, sizeof root) == 0 ? root
                                                                        : "share/tokpol/packs");
    }
    for (size_t i = 0; i < packs.n; i++) {
        int rc = show_pack(strrchr(packs.paths[i], '/') + 1);
        code = code ? code : rc;
    }
    cli_files_free(&packs);
    return code;
}
