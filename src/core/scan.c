/* SPDX-License-Identifier: PostgreSQL */
/*
 * scan: psql 15's SQL lexer (src/fe_utils/psqlscan.l) and backslash-command
 * lexer (src/bin/psql/psqlscanslash.l) as one hand-written state machine.
 * It follows flex's rules exactly where they decide something psql cares
 * about (longest match, tokens never spanning two input buffers, the
 * start-state numbering of the two lexers sharing one state), but it does
 * not build tokens: text is copied to the output in runs.  It does not
 * read input, run commands or print; see scan.h.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/scan.h"
#include "safepg/strbuf.h"
#include "safepg/xalloc.h"
#include "safepg/banned.h"

/*
 * Lexer start states.  The first group is psqlscan.l's, the second
 * psqlscanslash.l's; as in psql, one start_state field holds either.
 */
enum lex_state {
	ST_INITIAL = 0,
	ST_XB,			/* bit string B'...' */
	ST_XC,			/* C-style comment */
	ST_XD,			/* "identifier" */
	ST_XH,			/* hex string X'...' */
	ST_XQ,			/* standard '...' */
	ST_XQS,			/* after a closing quote: continued string? */
	ST_XE,			/* E'...' (or '...' when std_strings is off) */
	ST_XDOLQ,		/* $tag$...$tag$ */
	ST_XUI,			/* U&"..." */
	ST_XUS,			/* U&'...' */
	ST_SLASHCMD,
	ST_SLASHARGSTART,
	ST_SLASHARG,
	ST_SLASHQUOTE,
	ST_SLASHBACKQUOTE,
	ST_SLASHDQUOTE,
	ST_SLASHWHOLELINE,
	ST_SLASHEND
};

/* One input buffer: the line, or the value of a variable being expanded. */
struct scan_buf {
	const char *lex;	/* what the rules look at (0xFF for trailing bytes in unsafe encodings) */
	const char *orig;	/* what is copied out */
	size_t len;
	size_t pos;
	char *own_lex;		/* allocations owned by a stacked buffer */
	char *own_orig;
	char *varname;		/* variable whose value this is, or NULL */
	size_t ref_start;	/* offset in the line of the outermost reference */
};

struct scan {
	struct scan_callbacks cb;

	struct scan_buf *stack;	/* stack[0] is the line; depth buffers in use */
	size_t depth;
	size_t alloc;
	struct strbuf xlat;	/* translated line for unsafe encodings */

	int encoding;
	int safe_encoding;
	int std_strings;

	/* Lexer state, kept across lines until scan_reset(). */
	enum lex_state state;
	enum lex_state before_str_stop;
	int paren_depth;
	int xcdepth;
	struct strbuf dolqstart;	/* current $tag$, empty when none */
	unsigned identifier_count;
	char identifiers[4];
	int begin_depth;

	size_t bs_off;		/* see scan_backslash_offset() */

	struct strbuf *out;	/* current output */
	size_t first_off;	/* see scan_query_start() */

	struct strbuf *capture;	/* see scan_capture() */
	size_t cap_depth;
	size_t cap_pos;

	/* Per-option state of the slash lexer (static variables in psql). */
	enum slash_option option_type;
	char *option_quote;
	int unquoted_option_chars;
	size_t backtick_start;

	struct strbuf name;	/* scratch for variable names */
};

/* Character classes, as in the flex definitions. */
enum {
	C_SPACE = 1 << 0,	/* [ \t\n\r\f] */
	C_IDSTART = 1 << 1,	/* [A-Za-z\200-\377_] (also dolq_start) */
	C_IDCONT = 1 << 2,	/* [A-Za-z\200-\377_0-9\$] */
	C_VARCHAR = 1 << 3,	/* [A-Za-z\200-\377_0-9] (also dolq_cont) */
	C_OPCHAR = 1 << 4,	/* [\~\!\@\#\^\&\|\`\?\+\-\*\/\%\<\>\=] */
	C_DIGIT = 1 << 5,
	C_HEX = 1 << 6,
	C_XQSTOP = 1 << 7	/* bytes that end an [^...]+ run somewhere: ' " $ \ * / */
};

/* cclass[c]: the C_* flags of byte c (generated from the definitions above) */
static const unsigned char cclass[256] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x10, 0x80, 0x10, 0x84, 0x10, 0x10, 0x80, 0x00, 0x00, 0x90, 0x10, 0x00, 0x10, 0x00, 0x90,
	0x6c, 0x6c, 0x6c, 0x6c, 0x6c, 0x6c, 0x6c, 0x6c, 0x6c, 0x6c, 0x00, 0x00, 0x10, 0x10, 0x10, 0x10,
	0x10, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x00, 0x80, 0x00, 0x10, 0x0e,
	0x10, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x4e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x00, 0x10, 0x00, 0x10, 0x00,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
	0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e,
};

#define IS(c, cls) (cclass[(unsigned char)(c)] & (cls))

/* ---------------------------------------------------------------- encodings */

int scan_encoding_is_safe(int encoding)
{
	return encoding >= 0 && encoding <= 34;	/* PG_VALID_BE_ENCODING: up to PG_KOI8U */
}

