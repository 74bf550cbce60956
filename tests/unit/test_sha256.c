/* SPDX-License-Identifier: PostgreSQL */
/*
 * Unit tests for sha256: the FIPS 180-2 appendix B vectors (empty, "abc",
 * the 448-bit message, one million 'a'), fed whole and in pieces of every
 * size so the block boundary handling is exercised.
 */
#include <stdlib.h>
#include <string.h>

#include "safepg/sha256.h"
#include "safepg/xalloc.h"
#include "tap.h"

static const char *hex_of(const void *data, size_t len)
{
	static char hex[SHA256_HEX_LEN + 1];

	sha256_hex(data, len, hex);
	return hex;
}

/* Hash data in chunks of step bytes through init/update/final. */
static const char *hex_chunked(const char *data, size_t len, size_t step)
{
	static char hex[SHA256_HEX_LEN + 1];
	unsigned char d[SHA256_LEN];
	struct sha256 c;

	sha256_init(&c);
	for (size_t i = 0; i < len; i += step)
		sha256_update(&c, data + i, len - i < step ? len - i : step);
	sha256_final(&c, d);
	sha256_to_hex(d, hex);
	return hex;
}

int main(void)
{
	static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char want448[] =
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
	static const char wantmillion[] =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char *million = xmalloc(1000000);
	int all_chunks_ok = 1;
	struct sha256 c;
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];

	is_str(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "empty message");
	is_str(hex_of("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "\"abc\"");
	is_str(hex_of(msg448, strlen(msg448)), want448, "448-bit message");
	memset(million, 'a', 1000000);
	is_str(hex_of(million, 1000000), wantmillion, "one million 'a'");
	is_str(hex_chunked(million, 1000000, 1000), wantmillion,
	       "one million 'a' in updates of 1000 bytes");
	is_str(hex_chunked(million, 1000000, 1), wantmillion,
	       "one million 'a' one byte at a time");
	for (size_t step = 1; step <= 130; step++)
		if (strcmp(hex_chunked(msg448, strlen(msg448), step), want448))
			all_chunks_ok = 0;
	ok(all_chunks_ok, "448-bit message in updates of 1..130 bytes");

	/* Lengths around the padding boundary (55, 56, 63, 64 bytes): whole = chunked. */
	for (size_t n = 50; n <= 70; n++) {
		char a[SHA256_HEX_LEN + 1];

		memcpy(a, hex_of(million, n), sizeof(a));
		if (strcmp(a, hex_chunked(million, n, 7)))
			all_chunks_ok = 0;
	}
	ok(all_chunks_ok, "lengths 50..70: one call and 7-byte updates agree");
	is_str(hex_of(million, 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
	       "64 'a' (one full block plus padding block)");

	sha256_init(&c);
	sha256_update(&c, NULL, 0);
	sha256_final(&c, d);
	sha256_to_hex(d, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "update with NULL and length 0");
	free(million);
	return tap_done();
}
