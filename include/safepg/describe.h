/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe: psql 15's describe.c — the \d family, \l, \z, \sf and \sv —
 * with psql's exact catalog queries (they are part of the interface:
 * ECHO_HIDDEN prints them) and psql's exact output layout.  The queries go
 * through exec_hidden (never the guard: they only read catalogs), the
 * tables through print.  It does not lex: meta.c lexes the arguments (as
 * describe_max_args says) and hands them over already unquoted.  Servers
 * older than PostgreSQL 10 are refused with a message (psql 15 still has
 * branches for 9.2 to 9.6; safepg does not carry them).
 */
#ifndef SAFEPG_DESCRIBE_H
#define SAFEPG_DESCRIBE_H

#include <stddef.h>

struct session;
struct strbuf;

enum describe_status {
	DESCRIBE_STATUS_NONE = 0,
	DESCRIBE_OK,			/* done (a "did not find" under quiet is OK too) */
	DESCRIBE_ERROR,			/* failed; the error was printed */
	DESCRIBE_UNKNOWN		/* not a command of this family: meta.c says "invalid command" */
};

/* describe_max_args: the command takes its argument as the whole rest of the line. */
#define DESCRIBE_ARGS_WHOLE_LINE (-1)

/*
 * How meta.c must lex the arguments of cmd (the command name without the
 * backslash, e.g. "dt+", "l", "sf"), as psql's exec_command_d, _list, _z
 * and _sf do:
 *   0   cmd is not handled here (not \d..., \l, \list, \z, \sf, \sv);
 *   n   lex up to n arguments, each with SLASH_OPT_NORMAL and semicolon
 *       stripping on (psql's OT_NORMAL, true), stopping at the first NULL;
 *       leave any further ones to the caller's "extra argument" warning;
 *   DESCRIBE_ARGS_WHOLE_LINE: lex one SLASH_OPT_WHOLE_LINE argument
 *       (semicolon 1 as psql's \sf does), possibly NULL.
 * Every \d... name gets at least 1, even one describe_command will reject,
 * because psql lexes the pattern before it looks at the rest of the name.
 * In an inactive \if branch meta.c skips the arguments itself and does not
 * call describe_command.
 */
int describe_max_args(const char *cmd);

/*
 * Run the describe-family command cmd with the nargs lexed arguments (the
 * first is the pattern; \df, \do, \dA[cfop], \drds take more).  Output
 * goes to s->query_fout (and s->logfile), errors to stderr through log.h
 * with psql's texts.  Requires a connection (s->db).
 */
enum describe_status describe_command(struct session *s, const char *cmd,
				      const char *const *args, size_t nargs);

/*
 * For \ef and \ev (psql's lookup_object_oid + get_create_object_cmd):
 * replace *out with the CREATE OR REPLACE statement of the function (is_func)
 * or view named by desc ("f", "f(int)", "s.v"), ending with a newline.
 * Both catalog queries are echoed under ECHO_HIDDEN (and not run under
 * noexec).  Returns 1, or 0 after printing psql's error (only the primary
 * message, as psql does).
 */
int describe_create_command(struct session *s, const char *desc, int is_func,
			    struct strbuf *out);

#endif
