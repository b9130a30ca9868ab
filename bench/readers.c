/* Benchmark driver: reads one inventory the way MODE says and exits; bench/readers.sh times it
 * next to bench/cjson_parse (cJSON alone, the floor a hand-written program pays).
 *   document     tp_document_load: the public loader (the reader, its options and its name)
 *   reader       tp_read_file: the one-pass reader of engine/input
 *   reader-4k    the same through a host allocator (plain malloc), which gets no huge pages */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "input/reader.h"
#include "tokpol.h"

static int document(const char *path)
{
    tp_document_options opts = TP_DOCUMENT_OPTIONS_INIT;
    opts.max_bytes = (size_t)4000 << 20;
    tp_document *doc = NULL;
    tp_input_error err;
    int rc = tp_document_load(&doc, path, &opts, &err);
    if (rc)
        fprintf(stderr, "%s:%u:%u: %s\n", path, err.line, err.column, err.message);
    tp_document_free(doc);
    return rc ? 1 : 0;
}

static void *plain_malloc(size_t size, void *payload)
{
    (void)payload;
    return malloc(size);
}

static int reader(const char *path, int host_allocator)
{
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.max_bytes = TP_READ_HARD_MAX_BYTES;
    tp_allocator hooks = {plain_malloc, NULL, NULL, NULL};
    tp_mem mem;
    tp_mem_init(&mem, &hooks);
    if (host_allocator)
        opts.mem = &mem;
    tp_jdoc *doc = NULL;
    tp_input_error err;
    int rc = tp_read_file(&doc, TP_INPUT_AUTO, path, &opts, &err);
    if (rc)
        fprintf(stderr, "%s:%u:%u: %s\n", path, err.line, err.column, err.message);
    else if (getenv("READERS_VERBOSE"))
        fprintf(stderr, "text %zu bytes, held %zu, peak %zu\n", doc->len, tp_jdoc_memory(doc),
                doc->chunks.count.peak);
    tp_jdoc_free(doc);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: readers document|reader|reader-4k FILE\n");
        return 2;
    }
    if (strcmp(argv[1], "document") == 0)
        return document(argv[2]);
    if (strcmp(argv[1], "reader") == 0)
        return reader(argv[2], 0);
    if (strcmp(argv[1], "reader-4k") == 0)
        return reader(argv[2], 1);
    return 2;
}
