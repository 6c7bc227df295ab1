#include "gs1/company_prefix.hpp"

namespace txng::gs1 {

std::optional<int> TableCompanyPrefixProvider::PrefixLength(std::string_view key_digits) const {
    // Longest registered prefix first: GS1 prefixes are prefix-free within one issuer, but a
    // table may hold a national block and a licence inside it.
    for (std::size_t len = std::min<std::size_t>(key_digits.size(), 12); len >= 1; --len) {
        auto it = prefixes_.find(key_digits.substr(0, len));
        if (it != prefixes_.end()) return it->second;
    }
    return std::nullopt;
}

}  // namespace txng::gs1
