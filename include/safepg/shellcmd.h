/* SPDX-License-Identifier: PostgreSQL */
/*
 * shellcmd: the verdict on a shell command line that psql would hand to
 * /bin/sh (`\!`, backquotes in meta-command arguments, `\o |cmd`, `\copy
 * ... program`).  The line is split the way sh would split it, roughly: on
 * `;`, `&`, `&&`, `||`, `|` and newlines outside quotes; single and double
 * quotes and backslashes are removed from words; `$(...)` and backquoted
 * substitutions are classified as commands of their own.  Each simple
 * command is looked at after its environment assignments and the wrappers
 * sudo, env, time, nice, nohup, exec, command and timeout; `sh -c` and
 * `bash -c` are classified recursively, as are `psql -c SQL` and
 * `safepg -c SQL` (through classify_sql).  Output redirections to a file
 * are a write.  The riskiest command decides.
 *
 * This is a classifier, not a shell: it does not expand variables, globs
 * or aliases, and a command it does not know is unknown, never read.  Pure:
 * no I/O.
 */
#ifndef SAFEPG_SHELLCMD_H
#define SAFEPG_SHELLCMD_H

#include "safepg/classify.h"

/*
 * Classify cmdline (NUL-terminated).  out must be initialised
 * (verdict_init); its previous contents are released.  ctx is passed to
 * classify_sql for `psql -c` and may be NULL.  Kind is "shell: NAME" for
 * the riskiest simple command (NAME its program's base name), "shell" for
 * an empty line.  dropdb sets confirm_target to the database named.
 */
void shellcmd_classify(struct classify_ctx *ctx, const char *cmdline, struct verdict *out);

#endif
