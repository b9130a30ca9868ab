/* Writes a deterministic tokpol/v1 inventory of N tokens to stdout: same N, same bytes.
 * Shape like a real team: ~N/4 users, 1-3 bindings per token, a few of every finding. Or, with a
 * second argument, a hostile one (bench/hostile.sh): `one-token-id`, every token and binding has
 * one id (and one service, so that messages stay short); `one-user-id`, every user has one id
 * and is an owner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (unsigned)(state % n);
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: gen_inventory N [one-token-id|one-user-id]\n");
        return 2;
    }
    long n = atol(argv[1]);
    int one_token = argc == 3 && strcmp(argv[2], "one-token-id") == 0;
    int one_user = argc == 3 && strcmp(argv[2], "one-user-id") == 0;
    long users = n / 4 + 1;
    static const char *const roles[] = {"member", "member", "member", "admin", "owner", "biller"};
    static const char *const envs[] = {"production", "staging", "ci", "test", "dev"};
    printf("{\n  \"format\": \"tokpol/v1\",\n  \"generated_at\": \"2026-11-27T09:00:00Z\",\n");
    printf("  \"team\": {\"id\": \"170312\", \"name\": \"Acme\", \"plan\": \"Pro\"},\n  \"users\": "
           "[\n");
    for (long u = 0; u < users; u++)
        printf("    {\"id\": \"u%ld\", \"email\": \"user%ld@acme.example\", \"role\": \"%s\"}%s\n",
               one_user ? 0 : u, u, one_user ? "owner" : roles[rnd(6)], u + 1 < users ? "," : "");
    printf("  ],\n  \"tokens\": [\n");
    for (long t = 0; t < n; t++) {
        int sdk = rnd(5) == 0;
        unsigned age = rnd(400), idle = rnd(200);
        printf("    {\"id\": \"tok-%ld\", \"kind\": \"%s\", %s\"owner\": \"u%ld\", "
               "\"label\": \"service token %ld\", \"created_at\": \"2025-%02u-%02uT%02u:00:00Z\", ",
               one_token ? 0 : t, sdk ? "sdk" : "api",
               sdk ? "" : (rnd(3) ? "\"access\": \"read_only\", " : "\"access\": \"read_write\", "),
               one_user ? 0 : (long)rnd((unsigned)users + users / 50), t, 1 + age % 12,
               1 + age % 28, age % 24);
        if (idle < 10)
            printf("\"last_used_at\": null}");
        else
            printf("\"last_used_at\": \"2026-%02u-%02uT10:00:00Z\"}", 1 + idle % 11, 1 + idle % 28);
        printf("%s\n", t + 1 < n ? "," : "");
    }
    printf("  ],\n  \"bindings\": [\n");
    for (long t = 0; t < n; t++) {
        unsigned k = 1 + rnd(3) / 2 + (rnd(20) == 0);
        for (unsigned b = 0; b < k; b++)
            printf("    {\"token\": \"tok-%ld\", \"service\": \"svc-%u\", \"env\": \"%s\"}%s\n",
                   one_token ? 0 : t, one_token ? 0 : (unsigned)(t % 997) + b * (rnd(10) == 0),
                   envs[(t + b * rnd(2)) % 5], t + 1 < n || b + 1 < k ? "," : "");
    }
    printf("  ]\n}\n");
    return 0;
}
