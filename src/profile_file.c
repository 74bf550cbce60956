/* SPDX-License-Identifier: PostgreSQL */
/*
 * profile_file: locate, check and read the profile files.  See
 * profile_file.h.  The permission checks are made on the open descriptor
 * (fstat), so the file checked is the file read.  Parsing is profile.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "safepg/profile.h"
#include "safepg/profile_file.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

void profile_set_init(struct profile_set *set)
{
	memset(set, 0, sizeof(*set));
	profile_init(&set->user);
}

void profile_set_release(struct profile_set *set)
{
	profile_release(&set->user);
	for (size_t i = 0; i < set->nfloors; i++)
		profile_release(&set->floors[i]);
	free(set->floors);
	free(set->user_path);
	profile_set_init(set);
}

const struct profile **profile_set_floor_ptrs(const struct profile_set *set)
{
	const struct profile **v = xcalloc(set->nfloors + 1, sizeof(*v));

	for (size_t i = 0; i < set->nfloors; i++)
		v[i] = &set->floors[i];
	return v;
}

static int profile_uses_sysid(const struct profile *p)
{
	for (size_t i = 0; i < p->nenvs; i++)
		for (size_t j = 0; j < p->envs[i].nmatches; j++)
			if (p->envs[i].matches[j].system_identifier)
				return 1;
	return 0;
}

int profile_set_uses_system_identifier(const struct profile_set *set)
{
	for (size_t i = 0; i < set->nfloors; i++)
		if (profile_uses_sysid(&set->floors[i]))
			return 1;
	return set->have_user && profile_uses_sysid(&set->user);
}

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home)
		return home;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

char *profile_file_user_path(const char *cli_path, int *named)
{
	const char *env = getenv("SAFEPG_PROFILE");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home;

	*named = 1;
	if (cli_path)
		return xstrdup(cli_path);
	if (env && *env)
		return xstrdup(env);
	*named = 0;
	/* XDG base directory spec: a relative XDG_CONFIG_HOME is ignored */
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/safepg/profile.yaml", xdg);
	home = home_dir();
	return home ? xasprintf("%s/.config/safepg/profile.yaml", home) : NULL;
}

size_t profile_file_floor_paths(struct strvec *paths, int named[PROFILE_FILE_MAX_FLOORS])
{
	const char *env = getenv("SAFEPG_SYSTEM_PROFILE");

	/* $SAFEPG_SYSTEM_PROFILE replaces the system path (tests, packagers) */
	strvec_push(paths, env && *env ? env : PROFILE_FILE_SYSTEM);
	named[0] = 0;
	return 1;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * Could someone other than the user or root have written this file?  As
 * ssh does for its config: the file must not be writable by group or
 * others, must belong to the user or root, and must not sit in a directory
 * others can write to unless that directory is sticky (/tmp).  Returns 0,
 * or -1 with *cause.
 */
static int check_permissions(const char *path, const struct stat *st, char **cause)
{
	uid_t uid = getuid();
	char *real = NULL, *dir = NULL;
	struct stat dst;
	int ret = -1;

	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		*cause = xasprintf("%s: writable by group or others; refusing to use it\n"
				   "hint: chmod go-w %s", path, path);
		return -1;
	}
	if (st->st_uid != uid && st->st_uid != 0) {
		struct passwd *pw = getpwuid(st->st_uid);

		if (pw && pw->pw_name)
			*cause = xasprintf("%s: owned by user \"%s\", not by you or root; refusing "
					   "to use it\nhint: use a copy you own, with chmod go-w",
					   path, pw->pw_name);
		else
			*cause = xasprintf("%s: owned by user id %lu, not by you or root; refusing "
					   "to use it\nhint: use a copy you own, with chmod go-w",
					   path, (unsigned long)st->st_uid);
		return -1;
	}
	/* The directory the file really lives in, and the one it was named through. */
	real = realpath(path, NULL);
	for (int pass = 0; pass < 2; pass++) {
		const char *p = pass == 0 ? path : real;

		if (!p || (pass == 1 && !strcmp(real, path)))
			continue;
		free(dir);
		dir = dir_of(p);
		if (stat(dir, &dst) != 0)
			continue;
		if ((dst.st_mode & (S_IWGRP | S_IWOTH)) && !(dst.st_mode & S_ISVTX)) {
			*cause = xasprintf("%s: its directory %s is writable by group or others; "
					   "refusing to use it\nhint: chmod go-w %s", path, dir, dir);
			goto out;
		}
	}
	ret = 0;
out:
	free(real);
	free(dir);
	return ret;
}

