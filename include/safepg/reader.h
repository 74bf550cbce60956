/* SPDX-License-Identifier: PostgreSQL */
/*
 * reader: splits a byte stream (a script, a dump, stdin) into the units psql
 * 15 would act on, in the order it would act on them: SQL queries as psql
 * would send them, backslash meta-commands with their arguments, and COPY
 * FROM STDIN data.  It drives scan.c the way psql's MainLoop does (line by
 * line, newlines between lines of a query, `\;`, meta-commands in the middle
 * of a line, psql's per-command argument rules).  For `safepg check` and the
 * guard.  It is pure: it neither reads files nor runs anything; it does not
 * evaluate \if, \set or backquotes (variables come from the caller's lookup,
 * backquotes stay as written), and it never parses COPY data.
 *
 * Streaming: the caller feeds chunks with reader_feed() and asks for units
 * with reader_next(); the reader keeps only the input it has not consumed
 * yet, one input line and the unit being built, so memory is bounded by the
 * largest unit plus its line (plus what the caller feeds at once), never by
 * the input size (measured: 1.6 MB peak RSS for a 630 MB dump; about five
 * times the size of a 100 MB single-line INSERT).  COPY data is handed out in pieces of at most
 * copy_piece bytes, so a multi-gigabyte COPY block never sits in memory.
 *
 * Typical loop:
 *
 *	while ((st = reader_next(r, &u)) != READER_DONE) {
 *		if (st == READER_NEED_INPUT) {
 *			n = read(fd, buf, sizeof(buf));
 *			if (n > 0) reader_feed(r, buf, n); else reader_feed_eof(r);
 *			continue;
 *		}
 *		... use u (if an SQL unit is COPY ... FROM STDIN: reader_begin_copy) ...
 *	}
 *
 * Units are lexed lazily: the input after a unit is not looked at before the
 * next reader_next() call, so a caller may update its variables (\set) from
 * a unit before the next one is scanned.
 *
 * Where psql's behaviour depends on the outcome of a command, the reader
 * assumes success: it never reports fewer units than psql would run (psql
 * discards the rest of a line after a failing meta-command; the reader
 * reports that text).  Unknown meta-commands: psql says "invalid command" and
 * discards the rest of the line; so does the reader (the unit has known 0).
 */
#ifndef SAFEPG_READER_H
#define SAFEPG_READER_H

#include <stddef.h>

#include "safepg/scan.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"

struct reader;

enum reader_unit_kind {
	READER_UNIT_NONE = 0,
	READER_UNIT_SQL,	/* a query psql would send */
	READER_UNIT_META,	/* a backslash meta-command */
	READER_UNIT_COPY_DATA	/* a piece of COPY FROM STDIN data */
};

/* What ended an SQL unit. */
enum reader_sql_end {
	READER_END_NONE = 0,
	READER_END_SEMICOLON,	/* a statement-ending ';' (part of text) */
	READER_END_META,	/* sent by the meta-command that follows (\g, \gx, \gset,
				 * \gdesc, \gexec, \crosstabview, \watch) */
	READER_END_EOF		/* end of input without ';' (psql sends it anyway) */
};

struct reader_unit {
	enum reader_unit_kind kind;
	/*
	 * SQL: the query exactly as psql would send it (variables
	 * interpolated, `\;` turned into ';', lines joined with '\n', leading
	 * whitespace and -- comments dropped).  META: the raw text of the
	 * command from its backslash to the end of its last argument (a
	 * trailing `\\` separator excluded), as written in the input.
	 * COPY_DATA: the data bytes of this piece, line ends included, the
	 * terminating `\.` line excluded.
	 */
	struct strbuf text;
	/*
	 * Where the unit starts in the input: 1-based line, and 1-based column
	 * counted in bytes (a UTF-8 BOM at the start of the input is not
	 * counted).  SQL: its first byte (for text that came from a variable:
	 * the variable reference); META: the backslash (for one that came from
	 * a variable's value: the variable reference); COPY_DATA: the start of
	 * the piece.  A resent SQL unit carries the position of its \g.
	 */
	unsigned long line;
	unsigned long column;

	/* SQL only */
	enum reader_sql_end end;
	/*
	 * Non-empty statements in text (`\;` joins several in one unit; `;`
	 * alone is none): text is lexed again and the pieces between top-level
	 * semicolons that hold a token are counted.
	 */
	int statements;
	int resent;		/* 1: psql's previous query again (\g on an empty buffer) */
	enum prompt_status prompt;	/* READER_END_EOF: what was left open (quote...) */

	/* META only */
	char *name;		/* the command without its backslash, e.g. "copy", "!" */
	struct strvec args;	/* its arguments, lexed with psql's rules for it */
	int known;		/* 0: psql does not know it and discards the rest of the line */
	int copy_from_stdin;	/* \copy ... from stdin: COPY_DATA units follow */

	/* COPY_DATA only */
	int last;		/* the last piece of this COPY data block */
	int terminated;		/* 1: ended by a `\.` line; 0: by the end of input */
};

struct reader_options {
	int encoding;		/* client encoding, SCAN_ENC_* (default UTF-8) */
	int std_strings;	/* standard_conforming_strings (default 1) */
	size_t copy_piece;	/* max bytes per COPY_DATA unit (default 64 KiB) */
	/*
	 * Variable lookup, as scan_callbacks.get_variable (NULL: no
	 * substitution, references stay as written).  Called while a unit is
	 * being lexed, i.e. during reader_next().
	 */
	char *(*get_variable)(const char *name, enum scan_quote quote, void *data);
	/* Lexer warnings and errors, as scan_callbacks.diag (may be NULL). */
	void (*diag)(int is_error, const char *message, void *data);
	void *data;
};

enum reader_status {
	READER_STATUS_NONE = 0,
	READER_UNIT,		/* *u holds a unit */
	READER_NEED_INPUT,	/* feed more input (or reader_feed_eof) and call again */
	READER_DONE		/* the input is exhausted; no more units */
};

/* Fill o with the defaults (UTF-8, standard_conforming_strings on). */
void reader_options_init(struct reader_options *o);

/* A new reader (opts copied; NULL: defaults).  Free with reader_free(). */
struct reader *reader_new(const struct reader_options *opts);
void reader_free(struct reader *r);

/* Append len bytes of input (copied).  Not after reader_feed_eof(). */
void reader_feed(struct reader *r, const void *buf, size_t len);
/* No more input will come. */
void reader_feed_eof(struct reader *r);

/*
 * The next unit into u (released and refilled: u must have been set up with
 * reader_unit_init).  Returns READER_UNIT, READER_NEED_INPUT or READER_DONE.
 */
enum reader_status reader_next(struct reader *r, struct reader_unit *u);

/*
 * The SQL unit just returned is a COPY ... FROM STDIN (only a classifier
 * knows): its data follows from the next input line, as COPY_DATA units, up
 * to a line `\.` (or the end of input).  binary: COPY in binary format,
 * whose data psql reads to the end of input.  As in psql, the rest of the
 * COPY statement's own line is lexed after the data.
 */
void reader_begin_copy(struct reader *r, int binary);

/*
 * standard_conforming_strings changed (psql follows the server's setting:
 * a script's `SET standard_conforming_strings = off` changes how the rest is
 * lexed; only the caller can tell that it ran).  Like psql, which passes the
 * setting when it starts a line, the reader applies it from the next input
 * line on.
 */
void reader_set_std_strings(struct reader *r, int on);

/* Number of input lines read so far. */
unsigned long reader_lineno(const struct reader *r);

void reader_unit_init(struct reader_unit *u);
void reader_unit_release(struct reader_unit *u);

#endif
