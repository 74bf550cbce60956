/* SPDX-License-Identifier: PostgreSQL */
/*
 * strvec: arrays of owned strings.  See strvec.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/strvec.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

const char *strvec_empty_array[] = { NULL };

void strvec_init(struct strvec *sv)
{
	sv->v = (char **)strvec_empty_array;
	sv->n = 0;
	sv->alloc = 0;
}

void strvec_push_nodup(struct strvec *sv, char *s)
{
	if (sv->v == (char **)strvec_empty_array)
		sv->v = NULL;
	ALLOC_GROW(sv->v, sv->n + 2, sv->alloc);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

const char *strvec_push(struct strvec *sv, const char *s)
{
	char *c = xstrdup(s);
	strvec_push_nodup(sv, c);
	return c;
}

const char *strvec_pushn(struct strvec *sv, const char *s, size_t len)
{
	char *c = xmemdupz(s, len);
	strvec_push_nodup(sv, c);
	return c;
}

const char *strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *c;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	c = strbuf_detach(&sb, NULL);
	strvec_push_nodup(sv, c);
	return c;
}

int strvec_contains(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return 1;
	return 0;
}

void strvec_push_unique(struct strvec *sv, const char *s)
{
	if (!strvec_contains(sv, s))
		strvec_push(sv, s);
}

void strvec_pushv(struct strvec *sv, const struct strvec *other)
{
	for (size_t i = 0; i < other->n; i++)
		strvec_push(sv, other->v[i]);
}

void strvec_clear(struct strvec *sv)
{
	if (sv->v != (char **)strvec_empty_array) {
		for (size_t i = 0; i < sv->n; i++)
			free(sv->v[i]);
		free(sv->v);
	}
	strvec_init(sv);
}