int scan_mblen(int encoding, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	switch (encoding) {
	case 1:	/* EUC_JP */
	case 3:	/* EUC_KR */
	case 5:	/* EUC_JIS_2004 */
	case SCAN_ENC_JOHAB:
		if (*s == 0x8e)
			return 2;
		if (*s == 0x8f)
			return 3;
		return *s & 0x80 ? 2 : 1;
	case 2:	/* EUC_CN */
		if (*s == 0x8e || *s == 0x8f)
			return 3;
		return *s & 0x80 ? 2 : 1;
	case 4:	/* EUC_TW */
		if (*s == 0x8e)
			return 4;
		if (*s == 0x8f)
			return 3;
		return *s & 0x80 ? 2 : 1;
	case SCAN_ENC_UTF8:
		if ((*s & 0x80) == 0)
			return 1;
		if ((*s & 0xe0) == 0xc0)
			return 2;
		if ((*s & 0xf0) == 0xe0)
			return 3;
		if ((*s & 0xf8) == 0xf0)
			return 4;
		return 1;
	case 7:	/* MULE_INTERNAL */
		if (*s >= 0x81 && *s <= 0x8d)
			return 2;
		if (*s == 0x9a || *s == 0x9b)
			return 3;
		if (*s >= 0x90 && *s <= 0x99)
			return 3;
		if (*s == 0x9c || *s == 0x9d)
			return 4;
		return 1;
	case SCAN_ENC_SJIS:
	case SCAN_ENC_SHIFT_JIS_2004:
		if (*s >= 0xa1 && *s <= 0xdf)
			return 1;
		return *s & 0x80 ? 2 : 1;
	case SCAN_ENC_BIG5:
	case SCAN_ENC_GBK:
	case SCAN_ENC_UHC:
		return *s & 0x80 ? 2 : 1;
	case SCAN_ENC_GB18030:
		if (!(*s & 0x80))
			return 1;
		if (s[1] >= 0x30 && s[1] <= 0x39)
			return 4;
		return 2;
	default:	/* SQL_ASCII, the single-byte encodings, unknown ids */
		return 1;
	}
}

/*
 * psqlscan_prepare_buffer for unsafe encodings: every non-first byte of a
 * multibyte character becomes 0xFF, so that no rule takes it for ASCII.
 * txt must be NUL-terminated at len (GB18030's mblen looks one byte ahead).
 */
static void translate(int encoding, const char *txt, size_t len, char *dst)
{
	size_t i = 0;

	while (i < len) {
		int n = scan_mblen(encoding, txt + i);

		dst[i] = txt[i];
		i++;
		while (--n > 0 && i < len)
			dst[i++] = (char)0xFF;
	}
	dst[len] = '\0';
}

/* ---------------------------------------------------------------- buffers */

static struct scan_buf *top(struct scan *s)
{
	return &s->stack[s->depth - 1];
}

static void capture_flush(struct scan *s)
{
	struct scan_buf *b;

	if (!s->capture || s->cap_depth != s->depth || !s->depth)
		return;
	b = top(s);
	if (b->pos > s->cap_pos)
		strbuf_add(s->capture, b->orig + s->cap_pos, b->pos - s->cap_pos);
	s->cap_pos = b->pos;
}

static void pop_buffer(struct scan *s)
{
	struct scan_buf *b = top(s);

	if (s->capture && s->cap_depth == s->depth)
		capture_flush(s);
	free(b->own_lex);
	free(b->own_orig);
	free(b->varname);
	memset(b, 0, sizeof(*b));
	s->depth--;
	if (s->capture && s->cap_depth > s->depth) {
		s->cap_depth = s->depth;
		s->cap_pos = s->depth ? top(s)->pos : 0;
	}
}

/* Push the value of variable varname (value is taken over). */
static void push_buffer(struct scan *s, char *value, const char *varname, size_t ref_start)
{
	struct scan_buf *b;
	size_t len = strlen(value);

	ALLOC_GROW(s->stack, s->depth + 1, s->alloc);
	b = &s->stack[s->depth++];
	memset(b, 0, sizeof(*b));
	b->own_orig = value;
	b->orig = value;
	if (s->safe_encoding) {
		b->lex = value;
	} else {
		b->own_lex = xmalloc(len + 1);
		translate(s->encoding, value, len, b->own_lex);
		b->lex = b->own_lex;
	}
	b->len = len;
	b->varname = xstrdup(varname);
	b->ref_start = ref_start;
}

static int var_is_current_source(struct scan *s, const char *varname)
{
	size_t i;

	for (i = 1; i < s->depth; i++)
		if (s->stack[i].varname && strcmp(s->stack[i].varname, varname) == 0)
			return 1;
	return 0;
}

/* The name between from and to in the current buffer, NUL-terminated. */
static const char *get_name(struct scan *s, const struct scan_buf *b, size_t from, size_t to)
{
	strbuf_reset(&s->name);
	strbuf_add(&s->name, b->orig + from, to - from);
	return s->name.buf;
}

/* Append orig[from, to) of b to the output. */
static void emit(struct scan *s, const struct scan_buf *b, size_t from, size_t to)
{
	if (to <= from)
		return;
	if (s->out->len == 0 && s->first_off == SCAN_NO_OFFSET)
		s->first_off = s->depth > 1 ? b->ref_start : from;
	strbuf_add(s->out, b->orig + from, to - from);
}

static void emit_str(struct scan *s, const struct scan_buf *b, size_t tok, const char *str)
{
	size_t len = strlen(str);

	if (!len)
		return;
	if (s->out->len == 0 && s->first_off == SCAN_NO_OFFSET)
		s->first_off = s->depth > 1 ? b->ref_start : tok;
	strbuf_add(s->out, str, len);
}

static void diag(struct scan *s, int is_error, const char *msg)
{
	if (s->cb.diag)
		s->cb.diag(is_error, msg, s->cb.data);
}

/* ---------------------------------------------------------------- lifecycle */

struct scan *scan_new(const struct scan_callbacks *cb)
{
	struct scan *s = xcalloc(1, sizeof(*s));

	if (cb)
		s->cb = *cb;
	strbuf_init(&s->xlat, 0);
	strbuf_init(&s->dolqstart, 0);
	strbuf_init(&s->name, 0);
	s->encoding = SCAN_ENC_UTF8;
	s->safe_encoding = 1;
	s->std_strings = 1;
	s->first_off = SCAN_NO_OFFSET;
	scan_reset(s);
	return s;
}

