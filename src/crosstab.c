/* SPDX-License-Identifier: PostgreSQL */
/*
 * crosstab: psql's \crosstabview (src/bin/psql/crosstabview.c).  The
 * distinct values of the vertical and horizontal header columns are
 * collected (sorted, each keeping the rank of its first appearance, or the
 * rank a sort column gives it), then the table is filled cell by cell and
 * printed with print.c.  Where psql keeps an AVL tree, this sorts an array:
 * the resulting order and ranks are the same.  It does not run queries.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "safepg/crosstab.h"
#include "safepg/print.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/* A distinct header value; name NULL stands for SQL NULL. */
struct pivot {
	const char *name;
	const char *sort_value;	/* of the first row with this name */
	int rank;		/* output position */
	int first;		/* first row with this name (while collecting) */
};

/* psql's pivotFieldCompare: strcmp order, NULL after every value. */
static int pivot_cmp(const void *a, const void *b)
{
	const struct pivot *pa = a, *pb = b;

	if (!pb->name)
		return pa->name ? -1 : 0;
	if (!pa->name)
		return 1;
	return strcmp(pa->name, pb->name);
}

static int pivot_cmp_first(const void *a, const void *b)
{
	int c = pivot_cmp(a, b);

	if (c)
		return c;
	return ((const struct pivot *)a)->first - ((const struct pivot *)b)->first;
}

static int first_cmp(const void *a, const void *b)
{
	return (*(struct pivot *const *)a)->first - (*(struct pivot *const *)b)->first;
}

/*
 * The distinct values of column col (with sort column sortcol, or -1),
 * sorted; rank = order of first appearance.  Returns the count.
 */
static int collect(const PGresult *res, int col, int sortcol, struct pivot **out)
{
	int n = PQntuples(res), count = 0;
	struct pivot *all = xcalloc((size_t)n + 1, sizeof(*all));
	struct pivot **byfirst;

	for (int r = 0; r < n; r++) {
		all[r].name = PQgetisnull(res, r, col) ? NULL : PQgetvalue(res, r, col);
		all[r].sort_value = sortcol >= 0 && !PQgetisnull(res, r, sortcol) ?
					    PQgetvalue(res, r, sortcol) : NULL;
		all[r].first = r;
	}
	qsort(all, (size_t)n, sizeof(*all), pivot_cmp_first);
	for (int r = 0; r < n; r++)
		if (count == 0 || pivot_cmp(&all[count - 1], &all[r]) != 0)
			all[count++] = all[r];
	byfirst = xcalloc((size_t)count + 1, sizeof(*byfirst));
	for (int i = 0; i < count; i++)
		byfirst[i] = &all[i];
	qsort(byfirst, (size_t)count, sizeof(*byfirst), first_cmp);
	for (int i = 0; i < count; i++)
		byfirst[i]->rank = i;
	free(byfirst);
	*out = all;
	return count;
}

static int rank_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * psql's rankSort: order the horizontal header by the sort column's integer
 * values (anything else counts as 0), with the same qsort call psql makes.
 */
static void rank_sort(int n, struct pivot *cols)
{
	int *hmap = xcalloc((size_t)n * 2 + 2, sizeof(*hmap));

	for (int i = 0; i < n; i++) {
		const char *v = cols[i].sort_value;
		int valid = v && ((*v == '-' && strspn(v + 1, "0123456789") == strlen(v + 1)) ||
				  strspn(v, "0123456789") == strlen(v));

		hmap[i * 2] = valid ? atoi(v) : 0;
		hmap[i * 2 + 1] = i;
	}
	qsort(hmap, (size_t)n, sizeof(int) * 2, rank_cmp);
	for (int i = 0; i < n; i++)
		cols[hmap[i * 2 + 1]].rank = i;
	free(hmap);
}

/* psql's dequote_downcase_identifier, on a copy. */
static char *dequote_downcase(const char *arg, int encoding)
{
	char *s = xstrdup(arg);
	char *cp = s;
	int inquotes = 0;

	while (*cp) {
		if (*cp == '"') {
			if (inquotes && cp[1] == '"')
				cp++;	/* "" in quotes: keep one */
			else
				inquotes = !inquotes;
			memmove(cp, cp + 1, strlen(cp));
		} else {
			int len = PQmblen(cp, encoding);
			unsigned char ch = (unsigned char)*cp;

			if (!inquotes) {
				if (ch >= 'A' && ch <= 'Z')
					*cp = (char)(ch + ('a' - 'A'));
				else if (ch >= 0x80 && isupper(ch))
					*cp = (char)tolower(ch);
			}
			/* PQmblenBounded */
			if ((size_t)len > strlen(cp))
				len = (int)strlen(cp);
			cp += len < 1 ? 1 : len;
		}
	}
	return s;
}

/* psql's indexOfColumn: a number from 1, or a (dequoted) name; -1 and *cause. */
static int column_index(const char *arg, const PGresult *res, int encoding, char **cause)
{
	int nfields = PQnfields(res);
	char *name;
	int idx = -1;

	if (arg[0] && strspn(arg, "0123456789") == strlen(arg)) {
		idx = atoi(arg) - 1;
		if (idx < 0 || idx >= nfields) {
			*cause = xasprintf("\\crosstabview: column number %d is out of range 1..%d",
					   idx + 1, nfields);
			return -1;
		}
		return idx;
	}
	name = dequote_downcase(arg, encoding);
	for (int i = 0; i < nfields; i++) {
		if (strcmp(name, PQfname(res, i)) != 0)
			continue;
		if (idx >= 0) {
			*cause = xasprintf("\\crosstabview: ambiguous column name: \"%s\"", name);
			free(name);
			return -1;
		}
		idx = i;
	}
	if (idx == -1)
		*cause = xasprintf("\\crosstabview: column name not found: \"%s\"", name);
	free(name);
	return idx;
}

