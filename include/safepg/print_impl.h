/* SPDX-License-Identifier: PostgreSQL */
/*
 * print_impl: the interface between the files of the print module
 * (print.c: tables, dispatch, pager; print_text.c: the aligned and wrapped
 * formats and multibyte widths; print_markup.c: unaligned, csv, html,
 * asciidoc, latex, troff-ms).  Not for other modules: use print.h.
 */
#ifndef SAFEPG_PRINT_IMPL_H
#define SAFEPG_PRINT_IMPL_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "safepg/print.h"

/* Which line of a drawn table a rule is for (psql's printTextRule). */
enum print_rule {
	PRINT_RULE_TOP = 0,
	PRINT_RULE_MIDDLE,
	PRINT_RULE_BOTTOM,
	PRINT_RULE_DATA,
	PRINT_RULE_COUNT
};

struct print_line_rule {
	const char *hrule;		/* horizontal line */
	const char *leftvrule;		/* left vertical line (+ horizontal) */
	const char *midvrule;		/* between columns (+ horizontal) */
	const char *rightvrule;		/* right vertical line (+ horizontal) */
};

/* A complete line style (psql's printTextFormat). */
struct print_text_format {
	const char *name;
	struct print_line_rule lrule[PRINT_RULE_COUNT];
	const char *midvrule_nl;	/* column line after a newline */
	const char *midvrule_wrap;	/* column line for wrapped data */
	const char *midvrule_blank;	/* column line for blank data */
	const char *header_nl_left;
	const char *header_nl_right;
	const char *nl_left;
	const char *nl_right;
	const char *wrap_left;
	const char *wrap_right;
	int wrap_right_border;		/* wrap marks in the right border with border 0 */
	int old_ascii;			/* the old-ascii style, which has special cases */
};

/* The line style opt selects, with the unicode sub-styles applied. */
void print_text_format_get(const struct print_table_opt *opt, struct print_text_format *out);

/*
 * The cells of a table in order, row by row, wherever they are: in
 * tbl->cells (up to its first NULL) or in tbl->res (a NULL value shows as
 * tbl->null_print).  Every format walks the cells this way:
 *
 *	struct print_cells it;
 *	const char *cell;
 *
 *	print_cells_start(&it, tbl);
 *	while ((cell = print_cells_next(&it)))
 *		... it.col is the column of cell ...
 *
 * Inline: it runs once per cell of results of millions of cells.
 */
struct print_cells {
	const struct print_table *tbl;
	long next;		/* index of the next cell */
	long end;		/* no cells from here on */
	int row, col;		/* of the cell print_cells_next returned last */
};

static inline void print_cells_start(struct print_cells *it, const struct print_table *tbl)
{
	it->tbl = tbl;
	it->next = 0;
	it->end = tbl->res ? (long)tbl->ncolumns * tbl->nrows : LONG_MAX;
	it->row = 0;
	it->col = -1;
}

/* The next cell, or NULL after the last one. */
static inline const char *print_cells_next(struct print_cells *it)
{
	const struct print_table *tbl = it->tbl;
	const char *cell;

	if (it->next >= it->end)
		return NULL;
	if (++it->col == tbl->ncolumns) {
		it->col = 0;
		it->row++;
	}
	if (tbl->res) {
		cell = PQgetisnull(tbl->res, it->row, it->col) ? tbl->null_print
							      : PQgetvalue(tbl->res, it->row, it->col);
	} else {
		cell = tbl->cells[it->next];
		if (!cell) {
			it->end = it->next;
			return NULL;
		}
	}
	it->next++;
	return cell;
}

/* Whether the table has no cells at all. */
static inline int print_cells_none(const struct print_table *tbl)
{
	struct print_cells it;

	print_cells_start(&it, tbl);
	return print_cells_next(&it) == NULL;
}

/* Non-zero once Ctrl-C was pressed (see print_set_cancel_flag). */
int print_cancelled(void);

/* Storage for the default "(N rows)" footer, owned by the caller. */
struct print_default_footer {
	struct print_footer cell;
	char text[48];
};

/*
 * The footers to print: the table's own, or the default "(N rows)" one when
 * there are none and the options allow it (built in *buf), or NULL.
 */
const struct print_footer *print_footers_with_default(const struct print_table *tbl,
						      struct print_default_footer *buf);

/*
 * psql's IsPagerNeeded: when *fout is stdout, count the lines the table
 * takes (plus extra_lines) and maybe switch *fout to a pager; *is_pager
 * says whether it did.
 */
void print_pager_if_needed(const struct print_table *tbl, int extra_lines, int expanded,
			   FILE **fout, int *is_pager);
/*
 * Whether print_pager_open could start a pager at all for topt (pager on,
 * stdin and stdout terminals): when not, line counting can be skipped.
 */
int print_pager_possible(const struct print_table_opt *topt);

/* The terminal width for the aligned formats: \pset columns, $COLUMNS or the tty. */
int print_output_columns(const struct print_table_opt *opt, FILE *fout, int is_pager);

/* print_text.c */
void print_aligned_text(const struct print_table *tbl, FILE *fout, int is_pager);
void print_aligned_vertical(const struct print_table *tbl, FILE *fout, int is_pager);
/*
 * psql's mbvalidate for a UTF-8 string: NULL when s is valid as psql
 * judges it, else an allocated copy with the offending bytes removed.
 */
char *print_utf8_cleaned(const char *s);
/*
 * Whether s (len bytes before its terminating zero byte, as PQgetlength
 * gives) is valid UTF-8 as psql's mbvalidate judges it, i.e. whether
 * print_utf8_cleaned(s) would return NULL.  Fast for ASCII.
 */
int print_utf8_valid(const char *s, size_t len);

/* print_markup.c */
void print_unaligned_text(const struct print_table *tbl, FILE *fout);
void print_unaligned_vertical(const struct print_table *tbl, FILE *fout);
void print_csv_text(const struct print_table *tbl, FILE *fout);
void print_csv_vertical(const struct print_table *tbl, FILE *fout);
void print_html_text(const struct print_table *tbl, FILE *fout);
void print_html_vertical(const struct print_table *tbl, FILE *fout);
void print_asciidoc_text(const struct print_table *tbl, FILE *fout);
void print_asciidoc_vertical(const struct print_table *tbl, FILE *fout);
void print_latex_text(const struct print_table *tbl, FILE *fout);
void print_latex_longtable_text(const struct print_table *tbl, FILE *fout);
void print_latex_vertical(const struct print_table *tbl, FILE *fout);
void print_troff_ms_text(const struct print_table *tbl, FILE *fout);
void print_troff_ms_vertical(const struct print_table *tbl, FILE *fout);

#endif
