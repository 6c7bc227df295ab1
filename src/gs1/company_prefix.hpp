#pragma once
// Where the GS1 Company Prefix length of a key comes from. Converting a Digital Link URI to an EPC
// URN needs it (the URN separates the prefix from the reference); the registry implements this
// interface for licensed prefixes, tests use TableCompanyPrefixProvider.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace txng::gs1 {

class CompanyPrefixProvider {
public:
    virtual ~CompanyPrefixProvider() = default;
    // Length (6..12) of the GS1 Company Prefix that `key_digits` starts with, where `key_digits`
    // are the digits of a GS1 key without indicator / extension digit (for a GTIN-14 the 13 digits
    // after the indicator; for an SSCC the 16 after the extension digit; for a GLN the 12 before
    // the check digit). nullopt when unknown. Must be thread-safe.
    virtual std::optional<int> PrefixLength(std::string_view key_digits) const = 0;
};

// Longest-match lookup in a fixed table of prefix -> length. Thread-safe after construction.
class TableCompanyPrefixProvider final : public CompanyPrefixProvider {
public:
    TableCompanyPrefixProvider() = default;
    explicit TableCompanyPrefixProvider(std::map<std::string, int, std::less<>> prefixes)
        : prefixes_(std::move(prefixes)) {}
    // Registers `prefix` (its own length is the company prefix length).
    void Add(std::string prefix) {
        const int length = static_cast<int>(prefix.size());
        prefixes_[std::move(prefix)] = length;
    }
    std::optional<int> PrefixLength(std::string_view key_digits) const override;

private:
    std::map<std::string, int, std::less<>> prefixes_;
};

}  // namespace txng::gs1
