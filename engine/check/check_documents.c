/* The checker, a pack header's `document NAME { schema "PATH" format "csv" many optional root }`:
 * the exports a pack reads, each bound as NAME and described by its schema. */
#include <string.h>

#include "check/checker.h"

static const char *const document_words[] = {"schema", "format", "many", "optional", "root"};
enum { DW_SCHEMA, DW_FORMAT, DW_MANY, DW_OPTIONAL, DW_ROOT, DW_COUNT };

static int word_index(const char *word)
{
    for (int i = 0; i < DW_COUNT; i++)
        if (strcmp(document_words[i], word) == 0)
            return i;
    return -1;
}

/* Reads the block's words into *doc; each word at most once, `schema` required. */
static void check_words(tp_checker *ck, const tp_node *block, tp_checked_document *doc)
{
    const tp_node *seen[DW_COUNT] = {0};
    for (uint32_t i = 0; i + 1 < block->kids.n; i += 2) {
        const tp_node *key = block->kids.items[i], *value = block->kids.items[i + 1];
        int w = word_index(key->str);
        if (w < 0) {
            char hint[96];
            CHECK_ERR(ck, key->span, "E-UNKNOWN-CLAUSE",
                      tp_did_you_mean(hint, sizeof hint, key->str, document_words, DW_COUNT),
                      "unknown word '%s' in document %s: it holds schema \"PATH\", format "
                      "\"json\"|\"csv\", many, optional and root",
                      key->str, doc->name);
            continue;
        }
        if (seen[w]) {
            CHECK_ERR(ck, key->span, "E-DUP-CLAUSE", NULL, "'%s' is given twice in document %s",
                      key->str, doc->name);
            continue;
        }
        seen[w] = key;
        int flag = w == DW_MANY || w == DW_OPTIONAL || w == DW_ROOT;
        if (flag != (value->kind == TP_N_BOOL_LIT) || (!flag && value->kind != TP_N_STR_LIT)) {
            CHECK_ERR(ck, value->span, "E-ATTR", NULL,
                      flag ? "'%s' is a flag: write it alone" : "'%s' takes a plain string",
                      key->str);
            continue;
        }
        if (w == DW_SCHEMA)
            doc->schema = value->str;
        else if (w == DW_FORMAT && strcmp(value->str, "json") != 0 &&
                 strcmp(value->str, "csv") != 0)
            CHECK_ERR(ck, value->span, "E-ATTR", NULL,
                      "unknown format '%s': a document is \"json\" or \"csv\"", value->str);
        else if (w == DW_FORMAT)
            doc->format = value->str;
        else
            *(w == DW_MANY ? &doc->many : w == DW_OPTIONAL ? &doc->optional : &doc->root) = true;
    }
    if (!seen[DW_SCHEMA])
        CHECK_ERR(ck, block->span, "E-ATTR", "add schema \"schemas/NAME.json\"",
                  "document %s has no schema: the schema is how its files are recognized and "
                  "validated",
                  doc->name);
    if (doc->many && doc->root)
        CHECK_ERR(ck, seen[DW_ROOT]->span, "E-ATTR", NULL,
                  "document %s is both 'many' and 'root': a root document is one file", doc->name);
}

void tp_check_pack_document(tp_checker *ck, const tp_clause *cl, tp_checked_pack *pack)
{
    const tp_node *block = cl->expr;
    if (!block || block->kind != TP_N_OBJECT || !block->str) {
        CHECK_ERR(ck, cl->span, "E-ATTR", "document NAME { schema \"PATH\" many optional }",
                  "'document' takes a name and a block");
        return;
    }
    for (uint32_t i = 0; i < pack->ndocuments; i++) {
        const tp_checked_document *d = &pack->documents[i];
        if (strcmp(d->name, block->str) == 0) {
            CHECK_ERR(ck, block->span, "E-DUP-DOCUMENT", NULL,
                      "document %s is declared twice in pack %s", block->str, pack->name);
            return;
        }
    }
    uint32_t cap = pack->ndocuments; /* a few documents: grow by copying */
    tp_checked_document *docs =
        tp_arena_grow(ck->arena, pack->documents, pack->ndocuments, &cap, sizeof *docs);
    if (!docs) {
        ck->oom = 1;
        return;
    }
    pack->documents = docs;
    tp_checked_document *doc = &docs[pack->ndocuments];
    memset(doc, 0, sizeof *doc);
    doc->name = block->str;
    doc->span = block->span;
    check_words(ck, block, doc);
    for (uint32_t i = 0; doc->root && i < pack->ndocuments; i++)
        if (docs[i].root)
            CHECK_ERR(ck, doc->span, "E-ATTR", NULL,
                      "documents %s and %s are both 'root': a pack has at most one", docs[i].name,
                      doc->name);
    pack->ndocuments++;
}
