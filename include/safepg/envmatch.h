/* SPDX-License-Identifier: PostgreSQL */
/*
 * envmatch: which environment a connection belongs to.  Glob and CIDR
 * patterns, the protection presets, and the resolution of a target (the
 * hosts, ports, database, user and service a connection may use, plus what
 * the server said about itself once connected) against the user's profile
 * and any number of floor profiles into one effective environment: for every
 * class the strictest action of every environment that applies, the longest
 * countdown, read-only if any says so, and human lines saying why.
 *
 * Pure: no name resolution (a host name never matches a CIDR block; only
 * literal addresses and hostaddr do), no I/O, no globals.  Building a
 * target from libpq's options is the connection code's job.
 */
#ifndef SAFEPG_ENVMATCH_H
#define SAFEPG_ENVMATCH_H

#include <stddef.h>
#include <stdint.h>

#include "safepg/class.h"
#include "safepg/profile.h"
#include "safepg/strvec.h"

/* One host the connection may reach (libpq allows several). */
struct target_host {
	/*
	 * A host name, an IP address, or a Unix socket directory (starts with
	 * '/'), as libpq would use it: the caller substitutes libpq's default
	 * socket directory when no host is given.  NULL or "" matches only the
	 * glob "*".
	 */
	char *host;
	char *hostaddr;		/* hostaddr for this host, or the address connected to; NULL */
	unsigned port;		/* resolved (PGPORT / 5432 applied); 0 = unknown, matches no `ports` */
};

enum server_tag_state {
	SERVER_TAG_UNKNOWN = 0,	/* not asked: not connected yet */
	SERVER_TAG_ABSENT,	/* asked: neither the database, the role nor the cluster sets it */
	SERVER_TAG_SET,		/* server_tag holds the value */
	SERVER_TAG_UNREADABLE	/* asking failed */
};

/*
 * What is known about a connection.  Owned strings; NULL when unknown.  A
 * server tag the client supplied itself (PGOPTIONS, options=) must not be
 * put here: the connection code reads the database's, the role's or the
 * cluster's setting only.
 */
struct target {
	struct target_host *hosts;
	size_t nhosts, alloc;
	char *database;
	char *user;
	char *service;
	enum server_tag_state tag_state;
	char *server_tag;		/* SERVER_TAG_SET only: the one in effect */
	char *server_tag_source;	/* optional: "database", "role", "cluster"; for messages */
	/*
	 * Other values the server sets at other levels, which PostgreSQL's
	 * precedence hides (a role's tag over the database's): they apply
	 * too, so that a user who may ALTER ROLE itself cannot relax a tagged
	 * database.  Parallel vectors; a source may be "".
	 */
	struct strvec extra_tags;
	struct strvec extra_tag_sources;
	uint64_t system_identifier;	/* 0 = unknown */
};

void envmatch_target_init(struct target *t);
void envmatch_target_release(struct target *t);
/*
 * Record a tag the server sets (copied): the first becomes server_tag (the
 * caller adds them in PostgreSQL's precedence), the others extra_tags;
 * duplicates are dropped.  Sets tag_state to SERVER_TAG_SET.
 */
void envmatch_target_add_tag(struct target *t, const char *tag, const char *source);
/* Append a host (copied; host and hostaddr may be NULL). */
void envmatch_target_add_host(struct target *t, const char *host, const char *hostaddr,
			      unsigned port);

/*
 * Globs: `*` any run of characters, `?` one character (UTF-8 aware), `[...]`
 * one ASCII character of a set (`[!...]` or `[^...]` negated, ranges `a-z`,
 * `]` first is literal), `\` quotes the next character.  `*` also matches
 * '/'.  envmatch_glob_check returns 0, or -1 with *cause (allocated) for an
 * empty pattern, an unclosed `[`, a trailing `\` or a non-ASCII character
 * in a set.  envmatch_glob matches a checked pattern against the slen bytes
 * of s (1 = match); casefold compares ASCII letters case-insensitively.
 */
int envmatch_glob_check(const char *pattern, char **cause);
int envmatch_glob(const char *pattern, const char *s, size_t slen, int casefold);

