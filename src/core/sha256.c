/* SPDX-License-Identifier: PostgreSQL */
/*
 * sha256: SHA-256 through libcrypto's SHA256_* functions, which pick the
 * CPU's SHA instructions when there are any (the audit log hashes every
 * statement; a portable C version cost ~16% of a script's client time),
 * plus the hex form.  Pure: no I/O, no allocation, no globals.  Not a MAC.
 */
#include <stdint.h>
#include <string.h>

#include "safepg/sha256.h"
#include "safepg/banned.h"

void sha256_init(struct sha256 *c)
{
	SHA256_Init(&c->c);
}

void sha256_update(struct sha256 *c, const void *data, size_t len)
{
	if (len)
		SHA256_Update(&c->c, data, len);
}

void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN])
{
	SHA256_Final(out, &c->c);
}

void sha256_digest(const void *data, size_t len, unsigned char out[SHA256_LEN])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}

void sha256_to_hex(const unsigned char digest[SHA256_LEN], char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_LEN; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0xf];
	}
	hex[SHA256_HEX_LEN] = '\0';
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char d[SHA256_LEN];

	sha256_digest(data, len, d);
	sha256_to_hex(d, hex);
}
