/* SPDX-License-Identifier: PostgreSQL */
/*
 * xalloc: allocation that cannot fail.  Every function here either returns
 * usable memory or ends the process with a message on stderr and exit code 1
 * ("out of memory"), so callers never check for NULL.  This is the one place
 * besides main and the cmd_* entry points that may exit.
 */
#ifndef SAFEPG_XALLOC_H
#define SAFEPG_XALLOC_H

#include <stddef.h>

/* malloc(n), never NULL; xmalloc(0) returns a unique pointer. */
void *xmalloc(size_t n);
/* calloc(nmemb, size) with overflow check, never NULL. */
void *xcalloc(size_t nmemb, size_t size);
/* realloc(p, n), never NULL. */
void *xrealloc(void *p, size_t n);
/* reallocarray(p, nmemb, size) with overflow check, never NULL. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* strdup(s); s must not be NULL. */
char *xstrdup(const char *s);
/* Copy of the first n bytes of s (or fewer, up to its NUL), NUL-terminated. */
char *xstrndup(const char *s, size_t n);
/* Copy of n bytes of p plus a NUL byte after them. */
void *xmemdupz(const void *p, size_t n);
/* Allocated printf. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Grow an array: make sure *alloc >= nr, doubling, for x of element type
 * sizeof(*x).  git's ALLOC_GROW.
 */
#define ALLOC_GROW(x, nr, alloc)                                                  \
	do {                                                                      \
		if ((nr) > (alloc)) {                                             \
			size_t alloc_grow_n_ = (alloc) < 8 ? 8 : (alloc) * 2;       \
			if (alloc_grow_n_ < (nr))                                 \
				alloc_grow_n_ = (nr);                             \
			(x) = xreallocarray((x), alloc_grow_n_, sizeof(*(x)));   \
			(alloc) = alloc_grow_n_;                                  \
		}                                                                 \
	} while (0)

/* Free and set the pointer to NULL. */
#define FREE_AND_NULL(p) do { free(p); (p) = NULL; } while (0)

#endif
