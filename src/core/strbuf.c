/* SPDX-License-Identifier: PostgreSQL */
/*
 * strbuf: growable buffers.  See strbuf.h for the contract.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = 0;
	sb->len = 0;
	sb->buf = strbuf_slopbuf;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

void strbuf_release_secret(struct strbuf *sb)
{
	if (sb->alloc)
		explicit_bzero(sb->buf, sb->alloc);
	strbuf_release(sb);
}

char *strbuf_detach(struct strbuf *sb, size_t *len_out)
{
	char *res;

	strbuf_grow(sb, 0);
	res = sb->buf;
	if (len_out)
		*len_out = sb->len;
	strbuf_init(sb, 0);
	return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want;
	int new_buf = !sb->alloc;

	if (extra > SIZE_MAX - sb->len - 1)
		xmalloc(SIZE_MAX);	/* dies: the request cannot be met */
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return;
	if (new_buf)
		sb->buf = NULL;
	{
		size_t n = sb->alloc < 64 ? 64 : sb->alloc;
		while (n < want)
			n = n > SIZE_MAX / 2 ? want : n * 2;
		sb->buf = xrealloc(sb->buf, n);
		sb->alloc = n;
	}
	if (new_buf)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		/* only an empty buffer has no allocation; keep slopbuf intact */
		return;
	}
	sb->len = len < sb->alloc ? len : sb->alloc - 1;
	sb->buf[sb->len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other)
{
	strbuf_add(sb, other->buf, other->len);
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	if (!n)
		return;
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
		if (n < 0) {
			sb->buf[sb->len] = '\0';
			return;
		}
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_insert(struct strbuf *sb, size_t pos, const void *data, size_t len)
{
	if (!len)
		return;
	if (pos > sb->len)
		pos = sb->len;
	strbuf_grow(sb, len);
	memmove(sb->buf + pos + len, sb->buf + pos, sb->len - pos);
	memcpy(sb->buf + pos, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_remove(struct strbuf *sb, size_t pos, size_t len)
{
	if (pos >= sb->len)
		return;
	if (len > sb->len - pos)
		len = sb->len - pos;
	memmove(sb->buf + pos, sb->buf + pos + len, sb->len - pos - len);
	strbuf_setlen(sb, sb->len - len);
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void strbuf_rtrim(struct strbuf *sb)
{
	size_t n = sb->len;

	while (n > 0 && is_space((unsigned char)sb->buf[n - 1]))
		n--;
	strbuf_setlen(sb, n);
}

void strbuf_ltrim(struct strbuf *sb)
{
	size_t n = 0;

	while (n < sb->len && is_space((unsigned char)sb->buf[n]))
		n++;
	strbuf_remove(sb, 0, n);
}

void strbuf_trim(struct strbuf *sb)
{
	strbuf_rtrim(sb);
	strbuf_ltrim(sb);
}

void strbuf_addquoted(struct strbuf *sb, const char *s, size_t len, size_t max)
{
	size_t show = len;

	if (show > max) {
		show = max > 3 ? max - 3 : 0;
		while (show > 0 && ((unsigned char)s[show] & 0xC0) == 0x80)
			show--;
	}
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < show; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else if (c == 0xC2 && i + 1 < show && (unsigned char)s[i + 1] >= 0x80 &&
			 (unsigned char)s[i + 1] <= 0x9F)
			strbuf_addf(sb, "\\u%04x", (unsigned char)s[++i]);
		else
			strbuf_addch(sb, (char)c);
	}
	if (show < len)
		strbuf_addstr(sb, "...");
	strbuf_addch(sb, '"');
}
