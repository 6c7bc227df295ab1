#pragma once
// GS1 identification keys: parsing, validation and normalisation.
//
// Every function validates the key as it is written in its Application Identifier (the element
// string value, not percent-encoded) and returns an Error naming the rule it breaks; the rules are
// those of ValidateAiValue (ai.hpp) with the key's name as prefix: `gtin.length`,
// `gtin.check_digit`, `gln.charset`, `grai.filler_digit`, `gmn.check_pair`...
// Error::where is the key's name ("gtin", "gln", ...) unless a `where` is given.
//
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::gs1 {

// A GTIN-8, -12, -13 or -14 (digits only, check digit verified), returned as a GTIN-14 by left
// zero padding (GTIN-13 "4012345123456" -> "04012345123456"). Rules: `gtin.charset`,
// `gtin.length` (not 8, 12, 13 or 14 digits), `gtin.check_digit`.
Result<std::string> NormalizeGtin(std::string_view gtin, std::string_view where = "gtin");

// A GTIN-14 as AI (01) carries it: exactly 14 digits with a valid check digit.
Result<void> ValidateGtin14(std::string_view gtin14, std::string_view where = "gtin");

// GLN, AI 414/417/410-416: 13 digits with check digit. PGLN (party, AI 417) and the GLN part of an
// SGLN (location, AI 414) use the same rules.
Result<void> ValidateGln(std::string_view gln, std::string_view where = "gln");
// GLN extension component, AI 254: 1-20 characters of CSET 82. An SGLN is a GLN plus this.
Result<void> ValidateGlnExtension(std::string_view extension, std::string_view where = "gln_extension");

// SSCC, AI 00: 18 digits with check digit.
Result<void> ValidateSscc(std::string_view sscc, std::string_view where = "sscc");

// GRAI as AI 8003 carries it: the filler digit 0, the 13-digit GRAI with check digit, then an
// optional serial of up to 16 CSET 82 characters ("0401234566666387" = GRAI 4012345666663,
// serial 87).
Result<void> ValidateGrai(std::string_view ai8003_value, std::string_view where = "grai");

// GIAI, AI 8004: 1-30 characters of CSET 82 (starting with the GS1 Company Prefix, which is not
// checked here).
Result<void> ValidateGiai(std::string_view giai, std::string_view where = "giai");

// GSRN of a service recipient (AI 8018) or provider (GSRN-P, AI 8017): 18 digits with check digit.
Result<void> ValidateGsrn(std::string_view gsrn, std::string_view where = "gsrn");
Result<void> ValidateGsrnp(std::string_view gsrnp, std::string_view where = "gsrnp");

// GDTI, AI 253: 13 digits with check digit, then an optional serial of up to 17 CSET 82 characters.
Result<void> ValidateGdti(std::string_view gdti, std::string_view where = "gdti");

// GCN, AI 255: 13 digits with check digit, then an optional serial of up to 12 digits (an SGCN
// when the serial is present).
Result<void> ValidateGcn(std::string_view gcn, std::string_view where = "gcn");

// GINC, AI 401: 1-30 characters of CSET 82.
Result<void> ValidateGinc(std::string_view ginc, std::string_view where = "ginc");

// GSIN, AI 402: 17 digits with check digit.
Result<void> ValidateGsin(std::string_view gsin, std::string_view where = "gsin");

// CPID, AI 8010: 1-30 characters of CSET 39 (digits, upper-case letters, '#', '-', '/').
Result<void> ValidateCpid(std::string_view cpid, std::string_view where = "cpid");

// ITIP, AI 8006: a GTIN-14 with check digit, then piece and total as two digits each (piece and
// total non-zero, piece <= total): "040123451234560102".
Result<void> ValidateItip(std::string_view itip, std::string_view where = "itip");

// GMN, AI 8013: up to 25 characters of CSET 82 ending with the two-character check pair (mod
// 1021, CSET 32), e.g. "1987654Ad4X4bL5ttr2310c2K".
Result<void> ValidateGmn(std::string_view gmn, std::string_view where = "gmn");

}  // namespace txng::gs1
