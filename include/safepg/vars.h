/* SPDX-License-Identifier: PostgreSQL */
/*
 * vars: psql's variable space (\set, -v, :name interpolation), with the
 * substitute and assign hooks through which special variables such as
 * AUTOCOMMIT or ON_ERROR_STOP take effect.  Pure: it stores and orders
 * values and calls hooks; it never prints.  Callers report errors in psql's
 * words (see vars_set's return values).
 */
#ifndef SAFEPG_VARS_H
#define SAFEPG_VARS_H

#include <stddef.h>

/*
 * A substitute hook may replace the value being set (it receives an
 * allocated string or NULL and returns an allocated string or NULL; it owns
 * what it receives).  An assign hook validates and applies the value; it
 * returns 0 to reject it (the old value stays) and may report why.
 */
typedef char *(*vars_substitute_hook)(char *value, void *data);
typedef int (*vars_assign_hook)(const char *value, void *data);

struct vars;

struct vars *vars_new(void);
void vars_free(struct vars *vs);

/* The value of name, or NULL when unset.  Valid until the variable changes. */
const char *vars_get(const struct vars *vs, const char *name);

enum vars_result {
	VARS_RESULT_NONE = 0,
	VARS_OK,		/* set (or deleted) */
	VARS_BAD_NAME,		/* not a valid variable name: psql says `invalid variable name: "%s"` */
	VARS_REJECTED		/* the assign hook refused the value (and said why) */
};

/*
 * Set name to value (copied); value NULL deletes.  Deleting a variable with
 * an invalid name, or one that does not exist, succeeds.
 */
enum vars_result vars_set(struct vars *vs, const char *name, const char *value);

/*
 * Install hooks on name (creating it unset if needed) and run them at once
 * on the current value, as psql does, so the hook's effect starts in sync.
 */
void vars_set_hooks(struct vars *vs, const char *name, vars_substitute_hook shook,
		    vars_assign_hook ahook, void *data);

/* 1 when name has a hook (such variables survive \unset with a default). */
int vars_has_hook(const struct vars *vs, const char *name);

/* psql's valid_variable_name(): ASCII letters, digits, underscore, high-bit bytes. */
int vars_valid_name(const char *name);

/* Iterate in name order (strcmp): i from 0 while it returns 1. */
int vars_at(const struct vars *vs, size_t i, const char **name, const char **value);

/*
 * psql's ParseVariableBool: true/false/yes/no/on/off/1/0, case-insensitive,
 * unique prefixes accepted ("o" is not unique).  Returns 1 and sets *result,
 * or 0 when the value is not a boolean (value NULL counts as "").
 */
int vars_parse_bool(const char *value, int *result);
/* psql's ParseVariableNum: strtol base 0, whole string, fits an int. */
int vars_parse_num(const char *value, int *result);

#endif