void scan_free(struct scan *s)
{
	if (!s)
		return;
	scan_finish(s);
	free(s->stack);
	strbuf_release(&s->xlat);
	strbuf_release(&s->dolqstart);
	strbuf_release(&s->name);
	free(s);
}

void scan_setup(struct scan *s, const char *line, size_t len, int encoding, int std_strings)
{
	struct scan_buf *b;
	const char *nul;

	scan_finish(s);
	/* psql lexes a C string: a NUL byte ends the line */
	nul = memchr(line, '\0', len);
	if (nul)
		len = (size_t)(nul - line);
	s->encoding = encoding;
	s->safe_encoding = scan_encoding_is_safe(encoding);
	s->std_strings = std_strings ? 1 : 0;
	ALLOC_GROW(s->stack, 1, s->alloc);
	s->depth = 1;
	b = &s->stack[0];
	memset(b, 0, sizeof(*b));
	b->orig = line;
	b->len = len;
	if (s->safe_encoding) {
		b->lex = line;
	} else {
		/* the line need not be NUL-terminated: copy it first */
		strbuf_reset(&s->xlat);
		strbuf_grow(&s->xlat, 2 * len + 2);
		memcpy(s->xlat.buf + len + 1, line, len);
		s->xlat.buf[2 * len + 1] = '\0';
		translate(encoding, s->xlat.buf + len + 1, len, s->xlat.buf);
		b->lex = s->xlat.buf;
	}
}

void scan_finish(struct scan *s)
{
	while (s->depth > 1)
		pop_buffer(s);
	if (s->depth == 1 && s->capture && s->cap_depth == 1)
		capture_flush(s);
	s->depth = 0;
	if (s->stack)
		memset(&s->stack[0], 0, sizeof(s->stack[0]));
}

void scan_reset(struct scan *s)
{
	s->state = ST_INITIAL;
	s->paren_depth = 0;
	s->xcdepth = 0;
	strbuf_reset(&s->dolqstart);
	s->identifier_count = 0;
	s->begin_depth = 0;
}

void scan_reselect_sql(struct scan *s)
{
	s->state = ST_INITIAL;
}

int scan_in_quote(const struct scan *s)
{
	return s->state != ST_INITIAL && s->state != ST_XQS;
}

int scan_get_paren_depth(const struct scan *s)
{
	return s->paren_depth;
}

void scan_set_paren_depth(struct scan *s, int depth)
{
	s->paren_depth = depth < 0 ? 0 : depth;
}

size_t scan_position(const struct scan *s)
{
	if (!s->depth)
		return SCAN_NO_OFFSET;
	return s->stack[0].pos;
}

size_t scan_backslash_offset(const struct scan *s)
{
	return s->bs_off;
}

size_t scan_query_start(const struct scan *s)
{
	return s->first_off;
}

void scan_capture(struct scan *s, struct strbuf *sink)
{
	if (s->capture)
		capture_flush(s);
	s->capture = sink;
	s->cap_depth = s->depth;
	s->cap_pos = s->depth ? top(s)->pos : 0;
}

/* ---------------------------------------------------------------- SQL lexer */

/* Length of an identifier starting at p (0 when t[p] cannot start one). */
static size_t ident_len(const char *t, size_t p, size_t n)
{
	size_t q = p;

	if (q >= n || !IS(t[q], C_IDSTART))
		return 0;
	for (q++; q < n && IS(t[q], C_IDCONT); q++)
		;
	return q - p;
}

static size_t max_sz(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* {real}, {realfail} and {real_junk} after a mantissa ending at base. */
static size_t exponent_end(const char *t, size_t base, size_t n)
{
	size_t e, k;

	if (base >= n || (t[base] != 'e' && t[base] != 'E'))
		return 0;
	e = base + 1;
	if (e < n && (t[e] == '+' || t[e] == '-')) {
		if (e + 1 >= n || !IS(t[e + 1], C_DIGIT))
			return e + 1;	/* {realfail} */
		e++;
	}
	if (e >= n || !IS(t[e], C_DIGIT))
		return 0;
	for (k = e; k < n && IS(t[k], C_DIGIT); k++)
		;
	return k + ident_len(t, k, n);	/* {real} or {real_junk} */
}

/*
 * End of the numeric token starting at p (a digit, or '.' before a digit):
 * the longest of {integer} {decimal} {real} {realfail} and their _junk
 * forms, or just the digits for {decimalfail} ("1..").
 */
static size_t number_end(const char *t, size_t p, size_t n)
{
	size_t q = p, best = 0, r;

	while (q < n && IS(t[q], C_DIGIT))
		q++;
	if (q > p) {
		if (q + 1 < n && t[q] == '.' && t[q + 1] == '.')
			return q;	/* {decimalfail}: yyless(yyleng - 2) */
		best = q + ident_len(t, q, n);
		best = max_sz(best, exponent_end(t, q, n));
	}
	if (q < n && t[q] == '.' && (q > p || (q + 1 < n && IS(t[q + 1], C_DIGIT)))) {
		for (r = q + 1; r < n && IS(t[r], C_DIGIT); r++)
			;
		best = max_sz(best, r + ident_len(t, r, n));
		best = max_sz(best, exponent_end(t, r, n));
	}
	return best;
}

static int word_is(const char *t, size_t len, const char *kw)
{
	size_t i;

	if (strlen(kw) != len)
		return 0;
	for (i = 0; i < len; i++) {
		char c = t[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 'a' - 'A');
		if (c != kw[i])
			return 0;
	}
	return 1;
}

/*
 * psql 15 tracks CREATE [OR REPLACE] {FUNCTION|PROCEDURE} ... BEGIN ... END
 * so that the semicolons of a BEGIN ATOMIC body do not end the statement.
 */
static void track_identifier(struct scan *s, const char *w, size_t len)
{
	char *id = s->identifiers;

	if (s->identifier_count == 0)
		memset(id, 0, sizeof(s->identifiers));
	if (word_is(w, len, "create") || word_is(w, len, "function") ||
	    word_is(w, len, "procedure") || word_is(w, len, "or") ||
	    word_is(w, len, "replace")) {
		if (s->identifier_count < sizeof(s->identifiers)) {
			char c = w[0];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 'a' - 'A');
			id[s->identifier_count] = c;
		}
	}
	if (s->identifier_count < 1000000)
		s->identifier_count++;
	if (id[0] == 'c' &&
	    (id[1] == 'f' || id[1] == 'p' ||
	     (id[1] == 'o' && id[2] == 'r' && (id[3] == 'f' || id[3] == 'p'))) &&
	    s->paren_depth == 0) {
		if (word_is(w, len, "begin"))
			s->begin_depth++;
		else if (word_is(w, len, "case")) {
			if (s->begin_depth >= 1)
				s->begin_depth++;
		} else if (word_is(w, len, "end")) {
			if (s->begin_depth > 0)
				s->begin_depth--;
		}
	}
}

