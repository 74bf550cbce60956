/* SPDX-License-Identifier: PostgreSQL */
/*
 * cmd_audit: `safepg audit verify [--profile FILE] [FILE]`, which reads an
 * audit log line by line and checks its hash chain (auditrec.h does the
 * checking).  Exit 0 with "N lines, chain intact", 1 naming the first bad
 * line (or when the file cannot be read), 8 when the profile that says
 * where the log is cannot be loaded.  It never writes to the log.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "safepg/audit.h"
#include "safepg/cmd.h"
#include "safepg/exitcode.h"
#include "safepg/profile_file.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

static void usage(FILE *fp)
{
	fputs("safepg audit checks the audit log.\n"
	      "\n"
	      "Usage:\n"
	      "  safepg audit verify [--profile=FILE] [LOGFILE]\n"
	      "\n"
	      "Without LOGFILE, the log the profile's audit.path names, else\n"
	      "$XDG_STATE_HOME/safepg/audit.jsonl (~/.local/state/safepg/audit.jsonl).\n"
	      "Exit status 0 when the chain holds, 1 at the first bad line.\n", fp);
}

/* Print a cause: its first line after "safepg: error: ", the hint lines as they are. */
static void print_cause(const char *prefix, const char *cause)
{
	const char *nl = strchr(cause, '\n');

	fprintf(stderr, "safepg: error: %s%.*s\n", prefix,
		nl ? (int)(nl - cause) : (int)strlen(cause), cause);
	if (nl)
		fprintf(stderr, "%s\n", nl + 1);
}

/* The log to read (allocated) when none is named; NULL after printing why. */
static char *log_path(const char *profile, int *ret)
{
	struct profile_set set;
	char *cause = NULL, *path = NULL;
	const char *p;

	if (profile_file_load_all(profile, &set, &cause)) {
		profile_file_print_errors(stderr, cause);
		free(cause);
		profile_set_release(&set);
		*ret = SP_EXIT_CONFIG;
		return NULL;
	}
	p = audit_profile_path(&set);
	if (p && !strncmp(p, "~/", 2)) {
		const char *home = getenv("HOME");

		if (home && *home)
			path = xasprintf("%s%s", home, p + 1);
	} else if (p) {
		path = xstrdup(p);
	} else {
		path = audit_default_path();
	}
	profile_set_release(&set);
	if (!path) {
		fputs("safepg: error: could not find the audit log: no home directory\n"
		      "hint: name the log file: safepg audit verify FILE\n", stderr);
		*ret = SP_EXIT_ERROR;
	}
	return path;
}

static int verify(const char *path)
{
	struct auditrec_verify v;
	FILE *fp = fopen(path, "re");
	char *line = NULL, *cause = NULL, *prefix;
	size_t cap = 0;
	ssize_t n;
	int ret = SP_EXIT_OK;

	if (!fp) {
		fprintf(stderr, "safepg: error: could not open audit log \"%s\": %s\n", path,
			strerror(errno));
		return SP_EXIT_ERROR;
	}
	auditrec_verify_init(&v);
	errno = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		int complete = line[n - 1] == '\n';

		if (auditrec_verify_line(&v, line, (size_t)n - complete, complete, &cause) < 0) {
			prefix = xasprintf("audit log \"%s\": ", path);
			print_cause(prefix, cause);
			free(prefix);
			free(cause);
			ret = SP_EXIT_ERROR;
			goto out;
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, "safepg: error: could not read audit log \"%s\": %s\n", path,
			strerror(errno));
		ret = SP_EXIT_ERROR;
		goto out;
	}
	printf("%s: %llu line%s, chain intact\n", path, v.lines, v.lines == 1 ? "" : "s");
	if (fflush(stdout) == EOF)
		ret = SP_EXIT_ERROR;
out:
	free(line);
	fclose(fp);
	return ret;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"profile", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	const char *profile = NULL;
	char *path = NULL;
	int c, ret = SP_EXIT_OK;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-?")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? SP_EXIT_ERROR : SP_EXIT_OK;
	}
	if (strcmp(argv[1], "verify")) {
		fprintf(stderr, "safepg: error: unknown audit command \"%s\"\n"
			"hint: try \"safepg audit --help\" for more information\n", argv[1]);
		return SP_EXIT_ERROR;
	}
	argc--, argv++;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+?", longopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			profile = optarg;
			break;
		case 'h':
			usage(stdout);
			return SP_EXIT_OK;
		case '?':
			if (!strcmp(argv[optind - 1], "-?")) {
				usage(stdout);
				return SP_EXIT_OK;
			}
			if (optopt == 'P')
				fprintf(stderr, "safepg: error: missing file after \"%s\"\n",
					argv[optind - 1]);
			else if (optopt)
				fprintf(stderr, "safepg: error: invalid option -%c\n", optopt);
			else
				fprintf(stderr, "safepg: error: invalid option \"%s\"\n",
					argv[optind - 1]);
			fputs("hint: try \"safepg audit --help\" for more information\n", stderr);
			return SP_EXIT_ERROR;
		default:
			return SP_EXIT_ERROR;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "safepg: error: too many arguments, starting with \"%s\"\n"
			"hint: try \"safepg audit --help\" for more information\n", argv[optind + 1]);
		return SP_EXIT_ERROR;
	}
	if (optind < argc)
		path = xstrdup(argv[optind]);
	else if (!(path = log_path(profile, &ret)))
		return ret;
	ret = verify(path);
	free(path);
	return ret;
}
