/* SPDX-License-Identifier: PostgreSQL */
/*
 * cond: the stack of nested \if blocks (psql's fe_utils/conditional.c).
 * Each level remembers how long the query buffer and how deep the
 * parenthesis nesting were when its branch began, so an inactive branch's
 * text can be thrown away.  Pure.
 */
#ifndef SAFEPG_COND_H
#define SAFEPG_COND_H

#include <stddef.h>

enum if_state {
	IFSTATE_NONE = 0,	/* not inside any \if */
	IFSTATE_TRUE,		/* in a true \if or \elif, parents true */
	IFSTATE_FALSE,		/* in a false \if or \elif, no true branch yet, parents true */
	IFSTATE_IGNORED,	/* after a true branch, or the parent is false */
	IFSTATE_ELSE_TRUE,	/* in a true \else, parents true */
	IFSTATE_ELSE_FALSE	/* in a false or ignored \else */
};

struct cond_level {
	enum if_state state;
	size_t query_len;
	int paren_depth;
};

struct cond_stack {
	struct cond_level *v;
	size_t n, alloc;
};

#define COND_STACK_INIT { NULL, 0, 0 }

void cond_init(struct cond_stack *cs);
void cond_release(struct cond_stack *cs);
void cond_reset(struct cond_stack *cs);
size_t cond_depth(const struct cond_stack *cs);
void cond_push(struct cond_stack *cs, enum if_state state);
/* 0 when the stack was empty. */
int cond_pop(struct cond_stack *cs);
/* IFSTATE_NONE when empty. */
enum if_state cond_peek(const struct cond_stack *cs);
/* Replace the top state; 0 when empty. */
int cond_poke(struct cond_stack *cs, enum if_state state);
int cond_empty(const struct cond_stack *cs);
/* Commands and SQL run: the stack is empty or its top is TRUE or ELSE_TRUE. */
int cond_active(const struct cond_stack *cs);
void cond_set_query_len(struct cond_stack *cs, size_t len);
/* (size_t)-1 when empty. */
size_t cond_get_query_len(const struct cond_stack *cs);
void cond_set_paren_depth(struct cond_stack *cs, int depth);
/* -1 when empty. */
int cond_get_paren_depth(const struct cond_stack *cs);

#endif