/*
 * {quotecontinue} at p: {horiz_whitespace}*{newline}{special_whitespace}*{quote}.
 * Returns the end of the match (after the quote) or 0.
 */
static size_t quote_continue(const char *t, size_t p, size_t n)
{
	size_t q = p;

	for (;;) {
		if (q < n && (t[q] == ' ' || t[q] == '\t' || t[q] == '\f'))
			q++;
		else if (q + 1 < n && t[q] == '-' && t[q + 1] == '-') {
			while (q < n && t[q] != '\n' && t[q] != '\r')
				q++;
		} else
			break;
	}
	if (q >= n || (t[q] != '\n' && t[q] != '\r'))
		return 0;
	q++;
	for (;;) {
		if (q < n && IS(t[q], C_SPACE))
			q++;
		else if (q + 1 < n && t[q] == '-' && t[q + 1] == '-') {
			size_t c = q;

			while (c < n && t[c] != '\n' && t[c] != '\r')
				c++;
			if (c >= n)
				return 0;	/* {comment}{newline} needs the newline */
			q = c + 1;
		} else
			break;
	}
	if (q < n && t[q] == '\'')
		return q + 1;
	return 0;
}

/* The $tag$ (or $$) starting at p, or 0; *failed_end gets {dolqfailed}'s end. */
static size_t dolq_delim(const char *t, size_t p, size_t n, size_t *failed_end)
{
	size_t q = p + 1;

	*failed_end = 0;
	if (q < n && t[q] == '$')
		return q + 1;
	if (q >= n || !IS(t[q], C_IDSTART))
		return 0;
	for (q++; q < n && IS(t[q], C_VARCHAR); q++)
		;
	if (q < n && t[q] == '$')
		return q + 1;
	*failed_end = q;
	return 0;
}

/* :name, :'name', :"name" and :{?name} in SQL. */
enum var_kind { VAR_NONE, VAR_PLAIN, VAR_LITERAL, VAR_IDENT, VAR_TEST };

/*
 * Classify the token at p (t[p] == ':'): sets *end, and returns VAR_NONE
 * when only the colon is a token (the "fail" rules throw the rest back).
 */
static enum var_kind colon_token(const char *t, size_t p, size_t n, size_t *end)
{
	size_t q = p + 1;

	*end = p + 1;
	if (q >= n)
		return VAR_NONE;
	if (IS(t[q], C_VARCHAR)) {
		while (q < n && IS(t[q], C_VARCHAR))
			q++;
		*end = q;
		return VAR_PLAIN;
	}
	if (t[q] == '\'' || t[q] == '"') {
		char quote = t[q];
		size_t r = q + 1;

		while (r < n && IS(t[r], C_VARCHAR))
			r++;
		if (r > q + 1 && r < n && t[r] == quote) {
			*end = r + 1;
			return quote == '\'' ? VAR_LITERAL : VAR_IDENT;
		}
		return VAR_NONE;
	}
	if (t[q] == '{' && q + 1 < n && t[q + 1] == '?') {
		size_t r = q + 2;

		while (r < n && IS(t[r], C_VARCHAR))
			r++;
		if (r > q + 2 && r < n && t[r] == '}') {
			*end = r + 1;
			return VAR_TEST;
		}
	}
	return VAR_NONE;
}

/* psqlscan_escape_variable / psqlscan_test_variable. */
static void quoted_variable(struct scan *s, const struct scan_buf *b, size_t tok, size_t end,
			    enum var_kind kind, enum scan_quote quote)
{
	char *value = NULL;

	if (kind == VAR_TEST) {
		if (s->cb.get_variable)
			value = s->cb.get_variable(get_name(s, b, tok + 3, end - 1),
						   SCAN_QUOTE_PLAIN, s->cb.data);
		emit_str(s, b, tok, value ? "TRUE" : "FALSE");
		free(value);
		return;
	}
	if (s->cb.get_variable)
		value = s->cb.get_variable(get_name(s, b, tok + 2, end - 1), quote, s->cb.data);
	if (value) {
		emit_str(s, b, tok, value);
		free(value);
	} else {
		emit(s, b, tok, end);
	}
}

