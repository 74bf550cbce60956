/* SPDX-License-Identifier: PostgreSQL */
/*
 * scan: psql's lexer, hand-written.  It reproduces psql 15's
 * src/fe_utils/psqlscan.l (where does an SQL statement end: quotes, comments,
 * dollar quotes, parentheses, BEGIN ATOMIC bodies, `\;`, variable
 * interpolation) and src/bin/psql/psqlscanslash.l (the name and arguments of
 * a backslash meta-command), with the same entry points as psql's, so that a
 * port of psql's MainLoop can drive it exactly as psql drives its flex
 * lexers.  It does not read input, run anything or print: variables,
 * backquoted commands and psql's warnings go through callbacks.
 *
 * Usage, as in psql's mainloop.c: scan_new once; for each input line
 * scan_setup(line), then scan_next() until it returns SCAN_INCOMPLETE or
 * SCAN_EOL, then scan_finish().  After SCAN_BACKSLASH, lex the meta-command
 * with scan_slash_command(), scan_slash_option()..., scan_slash_command_end(),
 * and go on with scan_next().  The lexer keeps its state (open quote,
 * comment depth, parenthesis depth...) across lines until scan_reset().
 */
#ifndef SAFEPG_SCAN_H
#define SAFEPG_SCAN_H

#include <stddef.h>

#include "safepg/strbuf.h"

struct scan;

/* psql's PsqlScanResult, plus a zero value. */
enum scan_result {
	SCAN_RESULT_NONE = 0,
	SCAN_SEMICOLON,		/* a statement-ending ';' (appended to the query) */
	SCAN_BACKSLASH,		/* a backslash that starts a meta-command (consumed) */
	SCAN_INCOMPLETE,	/* end of line, statement incomplete (or buffer empty) */
	SCAN_EOL		/* end of line, statement may be complete */
};

/* psql's promptStatus_t, plus a zero value. */
enum prompt_status {
	PROMPT_NONE = 0,
	PROMPT_READY,
	PROMPT_CONTINUE,
	PROMPT_COMMENT,
	PROMPT_SINGLEQUOTE,
	PROMPT_DOUBLEQUOTE,
	PROMPT_DOLLARQUOTE,
	PROMPT_PAREN,
	PROMPT_COPY
};

/* psql's PsqlScanQuoteType: how get_variable must quote the value. */
enum scan_quote {
	SCAN_QUOTE_NONE = 0,
	SCAN_QUOTE_PLAIN,	/* :name, and variables in meta-command arguments */
	SCAN_QUOTE_SQL_LITERAL,	/* :'name' (PQescapeLiteral) */
	SCAN_QUOTE_SQL_IDENT,	/* :"name" (PQescapeIdentifier) */
	SCAN_QUOTE_SHELL_ARG	/* :'name' inside a backquoted command */
};

struct scan_callbacks {
	/*
	 * Value of variable `name`, quoted as asked, as an allocated string
	 * (scan frees it with free()); NULL when unknown, when quoting failed
	 * (the callback reports it), or when substitution is suppressed (psql
	 * suppresses it in an inactive \if branch).  A NULL function pointer
	 * means no substitution at all: references stay as written, and
	 * :{?name} becomes FALSE, as in psql.
	 */
	char *(*get_variable)(const char *name, enum scan_quote quote, void *data);
	/*
	 * Run the backquoted command of a meta-command argument and return its
	 * output (allocated; one trailing newline removed, as psql does), or
	 * NULL on failure (the callback reports it; the command text then
	 * vanishes from the argument, as in psql).  In an inactive \if branch
	 * psql does not run the command and leaves its text (without the
	 * backquotes) in the argument: a callback that knows the branch is
	 * inactive returns a copy of `command`.  A NULL function pointer
	 * means backquotes are never run: the argument keeps the text as
	 * written, backquotes included.
	 */
	char *(*backtick)(const char *command, void *data);
	/*
	 * psql's pg_log_warning / pg_log_error for lexer conditions: the text
	 * without any "psql: warning: " prefix, e.g. `skipping recursive
	 * expansion of variable "x"` (is_error 0) or `unterminated quoted
	 * string` (is_error 1).  NULL: nothing is reported.
	 */
	void (*diag)(int is_error, const char *message, void *data);
	void *data;
};

/* PostgreSQL encoding ids that matter here (src/include/mb/pg_wchar.h). */
#define SCAN_ENC_SQL_ASCII 0
#define SCAN_ENC_UTF8 6
#define SCAN_ENC_LATIN1 8
#define SCAN_ENC_SJIS 35
#define SCAN_ENC_BIG5 36
#define SCAN_ENC_GBK 37
#define SCAN_ENC_UHC 38
#define SCAN_ENC_GB18030 39
#define SCAN_ENC_JOHAB 40
#define SCAN_ENC_SHIFT_JIS_2004 41

