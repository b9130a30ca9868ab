/* Choosing and feeding readers (engine/input/reader.h): formats by name and file name, telling
 * JSON from CSV, and reading files, pipes and standard input within their limits. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "input/reader.h"

static char dir[] = "/tmp/tp-readers-XXXXXX";

static void setup(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect_eq(system(cmd), 0);
}

TestSuite(readers, .init = setup, .fini = teardown);

static const char *put(const char *name, const char *text, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

Test(readers, formats_by_name_and_file_name)
{
    cr_expect_eq(tp_reader_named("CSV")->format, TP_INPUT_CSV);
    cr_expect_eq(tp_reader_named("json")->format, TP_INPUT_JSON);
    cr_expect_null(tp_reader_named("yaml"));
    cr_expect_eq(tp_input_format_for_path("report.CSV"), TP_INPUT_CSV);
    cr_expect_eq(tp_input_format_for_path("dir.csv/inventory.json"), TP_INPUT_JSON);
    cr_expect_eq(tp_input_format_for_path("inventory"), TP_INPUT_JSON);
    cr_expect_eq(tp_input_format_for_path(".csv"), TP_INPUT_JSON, "a hidden file, no extension");
}

Test(readers, json_and_csv_are_told_apart)
{
    cr_expect_eq(tp_input_sniff("\xEF\xBB\xBF \n [1]", 9), TP_INPUT_JSON);
    cr_expect_eq(tp_input_sniff("{\"a\": 1}", 8), TP_INPUT_JSON);
    cr_expect_eq(tp_input_sniff("user,arn\nroot,x\n", 16), TP_INPUT_CSV);
    cr_expect_eq(tp_input_sniff("\"user\",\"a,b\"\r\n", 14), TP_INPUT_CSV);
    cr_expect_eq(tp_input_sniff("\"a,b\"", 5), TP_INPUT_AUTO, "a JSON string with a comma");
    cr_expect_eq(tp_input_sniff("42", 2), TP_INPUT_AUTO);
    cr_expect_eq(tp_input_sniff("a,b\x01", 4), TP_INPUT_AUTO, "binary");
    cr_expect_eq(tp_input_sniff("", 0), TP_INPUT_AUTO);
}

Test(readers, a_file_is_read_by_the_reader_its_name_selects)
{
    tp_jdoc *doc = NULL;
    tp_input_error err;
    const char *csv = put("report.csv", "user,arn\nroot,x\n", 16);
    cr_assert_eq(tp_read_file(&doc, TP_INPUT_AUTO, csv, NULL, &err), 0, "%s", err.message);
    cr_expect_eq(doc->format, TP_INPUT_CSV);
    cr_expect_eq(tp_jdoc_root(doc)->len, 1);
    tp_jdoc_free(doc);
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_JSON, csv, NULL, &err), TP_EINPUT);
    cr_expect(strstr(err.message, "this looks like CSV, not JSON"), "%s", err.message);
    const char *json = put("inventory.json", "{\"tokens\": []}", 14);
    cr_assert_eq(tp_read_file(&doc, TP_INPUT_AUTO, json, NULL, &err), 0, "%s", err.message);
    cr_expect_eq(doc->format, TP_INPUT_JSON);
    tp_jdoc_free(doc);
}

/* Whether /proc/self/smaps gives the mapping holding p the flag `flag` ("hg": advised for huge
 * pages, "nh": never to be made of huge pages). */
static bool mapping_flag(const void *p, const char *flag)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    cr_assert_not_null(f);
    char line[512];
    bool inside = false, found = false;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
        else if (inside && strncmp(line, "VmFlags:", 8) == 0)
            found = strstr(line, flag) != NULL;
    }
    fclose(f);
    return found;
}

static size_t host_largest; /* the largest block the host was asked for */

static void *host_malloc(size_t size, void *payload)
{
    (void)payload;
    host_largest = size > host_largest ? size : host_largest;
    return malloc(size);
}

static void *host_realloc(void *p, size_t size, void *payload)
{
    (void)payload;
    host_largest = size > host_largest ? size : host_largest;
    return realloc(p, size);
}

static void host_free(void *p, void *payload)
{
    (void)payload;
    free(p);
}

/* A page fault per 4 KiB of a fresh block costs about 10 us on the virtual machines tokpol is
 * measured on, one per 2 MiB through a huge page as much: a large input's text starts on a huge
 * page, asked for as such. A host's allocator is called as it is, with the size needed. */
