/* SPDX-License-Identifier: PostgreSQL */
/*
 * redact: secrets out of what safepg writes to disk.  See redact.h.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "safepg/redact.h"
#include "safepg/banned.h"

static const char *find_ci(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (!strncasecmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

int redact_contains_secret(const char *text)
{
	size_t len = strlen(text);

	return find_ci(text, len, "password") != NULL || find_ci(text, len, "passwd") != NULL;
}

static int is_word(int c)
{
	return isalnum(c) || c == '_' || (c & 0x80);
}

/*
 * At p (just after a PASSWORD keyword): skip blanks, and if a string
 * literal follows ('...', E'...', $tag$...$tag$), return its extent.
 */
static int literal_after(const char *p, const char *end, const char **lit_start,
			 const char **lit_end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	if (p < end && (*p == 'E' || *p == 'e') && p + 1 < end && p[1] == '\'')
		p++;
	if (p < end && *p == '\'') {
		const char *q = p + 1;

		while (q < end) {
			if (*q == '\\' && q + 1 < end) {
				q += 2;
				continue;
			}
			if (*q == '\'') {
				if (q + 1 < end && q[1] == '\'') {
					q += 2;
					continue;
				}
				break;
			}
			q++;
		}
		*lit_start = p + 1;
		*lit_end = q;
		return 1;
	}
	if (p < end && *p == '$') {
		const char *t = p + 1;

		while (t < end && *t != '$' && is_word((unsigned char)*t))
			t++;
		if (t < end && *t == '$') {
			size_t taglen = (size_t)(t - p + 1);
			const char *q = t + 1;

			while (q + taglen <= end && memcmp(q, p, taglen) != 0)
				q++;
			*lit_start = t + 1;
			*lit_end = q + taglen <= end ? q : end;
			return 1;
		}
	}
	return 0;
}

int redact_text(const char *text, size_t len, struct strbuf *out)
{
	const char *p = text, *end = text + len, *copied = text;
	int did = 0;

	while (p < end) {
		size_t kw = 0;

		if ((size_t)(end - p) >= 8 && !strncasecmp(p, "password", 8))
			kw = 8;
		else if ((size_t)(end - p) >= 6 && !strncasecmp(p, "passwd", 6))
			kw = 6;
		if (kw && (p == text || !is_word((unsigned char)p[-1]))) {
			const char *after = p + kw, *ls, *le;

			if (after < end && *after == '=') {
				/* conninfo: password=value or password='value' */
				const char *v = after + 1, *ve;

				if (v < end && *v == '\'') {
					/*
					 * A quoted value, possibly inside an SQL literal where
					 * its quotes are doubled: hide up to the same run of
					 * quotes that opened it.
					 */
					size_t nq = 0;

					while (v + nq < end && v[nq] == '\'')
						nq++;
					v += nq;
					ve = v;
					while (ve < end) {
						size_t k = 0;

						while (ve + k < end && ve[k] == '\'' && k < nq)
							k++;
						if (k == nq)
							break;
						ve += k ? k : 1;
					}
				} else {
					/* unquoted: up to white space or a closing quote */
					ve = v;
					while (ve < end && !isspace((unsigned char)*ve) && *ve != '\'')
						ve++;
				}
				strbuf_add(out, copied, (size_t)(v - copied));
				strbuf_addstr(out, "***");
				copied = p = ve;
				did = 1;
				continue;
			}
			if (!is_word((unsigned char)(after < end ? *after : ' ')) &&
			    literal_after(after, end, &ls, &le)) {
				strbuf_add(out, copied, (size_t)(ls - copied));
				strbuf_addstr(out, "***");
				copied = p = le;
				did = 1;
				continue;
			}
			if (p > text && p[-1] == '\\') {
				/* \password [USER]: nothing secret on the line, keep it */
				p = after;
				continue;
			}
			p = after;
			continue;
		}
		/* postgresql://user:secret@host */
		if ((size_t)(end - p) >= 3 && !memcmp(p, "://", 3)) {
			const char *q = p + 3, *at = NULL, *colon = NULL;

			while (q < end && !isspace((unsigned char)*q) && *q != '/' && *q != '\'' &&
			       *q != '"') {
				if (*q == '@')
					at = q;
				if (*q == ':' && !at && !colon)
					colon = q;
				q++;
			}
			if (at && colon && colon < at) {
				strbuf_add(out, copied, (size_t)(colon + 1 - copied));
				strbuf_addstr(out, "***");
				copied = at;
				did = 1;
			}
			p = q;
			continue;
		}
		p++;
	}
	strbuf_add(out, copied, (size_t)(end - copied));
	return did;
}