/* Returned by the offset functions below when there is no such offset. */
#define SCAN_NO_OFFSET ((size_t)-1)

/* A new lexer; cb (copied) may be NULL.  Free with scan_free(). */
struct scan *scan_new(const struct scan_callbacks *cb);
void scan_free(struct scan *s);

/*
 * Start lexing one input line of len bytes (without its newline; NUL bytes
 * end it, as psql sees C strings).  The lexer keeps a pointer to line: it
 * must stay unchanged until scan_finish().  encoding is PostgreSQL's
 * encoding id (PQclientEncoding); in client-only encodings whose multibyte
 * characters may contain ASCII bytes (SJIS, BIG5, GBK, UHC, GB18030, JOHAB,
 * SHIFT_JIS_2004) those bytes are not taken for quotes or backslashes, as in
 * psql.  std_strings: standard_conforming_strings is on.
 */
void scan_setup(struct scan *s, const char *line, size_t len, int encoding, int std_strings);
/* Forget the rest of the line and any unfinished variable expansion. */
void scan_finish(struct scan *s);
/*
 * psql_scan(): lex on, appending to query (with psql's transformations:
 * whitespace and -- comments dropped while query is empty, variables
 * substituted, `\;` turned into `;`).  Returns why it stopped and sets
 * *prompt to the prompt for the next line.
 */
enum scan_result scan_next(struct scan *s, struct strbuf *query, enum prompt_status *prompt);
/* Back to the initial state (psql_scan_reset): for \r, and after a send. */
void scan_reset(struct scan *s);
/* Back to SQL lexing without touching the depths (psql_scan_reselect_sql_lexer). */
void scan_reselect_sql(struct scan *s);
/* 1 when inside a quote, comment or dollar quote (psql_scan_in_quote). */
int scan_in_quote(const struct scan *s);

/* psql's enum slash_option_type. */
enum slash_option {
	SLASH_OPT_NONE = 0,
	SLASH_OPT_NORMAL,	/* normal case */
	SLASH_OPT_SQLID,	/* treat as SQL identifier: dequote, downcase */
	SLASH_OPT_SQLIDHACK,	/* dequote but do not downcase (\connect) */
	SLASH_OPT_FILEPIPE,	/* a file name, or |command to end of line */
	SLASH_OPT_WHOLE_LINE	/* the rest of the line, unprocessed */
};

/* After SCAN_BACKSLASH: the command name, allocated (psql_scan_slash_command). */
char *scan_slash_command(struct scan *s);
/*
 * The next argument, allocated, or NULL when there is none or on an
 * unterminated quote (reported through diag).  *quote (if quote is not
 * NULL) gets the last quote character used ('\'', '"', '`', ':'), or 0.
 * semicolon: strip unquoted trailing semicolons.  (psql_scan_slash_option)
 */
char *scan_slash_option(struct scan *s, enum slash_option type, char *quote, int semicolon);
/* Eat a `\\` that ends the meta-command, if there is one. */
void scan_slash_command_end(struct scan *s);
int scan_get_paren_depth(const struct scan *s);
void scan_set_paren_depth(struct scan *s, int depth);
/*
 * Remove double quotes from str in place ("" inside quotes is one quote)
 * and, when downcase, fold unquoted ASCII letters to lower case (psql's
 * dequote_downcase_identifier; multibyte characters are skipped whole).
 */
void scan_dequote_downcase_identifier(char *str, int downcase, int encoding);

/*
 * Where things are in the current line (additions for safepg's reader).
 * scan_position: offset in the line passed to scan_setup of the next byte
 * to lex (inside a variable expansion: just after the variable reference).
 * scan_query_start: offset of the first byte that the last scan_next()
 * call put into an empty query buffer (for text from a variable: of the
 * variable reference), or SCAN_NO_OFFSET.
 */
size_t scan_position(const struct scan *s);
size_t scan_query_start(const struct scan *s);
/*
 * After SCAN_BACKSLASH: offset in the line of that backslash (for one that
 * came from a variable's value: of the variable reference).
 */
size_t scan_backslash_offset(const struct scan *s);
/*
 * Copy every byte the lexer consumes from now on to sink (as written, with
 * bytes of expanded variables as they are lexed), until scan_capture is
 * called again (sink NULL stops).  For the text of a meta-command.
 */
void scan_capture(struct scan *s, struct strbuf *sink);

/* Byte length of the character at str in encoding (libpq's PQmblen). */
int scan_mblen(int encoding, const char *str);
/* 1 when encoding is a server encoding (ASCII-safe multibyte), as psql decides. */
int scan_encoding_is_safe(int encoding);

#endif