static enum prompt_status eol_prompt(struct scan *s, const struct strbuf *query,
				     enum scan_result *result)
{
	switch (s->state) {
	case ST_INITIAL:
	case ST_XQS:
		if (s->paren_depth > 0) {
			*result = SCAN_INCOMPLETE;
			return PROMPT_PAREN;
		}
		if (s->begin_depth > 0) {
			*result = SCAN_INCOMPLETE;
			return PROMPT_CONTINUE;
		}
		if (query->len > 0) {
			*result = SCAN_EOL;
			return PROMPT_CONTINUE;
		}
		*result = SCAN_INCOMPLETE;
		return PROMPT_READY;
	case ST_XC:
		*result = SCAN_INCOMPLETE;
		return PROMPT_COMMENT;
	case ST_XD:
	case ST_XUI:
		*result = SCAN_INCOMPLETE;
		return PROMPT_DOUBLEQUOTE;
	case ST_XDOLQ:
		*result = SCAN_INCOMPLETE;
		return PROMPT_DOLLARQUOTE;
	case ST_XB:
	case ST_XH:
	case ST_XQ:
	case ST_XE:
	case ST_XUS:
	default:
		*result = SCAN_INCOMPLETE;
		return PROMPT_SINGLEQUOTE;
	}
}

enum scan_result scan_next(struct scan *s, struct strbuf *query, enum prompt_status *prompt)
{
	enum scan_result result;
	enum prompt_status ps;

	s->out = query;
	s->first_off = SCAN_NO_OFFSET;
	if (!s->depth) {
		/* not set up: nothing to lex */
		*prompt = eol_prompt(s, query, &result);
		return result;
	}
	if (s->state >= ST_SLASHCMD)
		s->state = ST_INITIAL;

