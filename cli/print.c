/* What the CLI writes itself (usage errors, input errors, rule listings) goes out through
 * tp_redact: an echoed argument (`--param max_age=<token>`), a file name or a rule's text never
 * shows a credential. Reports and diagnostics are masked by the library. */
#include <stdarg.h>
#include <stdlib.h>

#include "cli.h"

int cli_vfprintf(FILE *stream, const char *fmt, va_list ap)
{
    char small[512];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *text = small;
    if (n >= (int)sizeof small && (text = malloc((size_t)n + 1)) != NULL)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    if (n < 0 || !text) {
        fputs("tokpol: out of memory\n", stream);
        return -1;
    }
    char masked[1024];
    char *out = masked;
    size_t need = tp_redact(masked, sizeof masked, text);
    if (need >= sizeof masked && (out = malloc(need + 1)) != NULL)
        tp_redact(out, need + 1, text);
    int rc = out ? fputs(out, stream) : fputs("tokpol: out of memory\n", stream);
    if (out != masked)
        free(out);
    if (text != small)
        free(text);
    return rc < 0 ? -1 : 0;
}

int cli_fprintf(FILE *stream, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = cli_vfprintf(stream, fmt, ap);
    va_end(ap);
    return rc;
}
