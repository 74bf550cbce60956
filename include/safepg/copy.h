/* SPDX-License-Identifier: PostgreSQL */
/*
 * copy: COPY data between the server and a stream (psql's copy.c):
 * COPY ... TO STDOUT and FROM STDIN data transfer, streamed in bounded
 * memory, and the \copy meta-command, which runs COPY with a local file,
 * program or psql's own stdin/stdout as the data end.
 */
#ifndef SAFEPG_COPY_H
#define SAFEPG_COPY_H

#include <stdio.h>

#include <libpq-fe.h>

struct session;

/*
 * Receive COPY OUT data into stream (discarded when NULL).  *res gets the
 * COPY's final result (errors already printed).  Returns 1 on success.
 */
int copy_out(struct session *s, FILE *stream, PGresult **res);
/*
 * Send COPY IN data read from stream: binary data to its end; text data
 * line by line up to a line "\." (or end of input), never reading past
 * that line, since the script goes on after it.  Lines read from the
 * script count towards its line numbers.  Returns 1 on success.
 */
int copy_in(struct session *s, FILE *stream, int binary, PGresult **res);

/*
 * Read and throw away the inline data of a COPY FROM STDIN the server
 * refused: lines of stream up to "\." (or the end), counted as script
 * lines, so that they are never run as commands (psql 15.19).
 */
void copy_discard(struct session *s, FILE *stream);

/*
 * The \copy meta-command; args is the rest of its line.  The COPY it sends
 * goes through the guard like any statement the user wrote, with the local
 * end (file, program) named in the verdict.  Returns 1 on success.
 */
int copy_command(struct session *s, const char *args);

#endif
