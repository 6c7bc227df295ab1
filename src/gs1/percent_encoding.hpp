#pragma once
// Percent-encoding of GS1 values in the two URI forms txng handles:
//  - GS1 Digital Link path segments and query values (RFC 3986 percent-encoding), and
//  - components of EPC URNs (GS1 EPC Tag Data Standard, "GS3A3" components: serials, lots,
//    extensions, asset references), where only the CSET 82 characters " % & / < > ? are escaped.
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::gs1 {

// Which characters a Digital Link value leaves literal.
enum class DlEscaping {
    // Only the RFC 3986 unreserved characters A-Z a-z 0-9 - . _ ~ stay literal; every CSET 82 symbol
    // ! " % & ' ( ) * + , / : ; < = > ? is %-encoded. What the GS1 Digital Link grammar 1.2 and the
    // GS1 Barcode Syntax Engine produce; the default.
    kStrict,
    // As kStrict, except that ' ; = stay literal (they are legal in an RFC 3986 path segment). This
    // is the form of the canonical Digital Link URIs in the EPCIS 2.0 event hash reference vectors
    // (epcis-event-hash-generator), e.g. ".../235/51qIgY%29%3C%26Jp3%2Aj7'SDB".
    kEventHash,
};

// Percent-encodes `value` for a Digital Link path segment or query value with upper-case hex
// digits ("A/B" -> "A%2FB"). Bytes outside ASCII are encoded too.
std::string PercentEncodeDlValue(std::string_view value, DlEscaping escaping = DlEscaping::kStrict);

// Decodes %XX escapes (hex digits of either case). When `plus_as_space` (query strings in form
// encoding), '+' decodes to a space. Errors: `percent_encoding.malformed` ('%' not followed by two
// hex digits) and `percent_encoding.nul` (an escape of the NUL byte); Error::where = `where`.
Result<std::string> PercentDecode(std::string_view text, std::string_view where = {}, bool plus_as_space = false);

// Escapes a CSET 82 value for an EPC URN component: " % & / < > ? become %22 %25 %26 %2F %3C %3E %3F
// (and # becomes %23, for CPID references); every other character stays literal.
std::string EscapeEpcComponent(std::string_view value);

// Decodes an EPC URN GS3A3 component (TDS): literal characters must be digits, letters or one of
// ! ' ( ) * + , - . : ; = _ and every %XX escape must decode to a CSET 82 character. Errors:
// `epc_uri.escape` (malformed escape or one that decodes outside CSET 82), `epc_uri.charset` (a
// character that must be escaped or is not allowed at all).
Result<std::string> UnescapeEpcComponent(std::string_view component, std::string_view where = {});

}  // namespace txng::gs1
