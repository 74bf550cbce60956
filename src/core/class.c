/* SPDX-License-Identifier: PostgreSQL */
/*
 * class: names and order of the risk classes.  See class.h.
 */
#include <string.h>

#include "safepg/class.h"
#include "safepg/banned.h"

static const char *const names[CLASS_COUNT] = {
	[CLASS_NONE] = "none",
	[CLASS_READ] = "read",
	[CLASS_WRITE] = "write",
	[CLASS_UNKNOWN] = "unknown",
	[CLASS_DESTRUCTIVE] = "destructive",
	[CLASS_CATASTROPHIC] = "catastrophic",
};

int class_rank(enum sp_class c)
{
	/* the enum is declared in risk order */
	return (c > CLASS_NONE && c < CLASS_COUNT) ? (int)c : 0;
}

enum sp_class class_max(enum sp_class a, enum sp_class b)
{
	return class_rank(a) >= class_rank(b) ? a : b;
}

const char *class_name(enum sp_class c)
{
	return (c >= CLASS_NONE && c < CLASS_COUNT) ? names[c] : "none";
}

int class_parse(const char *name, enum sp_class *out)
{
	for (int c = CLASS_READ; c < CLASS_COUNT; c++) {
		if (!strcmp(name, names[c])) {
			*out = (enum sp_class)c;
			return 0;
		}
	}
	return -1;
}
