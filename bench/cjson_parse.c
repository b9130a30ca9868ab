/* The baseline: read a file and parse it with cJSON, nothing else. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 2;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        return 2;
    buf[n] = '\0';
    fclose(f);
    cJSON *root = cJSON_ParseWithLength(buf, (size_t)n);
    int ok = root != NULL;
    cJSON_Delete(root);
    free(buf);
    return ok ? 0 : 1;
}
