/* SPDX-License-Identifier: PostgreSQL */
/*
 * tap.h: a tiny TAP producer for the unit tests (run by prove).  Each test
 * program calls ok()/is_str()/is_int() and ends with `return tap_done();`,
 * which prints the plan and a closing "N passed, N failed" comment line and
 * returns the exit status (0 only when nothing failed and something ran).
 */
#ifndef SAFEPG_TAP_H
#define SAFEPG_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_run_, tap_failed_;

__attribute__((format(printf, 2, 3), unused))
static int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_run_++;
	if (!cond)
		tap_failed_++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run_);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

/* Print a diagnostic line (or lines) prefixed with "# ". */
__attribute__((format(printf, 1, 2), unused))
static void diag(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	const char *p, *nl;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (p = buf; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			printf("# %s\n", p);
			break;
		}
		printf("# %.*s\n", (int)(nl - p), p);
	}
}

#define is_str(got, want, ...)                                              \
	tap_is_str_((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                              \
	tap_is_int_((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)

__attribute__((format(printf, 5, 6), unused))
static int tap_is_str_(const char *got, const char *want, const char *file, int line,
		       const char *fmt, ...)
{
	char name[1024];
	va_list ap;
	int cond = (got == NULL && want == NULL) ||
		   (got != NULL && want != NULL && strcmp(got, want) == 0);

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	ok(cond, "%s", name);
	if (!cond)
		diag("  at %s:%d\n       got: '%s'\n  expected: '%s'", file, line,
		     got ? got : "(null)", want ? want : "(null)");
	return cond;
}

__attribute__((format(printf, 5, 6), unused))
static int tap_is_int_(long long got, long long want, const char *file, int line,
		       const char *fmt, ...)
{
	char name[1024];
	va_list ap;
	int cond = got == want;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	ok(cond, "%s", name);
	if (!cond)
		diag("  at %s:%d\n       got: %lld\n  expected: %lld", file, line, got, want);
	return cond;
}

__attribute__((unused))
static int tap_done(void)
{
	printf("1..%d\n", tap_run_);
	printf("# %d passed, %d failed\n", tap_run_ - tap_failed_, tap_failed_);
	return (tap_failed_ || !tap_run_) ? 1 : 0;
}

#endif
