/* SPDX-License-Identifier: PostgreSQL */
/*
 * strvec: a growable, NULL-terminated array of owned strings (git's strvec):
 * argv for child processes, the objects and reasons of a verdict, the
 * patterns of a profile.  v is never NULL; v[n] is NULL.
 */
#ifndef SAFEPG_STRVEC_H
#define SAFEPG_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;
	size_t n;
	size_t alloc;
};

extern const char *strvec_empty_array[];
#define STRVEC_INIT { (char **)strvec_empty_array, 0, 0 }

void strvec_init(struct strvec *sv);
/* Append a copy of s; returns the copy. */
const char *strvec_push(struct strvec *sv, const char *s);
/* Append a formatted string; returns it. */
const char *strvec_pushf(struct strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append a copy of the first len bytes of s. */
const char *strvec_pushn(struct strvec *sv, const char *s, size_t len);
/* Append s without copying: the vector takes ownership of s. */
void strvec_push_nodup(struct strvec *sv, char *s);
/* Append a copy of s unless an equal string is already there. */
void strvec_push_unique(struct strvec *sv, const char *s);
/* Append copies of all strings of other. */
void strvec_pushv(struct strvec *sv, const struct strvec *other);
/* 1 when an equal string is in the vector. */
int strvec_contains(const struct strvec *sv, const char *s);
/* Free every string and the array. */
void strvec_clear(struct strvec *sv);

#endif
