/* SPDX-License-Identifier: PostgreSQL */
/*
 * profile: the YAML environment profile (man/safepg-profile.5), parsed from
 * a buffer into a struct profile with strict validation.  Every problem in
 * the text is reported, each as "FILE:LINE:COLUMN: message" with an optional
 * "hint: ..." line after it: an unknown key (with a did-you-mean), a wrong
 * type, a bad enum value, a duplicate key, a bad glob or CIDR, a missing
 * version, YAML syntax errors, anchors, aliases and tags.  Also the built-in
 * default profile (as YAML text) and the action/protection/phrase names.
 *
 * Pure: no file access, no printing.  Reading the file, permission checks
 * and printing errors are profile_file.h; matching a target against the
 * environments is envmatch.h.
 */
#ifndef SAFEPG_PROFILE_H
#define SAFEPG_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "safepg/class.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"

#define PROFILE_VERSION		1
#define PROFILE_MAX_SIZE	(1024 * 1024)	/* bytes; larger files are refused */
#define PROFILE_MAX_DEPTH	32		/* nesting of lists and mappings */
#define PROFILE_MAX_ERRORS	100		/* then "too many errors" */
#define PROFILE_MAX_COUNTDOWN	3600		/* seconds */

/* What a class of statement gets.  Ordered by strictness: compare with <. */
enum action {
	ACTION_NONE = 0,	/* not set (a class without a rule) */
	ACTION_ALLOW,
	ACTION_WARN,
	ACTION_CONFIRM,
	ACTION_BLOCK,
	ACTION_COUNT
};

/* An environment's preset (envmatch_preset() gives its actions). */
enum protection {
	PROTECTION_NONE = 0,
	PROTECTION_OFF,
	PROTECTION_WARN,
	PROTECTION_CONFIRM,
	PROTECTION_STRICT,
	PROTECTION_READONLY,
	PROTECTION_COUNT
};

/* What the user types to confirm (confirm_phrase). */
enum phrase_kind {
	PHRASE_NONE = 0,
	PHRASE_DATABASE,	/* the database name (the default) */
	PHRASE_ENVIRONMENT,	/* the environment's name */
	PHRASE_HOST,		/* the host name or socket directory */
	PHRASE_LITERAL,		/* a fixed string, environment.phrase_literal */
	PHRASE_COUNT
};

/* "allow", "warn", "confirm", "block"; "none" for ACTION_NONE. */
const char *action_name(enum action a);
/* Exact lower-case name to enum; 0, or -1 when it names no action. */
int action_parse(const char *name, enum action *out);
/* The stricter of a and b. */
enum action action_max(enum action a, enum action b);
/* "off", "warn", "confirm", "strict", "readonly"; "none" for PROTECTION_NONE. */
const char *protection_name(enum protection p);
int protection_parse(const char *name, enum protection *out);
/* "database", "environment", "host", "literal"; "none" for PHRASE_NONE. */
const char *phrase_kind_name(enum phrase_kind k);

enum host_pattern_kind {
	HOST_PATTERN_NONE = 0,
	HOST_PATTERN_GLOB,	/* a glob on the host name or socket directory */
	HOST_PATTERN_ADDR	/* an IPv4/IPv6 CIDR block; a bare address is /32 or /128 */
};

/* One entry of match.hosts, checked when loaded (envmatch_host_pattern_parse). */
struct host_pattern {
	char *text;			/* as written; a socket directory without trailing '/' */
	enum host_pattern_kind kind;
	int family;			/* HOST_PATTERN_ADDR: 4 or 6 */
	unsigned prefix;		/* HOST_PATTERN_ADDR: prefix length in bits */
	unsigned char addr[16];		/* HOST_PATTERN_ADDR: network, 4 or 16 bytes used */
};

/*
 * One mapping of `match` (the list form has several; the environment matches
 * when any of them does).  A client-side key is listed when its vector is not
 * empty; an empty list in the file is an error, so "listed" and "non-empty"
 * are the same.  server_tag and system_identifier are server-side keys.
 */
struct env_match {
	unsigned line, column;		/* where the mapping starts, 1-based */
	struct host_pattern *hosts;
	size_t nhosts;
	int *ports;
	size_t nports;
	struct strvec databases;	/* globs, case-sensitive */
	struct strvec users;		/* globs, case-sensitive */
	struct strvec services;		/* globs on the libpq service name */
	char *server_tag;		/* NULL when not given */
	uint64_t system_identifier;	/* 0 when not given */
};

struct environment {
	char *name;
	unsigned line, column;		/* of the name, 1-based */
	char *description;		/* NULL when not given */
	struct env_match *matches;	/* 0 when the environment has no `match` */
	size_t nmatches;
	enum protection protection;
	enum action rules[CLASS_COUNT];	/* as written; ACTION_NONE = no rule */
	enum action actions[CLASS_COUNT]; /* effective: preset + rules; [CLASS_NONE] unused */
	unsigned countdown;		/* effective (defaults applied) */
	unsigned countdown_noninteractive;
	int read_only;			/* effective: 0 or 1 */
	enum phrase_kind phrase;	/* effective */
	char *phrase_literal;		/* PHRASE_LITERAL only */
	char *color;			/* effective; "none" when no colour */
	char *title;			/* NULL when not given */
	char *background;		/* NULL when not given */
};

struct profile {
	char *name;			/* the file name given to profile_parse */
	int version;
	struct environment *envs;
	size_t nenvs;
	char *default_environment;	/* NULL, or the name of one of envs */
	char *audit_path;		/* audit.path; NULL when not given */
	char *pgbin;			/* NULL when not given */
};

#define PROFILE_INIT { 0 }

void profile_init(struct profile *p);
/* Free everything p owns; p is back to PROFILE_INIT. */
void profile_release(struct profile *p);

/*
 * Parse len bytes of YAML (NUL bytes allowed: they are reported) as a
 * profile.  name is used in messages and copied to p->name.
 *
 * Returns 0 and fills p (the caller releases it), or -1 with p left empty
 * and *cause set to every error found (the caller frees it): one
 * "NAME:LINE:COLUMN: message" line per error, in file order, each
 * optionally followed by a "hint: ..." line, joined by '\n' with no final
 * newline.  A buffer over PROFILE_MAX_SIZE is refused without parsing.
 */
int profile_parse(struct profile *p, const char *name, const char *buf, size_t len,
		  char **cause);

/* The environment called name, or NULL. */
const struct environment *profile_find(const struct profile *p, const char *name);

/*
 * The built-in default profile as YAML text (static; never free it): what
 * applies when there is no profile, and what `safepg profile default`
 * prints.  It always parses without error.
 */
const char *profile_default_yaml(void);

/*
 * Append a stable, line-oriented description of p to out: one line per
 * setting, with every effective value.  Used by the tests (the expected
 * parse of a valid profile) and by `safepg profile check --verbose`.
 */
void profile_describe(const struct profile *p, struct strbuf *out);

#endif
