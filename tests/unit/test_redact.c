/* SPDX-License-Identifier: PostgreSQL */
/* Unit tests for redact.c: passwords never reach the history or the audit log. */
#include <string.h>

#include "safepg/redact.h"
#include "safepg/strbuf.h"
#include "tap.h"

static void check(const char *in, const char *want, int want_did, const char *name)
{
	struct strbuf out = STRBUF_INIT;
	int did = redact_text(in, strlen(in), &out);

	is_str(out.buf, want, "%s", name);
	is_int(did, want_did, "%s: reports whether it redacted", name);
	strbuf_release(&out);
}

int main(void)
{
	ok(redact_contains_secret("ALTER ROLE bob PASSWORD 'x'"), "PASSWORD is a secret");
	ok(redact_contains_secret("\\password bob"), "\\password is a secret");
	ok(redact_contains_secret("\\c host=db passwd=x"), "passwd= is a secret");
	ok(!redact_contains_secret("select 1"), "plain statement carries none");

	check("ALTER ROLE bob WITH PASSWORD 'hunter2';", "ALTER ROLE bob WITH PASSWORD '***';", 1,
	      "role password literal");
	check("create user a encrypted password 'it''s';", "create user a encrypted password '***';", 1,
	      "doubled quote inside the literal");
	check("CREATE ROLE r PASSWORD E'a\\'b' LOGIN", "CREATE ROLE r PASSWORD E'***' LOGIN", 1,
	      "E string with an escaped quote");
	check("ALTER ROLE r PASSWORD $p$sec;ret$p$", "ALTER ROLE r PASSWORD $p$***$p$", 1,
	      "dollar-quoted password");
	check("\\c host=db password=s3cret user=x", "\\c host=db password=*** user=x", 1,
	      "conninfo password=value");
	check("select dblink_connect('dbname=x password=''abc''')",
	      "select dblink_connect('dbname=x password=''***''')", 1,
	      "conninfo value quoted inside a literal (doubled quotes) is hidden");
	check("\\c 'host=db password=''x y'''", "\\c 'host=db password=''***'''", 1,
	      "quoted value with a space");
	check("\\c postgresql://bob:pa55@db.example.com/shop",
	      "\\c postgresql://bob:***@db.example.com/shop", 1, "URI password");
	check("\\c postgresql://bob@db/shop", "\\c postgresql://bob@db/shop", 0,
	      "URI without password unchanged");
	check("select password_hash from users", "select password_hash from users", 0,
	      "a column named password_hash is not a keyword");
	check("ALTER ROLE bob PASSWORD NULL", "ALTER ROLE bob PASSWORD NULL", 0,
	      "PASSWORD NULL has nothing to hide");
	return tap_done();
}