static const char *null_text(const struct print_query_opt *popt, const char *dflt)
{
	return popt->null_print ? popt->null_print : dflt;
}

/* psql's printCrosstab: fill the grid and print it. */
static int crosstab_table(const PGresult *res, const struct print_query_opt *popt,
			  int ncols, const struct pivot *cols, int colH, int nrows,
			  const struct pivot *rows, int colV, int colD, FILE *fout, FILE *flog,
			  char **cause)
{
	struct print_table tbl;
	int *horiz_map = xcalloc((size_t)ncols + 1, sizeof(*horiz_map));
	char align = print_column_alignment(PQftype(res, colD));
	long total = (long)nrows * (ncols + 1);
	int rc = -1;

	print_table_init(&tbl, &popt->topt, popt->title, ncols + 1, nrows);
	print_table_add_header(&tbl, PQfname(res, colV), 0,
			       print_column_alignment(PQftype(res, colV)));
	for (int i = 0; i < ncols; i++)
		horiz_map[cols[i].rank] = i;
	for (int i = 0; i < ncols; i++) {
		const char *name = cols[horiz_map[i]].name;

		print_table_add_header(&tbl, name ? name : null_text(popt, ""), 0, align);
	}
	/* The cells are placed directly, not added in order (as psql does). */
	for (int i = 0; i < nrows; i++)
		tbl.cells[(long)rows[i].rank * (ncols + 1)] =
			rows[i].name ? rows[i].name : null_text(popt, "");
	tbl.ncells = total;
	for (int r = 0; r < PQntuples(res); r++) {
		struct pivot key = {0};
		const struct pivot *rp, *cp;
		long idx;

		key.name = PQgetisnull(res, r, colV) ? NULL : PQgetvalue(res, r, colV);
		rp = bsearch(&key, rows, (size_t)nrows, sizeof(*rows), pivot_cmp);
		key.name = PQgetisnull(res, r, colH) ? NULL : PQgetvalue(res, r, colH);
		cp = bsearch(&key, cols, (size_t)ncols, sizeof(*cols), pivot_cmp);
		if (!rp || !cp)
			continue;	/* cannot happen: every value was collected */
		idx = 1 + cp->rank + (long)rp->rank * (ncols + 1);
		if (tbl.cells[idx]) {
			*cause = xasprintf("\\crosstabview: query result contains multiple data "
					   "values for row \"%s\", column \"%s\"",
					   rp->name ? rp->name : null_text(popt, "(null)"),
					   cp->name ? cp->name : null_text(popt, "(null)"));
			goto out;
		}
		tbl.cells[idx] = !PQgetisnull(res, r, colD) ? PQgetvalue(res, r, colD)
							    : null_text(popt, "");
	}
	for (long i = 0; i < total; i++)
		if (!tbl.cells[i])
			tbl.cells[i] = "";
	print_table(&tbl, fout, 0, flog);
	rc = 0;
out:
	print_table_release(&tbl);
	free(horiz_map);
	return rc;
}

int crosstab_print(const PGresult *res, const char *const args[4],
		   const struct print_query_opt *popt, int encoding, FILE *fout, FILE *flog,
		   char **cause)
{
	struct pivot *cols = NULL, *rows = NULL;
	int colV = 0, colH = 1, colD = -1, sortH = -1;
	int ncols, nrows;
	int rc = -1;

	*cause = NULL;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*cause = xstrdup("\\crosstabview: statement did not return a result set");
		return -1;
	}
	if (PQnfields(res) < 3) {
		*cause = xstrdup("\\crosstabview: query must return at least three columns");
		return -1;
	}
	if (args[0] && (colV = column_index(args[0], res, encoding, cause)) < 0)
		return -1;
	if (args[1] && (colH = column_index(args[1], res, encoding, cause)) < 0)
		return -1;
	if (colH == colV) {
		*cause = xstrdup("\\crosstabview: vertical and horizontal headers must be "
				 "different columns");
		return -1;
	}
	if (!args[2]) {
		/* the one column that is neither header: there must be exactly three */
		if (PQnfields(res) != 3) {
			*cause = xstrdup("\\crosstabview: data column must be specified when query "
					 "returns more than three columns");
			return -1;
		}
		for (int i = 0; i < 3 && colD < 0; i++)
			if (i != colV && i != colH)
				colD = i;
	} else if ((colD = column_index(args[2], res, encoding, cause)) < 0) {
		return -1;
	}
	if (args[3] && (sortH = column_index(args[3], res, encoding, cause)) < 0)
		return -1;

	ncols = collect(res, colH, sortH, &cols);
	if (ncols > CROSSTAB_MAX_COLUMNS) {
		*cause = xasprintf("\\crosstabview: maximum number of columns (%d) exceeded",
				   CROSSTAB_MAX_COLUMNS);
		goto out;
	}
	nrows = collect(res, colV, -1, &rows);
	if (sortH >= 0)
		rank_sort(ncols, cols);
	rc = crosstab_table(res, popt, ncols, cols, colH, nrows, rows, colV, colD, fout, flog,
			    cause);
out:
	free(cols);
	free(rows);
	return rc;
}
