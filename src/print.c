/* SPDX-License-Identifier: PostgreSQL */
/*
 * print: the table model, option defaults, the dispatch to one of the
 * formats, printing a PGresult, the pager and SIGPIPE handling, and the
 * locale-aware number formatting of psql's src/fe_utils/print.c.  The
 * formats themselves live in print_text.c (aligned, wrapped) and
 * print_markup.c (the others).  It does not parse \pset (pset.c) and does
 * not run queries.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "safepg/print.h"
#include "safepg/print_impl.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* Type OIDs psql right-aligns (catalog/pg_type_d.h). */
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23
#define OIDOID 26
#define XIDOID 28
#define CIDOID 29
#define FLOAT4OID 700
#define FLOAT8OID 701
#define MONEYOID 790
#define NUMERICOID 1700
#define XID8OID 5069

#define DEFAULT_PAGER "more"

static volatile sig_atomic_t *cancel_flag;
static int always_ignore_sigpipe;

/* Locale digit grouping (psql's setDecimalLocale); NULL: the defaults. */
static char *decimal_point;
static char *thousands_sep;
static int groupdigits = 3;

/* The one pager a print_pager_open may have started. */
static FILE *pager_stream;
static pid_t pager_pid = -1;

void print_set_cancel_flag(volatile sig_atomic_t *flag)
{
	cancel_flag = flag;
}

int print_cancelled(void)
{
	return cancel_flag && *cancel_flag;
}

void print_set_sigpipe_state(int always_ignore)
{
	always_ignore_sigpipe = always_ignore;
}

static void set_sigpipe(void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
}

void print_sigpipe_disable(void)
{
	set_sigpipe(SIG_IGN);
}

void print_sigpipe_restore(void)
{
	set_sigpipe(always_ignore_sigpipe ? SIG_IGN : SIG_DFL);
}

void print_decimal_locale_init(void)
{
	struct lconv *lc = localeconv();
	const char *dp;

	free(decimal_point);
	free(thousands_sep);
	dp = *lc->decimal_point ? lc->decimal_point : ".";
	decimal_point = xstrdup(dp);
	/* Only the first group width counts; CHAR_MAX and odd values mean 3. */
	groupdigits = *lc->grouping;
	if (groupdigits <= 0 || groupdigits > 6)
		groupdigits = 3;
	if (*lc->thousands_sep)
		thousands_sep = xstrdup(lc->thousands_sep);
	else
		thousands_sep = xstrdup(strcmp(dp, ",") != 0 ? "," : ".");
}

/*
 * psql's format_numeric_locale: digit groups and the locale's decimal
 * point in something that looks like a number; anything else (money, say,
 * which the server already localized) is copied unchanged.
 */
static char *format_numeric_locale(const char *s)
{
	const char *dp = decimal_point ? decimal_point : ".";
	const char *ts = thousands_sep ? thousands_sep : ",";
	struct strbuf sb = STRBUF_INIT;
	size_t int_len, i;
	int leading;

	if (strspn(s, "0123456789+-.eE") != strlen(s))
		return xstrdup(s);
	if (*s == '-' || *s == '+')
		strbuf_addch(&sb, *s++);
	int_len = strspn(s, "0123456789");
	leading = (int)(int_len % (size_t)groupdigits);
	if (leading == 0)
		leading = groupdigits;
	for (i = 0; i < int_len; i++) {
		if (i > 0 && --leading == 0) {
			strbuf_addstr(&sb, ts);
			leading = groupdigits;
		}
		strbuf_addch(&sb, s[i]);
	}
	if (s[i] == '.') {
		strbuf_addstr(&sb, dp);
		i++;
	}
	strbuf_addstr(&sb, s + i);
	return strbuf_detach(&sb, NULL);
}

void print_table_opt_init(struct print_table_opt *topt)
{
	memset(topt, 0, sizeof(*topt));
	topt->format = PRINT_FORMAT_ALIGNED;
	topt->border = 1;
	topt->pager = PRINT_PAGER_ON;
	topt->start_table = 1;
	topt->stop_table = 1;
	topt->default_footer = 1;
	topt->encoding = pg_char_to_encoding("SQL_ASCII");
	topt->csv_field_sep[0] = ',';
}

void print_query_opt_init(struct print_query_opt *popt)
{
	memset(popt, 0, sizeof(*popt));
	print_table_opt_init(&popt->topt);
}

