/* SPDX-License-Identifier: PostgreSQL */
/*
 * tokens: psql's strtokx() with its state in a struct.  See tokens.h.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/tokens.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

void tokens_init(struct tokens *t, const char *s, int encoding)
{
	size_t n = strlen(s);

	/* twice the room: a NUL may have to be inserted after each token */
	t->storage = xmalloc(2 * n + 1);
	memcpy(t->storage, s, n + 1);
	t->pos = t->storage;
	t->encoding = encoding;
}

void tokens_release(struct tokens *t)
{
	free(t->storage);
	t->storage = t->pos = NULL;
}

/* End the token at p: overwrite whitespace or shift the rest right by one. */
static void terminate(struct tokens *t, char *p, const char *whitespace)
{
	if (*p != '\0') {
		if (!strchr(whitespace, *p))
			memmove(p + 1, p, strlen(p) + 1);
		*p = '\0';
		t->pos = p + 1;
	} else {
		t->pos = p;
	}
}

char *tokens_next(struct tokens *t, const char *whitespace, const char *delim,
		  const char *quote, char escape, int e_strings, int del_quotes)
{
	char *start, *p;
	size_t offset;

	if (!t->pos)
		return NULL;
	start = t->pos + strspn(t->pos, whitespace);
	if (*start == '\0') {
		t->pos = NULL;
		return NULL;
	}
	if (delim && strchr(delim, *start)) {
		terminate(t, start + 1, whitespace);
		return start;
	}
	p = start;
	if (e_strings && (*p == 'E' || *p == 'e') && p[1] == '\'') {
		quote = "'";
		escape = '\\';
		p++;
	}
	if (quote && strchr(quote, *p)) {
		char thisquote = *p++;

		for (; *p; p += PQmblenBounded(p, t->encoding)) {
			if (*p == escape && p[1] != '\0')
				p++;
			else if (*p == thisquote && p[1] == thisquote)
				p++;
			else if (*p == thisquote) {
				p++;
				break;
			}
		}
		terminate(t, p, whitespace);
		if (del_quotes)
			tokens_strip_quotes(start, thisquote, escape, t->encoding);
		return start;
	}
	offset = strcspn(start, whitespace);
	if (delim) {
		size_t o2 = strcspn(start, delim);
		if (offset > o2)
			offset = o2;
	}
	if (quote) {
		size_t o2 = strcspn(start, quote);
		if (offset > o2)
			offset = o2;
	}
	terminate(t, start + offset, whitespace);
	return start;
}

void tokens_strip_quotes(char *source, char quote, char escape, int encoding)
{
	char *src = source, *dst = source;

	if (*src && *src == quote)
		src++;
	while (*src) {
		char c = *src;
		int i;

		if (c == quote && src[1] == '\0')
			break;
		else if (c == quote && src[1] == quote)
			src++;
		else if (c == escape && src[1] != '\0')
			src++;
		i = PQmblenBounded(src, encoding);
		while (i-- && *src)
			*dst++ = *src++;
	}
	*dst = '\0';
}
