/* SPDX-License-Identifier: PostgreSQL */
/*
 * crosstab: \crosstabview, a query result pivoted into a grid (psql's
 * crosstabview.c).  The arguments are in s->ctv_args.
 */
#ifndef SAFEPG_CROSSTAB_H
#define SAFEPG_CROSSTAB_H

#include <libpq-fe.h>

struct session;

/* Print res pivoted as s->ctv_args asks; 1 on success, 0 after printing an error. */
int crosstab_print_result(struct session *s, const PGresult *res);

#endif
