/* SPDX-License-Identifier: PostgreSQL */
/*
 * meta: backslash meta-commands (psql's command.c, HandleSlashCmds and the
 * exec_command_* family): \q \set \echo \if \g \gset \o \c \pset \copy ...
 * with psql's argument lexing, messages and effects.  The describe family
 * (\d..., \l, \z, \sf) is delegated to describe.c where it exists.  Every
 * shell command a meta-command would run goes through the guard first.
 */
#ifndef SAFEPG_META_H
#define SAFEPG_META_H

struct session;
struct scan;
struct cond_stack;
struct strbuf;

/* psql's backslashResult, plus a zero value. */
enum meta_result {
	META_RESULT_NONE = 0,
	META_UNKNOWN,		/* not a known command (reported by meta_handle) */
	META_SEND,		/* send the query buffer */
	META_SKIP_LINE,		/* done: go on lexing */
	META_TERMINATE,		/* \q */
	META_NEWEDIT,		/* \e replaced the query buffer: rescan it */
	META_ERROR		/* failed (reported) */
};

/*
 * Lex and run the meta-command whose backslash scan_next just returned
 * (psql's HandleSlashCmds): its name, its arguments, a trailing `\\`.
 * query_buf is the statement being built and previous_buf the last one
 * sent; both are NULL for `-c '\cmd'`.  cs is the \if stack the branching
 * commands change.  Returns what the main loop must do next.
 */
enum meta_result meta_handle(struct session *s, struct scan *scan, struct cond_stack *cs,
			     struct strbuf *query_buf, struct strbuf *previous_buf);

/*
 * psql's do_pset for -P, \pset and \g (...) (pset.h), with the error
 * printed: set param (value may be NULL) in
 * s->popt, printing the new setting unless quiet.  Returns 1 on success,
 * 0 after printing an error.
 */
int meta_do_pset(struct session *s, const char *param, const char *value, int quiet);

/*
 * psql's do_lo_export, do_lo_import (comment may be NULL) and do_lo_unlink,
 * each in its own transaction unless one is open.  1 on success, 0 after
 * printing the error.
 */
int meta_lo_export(struct session *s, const char *loid, const char *filename);
int meta_lo_import(struct session *s, const char *filename, const char *comment);
int meta_lo_unlink(struct session *s, const char *loid);

/* \copyright's text, and \?'s (topic: NULL, "commands", "options", "variables"). */
void meta_print_copyright(void);
void meta_print_slash_usage(struct session *s, const char *topic);

#endif
