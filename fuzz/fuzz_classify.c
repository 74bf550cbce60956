/* SPDX-License-Identifier: PostgreSQL */
/*
 * fuzz_classify: libFuzzer target for the classifier.  The first byte picks
 * the entry point (SQL through a session ctx, a meta-command, a shell
 * command line); the rest is the input.  Every verdict must have a class
 * and a kind, and where the fast path takes the SQL its verdict must be the
 * parser's, field by field; anything else (a crash, a leak, undefined behaviour) is
 * reported by the sanitizers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "safepg/classify.h"
#include "safepg/shellcmd.h"
#include "safepg/xalloc.h"

/*
 * libpg_query 15-4.0.0 leaks the 1-byte stderr buffer of a failed
 * pg_query_parse_plpgsql (a DO block it cannot compile); the result does not
 * hand it back, so it cannot be freed.  Tell LeakSanitizer.
 */
const char *__lsan_default_suppressions(void);
__attribute__((visibility("default")))
const char *__lsan_default_suppressions(void)
{
	return "leak:pg_query_raw_parse\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fast path agrees with the parser on text, or declines it. */
static void check_fast(const char *text, size_t len)
{
	struct verdict fast, full;

	verdict_init(&fast);
	verdict_init(&full);
	if (classify_fast(text, len, &fast)) {
		classify_sql_parsed(NULL, text, len, &full);
		if (!verdict_equal(&fast, &full))
			abort();
	}
	verdict_release(&fast);
	verdict_release(&full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct classify_ctx *ctx;
	struct verdict v;
	char *text;
	const char *args[2];

	if (size < 1 || size > 64 * 1024)
		return 0;
	ctx = classify_ctx_new();
	verdict_init(&v);
	text = xmemdupz(data + 1, size - 1);
	switch (data[0] % 4) {
	case 0:
	case 1:
		check_fast(text, size - 1);
		classify_sql(ctx, text, size - 1, &v);
		/* a second unit sees the first's PREPAREs */
		classify_sql(ctx, "EXECUTE p", 9, &v);
		classify_sql(ctx, text, size - 1, &v);
		break;
	case 2:
		args[0] = text;
		classify_meta(ctx, data[0] & 0x10 ? "copy" : "!", args, 1, &v);
		break;
	default:
		shellcmd_classify(ctx, text, &v);
		break;
	}
	if (v.cls == CLASS_NONE || !v.kind)
		abort();
	verdict_release(&v);
	free(text);
	classify_ctx_free(ctx);
	return 0;
}