int profile_file_load(const char *path, int must_exist, struct profile *out, char **cause)
{
	struct strbuf buf = STRBUF_INIT;
	struct stat st;
	int fd, ret = -1;

	profile_init(out);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT && !must_exist)
			return 1;
		*cause = xasprintf("%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		*cause = xasprintf("%s: cannot stat: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		goto out;
	}
	if (check_permissions(path, &st, cause))
		goto out;
	if (st.st_size > PROFILE_MAX_SIZE) {
		*cause = xasprintf("%s: the profile is larger than 1 MiB\n"
				   "hint: a profile is a few kilobytes; is this the right file?", path);
		goto out;
	}
	/* read at most one byte past the limit, in case the file grew */
	for (;;) {
		ssize_t n;

		strbuf_grow(&buf, 8192);
		n = read(fd, buf.buf + buf.len, buf.alloc - buf.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("%s: cannot read: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		strbuf_setlen(&buf, buf.len + (size_t)n);
		if (buf.len > PROFILE_MAX_SIZE)
			break;
	}
	ret = profile_parse(out, path, buf.buf, buf.len, cause);
out:
	close(fd);
	strbuf_release(&buf);
	return ret;
}

/* Append one file's errors to all. */
static void add_errors(struct strbuf *all, char *cause)
{
	if (all->len)
		strbuf_addch(all, '\n');
	strbuf_addstr(all, cause);
	free(cause);
}

int profile_file_load_all(const char *cli_path, struct profile_set *set, char **cause)
{
	struct strbuf errors = STRBUF_INIT;
	struct strvec floors = STRVEC_INIT;
	int named[PROFILE_FILE_MAX_FLOORS];
	char *err = NULL;
	size_t nf;
	int user_named = 0, r;

	profile_set_init(set);
	set->user_path = profile_file_user_path(cli_path, &user_named);
	if (set->user_path) {
		r = profile_file_load(set->user_path, user_named, &set->user, &err);
		if (r == 0)
			set->have_user = 1;
		else if (r < 0)
			add_errors(&errors, err);
	}
	nf = profile_file_floor_paths(&floors, named);
	set->floors = xcalloc(nf + 1, sizeof(*set->floors));
	for (size_t i = 0; i < nf; i++) {
		r = profile_file_load(floors.v[i], named[i], &set->floors[set->nfloors], &err);
		if (r == 0)
			set->nfloors++;
		else if (r < 0)
			add_errors(&errors, err);
	}
	strvec_clear(&floors);
	if (errors.len) {
		*cause = strbuf_detach(&errors, NULL);
		return -1;
	}
	return 0;
}

void profile_file_print_errors(FILE *fp, const char *cause)
{
	fputs(cause, fp);
	if (*cause && cause[strlen(cause) - 1] != '\n')
		fputc('\n', fp);
	fflush(fp);
}

int profile_set_resolve(const struct profile_set *set, const struct target *t,
			struct env_resolution *r, char **cause)
{
	const struct profile **floors = profile_set_floor_ptrs(set);
	int ret;

	ret = envmatch_resolve(set->have_user ? &set->user : NULL, floors, set->nfloors, t, r,
			       cause);
	free(floors);
	return ret;
}
