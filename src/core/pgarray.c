/* SPDX-License-Identifier: PostgreSQL */
/*
 * pgarray: PostgreSQL's text output form of a one-dimensional array into
 * its elements (pgarray.h).  It does not unescape anything but the quoting
 * of quoted elements, and builds no arrays back.
 */
#include "safepg/pgarray.h"
#include "safepg/strbuf.h"
#include "safepg/banned.h"

int pgarray_parse(const char *s, struct strvec *out)
{
	struct strbuf el = STRBUF_INIT;

	if (*s++ != '{')
		return -1;
	while (*s && *s != '}') {
		strbuf_reset(&el);
		if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && s[1])
					s++;
				strbuf_addch(&el, *s);
			}
			if (*s != '"')
				goto bad;
			s++;
		} else {
			while (*s && *s != ',' && *s != '}')
				strbuf_addch(&el, *s++);
		}
		strvec_push(out, el.buf);
		if (*s == ',')
			s++;
		else if (*s != '}')
			goto bad;
	}
	if (*s != '}' || s[1])
		goto bad;
	strbuf_release(&el);
	return 0;
bad:
	strbuf_release(&el);
	return -1;
}