Test(readers, a_large_text_is_read_into_huge_pages_unless_the_host_allocates)
{
    size_t len = (size_t)5 << 20;
    char *text = malloc(len);
    cr_assert_not_null(text);
    memset(text, ' ', len);
    text[0] = '[';
    text[len - 1] = ']';
    const char *path = put("large.json", text, len);
    free(text);
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_assert_eq(tp_read_file(&doc, TP_INPUT_JSON, path, NULL, &err), 0, "%s", err.message);
    cr_expect_eq((uintptr_t)doc->buf % TP_HUGE_PAGE, 0, "the text starts on a huge page");
    tp_mem libc;
    tp_mem_init(&libc, NULL);
    char *block = tp_mem_alloc(&libc, TP_HUGE_PAGE * 2);
    cr_assert_not_null(block);
    cr_expect_eq((uintptr_t)block % TP_HUGE_PAGE, 0, "a large block starts on a huge page");
    cr_expect(mapping_flag(block, " hg"), "a large block is asked for as huge pages");
    tp_mem_free(&libc, block);
    /* Read, the text was given back to the tree in part: the kernel must not collapse it into
     * huge pages again, filling in what was given back. */
    cr_expect(mapping_flag(doc->buf + TP_HUGE_PAGE, " nh"), "the text is no longer to be huge");
    tp_jdoc_free(doc);

    tp_allocator hooks = {host_malloc, host_realloc, host_free, NULL};
    tp_mem mem;
    tp_mem_init(&mem, &hooks);
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.mem = &mem;
    cr_assert_eq(tp_read_file(&doc, TP_INPUT_JSON, path, &opts, &err), 0, "%s", err.message);
    cr_expect_eq(host_largest, len + 2, "the host is asked for the text, its NUL and a byte more");
    tp_jdoc_free(doc);
}

Test(readers, unreadable_files_are_io_errors)
{
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_AUTO, "/nonexistent/inventory.json", NULL, &err),
                 TP_EIO);
    cr_expect_str_eq(err.message, "cannot open: No such file or directory");
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_AUTO, dir, NULL, &err), TP_EIO);
    cr_expect_str_eq(err.message, "is a directory, not an input file");
    cr_expect_null(doc);
}

Test(readers, files_over_the_limits_are_not_read)
{
    tp_jdoc *doc = NULL;
    tp_input_error err;
    const char *path = put("big.json", "[1, 2, 3, 4, 5, 6, 7, 8]", 24);
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.max_bytes = 10;
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_AUTO, path, &opts, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message, "input of 24 bytes is over the limit of 10 bytes (raise it "
                                  "with --max-input-bytes)");
    tp_read_options budget = TP_READ_OPTIONS_INIT;
    budget.max_memory = 16;
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_AUTO, path, &budget, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message, "reading the input needs more than 16 bytes of memory (raise "
                                  "it with --max-memory)");
}

Test(readers, a_fifo_without_a_writer_does_not_hang)
{
    char path[128];
    snprintf(path, sizeof path, "%s/fifo.json", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_AUTO, path, NULL, &err), TP_EINPUT);
    cr_expect_str_eq(err.message, "empty input: expected a JSON value");
}

/* Writes a JSON list of *(size_t *)arg bytes to fd. */
static void write_list(int fd, void *arg)
{
    static char chunk[4096];
    memset(chunk, ' ', sizeof chunk);
    size_t left = *(size_t *)arg - 2;
    ssize_t w = write(fd, "[", 1);
    while (w >= 0 && left) {
        size_t k = left < sizeof chunk ? left : sizeof chunk;
        w = write(fd, chunk, k);
        left -= w > 0 ? (size_t)w : 0;
    }
    w = write(fd, "]", 1);
    (void)w;
}

/* Standard input fed by a child process writing `n` bytes of a JSON list. */
static pid_t feed_stdin(size_t n)
{
    static size_t size;
    size = n;
    return feed_stdin_by(write_list, &size);
}

Test(readers, standard_input_is_read_to_its_end)
{
    pid_t pid = feed_stdin(300000);
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_AUTO, "-", NULL, &err), 0, "%s", err.message);
    cr_expect_eq(doc->len, 300000);
    cr_expect_eq(tp_jdoc_root(doc)->kind, TP_J_ARR);
    tp_jdoc_free(doc);
    int status;
    waitpid(pid, &status, 0);
}

Test(readers, standard_input_over_the_limit_stops)
{
    pid_t pid = feed_stdin(300000);
    tp_read_options opts = TP_READ_OPTIONS_INIT;
    opts.max_bytes = 100000;
    tp_jdoc *doc = NULL;
    tp_input_error err;
    cr_expect_eq(tp_read_file(&doc, TP_INPUT_AUTO, "-", &opts, &err), TP_ELIMIT);
    cr_expect_str_eq(err.message,
                     "input is over the limit of 100000 bytes (raise it with --max-input-bytes)");
    close(STDIN_FILENO);
    int status;
    waitpid(pid, &status, 0);
}
