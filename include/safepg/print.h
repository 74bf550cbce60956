/* SPDX-License-Identifier: PostgreSQL */
/*
 * print: query results and other tables on an output stream, byte for byte
 * as psql 15 prints them (src/fe_utils/print.c) in every format psql knows:
 * aligned, wrapped, unaligned, csv, html, asciidoc, latex, latex-longtable
 * and troff-ms, each also expanded; border styles, the ascii, old-ascii and
 * unicode line styles, titles, footers, NULL display, locale-aware numbers,
 * multibyte widths (measured with libpq's PQmblen/PQdsplen, as psql does)
 * and the pager (PSQL_PAGER, PAGER, or more) when the output would not fit
 * the terminal.  It does not parse \pset commands (pset.c) nor pivot
 * results (crosstab.c), and it does not run queries.
 *
 * A table is built with print_table_init, print_table_add_header (one per
 * column), print_table_add_cell (row by row), optional footers, then
 * printed with print_table and freed with print_table_release.  Header and
 * cell strings are not copied: they must outlive the table (a cell added
 * with mustfree is freed by the table).  print_query does all of that for a
 * PGresult, but reads the cells straight from the result instead of
 * building an array of them (psql's printQuery does build one: 8 bytes a
 * cell on top of the result), unless a cell needs a rewritten copy.
 *
 * Ctrl-C: printing stops at the end of the current row once the flag given
 * to print_set_cancel_flag is non-zero (psql's cancel_pressed).
 */
#ifndef SAFEPG_PRINT_H
#define SAFEPG_PRINT_H

#include <signal.h>
#include <stdio.h>

#include <libpq-fe.h>

enum print_format {
	PRINT_FORMAT_NOTHING = 0,	/* prints nothing (psql's PRINT_NOTHING) */
	PRINT_FORMAT_ALIGNED,
	PRINT_FORMAT_ASCIIDOC,
	PRINT_FORMAT_CSV,
	PRINT_FORMAT_HTML,
	PRINT_FORMAT_LATEX,
	PRINT_FORMAT_LATEX_LONGTABLE,
	PRINT_FORMAT_TROFF_MS,
	PRINT_FORMAT_UNALIGNED,
	PRINT_FORMAT_WRAPPED
};

enum print_expanded {
	PRINT_EXPANDED_OFF = 0,
	PRINT_EXPANDED_ON,
	PRINT_EXPANDED_AUTO	/* expanded only when the table is too wide */
};

enum print_pager {
	PRINT_PAGER_OFF = 0,
	PRINT_PAGER_ON,		/* when the output would not fit the terminal */
	PRINT_PAGER_ALWAYS
};

/* \pset linestyle; the zero value is psql's default, ascii. */
enum print_linestyle {
	PRINT_LINESTYLE_DEFAULT = 0,
	PRINT_LINESTYLE_ASCII,
	PRINT_LINESTYLE_OLD_ASCII,
	PRINT_LINESTYLE_UNICODE
};

/* \pset unicode_{border,column,header}_linestyle; single is the default. */
enum print_unicode_style {
	PRINT_UNICODE_SINGLE = 0,
	PRINT_UNICODE_DOUBLE
};

/*
 * A field or record separator of the unaligned format.  zero: a zero byte
 * (psql -z / -0).  Otherwise sep, owned; NULL means the default ("|" for
 * fields, a newline for records).
 */
struct print_separator {
	char *sep;
	int zero;
};

/* psql's printTableOpt. */
struct print_table_opt {
	enum print_format format;
	enum print_expanded expanded;
	unsigned short border;		/* 0, 1, 2 (3 for latex) */
	enum print_pager pager;
	int pager_min_lines;		/* no pager for fewer lines than this */
	int tuples_only;		/* no title, headers, footers */
	int start_table;		/* print the header decoration */
	int stop_table;			/* print the footer decoration */
	int default_footer;		/* "(N rows)" when no footers are given */
	unsigned long prior_records;	/* rows printed before (FETCH_COUNT) */
	enum print_linestyle line_style;
	struct print_separator field_sep;	/* unaligned format */
	struct print_separator record_sep;	/* unaligned format */
	char csv_field_sep[2];		/* one byte; "" means "," */
	int numeric_locale;		/* locale digit grouping in numbers */
	char *table_attr;		/* html <table ...>, latex-longtable widths; owned */
	int encoding;			/* client encoding id (PQclientEncoding) */
	int env_columns;		/* $COLUMNS at start, 0 if unset */
	int columns;			/* \pset columns: target width, 0 if unset */
	enum print_unicode_style unicode_border_linestyle;
	enum print_unicode_style unicode_column_linestyle;
	enum print_unicode_style unicode_header_linestyle;
};

/* psql's printQueryOpt: the table options plus what only query results have. */
struct print_query_opt {
	struct print_table_opt topt;
	char *null_print;		/* how NULL is shown; NULL means ""; owned */
	char *title;			/* \pset title; owned */
	char **footers;			/* NULL-terminated, instead of "(N rows)"; not owned */
	int translate_header;		/* accepted for psql parity; safepg has no NLS */
	const int *translate_columns;	/* idem; not owned */
	int n_translate_columns;
};

struct print_footer {
	char *data;			/* owned */
	struct print_footer *next;
};

/* psql's printTableContent.  Read-only for callers except as noted. */
struct print_table {
	const struct print_table_opt *opt;
	const char *title;		/* not owned; may be NULL */
	int ncolumns;
	int nrows;
	const char **headers;		/* ncolumns + 1, NULL-terminated */
	const char **cells;		/* ncolumns * nrows + 1, NULL-terminated;
					 * NULL when res holds the cells */
	const PGresult *res;		/* print_query: the cells, not owned */
	const char *null_print;		/* with res: what a NULL shows as */
	char *aligns;			/* 'l' or 'r' per column */
	int nheaders;			/* headers added so far */
	long ncells;			/* cells added so far (crosstab sets it) */
	unsigned char *cell_mustfree;	/* NULL until a cell must be freed */
	char **owned;			/* validated copies of headers, to free */
	size_t nowned, owned_alloc;
	struct print_footer *footers;
	struct print_footer *last_footer;
	int utf8;			/* opt->encoding is UTF-8 */
};

