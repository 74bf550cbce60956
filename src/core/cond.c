/* SPDX-License-Identifier: PostgreSQL */
/*
 * cond: the \if stack.  See cond.h.
 */
#include <stdlib.h>

#include "safepg/cond.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

void cond_init(struct cond_stack *cs)
{
	cs->v = NULL;
	cs->n = cs->alloc = 0;
}

void cond_release(struct cond_stack *cs)
{
	free(cs->v);
	cond_init(cs);
}

void cond_reset(struct cond_stack *cs)
{
	cs->n = 0;
}

size_t cond_depth(const struct cond_stack *cs)
{
	return cs->n;
}

void cond_push(struct cond_stack *cs, enum if_state state)
{
	ALLOC_GROW(cs->v, cs->n + 1, cs->alloc);
	cs->v[cs->n].state = state;
	cs->v[cs->n].query_len = (size_t)-1;
	cs->v[cs->n].paren_depth = -1;
	cs->n++;
}

int cond_pop(struct cond_stack *cs)
{
	if (!cs->n)
		return 0;
	cs->n--;
	return 1;
}

enum if_state cond_peek(const struct cond_stack *cs)
{
	return cs->n ? cs->v[cs->n - 1].state : IFSTATE_NONE;
}

int cond_poke(struct cond_stack *cs, enum if_state state)
{
	if (!cs->n)
		return 0;
	cs->v[cs->n - 1].state = state;
	return 1;
}

int cond_empty(const struct cond_stack *cs)
{
	return cs->n == 0;
}

int cond_active(const struct cond_stack *cs)
{
	enum if_state s = cond_peek(cs);

	return s == IFSTATE_NONE || s == IFSTATE_TRUE || s == IFSTATE_ELSE_TRUE;
}

void cond_set_query_len(struct cond_stack *cs, size_t len)
{
	if (cs->n)
		cs->v[cs->n - 1].query_len = len;
}

size_t cond_get_query_len(const struct cond_stack *cs)
{
	return cs->n ? cs->v[cs->n - 1].query_len : (size_t)-1;
}

void cond_set_paren_depth(struct cond_stack *cs, int depth)
{
	if (cs->n)
		cs->v[cs->n - 1].paren_depth = depth;
}

int cond_get_paren_depth(const struct cond_stack *cs)
{
	return cs->n ? cs->v[cs->n - 1].paren_depth : -1;
}