	for (;;) {
		struct scan_buf *b = top(s);
		const char *t = b->lex;
		size_t n = b->len;
		size_t p = b->pos;
		size_t run = p;		/* start of text lexed but not yet copied out */
		size_t tok;
		enum lex_state st = s->state;

/* Copy the pending run up to tok, start a new run after the token. */
#define FLUSH_TO(x) do { emit(s, b, run, (x)); } while (0)

		while (p < n) {
			unsigned char c = (unsigned char)t[p];

			tok = p;
			switch (st) {
			case ST_INITIAL:
				if (IS(c, C_SPACE) || (c == '-' && p + 1 < n && t[p + 1] == '-')) {
					/* {whitespace}: dropped while the query is empty */
					if (IS(c, C_SPACE)) {
						while (p < n && IS(t[p], C_SPACE))
							p++;
					} else {
						while (p < n && t[p] != '\n' && t[p] != '\r')
							p++;
					}
					if (query->len == 0 && run == tok)
						run = p;
					continue;
				}
				if (c == '/' && p + 1 < n && t[p + 1] == '*') {
					s->xcdepth = 0;
					st = ST_XC;
					p += 2;
					continue;
				}
				if (p + 1 < n && t[p + 1] == '\'') {
					if (c == 'b' || c == 'B') {
						st = ST_XB;
						p += 2;
						continue;
					}
					if (c == 'x' || c == 'X') {
						st = ST_XH;
						p += 2;
						continue;
					}
					if (c == 'n' || c == 'N') {
						p += 1;	/* eat only 'n' this time */
						continue;
					}
					if (c == 'e' || c == 'E') {
						st = ST_XE;
						p += 2;
						continue;
					}
				}
				if ((c == 'u' || c == 'U') && p + 1 < n && t[p + 1] == '&') {
					if (p + 2 < n && t[p + 2] == '\'') {
						st = ST_XUS;
						p += 3;
					} else if (p + 2 < n && t[p + 2] == '"') {
						st = ST_XUI;
						p += 3;
					} else {
						p += 1;	/* {xufailed}: throw back all but u */
					}
					continue;
				}
				if (IS(c, C_IDSTART)) {
					p += ident_len(t, p, n);
					track_identifier(s, t + tok, p - tok);
					continue;
				}
				if (c == '\'') {
					st = s->std_strings ? ST_XQ : ST_XE;
					p++;
					continue;
				}
				if (c == '"') {
					st = ST_XD;
					p++;
					continue;
				}
				if (c == '$') {
					size_t failed, end;

					if (p + 1 < n && IS(t[p + 1], C_DIGIT)) {
						/* {param} or {param_junk} */
						for (p++; p < n && IS(t[p], C_DIGIT); p++)
							;
						p += ident_len(t, p, n);
						continue;
					}
					end = dolq_delim(t, p, n, &failed);
					if (end) {
						strbuf_reset(&s->dolqstart);
						strbuf_add(&s->dolqstart, t + p, end - p);
						st = ST_XDOLQ;
						p = end;
						continue;
					}
					p++;	/* {dolqfailed} throws back all but $, or {other} */
					continue;
				}
				if (IS(c, C_DIGIT) || (c == '.' && p + 1 < n && IS(t[p + 1], C_DIGIT))) {
					p = number_end(t, p, n);
					continue;
				}
				if (c == '(') {
					s->paren_depth++;
					p++;
					continue;
				}
				if (c == ')') {
					if (s->paren_depth > 0)
						s->paren_depth--;
					p++;
					continue;
				}
				if (c == ';') {
					p++;
					if (s->paren_depth == 0 && s->begin_depth == 0) {
						FLUSH_TO(p);
						b->pos = p;
						s->state = st;
						s->identifier_count = 0;
						*prompt = PROMPT_READY;
						return SCAN_SEMICOLON;
					}
					continue;
				}
				if (c == '\\') {
					if (p + 1 < n && (t[p + 1] == ';' || t[p + 1] == ':')) {
						/* force a semicolon or colon into the query */
						FLUSH_TO(tok);
						emit(s, b, tok + 1, tok + 2);
						if (t[p + 1] == ';')
							s->identifier_count = 0;
						p += 2;
						run = p;
						continue;
					}
					FLUSH_TO(tok);
					b->pos = p + 1;
					s->state = st;
					s->bs_off = s->depth > 1 ? b->ref_start : tok;
					*prompt = PROMPT_READY;
					return SCAN_BACKSLASH;
				}
				if (c == ':') {
					size_t end;
					enum var_kind kind;

					if (p + 1 < n && (t[p + 1] == ':' || t[p + 1] == '=')) {
						p += 2;	/* {typecast} or {colon_equals} */
						continue;
					}
					kind = colon_token(t, p, n, &end);
					if (kind == VAR_NONE) {
						p++;
						continue;
					}
					FLUSH_TO(tok);
					p = end;
					run = p;
					if (kind == VAR_PLAIN) {
						const char *name = get_name(s, b, tok + 1, end);
						char *value = NULL;

						if (s->cb.get_variable)
							value = s->cb.get_variable(name, SCAN_QUOTE_PLAIN,
										   s->cb.data);
						if (!value) {
							run = tok;	/* copied as written */
							continue;
						}
						if (var_is_current_source(s, name)) {
							if (s->cb.diag) {
								char *msg = xasprintf("skipping recursive expansion of variable \"%s\"",
										      name);

								diag(s, 0, msg);
								free(msg);
							}
							free(value);
							run = tok;
							continue;
						}
						b->pos = p;
						push_buffer(s, value, name,
							    s->depth > 1 ? b->ref_start : tok);
						s->state = st;
						goto next_buffer;
					}
					quoted_variable(s, b, tok, end, kind,
							kind == VAR_LITERAL ? SCAN_QUOTE_SQL_LITERAL
									    : SCAN_QUOTE_SQL_IDENT);
					continue;
				}
				if (c == '.' && p + 1 < n && t[p + 1] == '.') {
					p += 2;
					continue;
				}
				if (IS(c, C_OPCHAR)) {
					/* {operator}: stops where a comment starts */
					for (p++; p < n && IS(t[p], C_OPCHAR); p++) {
						if ((t[p] == '*' && t[p - 1] == '/') ||
						    (t[p] == '-' && t[p - 1] == '-')) {
							p--;
							break;
						}
					}
					continue;
				}
				p++;	/* {self} or {other} */
				continue;

			case ST_XC:
				if (c == '/' && p + 1 < n && t[p + 1] == '*') {
					s->xcdepth++;
					p += 2;
				} else if (c == '*') {
					while (p < n && t[p] == '*')
						p++;
					if (p < n && t[p] == '/') {
						p++;
						if (s->xcdepth <= 0)
							st = ST_INITIAL;
						else
							s->xcdepth--;
					}
				} else if (c == '/') {
					p++;
				} else {
					while (p < n && t[p] != '*' && t[p] != '/')
						p++;
				}
				continue;

			case ST_XB:
			case ST_XH:
				if (c == '\'') {
					s->before_str_stop = st;
					st = ST_XQS;
					p++;
				} else {
					const char *q = memchr(t + p, '\'', n - p);

					p = q ? (size_t)(q - t) : n;
				}
				continue;

			case ST_XQ:
			case ST_XUS:
				if (c == '\'') {
					if (p + 1 < n && t[p + 1] == '\'') {
						p += 2;
					} else {
						s->before_str_stop = st;
						st = ST_XQS;
						p++;
					}
				} else {
					const char *q = memchr(t + p, '\'', n - p);

					p = q ? (size_t)(q - t) : n;
				}
				continue;

			case ST_XE:
				if (c == '\'') {
					if (p + 1 < n && t[p + 1] == '\'') {
						p += 2;
					} else {
						s->before_str_stop = st;
						st = ST_XQS;
						p++;
					}
				} else if (c == '\\') {
					/* an escape takes the next byte, if this buffer has one */
					p += p + 1 < n ? 2 : 1;
				} else {
					while (p < n && t[p] != '\'' && t[p] != '\\')
						p++;
				}
				continue;

			case ST_XQS: {
				size_t end = quote_continue(t, p, n);

				if (end) {
					st = s->before_str_stop;
					p = end;
				} else {
					st = ST_INITIAL;	/* yyless(0) */
				}
				continue;
			}

			case ST_XDOLQ:
				if (c == '$') {
					size_t failed, end = dolq_delim(t, p, n, &failed);

					if (end) {
						if (end - p == s->dolqstart.len &&
						    memcmp(t + p, s->dolqstart.buf, end - p) == 0) {
							strbuf_reset(&s->dolqstart);
							st = ST_INITIAL;
							p = end;
						} else {
							p = end - 1;	/* rescan the final $ */
						}
					} else if (failed) {
						p = failed;
					} else {
						p++;
					}
				} else {
					const char *q = memchr(t + p, '$', n - p);

					p = q ? (size_t)(q - t) : n;
				}
				continue;

			case ST_XD:
			case ST_XUI:
				if (c == '"') {
					if (p + 1 < n && t[p + 1] == '"') {
						p += 2;
					} else {
						st = ST_INITIAL;
						p++;
					}
				} else {
					const char *q = memchr(t + p, '"', n - p);

					p = q ? (size_t)(q - t) : n;
				}
				continue;

			default:
				/* a slash state cannot be current here */
				st = ST_INITIAL;
				continue;
			}
		}

		/* end of this buffer */
		FLUSH_TO(p);
		b->pos = p;
		s->state = st;
		if (s->depth == 1) {
			ps = eol_prompt(s, query, &result);
			*prompt = ps;
			return result;
		}
		pop_buffer(s);
next_buffer:
		;
#undef FLUSH_TO
	}
}

/* ---------------------------------------------------------------- slash lexer */

/* Append text of the current buffer to the option being built. */
static void opt_emit(struct strbuf *o, const struct scan_buf *b, size_t from, size_t to)
{
	if (to > from)
		strbuf_add(o, b->orig + from, to - from);
}

static void opt_variable(struct scan *s, struct strbuf *o, const struct scan_buf *b,
			 size_t tok, size_t end)
{
	char *value;

	if (!s->cb.get_variable) {
		opt_emit(o, b, tok, end);
		return;
	}
	value = s->cb.get_variable(get_name(s, b, tok + 1, end), SCAN_QUOTE_PLAIN, s->cb.data);
	if (value) {
		strbuf_addstr(o, value);
		free(value);
	} else {
		opt_emit(o, b, tok, end);
	}
}