/*
 * Where Ctrl-C is recorded (the REPL's SIGINT flag); NULL: never cancelled.
 * Printing checks *flag after each row; ClosePager then writes
 * "Interrupted" into the pager.
 */
void print_set_cancel_flag(volatile sig_atomic_t *flag);

/*
 * SIGPIPE: the pager is written with SIGPIPE ignored; afterwards SIGPIPE
 * goes back to its default action, or stays ignored when
 * print_set_sigpipe_state(1) said so (psql's set_sigpipe_trap_state: the
 * query output is itself a pipe).
 */
void print_set_sigpipe_state(int always_ignore);
void print_sigpipe_disable(void);
void print_sigpipe_restore(void);

/*
 * Read the locale's decimal point and digit grouping for numericlocale
 * (psql's setDecimalLocale).  Call once after setlocale(LC_ALL, ""); until
 * then "." and "," groups of 3 are used.
 */
void print_decimal_locale_init(void);

/*
 * psql's PageOutput: when topt asks for a pager, stdin and stdout are
 * terminals and lines would not fit the screen (or the pager is "always"),
 * start $PSQL_PAGER, else $PAGER, else "more" through /bin/sh -c and return
 * a stream writing to it, with SIGPIPE ignored.  Otherwise (also when the
 * variable is empty or blank, or the pager cannot be started) return
 * stdout.  topt may be NULL (no pager).  Close with print_pager_close.
 */
FILE *print_pager_open(const struct print_table_opt *topt, int lines);
/*
 * psql's ClosePager: for a stream from print_pager_open other than stdout,
 * write "Interrupted" if printing was cancelled, close it, wait for the
 * pager and restore SIGPIPE.  stdout and NULL are left alone.
 */
void print_pager_close(FILE *pager);

/* Fill topt with psql's start-up settings (aligned, border 1, pager on, ...). */
void print_table_opt_init(struct print_table_opt *topt);
/* psql's defaults for a query: print_table_opt_init and nothing else set. */
void print_query_opt_init(struct print_query_opt *popt);
/* Free the owned strings of popt (separators, table_attr, null, title). */
void print_query_opt_release(struct print_query_opt *popt);
/*
 * A deep copy of src into dst (psql's savePsetInfo); footers and
 * translate_columns are shared, not copied.  Release dst when done.
 */
void print_query_opt_copy(struct print_query_opt *dst, const struct print_query_opt *src);

/*
 * Start a table of ncolumns columns and nrows rows printed with opt (which
 * must outlive the table).  title is not copied.
 */
void print_table_init(struct print_table *tbl, const struct print_table_opt *opt,
		      const char *title, int ncolumns, int nrows);
/*
 * Add the next column header; align is 'l' or 'r' and applies to the
 * column's cells.  The string is not copied (if it is not valid in a UTF-8
 * client encoding, a cleaned copy is kept instead, as psql's mbvalidate
 * does in place).  translate is accepted for psql parity and ignored.
 * Adding more than ncolumns headers is a programming error: a message on
 * stderr and abort().
 */
void print_table_add_header(struct print_table *tbl, const char *header, int translate,
			    char align);
/*
 * Add the next cell, row by row.  mustfree: the table owns cell (allocated
 * with malloc) and frees it.  Otherwise as print_table_add_header.
 */
void print_table_add_cell(struct print_table *tbl, const char *cell, int translate,
			  int mustfree);
/* Append a footer line (copied). */
void print_table_add_footer(struct print_table *tbl, const char *footer);
/* Replace the last footer (or add one when there is none). */
void print_table_set_footer(struct print_table *tbl, const char *footer);
/* Free what the table owns; init again before reuse. */
void print_table_release(struct print_table *tbl);

/*
 * Print tbl to fout in tbl->opt's format (psql's printTable).  is_pager:
 * the caller already opened a pager as fout; otherwise, when fout is
 * stdout, a pager is started here if needed.  flog: when not NULL, the
 * table is also printed there, aligned (psql's --log-file).  Write errors
 * are left on fout's error indicator (it is cleared first).
 */
void print_table(const struct print_table *tbl, FILE *fout, int is_pager, FILE *flog);

/*
 * Print the rows of a PGRES_TUPLES_OK result (psql's printQuery): one
 * column per field, right-aligned for numeric types, NULL shown as
 * opt->null_print, numbers grouped when numeric_locale is on.
 */
void print_query(const PGresult *res, const struct print_query_opt *opt, FILE *fout,
		 int is_pager, FILE *flog);

/*
 * The command status line psql prints for a command without rows, or for
 * INSERT/UPDATE/DELETE ... RETURNING (psql's PrintQueryStatus, minus the
 * quiet check and LASTOID): "<p>...</p>" in html format, else the tag.
 */
void print_command_status(const PGresult *res, const struct print_query_opt *opt, FILE *fout);

/* 'r' for the numeric types psql right-aligns, else 'l'. */
char print_column_alignment(Oid type);

/* psql's html_escaped_print: &, <, >, ", newlines and leading spaces escaped. */
void print_html_escaped(const char *in, FILE *fout);

/* Name of a format ("aligned", ..., "nothing") and of a line style ("ascii", ...). */
const char *print_format_name(enum print_format format);
const char *print_linestyle_name(enum print_linestyle style);

#endif
