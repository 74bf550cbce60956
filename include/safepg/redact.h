/* SPDX-License-Identifier: PostgreSQL */
/*
 * redact: keeping secrets out of the history file and the audit log.
 * Pure.  A statement that carries a password is recognised generously —
 * any mention of "password" or "passwd" outside nothing at all counts — since
 * a false positive only keeps a harmless line out of the history, while a
 * false negative writes a secret to disk.
 */
#ifndef SAFEPG_REDACT_H
#define SAFEPG_REDACT_H

#include <stddef.h>

#include "safepg/strbuf.h"

/* 1 when text may carry a password (history keeps such lines out). */
int redact_contains_secret(const char *text);

/*
 * Append text to out with secrets replaced by "***": the string literal
 * after a PASSWORD keyword (CREATE/ALTER ROLE ... [ENCRYPTED] PASSWORD '...'),
 * the value of password= or passwd= in conninfo strings, the password of a
 * postgresql://user:password@host URI, and the argument of \password.
 * Returns 1 when something was redacted.
 */
int redact_text(const char *text, size_t len, struct strbuf *out);

#endif
