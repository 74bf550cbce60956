/* SPDX-License-Identifier: PostgreSQL */
/*
 * complete: readline tab completion, deliberately small next to psql's
 * tab-complete.c: SQL keywords (upper or lower case as the word being
 * typed), backslash command names, and the names of relations, schemas,
 * functions and columns of the connected database read from the catalog.  It does not know the grammar: every
 * candidate is offered wherever a word is being completed.
 */
#ifndef SAFEPG_COMPLETE_H
#define SAFEPG_COMPLETE_H

struct session;
struct strbuf;

/* Install the completion function for readline; s must outlive readline's use. */
void complete_init(struct session *s);
/* The query typed so far on earlier lines (NULL: none), for context. */
void complete_set_query_buf(struct session *s, const struct strbuf *query_buf);

#endif
