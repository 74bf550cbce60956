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

























int describe_opclasses(struct session *s, const char *am_pattern, const char *type_pattern, int verbose)
{
	(void)s;
	(void)am_pattern;
	(void)type_pattern;
	(void)verbose;
	NOT_YET("describe_opclasses");
}

int describe_opfamilies(struct session *s, const char *am_pattern, const char *type_pattern, int verbose)
{
	(void)s;
	(void)am_pattern;
	(void)type_pattern;
	(void)verbose;
	NOT_YET("describe_opfamilies");
}

int describe_opfamily_operators(struct session *s, const char *am_pattern, const char *family_pattern, int verbose)
{
	(void)s;
	(void)am_pattern;
	(void)family_pattern;
	(void)verbose;
	NOT_YET("describe_opfamily_operators");
}

int describe_opfamily_functions(struct session *s, const char *am_pattern, const char *family_pattern, int verbose)
{
	(void)s;
	(void)am_pattern;
	(void)family_pattern;
	(void)verbose;
	NOT_YET("describe_opfamily_functions");
}












int describe_show_function(struct session *s, const char *desc, int is_func, int numbers)
{
	(void)s;
	(void)desc;
	(void)is_func;
	(void)numbers;
	NOT_YET("describe_show_function");
}
