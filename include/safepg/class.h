/* SPDX-License-Identifier: PostgreSQL */
/*
 * class: the five risk classes every unit of input gets (design.md,
 * "Classes"), their names and their order of risk.  Shared by the
 * classifier, the profile (per-class rules), policy, audit and check.
 */
#ifndef SAFEPG_CLASS_H
#define SAFEPG_CLASS_H

enum sp_class {
	CLASS_NONE = 0,		/* not classified yet */
	CLASS_READ,		/* changes nothing */
	CLASS_WRITE,		/* adds or changes data or schema, bounded */
	CLASS_UNKNOWN,		/* cannot be seen through */
	CLASS_DESTRUCTIVE,	/* removes or overwrites data or objects */
	CLASS_CATASTROPHIC,	/* a whole database, schema or cluster at once */
	CLASS_COUNT
};

/*
 * Risk order: read < write < unknown < destructive < catastrophic.  Unknown
 * sits above write because what cannot be seen through may destroy; below
 * destructive so that a unit holding both a DO block and a DROP TABLE is
 * reported as the DROP it certainly is.
 */
int class_rank(enum sp_class c);
/* The riskier of a and b. */
enum sp_class class_max(enum sp_class a, enum sp_class b);
/* "read", "write", "unknown", "destructive", "catastrophic"; "none" for CLASS_NONE. */
const char *class_name(enum sp_class c);
/* Parse a class name (exact, lower case); returns 0 and sets *out, or -1. */
int class_parse(const char *name, enum sp_class *out);

#endif
