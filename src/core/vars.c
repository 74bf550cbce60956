/* SPDX-License-Identifier: PostgreSQL */
/*
 * vars: psql's variable space.  A sorted array searched by bisection: the
 * REPL looks variables up for every :name it interpolates and for every
 * special-variable hook, and psql lists them (\set) in name order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "safepg/vars.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

struct var {
	char *name;
	char *value;
	vars_substitute_hook shook;
	vars_assign_hook ahook;
	void *data;
};

struct vars {
	struct var *v;
	size_t n, alloc;
};

struct vars *vars_new(void)
{
	return xcalloc(1, sizeof(struct vars));
}

void vars_free(struct vars *vs)
{
	if (!vs)
		return;
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].name);
		free(vs->v[i].value);
	}
	free(vs->v);
	free(vs);
}

int vars_valid_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	if (!*p)
		return 0;
	for (; *p; p++) {
		if (*p & 0x80)
			continue;
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_')
			continue;
		return 0;
	}
	return 1;
}

/* Index of name, or of where it would be inserted (*found = 0). */
static size_t find(const struct vars *vs, const char *name, int *found)
{
	size_t lo = 0, hi = vs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(vs->v[mid].name, name);

		if (cmp == 0) {
			*found = 1;
			return mid;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

const char *vars_get(const struct vars *vs, const char *name)
{
	int found;
	size_t i;

	if (!vs || !name)
		return NULL;
	i = find(vs, name, &found);
	return found ? vs->v[i].value : NULL;
}

static struct var *insert_at(struct vars *vs, size_t i, const char *name)
{
	ALLOC_GROW(vs->v, vs->n + 1, vs->alloc);
	memmove(vs->v + i + 1, vs->v + i, (vs->n - i) * sizeof(*vs->v));
	vs->n++;
	memset(&vs->v[i], 0, sizeof(vs->v[i]));
	vs->v[i].name = xstrdup(name);
	return &vs->v[i];
}

static void remove_at(struct vars *vs, size_t i)
{
	free(vs->v[i].name);
	free(vs->v[i].value);
	memmove(vs->v + i, vs->v + i + 1, (vs->n - i - 1) * sizeof(*vs->v));
	vs->n--;
}

enum vars_result vars_set(struct vars *vs, const char *name, const char *value)
{
	int found;
	size_t i;
	struct var *cur;
	char *new_value;

	if (!vars_valid_name(name))
		return value ? VARS_BAD_NAME : VARS_OK;
	i = find(vs, name, &found);
	if (!found) {
		if (value) {
			cur = insert_at(vs, i, name);
			cur->value = xstrdup(value);
		}
		return VARS_OK;
	}
	cur = &vs->v[i];
	{
		vars_substitute_hook shook = cur->shook;
		vars_assign_hook ahook = cur->ahook;
		void *data = cur->data;

		new_value = value ? xstrdup(value) : NULL;
		if (shook)
			new_value = shook(new_value, data);
		if (ahook && !ahook(new_value, data)) {
			free(new_value);
			return VARS_REJECTED;
		}
	}
	/* a hook may have set other variables: look the entry up again */
	i = find(vs, name, &found);
	if (!found) {
		if (new_value)
			insert_at(vs, i, name)->value = new_value;
		return VARS_OK;
	}
	cur = &vs->v[i];
	free(cur->value);
	cur->value = new_value;
	if (!new_value && !cur->shook && !cur->ahook)
		remove_at(vs, i);
	return VARS_OK;
}

void vars_set_hooks(struct vars *vs, const char *name, vars_substitute_hook shook,
		    vars_assign_hook ahook, void *data)
{
	int found;
	size_t i;
	struct var *cur;

	if (!vars_valid_name(name))
		return;
	i = find(vs, name, &found);
	cur = found ? &vs->v[i] : insert_at(vs, i, name);
	cur->shook = shook;
	cur->ahook = ahook;
	cur->data = data;
	if (shook)
		cur->value = shook(cur->value, data);
	if (ahook)
		(void)ahook(cur->value, data);
}

int vars_has_hook(const struct vars *vs, const char *name)
{
	int found;
	size_t i = find(vs, name, &found);

	return found && (vs->v[i].shook || vs->v[i].ahook);
}

int vars_at(const struct vars *vs, size_t i, const char **name, const char **value)
{
	if (i >= vs->n)
		return 0;
	*name = vs->v[i].name;
	*value = vs->v[i].value;
	return 1;
}

int vars_parse_bool(const char *value, int *result)
{
	size_t len;

	if (!value)
		value = "";
	len = strlen(value);
	if (len > 0 && !strncasecmp(value, "true", len))
		*result = 1;
	else if (len > 0 && !strncasecmp(value, "false", len))
		*result = 0;
	else if (len > 0 && !strncasecmp(value, "yes", len))
		*result = 1;
	else if (len > 0 && !strncasecmp(value, "no", len))
		*result = 0;
	/* "o" alone is not unique enough: at least two characters of on/off */
	else if (!strncasecmp(value, "on", len > 2 ? len : 2))
		*result = 1;
	else if (!strncasecmp(value, "off", len > 2 ? len : 2))
		*result = 0;
	else if (!strcasecmp(value, "1"))
		*result = 1;
	else if (!strcasecmp(value, "0"))
		*result = 0;
	else
		return 0;
	return 1;
}

int vars_parse_num(const char *value, int *result)
{
	char *end;
	long n;

	if (!value)
		value = "";
	errno = 0;
	n = strtol(value, &end, 0);
	if (errno == 0 && *end == '\0' && end != value && n == (int)n) {
		*result = (int)n;
		return 1;
	}
	return 0;
}
