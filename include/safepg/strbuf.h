/* SPDX-License-Identifier: PostgreSQL */
/*
 * strbuf: a growable byte buffer, modelled on git's strbuf.h.
 *
 * Invariants: buf is never NULL and always NUL-terminated at buf[len]
 * (an empty buffer points at a shared static "" until it first grows, so
 * STRBUF_INIT costs no allocation); len < alloc once anything was added.
 * The buffer may hold NUL bytes in its first len bytes.
 */
#ifndef SAFEPG_STRBUF_H
#define SAFEPG_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

/* Initialise, optionally reserving room for hint bytes. */
void strbuf_init(struct strbuf *sb, size_t hint);
/* Free the contents; the buffer is back to its initial empty state. */
void strbuf_release(struct strbuf *sb);
/*
 * Hand the contents over to the caller (who frees them with free()); the
 * buffer is left empty and reusable.  *len_out gets the length when not NULL.
 */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);
/* Make room for at least extra more bytes plus the terminating NUL. */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Set the length (must not exceed what is allocated) and terminate there. */
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Empty the buffer, keeping its allocation. */
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_addch(struct strbuf *sb, int c);
/* Append c n times. */
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Insert len bytes at pos (0 <= pos <= sb->len). */
void strbuf_insert(struct strbuf *sb, size_t pos, const void *data, size_t len);
/* Remove len bytes starting at pos. */
void strbuf_remove(struct strbuf *sb, size_t pos, size_t len);
/* Strip trailing / leading / both kinds of ASCII whitespace. */
void strbuf_rtrim(struct strbuf *sb);
void strbuf_ltrim(struct strbuf *sb);
void strbuf_trim(struct strbuf *sb);
/*
 * Append s[0..len-1] in double quotes for a message: '"' and '\\' escaped
 * with a backslash, control characters as \xNN, C1 controls as \uNNNN;
 * when len exceeds max, the first max-3 bytes (cut on a UTF-8 character
 * boundary) and "...".
 */
void strbuf_addquoted(struct strbuf *sb, const char *s, size_t len, size_t max);
/*
 * Overwrite the contents with zero bytes (explicit_bzero) and release them:
 * for buffers that held a secret (a password, a conninfo).
 */
void strbuf_release_secret(struct strbuf *sb);

#endif
