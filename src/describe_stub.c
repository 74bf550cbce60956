/* SPDX-License-Identifier: PostgreSQL */
/*
 * describe_stub: the describe commands not ported yet; each says so and
 * fails, never silently succeeds.  Removed one by one as they are ported.
 */
#include <stddef.h>

#include "safepg/describe_impl.h"
#include "safepg/log.h"
#include "safepg/banned.h"

#define NOT_YET(what) do { log_error("%s: not supported yet", what); return 0; } while (0)








































int describe_show_function(struct session *s, const char *desc, int is_func, int numbers)
{
	(void)s;
	(void)desc;
	(void)is_func;
	(void)numbers;
	NOT_YET("describe_show_function");
}