static void opt_quoted_variable(struct scan *s, struct strbuf *o, const struct scan_buf *b,
				size_t tok, size_t end, enum var_kind kind, enum scan_quote quote)
{
	char *value = NULL;

	if (kind == VAR_TEST) {
		if (s->cb.get_variable)
			value = s->cb.get_variable(get_name(s, b, tok + 3, end - 1),
						   SCAN_QUOTE_PLAIN, s->cb.data);
		strbuf_addstr(o, value ? "TRUE" : "FALSE");
		free(value);
		return;
	}
	if (s->cb.get_variable)
		value = s->cb.get_variable(get_name(s, b, tok + 2, end - 1), quote, s->cb.data);
	if (value) {
		strbuf_addstr(o, value);
		free(value);
	} else {
		opt_emit(o, b, tok, end);
	}
}

static void evaluate_backtick(struct scan *s, struct strbuf *o)
{
	char *cmd, *res;

	if (!s->cb.backtick) {
		/* not run: keep the command as written, backquotes included */
		strbuf_insert(o, s->backtick_start, "`", 1);
		strbuf_addch(o, '`');
		return;
	}
	cmd = xstrdup(o->buf + s->backtick_start);
	strbuf_setlen(o, s->backtick_start);
	res = s->cb.backtick(cmd, s->cb.data);
	if (res) {
		strbuf_addstr(o, res);
		free(res);
	}
	free(cmd);
}

