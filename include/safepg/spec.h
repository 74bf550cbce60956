/* SPDX-License-Identifier: PostgreSQL */
/*
 * spec: classify the statements of a script ahead of the session, in a
 * thread, while the server runs the ones before them (design.md,
 * "Performance facts").  For `-f FILE` (a regular file) the thread reads the
 * file with its own reader and classifies each statement the fast path
 * (classify_fast) does not take, into a bounded queue.  When the session
 * comes to a statement, spec_take hands over the verdict made for exactly
 * the same text, if there is one: classification is a function of the text
 * alone, so the verdict is the one the session would have made.  Statements
 * whose verdict could depend on the session (PREPARE, EXECUTE, DEALLOCATE,
 * DISCARD, standard_conforming_strings) are not speculated, and nothing is
 * handed over while the session's standard_conforming_strings is off.
 * Speculation never sends, decides or audits anything: the guard does that,
 * in order, for every statement, as before.  A text that differs (variables
 * substituted, \i, a script that changes how it is lexed) is simply
 * classified by the session as usual.
 */
#ifndef SAFEPG_SPEC_H
#define SAFEPG_SPEC_H

#include <stddef.h>

#include "safepg/classify.h"

struct spec;

/*
 * Speculate on the file at path (NULL when path is NULL or the environment
 * variable SAFEPG_SPECULATE is "0").  The thread starts at the first
 * spec_take, i.e. the first statement the fast path declines, when path is
 * a regular file that can be opened (otherwise spec_take always says 0);
 * it stops at the end of the file or at spec_stop.  purpose names the reader of the verdicts in the statistics
 * ("the run", "the precheck"; borrowed: it must outlive sp).  The
 * precheck uses it too: the script is checked as a whole before it runs,
 * and two parsers (the thread and the precheck itself, each taking what
 * the other has not reached) halve that wait.
 */
struct spec *spec_start(const char *path, const char *purpose);

/*
 * The verdict made ahead for text[0..len-1], moved into out (initialised;
 * its contents are replaced): 1.  0 when there is none (out untouched).
 * std_strings: the session's standard_conforming_strings (0: nothing is
 * handed over).  Call it for the statements the fast path did not take, in
 * order.  Never waits for the thread.
 */
int spec_take(struct spec *sp, const char *text, size_t len, int std_strings,
	      struct verdict *out);

/*
 * Stop the thread, free sp (NULL is fine).  With SAFEPG_SPEC_STATS=1 in the
 * environment, say on stderr how many statements were handed over:
 * "safepg: classified ahead for PURPOSE: N of M statements" (a diagnostic
 * for tests and benchmarks).
 */
void spec_stop(struct spec *sp);

#endif
