#pragma once
// Compressed GS1 Digital Link URIs (GS1 Digital Link: URI Syntax 1.2+, compression; the algorithm of
// GS1's Digital Link toolkit). The AIs of a Digital Link and their values are packed into a bit
// string, written as one path segment in the URI-safe base64 alphabet A-Z a-z 0-9 - _ (6 bits a
// character, zero bits padding the end):
//   https://id.gs1.org/01/09506000134352/10/ABC/21/12345  <->  https://id.gs1.org/CxFKk4XBoIdXhCCjA5
//
// The bit string is a sequence of entries:
//   - an AI, as its digits in 4-bit nibbles ("01" -> 0000 0001; the first two digits give the length
//     of the AI), then its value; or
//   - an optimisation code, two nibbles of which at least one is A-E ("0B" stands for AI 01 then AI
//     10), then the value of each AI of its sequence; or
//   - nibble F, a non-GS1 query parameter: key length (7 bits), key (6-bit base64 characters), value
//     (as an alphanumeric value with a 7-bit length).
// A value follows the format of its AI in the GS1 General Specifications (N14, X..20, N13+X..17,
// N1+X3...), component by component:
//   - fixed-length numeric (Nn): the number in binary, ceil(n * log2(10)) bits;
//   - variable-length numeric (N..m): the digit count in bit_width(m) bits, then the number;
//   - alphanumeric (Xn or X..m): a 3-bit encoding, the character count (X..m only, bit_width(m)
//     bits), then the characters: 000 digits (one binary number), 001 lower-case hex and 010
//     upper-case hex (4 bits each), 011 URI-safe base64 (6 bits), 100 7-bit ASCII.
// The compressor picks the smallest encoding the characters allow, uses the optimisation code that
// covers the most AI digits while any applies, then writes the other AIs in AI order, as the
// toolkit does: its tokens are those of the toolkit's current version (the copy in GS1's resolver).
// The first GS1DigitalLinkToolkit.js loses precision on numbers of more than 15 digits, repeats the
// bits of a value's numeric part before its alphanumeric part (253, 8003) and writes the AIs of
// codes 1A and 9D in sorted order, so some of its tokens differ. Where txng differs from the
// toolkit:
//   - the formats are those of txng's AI table, the General Specifications', where the toolkit's
//     table is older or wrong: 235 X..28 (toolkit: N3+X..28), 7040 N1+X3 (the toolkit drops the
//     X3), 8007 X..34 (X..24), 8030 X..90 (absent);
//   - a numeric value decodes with its leading zeros (the toolkit reads the bits of lot "0012"
//     back as "12");
//   - decoding is strict: padding must be 0 to 5 zero bits, a number must fit its digits.
//
// Pure functions; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "gs1/digital_link.hpp"

namespace txng::gs1 {

// Longest token DecompressDigitalLink reads (`dl.compressed_too_long` beyond).
inline constexpr std::size_t kMaxCompressedTokenLength = 2000;

// True when `path_segment` (the last segment of a URI path, without '/') looks like a compressed
// Digital Link: at least 4 characters, all of A-Z a-z 0-9 - _, not a known AI nor a convenience
// alpha, and starting with the bits of an AI or of an optimisation code. Cheap; does not decode.
bool LooksCompressed(std::string_view path_segment);

// Decompresses `token` (the last path segment of a compressed Digital Link, without '/') into a
// Digital Link on `base` (scheme://host[/custom/path], stored without a trailing slash), with
// `compressed` set, and validates it with ValidateDigitalLink. The primary key is the key AI of the
// token (when it holds several, the one that takes the most of the other AIs as qualifiers, the
// first on a tie); its qualifiers go in the path in the order of its qualifier sequence (one that
// may also be a data attribute, such as lot 10, only when the other qualifiers allow it: 01 with
// 235 keeps 10 in the query); the other AIs become attributes, in AI order; non-GS1 parameters
// become other_query (percent-encoded). A token does not say which AIs were written in the query,
// so a link whose qualifier was a query attribute comes back with it in the path.
// Errors (Error::where is "path" unless a ValidateDigitalLink rule says otherwise):
//   `dl.compressed_too_long`  more than kMaxCompressedTokenLength characters
//   `dl.compressed_syntax`    a character outside the alphabet, bits that end inside an entry, a
//                             code that is neither an AI nor an optimisation code, an unknown
//                             value encoding, a number too large for its digits, padding that is
//                             not 0 to 5 zero bits, a non-GS1 key that is empty or numeric
//   `dl.unknown_ai`           a GS1 AI that txng does not support (its value cannot be read)
//   `dl.duplicate_ai`         an AI twice in the token
//   `dl.no_primary_key`       no primary key AI in the token
//   the rules of ValidateDigitalLink.
Result<DigitalLink> DecompressDigitalLink(std::string_view base, std::string_view token);

// The partially compressed form, /01/09506000134352/<token>: `path` holds the elements written
// uncompressed before the token, primary key first. Same rules as above.
Result<DigitalLink> DecompressDigitalLink(std::string_view base, std::vector<AiElement> path, std::string_view token);

// The compressed token of `dl`: its path and attributes, with the optimisation codes the GS1
// toolkit uses. other_query is not compressed (it stays a query string; see
// FormatCompressedDigitalLink) and dl.base is not used. Does not validate: call ValidateDigitalLink
// first for untrusted content (the value of an AI that appears twice, or that txng does not know,
// is left out; over-long values are cut at the length their format can state).
std::string CompressDigitalLink(const DigitalLink& dl);

// `base` (one trailing slash dropped), '/', the compressed token of `dl`, then other_query as
// FormatDigitalLink writes it.
std::string FormatCompressedDigitalLink(const DigitalLink& dl, std::string_view base = kCanonicalDigitalLinkBase);

}  // namespace txng::gs1