static void separator_release(struct print_separator *sep)
{
	free(sep->sep);
	sep->sep = NULL;
}

void print_query_opt_release(struct print_query_opt *popt)
{
	separator_release(&popt->topt.field_sep);
	separator_release(&popt->topt.record_sep);
	free(popt->topt.table_attr);
	popt->topt.table_attr = NULL;
	free(popt->null_print);
	popt->null_print = NULL;
	free(popt->title);
	popt->title = NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void print_query_opt_copy(struct print_query_opt *dst, const struct print_query_opt *src)
{
	*dst = *src;
	dst->topt.field_sep.sep = dup_or_null(src->topt.field_sep.sep);
	dst->topt.record_sep.sep = dup_or_null(src->topt.record_sep.sep);
	dst->topt.table_attr = dup_or_null(src->topt.table_attr);
	dst->null_print = dup_or_null(src->null_print);
	dst->title = dup_or_null(src->title);
}

const char *print_format_name(enum print_format format)
{
	switch (format) {
	case PRINT_FORMAT_NOTHING:
		return "nothing";
	case PRINT_FORMAT_ALIGNED:
		return "aligned";
	case PRINT_FORMAT_ASCIIDOC:
		return "asciidoc";
	case PRINT_FORMAT_CSV:
		return "csv";
	case PRINT_FORMAT_HTML:
		return "html";
	case PRINT_FORMAT_LATEX:
		return "latex";
	case PRINT_FORMAT_LATEX_LONGTABLE:
		return "latex-longtable";
	case PRINT_FORMAT_TROFF_MS:
		return "troff-ms";
	case PRINT_FORMAT_UNALIGNED:
		return "unaligned";
	case PRINT_FORMAT_WRAPPED:
		return "wrapped";
	}
	return "unknown";
}

const char *print_linestyle_name(enum print_linestyle style)
{
	switch (style) {
	case PRINT_LINESTYLE_DEFAULT:
	case PRINT_LINESTYLE_ASCII:
		return "ascii";
	case PRINT_LINESTYLE_OLD_ASCII:
		return "old-ascii";
	case PRINT_LINESTYLE_UNICODE:
		return "unicode";
	}
	return "unknown";
}

char print_column_alignment(Oid type)
{
	switch (type) {
	case INT2OID:
	case INT4OID:
	case INT8OID:
	case FLOAT4OID:
	case FLOAT8OID:
	case NUMERICOID:
	case OIDOID:
	case XIDOID:
	case XID8OID:
	case CIDOID:
	case MONEYOID:
		return 'r';
	default:
		return 'l';
	}
}

/* ---- the table ---- */

/* print_table_init without the cells array (print_query may not need it). */
static void table_init_no_cells(struct print_table *tbl, const struct print_table_opt *opt,
				const char *title, int ncolumns, int nrows)
{
	memset(tbl, 0, sizeof(*tbl));
	tbl->opt = opt;
	tbl->title = title;
	tbl->ncolumns = ncolumns;
	tbl->nrows = nrows;
	tbl->headers = xcalloc((size_t)ncolumns + 1, sizeof(*tbl->headers));
	tbl->aligns = xcalloc((size_t)ncolumns + 1, 1);
	tbl->utf8 = opt->encoding == pg_char_to_encoding("UTF8");
}

static void table_alloc_cells(struct print_table *tbl)
{
	tbl->cells = xcalloc((size_t)tbl->ncolumns * (size_t)tbl->nrows + 1, sizeof(*tbl->cells));
}

void print_table_init(struct print_table *tbl, const struct print_table_opt *opt,
		      const char *title, int ncolumns, int nrows)
{
	table_init_no_cells(tbl, opt, title, ncolumns, nrows);
	table_alloc_cells(tbl);
}

/* psql's mbvalidate, without writing into the caller's string. */
static const char *table_validated(struct print_table *tbl, const char *s)
{
	char *clean;

	if (!tbl->utf8)
		return s;
	clean = print_utf8_cleaned(s);
	if (!clean)
		return s;
	if (tbl->nowned == tbl->owned_alloc) {
		tbl->owned_alloc = tbl->owned_alloc ? 2 * tbl->owned_alloc : 8;
		tbl->owned = xreallocarray(tbl->owned, tbl->owned_alloc, sizeof(*tbl->owned));
	}
	tbl->owned[tbl->nowned++] = clean;
	return clean;
}

void print_table_add_header(struct print_table *tbl, const char *header, int translate,
			    char align)
{
	(void)translate;
	if (tbl->nheaders >= tbl->ncolumns) {
		fprintf(stderr, "Cannot add header to table content: column count of %d exceeded.\n",
			tbl->ncolumns);
		abort();
	}
	tbl->headers[tbl->nheaders] = table_validated(tbl, header);
	tbl->aligns[tbl->nheaders] = align;
	tbl->nheaders++;
}

void print_table_add_cell(struct print_table *tbl, const char *cell, int translate,
			  int mustfree)
{
	long total = (long)tbl->ncolumns * tbl->nrows;

	(void)translate;
	if (tbl->ncells >= total) {
		fprintf(stderr,
			"Cannot add cell to table content: total cell count of %ld exceeded.\n",
			total);
		abort();
	}
	tbl->cells[tbl->ncells] = table_validated(tbl, cell);
	if (mustfree) {
		if (!tbl->cell_mustfree)
			tbl->cell_mustfree = xcalloc((size_t)total + 1, 1);
		tbl->cell_mustfree[tbl->ncells] = 1;
		/* The cleaned copy (if any) is what is kept; free the original now. */
		if (tbl->cells[tbl->ncells] != cell) {
			free((char *)cell);
			tbl->cell_mustfree[tbl->ncells] = 0;
		}
	}
	tbl->ncells++;
}

void print_table_add_footer(struct print_table *tbl, const char *footer)
{
	struct print_footer *f = xcalloc(1, sizeof(*f));

	f->data = xstrdup(footer);
	if (!tbl->footers)
		tbl->footers = f;
	else
		tbl->last_footer->next = f;
	tbl->last_footer = f;
}

void print_table_set_footer(struct print_table *tbl, const char *footer)
{
	if (tbl->footers) {
		free(tbl->last_footer->data);
		tbl->last_footer->data = xstrdup(footer);
	} else {
		print_table_add_footer(tbl, footer);
	}
}

void print_table_release(struct print_table *tbl)
{
	struct print_footer *f, *next;
	size_t i;

	if (tbl->cell_mustfree) {
		for (long c = 0; c < tbl->ncells; c++)
			if (tbl->cell_mustfree[c])
				free((char *)tbl->cells[c]);
		free(tbl->cell_mustfree);
	}
	for (i = 0; i < tbl->nowned; i++)
		free(tbl->owned[i]);
	free(tbl->owned);
	free(tbl->headers);
	free(tbl->cells);
	free(tbl->aligns);
	for (f = tbl->footers; f; f = next) {
		next = f->next;
		free(f->data);
		free(f);
	}
	memset(tbl, 0, sizeof(*tbl));
}

const struct print_footer *print_footers_with_default(const struct print_table *tbl,
						      struct print_default_footer *buf)
{
	if (!tbl->footers && tbl->opt->default_footer) {
		unsigned long total = tbl->opt->prior_records + (unsigned long)tbl->nrows;

		snprintf(buf->text, sizeof(buf->text), total == 1 ? "(%lu row)" : "(%lu rows)",
			 total);
		buf->cell.data = buf->text;
		buf->cell.next = NULL;
		return &buf->cell;
	}
	return tbl->footers;
}

/* ---- pager ---- */

int print_pager_possible(const struct print_table_opt *topt)
{
	return topt && topt->pager != PRINT_PAGER_OFF && isatty(fileno(stdin)) &&
	       isatty(fileno(stdout));
}

/* Start cmd through /bin/sh -c with a pipe to its stdin (popen is banned). */
static FILE *pager_start(const char *cmd)
{
	int fds[2];
	pid_t pid;
	FILE *fp;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return NULL;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		char *argv[4];

		if (dup2(fds[0], STDIN_FILENO) < 0)
			_exit(127);
		argv[0] = (char *)"sh";
		argv[1] = (char *)"-c";
		argv[2] = (char *)cmd;
		argv[3] = NULL;
		/* SIGPIPE stays ignored in the pager, as with psql's popen */
		execv("/bin/sh", argv);
		_exit(127);
	}
	close(fds[0]);
	fp = fdopen(fds[1], "w");
	if (!fp) {
		close(fds[1]);
		waitpid(pid, NULL, 0);
		return NULL;
	}
	pager_stream = fp;
	pager_pid = pid;
	return fp;
}

