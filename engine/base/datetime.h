/* Timestamps and durations as microseconds: times since the Unix epoch, durations signed. */
#ifndef TP_DATETIME_H
#define TP_DATETIME_H

#include <stddef.h>
#include <stdint.h>

#define TP_US_PER_SEC INT64_C(1000000)
#define TP_US_PER_DAY (INT64_C(86400) * TP_US_PER_SEC)

/* RFC 3339 (T, t or space between date and time; Z, z or +hh:mm offset; any number of fraction
 * digits, kept to the microsecond) or a plain YYYY-MM-DD (midnight UTC). 0 or -1. */
int tp_datetime_parse(const char *s, size_t len, int64_t *us);

/* A digit run with a unit letter, repeated: "90d", "1h30m" (units w d h m s). 0 or -1. */
int tp_duration_parse_text(const char *s, size_t len, int64_t *us);

/* "2026-01-31T12:00:00Z", with a fraction only when there is one. buf holds 40 bytes. */
void tp_datetime_format(int64_t us, char *buf);

/* "90d", "1d2h30m", "-45s", "0s", "1.5s". buf holds 48 bytes. */
void tp_duration_format(int64_t us, char *buf);

/* The current UTC time, to the second (0 if the system clock cannot be read). */
int64_t tp_datetime_now(void);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t tp_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
