#pragma once
// Random tokens, hashes and MACs (libsodium), kept out of other headers.
#include <string>
#include <string_view>

namespace samskap::crypto {

void init();                                   // sodium_init once; safe to call repeatedly
std::string random_token(std::size_t bytes = 32);  // URL-safe base64 without padding
std::string sha256_hex(std::string_view data);
std::string hmac_token(std::string_view key, std::string_view message);  // URL-safe base64
bool equal_constant_time(std::string_view a, std::string_view b);

// argon2id (crypto_pwhash_str); ops/mem_kib from the configuration.
std::string hash_password(std::string_view password, long long ops, long long mem_kib);
bool verify_password(std::string_view hash, std::string_view password);

}  // namespace samskap::crypto
