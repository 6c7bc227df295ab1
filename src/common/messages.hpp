#pragma once
// User-facing summaries of error rules, Vietnamese first with English available. Error::detail
// stays one precise English sentence for logs and developers; what people read leads with the
// summary in their language.

#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng {

enum class Language { kVietnamese, kEnglish };

// Short summary of what kind of rule `rule` is ("Sai định dạng ngày giờ" / "Bad date-time
// format"), found by the rule's most specific known dotted prefix; a generic summary when none
// matches. Never empty.
std::string_view RuleSummary(std::string_view rule, Language language);

// "<where>: <Vietnamese summary> / <English detail> [rule <rule>] (value '<value>')": the form
// the CLI prints.
std::string DisplayError(const Error& error);

}  // namespace txng