FILE *print_pager_open(const struct print_table_opt *topt, int lines)
{
	struct winsize ws;
	const char *prog;
	FILE *fp;

	if (!print_pager_possible(topt))
		return stdout;
	if (ioctl(fileno(stdout), TIOCGWINSZ, &ws) != -1 &&
	    !(lines >= ws.ws_row && lines >= topt->pager_min_lines) &&
	    topt->pager != PRINT_PAGER_ALWAYS)
		return stdout;
	prog = getenv("PSQL_PAGER");
	if (!prog)
		prog = getenv("PAGER");
	if (!prog)
		prog = DEFAULT_PAGER;
	else if (strspn(prog, " \t\r\n") == strlen(prog))
		return stdout;	/* an empty or blank PAGER means no pager */
	print_sigpipe_disable();
	fp = pager_start(prog);
	if (fp)
		return fp;
	print_sigpipe_restore();
	return stdout;
}

void print_pager_close(FILE *pager)
{
	if (!pager || pager == stdout)
		return;
	if (print_cancelled())
		fputs("Interrupted\n", pager);
	fclose(pager);
	if (pager == pager_stream && pager_pid > 0) {
		while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
			;
		pager_pid = -1;
		pager_stream = NULL;
	}
	print_sigpipe_restore();
}

void print_pager_if_needed(const struct print_table *tbl, int extra_lines, int expanded,
			   FILE **fout, int *is_pager)
{
	int lines;
	const struct print_footer *f;

	if (*fout != stdout) {
		*is_pager = 0;
		return;
	}
	if (expanded)
		lines = (tbl->ncolumns + 1) * tbl->nrows;
	else
		lines = tbl->nrows + 1;
	/* Like psql, this counts footers, not their lines. */
	if (!tbl->opt->tuples_only)
		for (f = tbl->footers; f; f = f->next)
			lines++;
	*fout = print_pager_open(tbl->opt, lines + extra_lines);
	*is_pager = *fout != stdout;
}

