/*
 * The cookbook of docs/language.md, run as written, so the document cannot drift from what tokpol
 * does. Each recipe (a `###` section of "## Cookbook") gets a directory of its own; its blocks are
 * taken in order: ```json NAME and ```tpol NAME are files written there, ```sh is a tokpol command
 * run there, and the ```text after it is exactly what the command prints on standard output
 * (nothing may go to standard error). Any other block fails the test: an example nobody runs
 * could be wrong. TOKPOL_UPDATE_COOKBOOK=1 rewrites the text blocks from what the commands print;
 * review the diff before committing it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

#define LANGUAGE_MD SOURCE_DIR "/docs/language.md"

/* A fenced block: its info string and its body (from after the opening line to the closing
 * fence, so it ends with a newline). */
typedef struct block {
    const char *info, *body;
    size_t info_len, body_len;
    const char *heading; /* the recipe's heading line */
    size_t heading_len;
} block;

/* The blocks of the cookbook section of md, in order. */
static size_t cookbook_blocks(const char *md, block *out, size_t max)
{
    const char *p = strstr(md, "\n## Cookbook");
    cr_assert_not_null(p, "docs/language.md has no '## Cookbook' section");
    const char *end = strstr(p + 1, "\n## ");
    if (!end)
        end = md + strlen(md);
    const char *heading = NULL;
    size_t heading_len = 0, n = 0;
    for (p++; p < end;) {
        const char *eol = strchr(p, '\n');
        if (!eol)
            eol = end;
        if (strncmp(p, "### ", 4) == 0) {
            heading = p;
            heading_len = (size_t)(eol - p);
        } else if (strncmp(p, "```", 3) == 0) {
            cr_assert_lt(n, max, "too many blocks in the cookbook");
            const char *body = eol + 1;
            const char *close = strstr(body, "\n```");
            cr_assert_not_null(close, "a block of the cookbook is not closed");
            out[n] = (block){p + 3,   body,       (size_t)(eol - p - 3), (size_t)(close + 1 - body),
                             heading, heading_len};
            cr_assert_not_null(heading, "a block of the cookbook comes before its first recipe");
            n++;
            eol = strchr(close + 1, '\n');
            if (!eol)
                eol = end;
        }
        p = eol + 1;
    }
    return n;
}

static int info_is(const block *b, const char *word)
{
    size_t n = strlen(word);
    return b->info_len >= n && strncmp(b->info, word, n) == 0 &&
           (b->info_len == n || b->info[n] == ' ');
}

/* Runs the recipes of md. Returns the document with each text block replaced by what its command
 * printed (malloc'd), for the update mode. */
static char *run_cookbook(const char *md, size_t *nrecipes)
{
    static block blocks[256];
    static run_out r;
    size_t n = cookbook_blocks(md, blocks, 256);
    size_t cap = strlen(md) * 2 + 65536, len = 0;
    char *updated = malloc(cap);
    const char *copied = md;
    char dir[512] = "";
    const char *recipe = NULL, *command = NULL;
    char files[32][128];
    size_t nfiles = 0;
    *nrecipes = 0;
    for (size_t i = 0; i <= n; i++) {
        const block *b = i < n ? &blocks[i] : NULL;
        if (!b || b->heading != recipe) { /* a new recipe: a new directory */
            for (size_t k = 0; k < nfiles; k++) {
                char path[1024];
                snprintf(path, sizeof path, "%s/%s", dir, files[k]);
                remove(path);
            }
            if (*dir)
                rmdir(dir);
            nfiles = 0;
            command = NULL;
            if (!b)
                break;
            recipe = b->heading;
            ++*nrecipes;
            const char *tmp = getenv("TMPDIR");
            snprintf(dir, sizeof dir, "%s/tokpol-cookbook-XXXXXX", tmp && *tmp ? tmp : "/tmp");
            cr_assert_not_null(mkdtemp(dir), "cannot create a directory like %s", dir);
        }
        char name[128] = "";
        const char *space = memchr(b->info, ' ', b->info_len);
        if (space)
            snprintf(name, sizeof name, "%.*s", (int)(b->info + b->info_len - space - 1),
                     space + 1);
        if ((info_is(b, "json") || info_is(b, "tpol")) && *name && !strchr(name, '/')) {
            cr_assert_lt(nfiles, 32);
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, name);
            write_file(path, b->body, b->body_len);
            snprintf(files[nfiles++], sizeof files[0], "%s", name);
        } else if (info_is(b, "sh") && !*name) {
            cr_assert(strncmp(b->body, "tokpol ", 7) == 0, "%.*s: a command is 'tokpol ...': %.*s",
                      (int)b->heading_len, b->heading, (int)b->body_len, b->body);
            command = b->body;
        } else if (info_is(b, "text") && !*name && command) {
            char args[4096];
            const char *eol = strchr(command, '\n');
            snprintf(args, sizeof args, "%.*s", (int)(eol - command - 7), command + 7);
            run_tokpol(&r, dir, TOKPOL_BIN, args);
            cr_expect_str_empty(r.err, "%.*s: tokpol %s wrote to standard error:\n%s",
                                (int)b->heading_len, b->heading, args, r.err);
            cr_expect(strlen(r.out) == b->body_len && memcmp(r.out, b->body, b->body_len) == 0,
                      "%.*s: tokpol %s printed\n%s\ninstead of\n%.*s", (int)b->heading_len,
                      b->heading, args, r.out, (int)b->body_len, b->body);
            /* The document up to this block, then the output in its place. */
            size_t before = (size_t)(b->body - copied), out_len = strlen(r.out);
            cr_assert_lt(len + before + out_len, cap);
            memcpy(updated + len, copied, before);
            memcpy(updated + len + before, r.out, out_len);
            len += before + out_len;
            copied = b->body + b->body_len;
            command = NULL;
        } else {
            cr_expect(
                0,
                "%.*s: a block the test cannot run: ```%.*s (write ```json NAME, ```tpol NAME, "
                "```sh, then ```text)",
                (int)b->heading_len, b->heading, (int)b->info_len, b->info);
        }
    }
    size_t rest = strlen(copied);
    cr_assert_lt(len + rest, cap);
    memcpy(updated + len, copied, rest + 1);
    return updated;
}

Test(cookbook, every_recipe_prints_what_the_document_shows)
{
    char *md = read_file(LANGUAGE_MD, NULL);
    cr_assert_not_null(md);
    size_t recipes;
    char *updated = run_cookbook(md, &recipes);
    cr_expect_geq(recipes, 6, "the cookbook has %zu recipes", recipes);
    const char *update = getenv("TOKPOL_UPDATE_COOKBOOK");
    if (update && *update && strcmp(updated, md) != 0)
        write_file(LANGUAGE_MD, updated, strlen(updated));
    free(updated);
    free(md);
}

/* How the test reads a document: each block with its info string and body. */
Test(cookbook, blocks_are_read_with_their_info_and_body)
{
    const char *md = "# x\n\n## Cookbook\n\n### A\n\n```tpol a.tpol\nrule A { require true }\n```"
                     "\n\n```sh\ntokpol check -p a.tpol --now 2026-11-27 x.json\n```\n\n```text\n"
                     "not what it prints\n```\n\n## After\n";
    block blocks[8];
    cr_assert_eq(cookbook_blocks(md, blocks, 8), 3);
    cr_expect(info_is(&blocks[0], "tpol") && !info_is(&blocks[0], "tp"));
    cr_expect_eq(blocks[2].body_len, strlen("not what it prints\n"));
    cr_expect(strncmp(blocks[1].body, "tokpol check", 12) == 0);
}
