/* SPDX-License-Identifier: PostgreSQL */
/*
 * drv_audit: append records to an audit log with the real src/audit.c, for
 * tests/integration/t_audit.py and for measuring append latency.
 *
 *   drv_audit [-s] [-t] [-d] PATH N     append N records to PATH ("-": the default path)
 *     -s  fsync each record (as the guard does before a destructive statement)
 *     -t  print "N appends, T us each" on stdout when done
 *     -b BYTES  pad each statement to at least BYTES bytes (long lines)
 *     -d  print the default path and exit
 *     -q  queue the records (audit_queue) instead of appending each
 *     -e K  with -q: append every Kth record at once (the guard's mix)
 *     -z MS  sleep MS milliseconds after the first record
 *     -c  before closing, print how many lines PATH holds
 *     -k  leave with exit(0) without closing the log (the exit flush)
 *
 * Exit 0 when every append succeeded; 1 with the cause on stderr otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "safepg/audit.h"
#include "safepg/class.h"
#include "safepg/xalloc.h"

int main(int argc, char **argv)
{
	int sync = 0, timing = 0, queue = 0, count = 0, leave = 0, opt;
	long pad = 0, every = 0, sleep_ms = 0;
	struct audit *a;
	char *cause = NULL;
	long n;
	struct timespec t0, t1;
	static const char *const reasons[] = { "DELETE without WHERE removes every row of public.t" };

	while ((opt = getopt(argc, argv, "stdb:qe:z:ck")) != -1) {
		switch (opt) {
		case 's': sync = 1; break;
		case 't': timing = 1; break;
		case 'b': pad = strtol(optarg, NULL, 10); break;
		case 'q': queue = 1; break;
		case 'e': every = strtol(optarg, NULL, 10); break;
		case 'z': sleep_ms = strtol(optarg, NULL, 10); break;
		case 'c': count = 1; break;
		case 'k': leave = 1; break;
		case 'd': {
			char *p = audit_default_path();

			printf("%s\n", p ? p : "(none)");
			free(p);
			return 0;
		}
		default:
			fprintf(stderr, "usage: drv_audit [-s] [-t] [-b BYTES] [-q [-e K]] [-z MS] [-c] [-k] [-d] PATH N\n");
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: drv_audit [-s] [-t] [-b BYTES] [-q [-e K]] [-z MS] [-c] [-k] [-d] PATH N\n");
		return 2;
	}
	n = strtol(argv[optind + 1], NULL, 10);
	a = audit_open(strcmp(argv[optind], "-") ? argv[optind] : NULL, &cause);
	if (!a) {
		fprintf(stderr, "drv_audit: error: %s\n", cause);
		free(cause);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		struct audit_record r = AUDIT_RECORD_INIT;
		char *stmt = xasprintf("DELETE FROM t /* pid %ld, record %ld: \"quoted\"\n\tand é */",
				       (long)getpid(), i);

		if (pad > 0 && (long)strlen(stmt) < pad) {
			char *longer = xmalloc((size_t)pad + 1);
			size_t have = strlen(stmt);

			memcpy(longer, stmt, have);
			memset(longer + have, 'x', (size_t)pad - have);
			longer[pad] = '\0';
			free(stmt);
			stmt = longer;
		}

		r.tool = "drv_audit";
		r.seq = (unsigned long long)i + 1;
		r.environment = "production";
		r.host = "/tmp";
		r.port = 5432;
		r.database = "shop";
		r.db_user = "ann";
		r.class = CLASS_DESTRUCTIVE;
		r.kind = "DELETE";
		r.statement = stmt;
		r.decision = AUDIT_CONFIRMED;
		r.reasons = reasons;
		r.nreasons = 1;
		r.outcome = AUDIT_OK;
		r.rows = i;
		if ((queue && !(every > 0 && (i + 1) % every == 0) ? audit_queue(a, &r, &cause)
		     : audit_append(a, &r, sync, &cause)) < 0) {
			fprintf(stderr, "drv_audit: error: %s\n", cause);
			free(cause);
			free(stmt);
			audit_close(a);
			return 1;
		}
		free(stmt);
		if (i == 0 && sleep_ms > 0) {
			struct timespec z = { sleep_ms / 1000, (sleep_ms % 1000) * 1000000 };

			nanosleep(&z, NULL);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (timing) {
		double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3;

		printf("%ld appends%s, %.1f us each\n", n, sync ? " with fsync" : "", n ? us / (double)n : 0.0);
	}
	if (count) {
		FILE *f = fopen(audit_path(a), "r");
		long lines = 0;
		int c;

		while (f && (c = getc(f)) != EOF)
			lines += c == '\n';
		if (f)
			fclose(f);
		printf("%ld lines\n", lines);
		fflush(stdout);
	}
	if (leave)
		exit(0);
	audit_close(a);
	return 0;
}
