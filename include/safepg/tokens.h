/* SPDX-License-Identifier: PostgreSQL */
/*
 * tokens: psql's strtokx(), the tokenizer behind \copy's argument parsing,
 * made reentrant: the state lives in a struct tokens instead of statics.
 * Quoted tokens, E'' strings, delimiter characters that are tokens of
 * their own, multibyte-safe scanning in the client encoding.
 */
#ifndef SAFEPG_TOKENS_H
#define SAFEPG_TOKENS_H

struct tokens {
	char *storage;		/* a copy of the input with room for inserted NULs */
	char *pos;		/* where the next token starts */
	int encoding;
};

/* Start tokenizing a copy of s. */
void tokens_init(struct tokens *t, const char *s, int encoding);
void tokens_release(struct tokens *t);

/*
 * The next token, or NULL at the end; valid until tokens_release.
 * whitespace separates tokens; each character of delim is a token of its
 * own; a token starting with a character of quote runs to the matching
 * quote (doubled quotes and escape-prefixed characters inside); e_strings
 * makes E'...' a quoted token with backslash escapes; del_quotes strips the
 * quotes from a quoted token.  delim, quote may be NULL; escape 0 = none.
 */
char *tokens_next(struct tokens *t, const char *whitespace, const char *delim,
		  const char *quote, char escape, int e_strings, int del_quotes);

/* Remove the quotes (and the escapes, and doubled quotes) of a quoted token in place. */
void tokens_strip_quotes(char *source, char quote, char escape, int encoding);

#endif