static int octal(char c)
{
	return c >= '0' && c <= '7';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

/*
 * The backslash-command lexer: runs from s->state (a slash state) until a
 * rule returns or input ends, appending to o (NULL: output discarded).
 * Leaves the final state in s->state.
 */
static void slash_lex(struct scan *s, struct strbuf *o)
{
	struct strbuf discard = STRBUF_INIT;

	if (!o)
		o = &discard;
	while (s->depth) {
		struct scan_buf *b = top(s);
		const char *t = b->lex;
		size_t n = b->len;
		size_t p = b->pos;
		enum lex_state st = s->state;

		while (p < n) {
			unsigned char c = (unsigned char)t[p];
			size_t tok = p;

			switch (st) {
			case ST_SLASHCMD:
				if (IS(c, C_SPACE) || c == '\\')
					goto done;
				for (p++; p < n && !IS(t[p], C_SPACE) && t[p] != '\\'; p++)
					;
				opt_emit(o, b, tok, p);
				continue;

			case ST_SLASHARGSTART:
				if (IS(c, C_SPACE)) {
					while (p < n && IS(t[p], C_SPACE))
						p++;
					continue;
				}
				if (c == '|' && s->option_type == SLASH_OPT_FILEPIPE) {
					opt_emit(o, b, p, p + 1);
					p++;
					st = ST_SLASHWHOLELINE;
					continue;
				}
				st = ST_SLASHARG;
				continue;

			case ST_SLASHARG:
				if (IS(c, C_SPACE) || c == '\\')
					goto done;
				if (c == '\'') {
					*s->option_quote = '\'';
					s->unquoted_option_chars = 0;
					st = ST_SLASHQUOTE;
					p++;
					continue;
				}
				if (c == '`') {
					s->backtick_start = o->len;
					*s->option_quote = '`';
					s->unquoted_option_chars = 0;
					st = ST_SLASHBACKQUOTE;
					p++;
					continue;
				}
				if (c == '"') {
					opt_emit(o, b, p, p + 1);
					*s->option_quote = '"';
					s->unquoted_option_chars = 0;
					st = ST_SLASHDQUOTE;
					p++;
					continue;
				}
				if (c == ':') {
					size_t end;
					enum var_kind kind = colon_token(t, p, n, &end);

					switch (kind) {
					case VAR_PLAIN:
						opt_variable(s, o, b, tok, end);
						if (s->cb.get_variable)
							*s->option_quote = ':';
						s->unquoted_option_chars = 0;
						p = end;
						continue;
					case VAR_LITERAL:
					case VAR_IDENT:
						opt_quoted_variable(s, o, b, tok, end, kind,
								    kind == VAR_LITERAL
									    ? SCAN_QUOTE_SQL_LITERAL
									    : SCAN_QUOTE_SQL_IDENT);
						*s->option_quote = ':';
						s->unquoted_option_chars = 0;
						p = end;
						continue;
					case VAR_TEST:
						opt_quoted_variable(s, o, b, tok, end, kind,
								    SCAN_QUOTE_PLAIN);
						p = end;
						continue;
					case VAR_NONE:
					default:
						break;
					}
				}
				/* {other}, or a colon thrown back alone */
				s->unquoted_option_chars++;
				opt_emit(o, b, p, p + 1);
				p++;
				continue;

			case ST_SLASHQUOTE:
				if (c == '\'') {
					if (p + 1 < n && t[p + 1] == '\'') {
						strbuf_addch(o, '\'');
						p += 2;
					} else {
						st = ST_SLASHARG;
						p++;
					}
					continue;
				}
				if (c == '\\' && p + 1 < n) {
					char d = t[p + 1];

					switch (d) {
					case 'n':
						strbuf_addch(o, '\n');
						p += 2;
						continue;
					case 't':
						strbuf_addch(o, '\t');
						p += 2;
						continue;
					case 'b':
						strbuf_addch(o, '\b');
						p += 2;
						continue;
					case 'r':
						strbuf_addch(o, '\r');
						p += 2;
						continue;
					case 'f':
						strbuf_addch(o, '\f');
						p += 2;
						continue;
					default:
						break;
					}
					if (octal(d)) {
						int v = 0, k;

						for (k = 1; k <= 3 && p + k < n && octal(t[p + k]); k++)
							v = v * 8 + (t[p + k] - '0');
						strbuf_addch(o, (char)v);
						p += (size_t)k;
						continue;
					}
					if (d == 'x' && p + 2 < n && IS(t[p + 2], C_HEX)) {
						int v = hexval(t[p + 2]);
						size_t k = 3;

						if (p + 3 < n && IS(t[p + 3], C_HEX)) {
							v = v * 16 + hexval(t[p + 3]);
							k = 4;
						}
						strbuf_addch(o, (char)v);
						p += k;
						continue;
					}
					if (d != '\n') {
						/* "\\." : the next byte as is */
						opt_emit(o, b, p + 1, p + 2);
						p += 2;
						continue;
					}
				}
				{
					size_t q = p + 1;

					while (q < n && t[q] != '\'' && t[q] != '\\')
						q++;
					opt_emit(o, b, p, q);
					p = q;
				}
				continue;

			case ST_SLASHBACKQUOTE:
				if (c == '`') {
					evaluate_backtick(s, o);
					st = ST_SLASHARG;
					p++;
					continue;
				}
				if (c == ':') {
					size_t end;
					enum var_kind kind = colon_token(t, p, n, &end);

					if (kind == VAR_PLAIN) {
						opt_variable(s, o, b, tok, end);
						p = end;
						continue;
					}
					if (kind == VAR_LITERAL) {
						opt_quoted_variable(s, o, b, tok, end, kind,
								    SCAN_QUOTE_SHELL_ARG);
						p = end;
						continue;
					}
				}
				opt_emit(o, b, p, p + 1);
				p++;
				continue;

			case ST_SLASHDQUOTE:
				if (c == '"') {
					opt_emit(o, b, p, p + 1);
					st = ST_SLASHARG;
					p++;
					continue;
				}
				{
					const char *q = memchr(t + p, '"', n - p);
					size_t e = q ? (size_t)(q - t) : n;

					opt_emit(o, b, p, e);
					p = e;
				}
				continue;

			case ST_SLASHWHOLELINE:
				if (IS(c, C_SPACE)) {
					while (p < n && IS(t[p], C_SPACE))
						p++;
					if (o->len > 0)
						opt_emit(o, b, tok, p);
					continue;
				}
				for (p++; p < n && !IS(t[p], C_SPACE); p++)
					;
				opt_emit(o, b, tok, p);
				continue;

			case ST_SLASHEND:
				if (c == '\\' && p + 1 < n && t[p + 1] == '\\')
					p += 2;
				goto done;

			default:
				/* INITIAL in this lexer: copy out until end of input */
				opt_emit(o, b, p, n);
				p = n;
				continue;
			}
		}
		/* end of this buffer: pop a variable's value, or stop at end of line */
		b->pos = p;
		s->state = st;
		if (s->depth == 1)
			break;
		pop_buffer(s);
		continue;
done:
		b->pos = p;
		s->state = st;
		break;
	}
	strbuf_release(&discard);
}

char *scan_slash_command(struct scan *s)
{
	struct strbuf o = STRBUF_INIT;

	s->state = ST_SLASHCMD;
	slash_lex(s, &o);
	s->state = ST_INITIAL;
	return strbuf_detach(&o, NULL);
}

char *scan_slash_option(struct scan *s, enum slash_option type, char *quote, int semicolon)
{
	struct strbuf o = STRBUF_INIT;
	char local_quote;
	enum lex_state final;

	if (!quote)
		quote = &local_quote;
	*quote = 0;
	s->option_type = type;
	s->option_quote = quote;
	s->unquoted_option_chars = 0;
	s->state = type == SLASH_OPT_WHOLE_LINE ? ST_SLASHWHOLELINE : ST_SLASHARGSTART;
	slash_lex(s, &o);
	final = s->state;
	s->state = ST_INITIAL;

	switch (final) {
	case ST_SLASHARGSTART:
		break;
	case ST_SLASHARG:
		if (semicolon) {
			while (s->unquoted_option_chars-- > 0 && o.len > 0 &&
			       o.buf[o.len - 1] == ';')
				strbuf_setlen(&o, o.len - 1);
		}
		if (type == SLASH_OPT_SQLID || type == SLASH_OPT_SQLIDHACK) {
			scan_dequote_downcase_identifier(o.buf, type != SLASH_OPT_SQLIDHACK,
							 s->encoding);
			if (o.alloc)
				strbuf_setlen(&o, strlen(o.buf));
		}
		break;
	case ST_SLASHQUOTE:
	case ST_SLASHBACKQUOTE:
	case ST_SLASHDQUOTE:
		diag(s, 1, "unterminated quoted string");
		strbuf_release(&o);
		return NULL;
	case ST_SLASHWHOLELINE:
	default:
		break;
	}
	if (o.len == 0 && *quote == 0) {
		strbuf_release(&o);
		return NULL;
	}
	return strbuf_detach(&o, NULL);
}

void scan_slash_command_end(struct scan *s)
{
	s->state = ST_SLASHEND;
	slash_lex(s, NULL);
	s->state = ST_INITIAL;
}

void scan_dequote_downcase_identifier(char *str, int downcase, int encoding)
{
	int inquotes = 0;
	char *cp = str;

	while (*cp) {
		if (*cp == '"') {
			if (inquotes && cp[1] == '"')
				cp++;	/* keep the first quote, remove the second */
			else
				inquotes = !inquotes;
			memmove(cp, cp + 1, strlen(cp));
		} else {
			int len;

			if (downcase && !inquotes && *cp >= 'A' && *cp <= 'Z')
				*cp = (char)(*cp + 'a' - 'A');
			len = scan_mblen(encoding, cp);
			len = (int)strnlen(cp, (size_t)len);
			cp += len;
		}
	}
}
