#pragma once
// Vietnam's provincial units: the 34 in force since 1 July 2025 (two-digit codes, Vietnamese and
// English names) and the 63 before, each mapped to its successor, so that addresses and records
// written before the merger are still accepted. The table matches ../shared/data/provinces.csv and
// provinces-before-2025-07.csv (checked by province_test.cpp). Immutable: thread-safe.

#include <span>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace txng::registry {

struct Province {
    std::string_view code;  // "01" .. "96"
    std::string_view name_vi;
    std::string_view name_en;
    bool city = false;  // thành phố trực thuộc trung ương (else tỉnh)
};

// The 34, in code order.
std::span<const Province> Provinces();
// nullptr when `code` is not one of the 34.
const Province* FindProvince(std::string_view code);

struct FormerProvince {
    std::string_view code;  // the pre-2025 code
    std::string_view name_vi;
    std::string_view successor;  // code of the unit it belongs to since 1 July 2025
};
// The 63 units before 1 July 2025, in code order.
std::span<const FormerProvince> FormerProvinces();

// The province of a code as given on input: one of the 34, or a pre-2025 code, which is
// translated to its successor (every code kept by a unit in 2025 named the same area before, so
// the two tables never disagree). kInvalidArgument (rule `province.unknown`) naming `where`.
struct ProvinceInput {
    const Province* province = nullptr;
    std::string former_code;  // the pre-2025 code when one was given and differs, else empty
};
Result<ProvinceInput> ResolveProvince(std::string_view code, std::string_view where);

// "Tỉnh Bắc Ninh" / "Thành phố Hà Nội": how an address names the unit.
std::string ProvinceLineVi(const Province& province);

}  // namespace txng::registry
