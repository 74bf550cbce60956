/* SPDX-License-Identifier: PostgreSQL */
/*
 * test_pgarray: text[] output forms into elements, as psql reads them
 * (quoted elements with escapes, bare ones, empty arrays) and forms that
 * are not arrays.
 */
#include <string.h>

#include "tap.h"
#include "safepg/pgarray.h"
#include "safepg/strbuf.h"
#include "safepg/strvec.h"
#include "safepg/banned.h"

static void check(const char *in, int want_rc, const char *want_joined)
{
	struct strvec v = STRVEC_INIT;
	struct strbuf joined = STRBUF_INIT;
	int rc = pgarray_parse(in, &v);

	for (size_t i = 0; i < v.n; i++)
		strbuf_addf(&joined, "%s[%s]", i ? "|" : "", v.v[i]);
	if (want_rc == 0)
		ok(rc == 0 && !strcmp(joined.buf, want_joined), "%s -> %s (got %d, %s)", in,
		   want_joined, rc, joined.buf);
	else
		ok(rc == -1, "%s is not an array (got %d)", in, rc);
	strvec_clear(&v);
	strbuf_release(&joined);
}

int main(void)
{
	check("{}", 0, "");
	check("{a}", 0, "[a]");
	check("{safepg.environment=production,work_mem=8MB}", 0,
	      "[safepg.environment=production]|[work_mem=8MB]");
	check("{\"search_path=a, \\\"b c\\\"\",x=1}", 0, "[search_path=a, \"b c\"]|[x=1]");
	check("{\"back\\\\slash\"}", 0, "[back\\slash]");
	check("{\"\"}", 0, "[]");
	check("{\"a,b}\",c}", 0, "[a,b}]|[c]");
	check("", -1, NULL);
	check("a,b", -1, NULL);
	check("{a,b", -1, NULL);
	check("{\"a}", -1, NULL);
	check("{a}x", -1, NULL);
	check("[0:1]={a,b}", -1, NULL);
	check("{\"a\"b}", -1, NULL);
	return tap_done();
}