int print_output_columns(const struct print_table_opt *opt, FILE *fout, int is_pager)
{
	struct winsize ws;

	if (opt->columns > 0)
		return opt->columns;
	if ((fout == stdout && isatty(fileno(stdout))) || is_pager) {
		if (opt->env_columns > 0)
			return opt->env_columns;
		if (ioctl(fileno(stdout), TIOCGWINSZ, &ws) != -1)
			return ws.ws_col;
	}
	return 0;
}

/* ---- printing ---- */

void print_table(const struct print_table *tbl, FILE *fout, int is_pager, FILE *flog)
{
	const struct print_table_opt *opt = tbl->opt;
	int expanded = opt->expanded == PRINT_EXPANDED_ON;
	int local_pager = 0;

	if (print_cancelled() || opt->format == PRINT_FORMAT_NOTHING)
		return;
	/* The aligned formats decide about the pager themselves. */
	if (!is_pager && opt->format != PRINT_FORMAT_ALIGNED &&
	    opt->format != PRINT_FORMAT_WRAPPED) {
		print_pager_if_needed(tbl, 0, expanded, &fout, &is_pager);
		local_pager = is_pager;
	}
	clearerr(fout);
	if (flog)
		print_aligned_text(tbl, flog, 0);

	switch (opt->format) {
	case PRINT_FORMAT_UNALIGNED:
		if (expanded)
			print_unaligned_vertical(tbl, fout);
		else
			print_unaligned_text(tbl, fout);
		break;
	case PRINT_FORMAT_ALIGNED:
	case PRINT_FORMAT_WRAPPED:
		/*
		 * Expanded auto with a pager passed in is vertical, so that all
		 * hunks of a FETCH_COUNT result look the same.
		 */
		if (expanded || (opt->expanded == PRINT_EXPANDED_AUTO && is_pager))
			print_aligned_vertical(tbl, fout, is_pager);
		else
			print_aligned_text(tbl, fout, is_pager);
		break;
	case PRINT_FORMAT_CSV:
		if (expanded)
			print_csv_vertical(tbl, fout);
		else
			print_csv_text(tbl, fout);
		break;
	case PRINT_FORMAT_HTML:
		if (expanded)
			print_html_vertical(tbl, fout);
		else
			print_html_text(tbl, fout);
		break;
	case PRINT_FORMAT_ASCIIDOC:
		if (expanded)
			print_asciidoc_vertical(tbl, fout);
		else
			print_asciidoc_text(tbl, fout);
		break;
	case PRINT_FORMAT_LATEX:
		if (expanded)
			print_latex_vertical(tbl, fout);
		else
			print_latex_text(tbl, fout);
		break;
	case PRINT_FORMAT_LATEX_LONGTABLE:
		if (expanded)
			print_latex_vertical(tbl, fout);
		else
			print_latex_longtable_text(tbl, fout);
		break;
	case PRINT_FORMAT_TROFF_MS:
		if (expanded)
			print_troff_ms_vertical(tbl, fout);
		else
			print_troff_ms_text(tbl, fout);
		break;
	case PRINT_FORMAT_NOTHING:
		break;
	default:
		fprintf(stderr, "invalid output format (internal error): %d", (int)opt->format);
		abort();
	}
	if (local_pager)
		print_pager_close(fout);
}

