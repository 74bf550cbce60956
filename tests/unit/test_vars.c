/* SPDX-License-Identifier: PostgreSQL */
/* Unit tests for the variable space (vars.c): psql's rules for names, hooks, booleans, numbers. */
#include <stdlib.h>
#include <string.h>

#include "safepg/vars.h"
#include "safepg/xalloc.h"
#include "tap.h"

static int assigned_bool = -1;

static char *bool_subst(char *value, void *data)
{
	(void)data;
	if (!value)
		return xstrdup("off");	/* \unset of a boolean means off, as psql's hooks do */
	return value;
}

static int bool_assign(const char *value, void *data)
{
	int b;

	(void)data;
	if (!vars_parse_bool(value, &b))
		return 0;
	assigned_bool = b;
	return 1;
}

int main(void)
{
	struct vars *vs = vars_new();
	const char *name, *value;
	int b = -1, n = 0;

	is_int(vars_set(vs, "foo", "bar"), VARS_OK, "set a plain variable");
	is_str(vars_get(vs, "foo"), "bar", "get it back");
	is_int(vars_set(vs, "foo", "baz"), VARS_OK, "overwrite");
	is_str(vars_get(vs, "foo"), "baz", "new value");
	is_int(vars_set(vs, "foo", NULL), VARS_OK, "delete");
	ok(vars_get(vs, "foo") == NULL, "deleted variable is unset");
	is_int(vars_set(vs, "bad-name", "x"), VARS_BAD_NAME, "hyphen makes an invalid name");
	is_int(vars_set(vs, "bad-name", NULL), VARS_OK, "deleting an invalid name is not an error");
	is_int(vars_set(vs, "", "x"), VARS_BAD_NAME, "empty name is invalid");
	is_int(vars_set(vs, "\xc3\xa9t\xc3\xa9", "summer"), VARS_OK, "high-bit bytes are valid in names");

	vars_set(vs, "zeta", "1");
	vars_set(vs, "alpha", "2");
	vars_set(vs, "Mid", "3");
	ok(vars_at(vs, 0, &name, &value) && !strcmp(name, "Mid"), "listing is in strcmp order (upper case first)");
	ok(vars_at(vs, 1, &name, &value) && !strcmp(name, "alpha"), "then lower case");

	vars_set_hooks(vs, "FLAG", bool_subst, bool_assign, NULL);
	is_str(vars_get(vs, "FLAG"), "off", "installing hooks runs the substitute hook at once");
	is_int(assigned_bool, 0, "and the assign hook");
	is_int(vars_set(vs, "FLAG", "on"), VARS_OK, "valid boolean accepted");
	is_int(assigned_bool, 1, "assign hook saw it");
	is_int(vars_set(vs, "FLAG", "maybe"), VARS_REJECTED, "invalid boolean rejected");
	is_str(vars_get(vs, "FLAG"), "on", "rejected value leaves the old one");
	is_int(vars_set(vs, "FLAG", NULL), VARS_OK, "unset of a hooked variable");
	is_str(vars_get(vs, "FLAG"), "off", "goes through the substitute hook");
	ok(vars_has_hook(vs, "FLAG") && !vars_has_hook(vs, "zeta"), "has_hook");

	ok(vars_parse_bool("TRUE", &b) && b == 1, "TRUE");
	ok(vars_parse_bool("t", &b) && b == 1, "prefix t");
	ok(vars_parse_bool("of", &b) && b == 0, "of = off");
	ok(!vars_parse_bool("o", &b), "o alone is ambiguous");
	ok(vars_parse_bool("0", &b) && b == 0, "0");
	ok(!vars_parse_bool("", &b), "empty is not a boolean");
	ok(!vars_parse_bool(NULL, &b), "unset is not a boolean");
	ok(vars_parse_num("0x10", &n) && n == 16, "hex number");
	ok(!vars_parse_num("12abc", &n), "trailing junk rejected");
	ok(!vars_parse_num("99999999999", &n), "out of int range rejected");
	vars_free(vs);
	return tap_done();
}
