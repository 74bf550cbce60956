/* SPDX-License-Identifier: PostgreSQL */
/*
 * pset: psql's \pset -- setting one print option from its name and value
 * text, and showing options, with psql 15's exact wording ("Border style
 * is 2.", "Output format is aligned.").  It changes only the given
 * print_query_opt; it does not print tables (print.c) and does not parse
 * the meta-command line (the REPL does).
 */
#ifndef SAFEPG_PSET_H
#define SAFEPG_PSET_H

#include "safepg/print.h"

/*
 * psql's do_pset: set param ("format", "border", "x", "t", "C", "T", ...)
 * to value; value NULL toggles a boolean or clears a string, as in psql.
 * Values may be abbreviated where psql allows it ("u" for unaligned).
 * Unless quiet, the new state is then printed on stdout (psql's
 * printPsetInfo) -- except, as in psql, after a boolean given a value
 * (numericlocale, tuples_only, footer).
 * Returns 0, or -1 with *cause set to psql's message (allocated, caller
 * frees; e.g. "\pset: unknown option: foo") and popt unchanged.
 */
int pset_set(struct print_query_opt *popt, const char *param, const char *value, int quiet,
	     char **cause);

/*
 * psql's printPsetInfo: print the state of param on stdout.  Returns 0, or
 * -1 with *cause set for an unknown param.
 */
int pset_show(const struct print_query_opt *popt, const char *param, char **cause);

/*
 * psql's pset_value_string: the value of param as \pset would take it back
 * ("2", "on", "'|'", "aligned"); "ERROR" for an unknown param.  Allocated.
 */
char *pset_value(const struct print_query_opt *popt, const char *param);

/* \pset without arguments: every option and its value, one a line, on out. */
void pset_list(const struct print_query_opt *popt, FILE *out);

#endif