/*
 * Whether the cells of res can be printed as the result holds them, with
 * no copy: unless numericlocale regroups the digits of a numeric column,
 * or (in a UTF-8 client encoding) psql's mbvalidate would clean a value or
 * the NULL display.  That is the common case, checked in one pass.
 */
static int query_cells_as_is(const PGresult *res, const struct print_table *tbl,
			     const char *null_print)
{
	int r, c;

	if (tbl->opt->numeric_locale)
		for (c = 0; c < tbl->ncolumns; c++)
			if (tbl->aligns[c] == 'r')
				return 0;
	if (!tbl->utf8)
		return 1;
	if (!print_utf8_valid(null_print, strlen(null_print)))
		return 0;
	for (r = 0; r < tbl->nrows; r++)
		for (c = 0; c < tbl->ncolumns; c++)
			if (!PQgetisnull(res, r, c) &&
			    !print_utf8_valid(PQgetvalue(res, r, c), (size_t)PQgetlength(res, r, c)))
				return 0;
	return 1;
}

void print_query(const PGresult *res, const struct print_query_opt *opt, FILE *fout,
		 int is_pager, FILE *flog)
{
	const char *null_print = opt->null_print ? opt->null_print : "";
	struct print_table tbl;
	int r, c;

	if (print_cancelled())
		return;
	table_init_no_cells(&tbl, &opt->topt, opt->title, PQnfields(res), PQntuples(res));
	for (c = 0; c < tbl.ncolumns; c++)
		print_table_add_header(&tbl, PQfname(res, c), opt->translate_header,
				       print_column_alignment(PQftype(res, c)));
	if (query_cells_as_is(res, &tbl, null_print)) {
		/*
		 * The memory of a big result: libpq's, and nothing of ours per
		 * cell (psql's printQuery adds an array of cell pointers, 8
		 * bytes a cell).
		 */
		tbl.res = res;
		tbl.null_print = null_print;
	} else {
		table_alloc_cells(&tbl);
		for (r = 0; r < tbl.nrows; r++) {
			for (c = 0; c < tbl.ncolumns; c++) {
				const char *cell;
				int mustfree = 0;

				if (PQgetisnull(res, r, c)) {
					cell = null_print;
				} else {
					cell = PQgetvalue(res, r, c);
					if (tbl.aligns[c] == 'r' && opt->topt.numeric_locale) {
						cell = format_numeric_locale(cell);
						mustfree = 1;
					}
				}
				print_table_add_cell(&tbl, cell, 0, mustfree);
			}
		}
	}
	if (opt->footers)
		for (char **f = opt->footers; *f; f++)
			print_table_add_footer(&tbl, *f);
	print_table(&tbl, fout, is_pager, flog);
	print_table_release(&tbl);
}

void print_command_status(const PGresult *res, const struct print_query_opt *opt, FILE *fout)
{
	const char *tag = PQcmdStatus((PGresult *)res);

	if (opt->topt.format == PRINT_FORMAT_HTML) {
		fputs("<p>", fout);
		print_html_escaped(tag, fout);
		fputs("</p>\n", fout);
	} else {
		fprintf(fout, "%s\n", tag);
	}
	fflush(fout);
}
