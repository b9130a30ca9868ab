#include "input/reader.h"

#include <stdio.h>
#include <strings.h>

static const tp_reader readers[] = {
    {TP_INPUT_JSON, "json", ".json", tp_json_read},
    {TP_INPUT_CSV, "csv", ".csv", tp_csv_read},
};

#define NREADERS (sizeof readers / sizeof readers[0])

const tp_reader *tp_reader_for(tp_input_format format)
{
    for (size_t i = 0; i < NREADERS; i++)
        if (readers[i].format == format)
            return &readers[i];
    return NULL;
}

const tp_reader *tp_reader_named(const char *name)
{
    for (size_t i = 0; i < NREADERS; i++)
        if (strcasecmp(readers[i].name, name) == 0)
            return &readers[i];
    return NULL;
}

tp_input_format tp_input_format_for_path(const char *path)
{
    size_t n = strlen(path);
    for (size_t i = 0; i < NREADERS; i++) {
        size_t e = strlen(readers[i].extension);
        if (n > e && strcasecmp(path + n - e, readers[i].extension) == 0)
            return readers[i].format;
    }
    return TP_INPUT_JSON;
}

int tp_read_text(tp_jdoc **out, tp_input_format format, char *buf, size_t len,
                 const tp_read_options *opts, tp_input_error *err)
{
    tp_mem fallback;
    tp_read_limits lim;
    tp_read_limits_get(&lim, opts, &fallback);
    *out = NULL;
    if (len > lim.max_bytes) {
        tp_mem_free(lim.mem, buf);
        return tp_read_fail(NULL, err, TP_ELIMIT, 0,
                            "input of %zu bytes is over the limit of %zu bytes (raise it with "
                            "--max-input-bytes)",
                            len, lim.max_bytes);
    }
    const tp_reader *r = tp_reader_for(format == TP_INPUT_AUTO ? TP_INPUT_JSON : format);
    if (!r) {
        tp_mem_free(lim.mem, buf);
        return TP_EINVAL;
    }
    /* The reader must see the caller's allocator, which tp_read_limits_get may have made up. */
    tp_read_options o = opts ? *opts : (tp_read_options)TP_READ_OPTIONS_INIT;
    o.mem = lim.mem;
    return r->read(out, buf, len, &o, err);
}

int tp_read_memory(tp_jdoc **out, tp_input_format format, const char *data, size_t len,
                   const tp_read_options *opts, tp_input_error *err)
{
    tp_mem fallback;
    tp_read_limits lim;
    tp_read_limits_get(&lim, opts, &fallback);
    *out = NULL;
    if (!data && len)
        return TP_EINVAL;
    if (len > lim.max_bytes)
        return tp_read_text(out, format, NULL, len, opts, err);
    char *buf = tp_mem_alloc(lim.mem, len + 1);
    if (!buf)
        return TP_ENOMEM;
    if (len)
        memcpy(buf, data, len);
    buf[len] = '\0';
    tp_read_options o = opts ? *opts : (tp_read_options)TP_READ_OPTIONS_INIT;
    o.mem = lim.mem;
    return tp_read_text(out, format, buf, len, &o, err);
}
