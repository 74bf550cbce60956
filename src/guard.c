/* SPDX-License-Identifier: PostgreSQL */
/*
 * guard: the stub of the guard's hooks (see guard.h).  Every check lets
 * the unit through and no environment is known; the real guard (profile,
 * classification, policy, confirmation, audit) replaces this file in its
 * own issue, without changing the call sites.
 */
#include <stddef.h>

#include "safepg/guard.h"
#include "safepg/banned.h"

enum guard_result guard_sql(struct session *s, const char *query)
{
	(void)s;
	(void)query;
	return GUARD_PROCEED;
}

enum guard_result guard_shell(struct session *s, const char *command)
{
	(void)s;
	(void)command;
	return GUARD_PROCEED;
}

enum guard_result guard_copy_local(struct session *s, int from, int program, const char *file)
{
	(void)s;
	(void)from;
	(void)program;
	(void)file;
	return GUARD_PROCEED;
}

void guard_connected(struct session *s)
{
	(void)s;
}

const char *guard_env_name(const struct guard *g)
{
	(void)g;
	return NULL;
}

const char *guard_env_sgr(const struct guard *g)
{
	(void)g;
	return NULL;
}