/*
 * Parse one match.hosts entry into *out (out->text allocated; release with
 * envmatch_host_pattern_release).  "/dir" is a socket directory glob (a
 * trailing '/' is dropped), "ADDR/BITS" a CIDR block (bits beyond the
 * prefix must be zero), a bare IPv4 or IPv6 address an exact address,
 * anything else a host-name glob.  Returns 0, or -1 with *cause (and, where
 * one helps, a "\nhint: ..." line in it).
 */
int envmatch_host_pattern_parse(const char *text, struct host_pattern *out, char **cause);
void envmatch_host_pattern_release(struct host_pattern *hp);
/*
 * 1 when hp matches h.  A glob is tried on the host (case-insensitive unless
 * it is a socket directory, trailing '/' ignored) and on the hostaddr; an
 * address block on the host when it is a literal address and on the
 * hostaddr (an IPv4-mapped IPv6 address counts as IPv4).
 */
int envmatch_host_pattern_matches(const struct host_pattern *hp, const struct target_host *h);

/*
 * The presets (man/safepg-profile.5): out[c] for every class c; out[CLASS_NONE]
 * is ACTION_NONE.  protection must not be PROTECTION_NONE.
 */
void envmatch_preset(enum protection p, enum action out[CLASS_COUNT]);
/* Default countdown in seconds: 0 off, 5 warn and confirm, 10 strict and readonly. */
unsigned envmatch_preset_countdown(enum protection p);
/* Default colour: "none" off and warn, "yellow" confirm, "red" strict and readonly. */
const char *envmatch_preset_color(enum protection p);

/* The effective environment of a target. */
struct env_resolution {
	struct strvec names;		/* every environment that applies, unique, first found first */
	char *primary;			/* the strictest of them, for display */
	char *primary_profile;		/* name of the profile it came from */
	char *description;		/* the primary's, or NULL */
	enum protection protection;	/* the primary's */
	enum action actions[CLASS_COUNT]; /* strictest over all; [CLASS_NONE] unused */
	unsigned countdown;		/* longest */
	unsigned countdown_noninteractive; /* longest */
	int read_only;			/* any */
	enum phrase_kind phrase;	/* the primary's */
	char *phrase_literal;		/* PHRASE_LITERAL only */
	char *color;			/* the primary's */
	char *title;			/* the primary's, or NULL */
	char *background;		/* the primary's, or NULL */
	struct strvec why;		/* human lines: what matched, on which side, and why */
	int used_default;		/* the built-in default profile contributed */
	int floor_applied;		/* a floor made something stricter than the user profile did */
	int server_disagrees;		/* the server named an environment the client side did not match */
	int server_tag_unknown;		/* the server's tag names no environment in any profile */
};

void envmatch_resolution_init(struct env_resolution *r);
void envmatch_resolution_release(struct env_resolution *r);

/*
 * Resolve t against the user profile (NULL: the built-in default applies)
 * and nfloors floor profiles (floors may be NULL when nfloors is 0).
 *
 * For each profile, an environment applies when all the client-side keys of
 * one of its match mappings match (for some host of t), or when the server
 * names it (its server_tag, by default its name, equals any tag of t; or its
 * system_identifier equals t's).  Where nothing of a profile matches on
 * the client side -- for the whole target, or for one of its hosts, since
 * libpq may connect to any of them -- the profile contributes its
 * default_environment; the user profile, lacking one, hands over to the
 * built-in default (whose default is "remote").  Each environment of a floor with the
 * name of an applying environment of the user profile also applies (a user
 * cannot loosen what a floor defines).  A server tag that names no
 * environment anywhere applies the built-in default's environment of that
 * name, else protection confirm.
 *
 * Fills *r (initialised here; the caller releases it) and returns 0; -1
 * with *cause only if the built-in default failed to parse (a bug).
 */
int envmatch_resolve(const struct profile *user, const struct profile *const *floors,
		     size_t nfloors, const struct target *t, struct env_resolution *r,
		     char **cause);

/*
 * The phrase the user must type to confirm in the environment r resolved
 * for t (static or owned by r or t; never free it): the literal phrase, the
 * environment's name, the first host of t (after serverid_query: the
 * connected host's entry is the one with a hostaddr), or the database name
 * (the default).  The guard substitutes the object's name where the design
 * says so (DROP DATABASE: the database being dropped).  "" when unknown.
 */
const char *envmatch_phrase_text(const struct env_resolution *r, const struct target *t);

#endif
