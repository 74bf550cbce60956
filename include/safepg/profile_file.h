/* SPDX-License-Identifier: PostgreSQL */
/*
 * profile_file: finding, checking and reading the profile files.  The user
 * profile is --profile FILE, else $SAFEPG_PROFILE, else
 * $XDG_CONFIG_HOME/safepg/profile.yaml (~/.config/safepg/profile.yaml); the
 * floor is /etc/safepg/profile.yaml when present ($SAFEPG_SYSTEM_PROFILE
 * names another path instead: for tests and packagers).  A file that others could have written (writable
 * by group or others, owned by someone other than the invoking user or
 * root, or in a directory others can write without the sticky bit) is
 * refused as ssh refuses such a config: nothing is loaded from it.
 *
 * Effects: files, environment variables, the password database.  Parsing
 * and validation are profile.h; this module does not match environments.
 */
#ifndef SAFEPG_PROFILE_FILE_H
#define SAFEPG_PROFILE_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "safepg/envmatch.h"
#include "safepg/profile.h"
#include "safepg/strvec.h"

#define PROFILE_FILE_SYSTEM	"/etc/safepg/profile.yaml"

/* Every profile that applies to this invocation. */
struct profile_set {
	struct profile user;		/* meaningful when have_user */
	int have_user;			/* 0: no user profile, the built-in default applies */
	char *user_path;		/* the user profile's path, used or looked for; may be NULL */
	struct profile *floors;		/* nfloors floor profiles, in the order read */
	size_t nfloors;
};

void profile_set_init(struct profile_set *set);
void profile_set_release(struct profile_set *set);
/* The floors as the array of pointers envmatch_resolve takes (caller frees the array). */
const struct profile **profile_set_floor_ptrs(const struct profile_set *set);

/*
 * 1 when an environment of the set matches on system_identifier: only then
 * is the server asked for it (the built-in default does not).
 */
int profile_set_uses_system_identifier(const struct profile_set *set);

/*
 * The user profile's path (allocated), or NULL when there is no home
 * directory to look in.  *named is set to 1 when the path was named
 * (cli_path or $SAFEPG_PROFILE): such a file must exist.
 */
char *profile_file_user_path(const char *cli_path, int *named);

/*
 * Read path with the permission checks, then parse it.  Returns 0 with *out
 * filled (the caller releases it); 1 when the file does not exist and
 * must_exist is 0; -1 with *cause set (allocated; the same format as
 * profile_parse: "FILE:LINE:COLUMN: message" or "FILE: message" lines, each
 * maybe followed by a "hint: ..." line).
 */
int profile_file_load(const char *path, int must_exist, struct profile *out, char **cause);

/*
 * Load the user profile (cli_path: --profile, or NULL) and every floor into
 * *set (initialised here; the caller releases it).  Returns 0, or -1 with
 * *cause holding the errors of every file that failed; then nothing may
 * connect or run (exit SP_EXIT_CONFIG).
 */
int profile_file_load_all(const char *cli_path, struct profile_set *set, char **cause);

#define PROFILE_FILE_MAX_FLOORS 2

/*
 * The floor profiles to read, appended to *paths: $SAFEPG_SYSTEM_PROFILE
 * when set and not empty, else /etc/safepg/profile.yaml.  named[i] = 1 when
 * the file must exist, 0 when it is skipped if absent (the system floor is
 * optional).  named has room for PROFILE_FILE_MAX_FLOORS entries.  Returns
 * how many were appended.
 */
size_t profile_file_floor_paths(struct strvec *paths, int named[PROFILE_FILE_MAX_FLOORS]);

/*
 * Resolve t against every profile of set: envmatch_resolve with the user
 * profile (or the built-in default when set has none) and the floors.  The
 * one call the guard needs once it knows the target (and, after connecting,
 * the server's side of it: serverid_query).  Same contract as
 * envmatch_resolve.
 */
int profile_set_resolve(const struct profile_set *set, const struct target *t,
			struct env_resolution *r, char **cause);

/* Print the error text of profile_parse / profile_file_load, one line each. */
void profile_file_print_errors(FILE *fp, const char *cause);

/*
 * `safepg profile check [-v] [FILE...]` and `safepg profile default`
 * (cmd_profile.c).  argv[0] is "profile".  Returns the exit status: 0, 8
 * (SP_EXIT_CONFIG) when a profile is invalid, 1 on bad usage or a write error.
 */
int cmd_profile(int argc, char **argv);

#endif
