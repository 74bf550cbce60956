/* SPDX-License-Identifier: PostgreSQL */
/*
 * prompt: PROMPT1, PROMPT2 and PROMPT3 expanded as psql expands them (%/,
 * %~, %M, %m, %>, %n, %p, %R, %x, %l, %#, %w, %:var:, %`cmd`, %[ %], octal
 * escapes), plus safepg's: %E the environment's name, %C switch to the
 * environment's colour and %c back (both invisible to readline; nothing
 * when NO_COLOR is set or the environment has no colour).
 */
#ifndef SAFEPG_PROMPT_H
#define SAFEPG_PROMPT_H

#include "safepg/scan.h"

struct session;
struct cond_stack;

/*
 * The prompt for status (READY: PROMPT1; continuation states: PROMPT2;
 * COPY: PROMPT3).  cs may be NULL.  The string is valid until the next call.
 */
const char *prompt_get(struct session *s, enum prompt_status status,
		       const struct cond_stack *cs);

#endif
