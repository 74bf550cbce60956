/* SPDX-License-Identifier: PostgreSQL */
/*
 * pgarray: a one-dimensional PostgreSQL array in its text output form
 * ({a,"b c","d\"e"}) into its elements, as psql's parsePGArray reads it:
 * double-quoted elements with backslash escapes, bare ones up to the next
 * comma or brace.  Used for setconfig and reloptions arrays the server
 * sends.  Pure: no I/O.  NULL elements are not told apart from the text
 * NULL, and dimension decorations ([0:1]={...}) are not accepted.
 */
#ifndef SAFEPG_PGARRAY_H
#define SAFEPG_PGARRAY_H

#include "safepg/strvec.h"

/*
 * Append the elements of s to out.  Returns 0; or -1 when s is not such
 * an array (out may then hold the elements read before the fault).
 */
int pgarray_parse(const char *s, struct strvec *out);

#endif
