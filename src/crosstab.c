/* SPDX-License-Identifier: PostgreSQL */
/*
 * crosstab: \crosstabview (see crosstab.h).  Not ported yet: the command
 * is recognised and reports so, rather than printing something different
 * from psql.
 */
#include "safepg/crosstab.h"
#include "safepg/log.h"
#include "safepg/banned.h"

int crosstab_print_result(struct session *s, const PGresult *res)
{
	(void)s;
	(void)res;
	log_error("\\crosstabview: not supported yet");
	return 0;
}
