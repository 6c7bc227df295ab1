#pragma once
// Leaf-value canonicalisation of the CBV 2.0 event hash (the reference implementation's
// `_canonize_value` and its GS1 Digital Link normaliser), exposed for event_hash.cpp and its tests.
// Not a general-purpose identifier API: the rules reproduce the reference byte for byte, quirks
// included (which characters get percent-encoded, which URIs count as Digital Links, Python's
// float formatting), because the hash must equal the one other CBV 2.0 implementations compute.
//
// Pure functions; thread-safe (they keep per-thread scratch buffers).

#include <string>
#include <string_view>

#include "epcis/cbv.hpp"
#include "epcis/date_time.hpp"

namespace txng::epcis::event_hash_detail {

// ASCII whitespace trimmed from both ends (the reference's str.strip()).
std::string_view Strip(std::string_view s);

// Appends the canonical form of one leaf value, already stripped:
// 1. `gs1:` / `cbv:` CURIEs expanded (https://gs1.org/voc/, https://ref.gs1.org/cbv/);
// 2. CBV URNs (`urn:epcglobal:cbv:bizstep|disp|btt|sdt|er:`) replaced by their Web URI prefixes;
// 3. a value that Python's float() accepts written as Python prints it (integral values as
//    integers: "26.0" -> "26", "1e3" -> "1000", "0.050" -> "0.05");
// 4. an EPC URI or a GS1 Digital Link URI written as a canonical, constrained
//    `https://id.gs1.org/...` Digital Link (AppendNormalisedGs1Id);
// otherwise the value unchanged.
void AppendCanonicalValue(std::string& out, std::string_view value);

// As AppendCanonicalValue, for a value of vocabulary `vocab`: a bare standard word (`shipping`,
// `Temperature`, `ALARM_CONDITION`, `x`) becomes the Web URI the EPCIS JSON-LD context maps it
// to; any other form goes through AppendCanonicalValue.
void AppendVocabularyValue(std::string& out, cbv::Vocab vocab, std::string_view value);

// If `uri` is an EPC URI (urn:epc:id / class:lgtin / idpat) or a GS1 Digital Link URI (any host,
// numeric or short-name keys) that normalises, appends the canonical Digital Link (finest key
// level, no query string, CPV and lot dropped when a serial is present) and returns true.
// Returns false and appends nothing otherwise.
bool AppendNormalisedGs1Id(std::string& out, std::string_view uri);

// If `text` is a number in Python float() syntax, appends its Python str() form after the
// reference's int conversion and returns true; returns false (appending nothing) otherwise and
// for inf/nan/overflow.
bool AppendNumericValue(std::string& out, std::string_view text);

// Appends `v` as Python prints float(v), with integral values printed as integers ("26", "0.1",
// "1e-05", "12345678901234567168").
void AppendPythonNumber(std::string& out, double v);

// Appends `t` in UTC with millisecond precision, `YYYY-MM-DDThh:mm:ss.sssZ`. The sub-millisecond
// part is truncated to microseconds and then rounded half-to-even, which is what the reference's
// dateutil parse + round(microsecond, -3) does.
void AppendUtcMillis(std::string& out, const DateTime& t);

}  // namespace txng::epcis::event_hash_detail
