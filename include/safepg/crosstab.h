/* SPDX-License-Identifier: PostgreSQL */
/*
 * crosstab: psql's \crosstabview -- a query result pivoted so that the
 * distinct values of one column become the rows, those of another the
 * column headers, and a third fills the grid; printed with print.c in the
 * current format.  It does not run the query nor parse the meta-command
 * line: the caller passes the result and the up to four arguments as typed.
 */
#ifndef SAFEPG_CROSSTAB_H
#define SAFEPG_CROSSTAB_H

#include <stdio.h>

#include <libpq-fe.h>

#include "safepg/print.h"

/* psql's limit on the number of distinct horizontal header values. */
#define CROSSTAB_MAX_COLUMNS 1600

/*
 * psql's PrintResultInCrosstab: pivot res and print it to fout with popt
 * (also to flog when not NULL, as print_table does).  args[0..3] are
 * \crosstabview's colV, colH, colD and sortcolH, each NULL when not given,
 * as typed (a column number from 1, or a name, double quotes kept: they
 * are dequoted and unquoted parts downcased as psql does); encoding is the
 * client encoding, for the names.  Returns 0, or -1 with *cause set to
 * psql's message ("\crosstabview: ...", allocated, caller frees) and
 * nothing printed.
 */
int crosstab_print(const PGresult *res, const char *const args[4],
		   const struct print_query_opt *popt, int encoding, FILE *fout, FILE *flog,
		   char **cause);

#endif
