/* SPDX-License-Identifier: PostgreSQL */
/*
 * cmd_profile: `safepg profile check [-v] [FILE...]` validates profiles
 * (the named files, or the user profile and floors that would be used) and
 * reports every error; `safepg profile default` prints the built-in default
 * profile as YAML to start from.  It never connects anywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/exitcode.h"
#include "safepg/profile.h"
#include "safepg/profile_file.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/banned.h"

static void usage(FILE *fp)
{
	fputs("usage: safepg profile check [-v] [FILE...]\n"
	      "       safepg profile default\n"
	      "\n"
	      "  check    validate FILE, or the profiles safepg would use; exit 0 or 8\n"
	      "  -v       also show each valid profile's effective settings\n"
	      "  default  print the built-in default profile as YAML\n"
	      "\n"
	      "See safepg-profile(5).\n", fp);
}

/*
 * Check one file; prints "FILE: ok" or its errors.  Returns 0 ok, 1 absent
 * (only when must_exist is 0), -1 invalid.
 */
static int check_one(const char *path, int must_exist, int verbose)
{
	struct profile p = PROFILE_INIT;
	char *cause = NULL;
	int r = profile_file_load(path, must_exist, &p, &cause);

	if (r < 0) {
		profile_file_print_errors(stderr, cause);
		free(cause);
		return -1;
	}
	if (r > 0)
		return 1;
	printf("%s: ok\n", path);
	if (verbose) {
		struct strbuf sb = STRBUF_INIT;

		profile_describe(&p, &sb);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
	}
	profile_release(&p);
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	int verbose = 0, bad = 0, i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return SP_EXIT_OK;
		} else {
			fprintf(stderr, "safepg profile check: unknown option \"%s\"\n", argv[i]);
			usage(stderr);
			return SP_EXIT_ERROR;
		}
	}
	if (i < argc) {
		for (; i < argc; i++)
			bad |= check_one(argv[i], 1, verbose) < 0;
	} else {
		struct strvec floors = STRVEC_INIT;
		int named[PROFILE_FILE_MAX_FLOORS], user_named = 0, r = 1;
		char *path = profile_file_user_path(NULL, &user_named);
		size_t nf;

		if (path)
			r = check_one(path, user_named, verbose);
		if (r < 0)
			bad = 1;
		else if (r > 0)
			printf("%s: not found; the built-in default applies\n",
			       path ? path : "(no home directory)");
		free(path);
		nf = profile_file_floor_paths(&floors, named);
		for (size_t k = 0; k < nf; k++)
			bad |= check_one(floors.v[k], named[k], verbose) < 0;
		strvec_clear(&floors);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("safepg profile check: stdout");
		return SP_EXIT_ERROR;
	}
	return bad ? SP_EXIT_CONFIG : SP_EXIT_OK;
}

static int cmd_default(int argc)
{
	if (argc > 1) {
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	fputs(profile_default_yaml(), stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("safepg profile default: stdout");
		return SP_EXIT_ERROR;
	}
	return SP_EXIT_OK;
}

int cmd_profile(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "default"))
		return cmd_default(argc - 1);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return SP_EXIT_OK;
	}
	fprintf(stderr, "safepg profile: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return SP_EXIT_ERROR;
}
