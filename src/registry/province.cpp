#include "registry/province.hpp"

#include <algorithm>
#include <array>

namespace txng::registry {
namespace {

constexpr std::array<Province, 34> kProvinces = {{
    {"01", "Hà Nội", "Ha Noi", true},
    {"04", "Cao Bằng", "Cao Bang", false},
    {"08", "Tuyên Quang", "Tuyen Quang", false},
    {"11", "Điện Biên", "Dien Bien", false},
    {"12", "Lai Châu", "Lai Chau", false},
    {"14", "Sơn La", "Son La", false},
    {"15", "Lào Cai", "Lao Cai", false},
    {"19", "Thái Nguyên", "Thai Nguyen", false},
    {"20", "Lạng Sơn", "Lang Son", false},
    {"22", "Quảng Ninh", "Quang Ninh", false},
    {"24", "Bắc Ninh", "Bac Ninh", false},
    {"25", "Phú Thọ", "Phu Tho", false},
    {"31", "Hải Phòng", "Hai Phong", true},
    {"33", "Hưng Yên", "Hung Yen", false},
    {"37", "Ninh Bình", "Ninh Binh", false},
    {"38", "Thanh Hóa", "Thanh Hoa", false},
    {"40", "Nghệ An", "Nghe An", false},
    {"42", "Hà Tĩnh", "Ha Tinh", false},
    {"44", "Quảng Trị", "Quang Tri", false},
    {"46", "Huế", "Hue", true},
    {"48", "Đà Nẵng", "Da Nang", true},
    {"51", "Quảng Ngãi", "Quang Ngai", false},
    {"52", "Gia Lai", "Gia Lai", false},
    {"56", "Khánh Hòa", "Khanh Hoa", false},
    {"66", "Đắk Lắk", "Dak Lak", false},
    {"68", "Lâm Đồng", "Lam Dong", false},
    {"75", "Đồng Nai", "Dong Nai", false},
    {"79", "Hồ Chí Minh", "Ho Chi Minh City", true},
    {"80", "Tây Ninh", "Tay Ninh", false},
    {"82", "Đồng Tháp", "Dong Thap", false},
    {"86", "Vĩnh Long", "Vinh Long", false},
    {"91", "An Giang", "An Giang", false},
    {"92", "Cần Thơ", "Can Tho", true},
    {"96", "Cà Mau", "Ca Mau", false},
}};

constexpr std::array<FormerProvince, 63> kFormer = {{
    {"01", "Hà Nội", "01"},
    {"02", "Hà Giang", "08"},
    {"04", "Cao Bằng", "04"},
    {"06", "Bắc Kạn", "19"},
    {"08", "Tuyên Quang", "08"},
    {"10", "Lào Cai", "15"},
    {"11", "Điện Biên", "11"},
    {"12", "Lai Châu", "12"},
    {"14", "Sơn La", "14"},
    {"15", "Yên Bái", "15"},
    {"17", "Hòa Bình", "25"},
    {"19", "Thái Nguyên", "19"},
    {"20", "Lạng Sơn", "20"},
    {"22", "Quảng Ninh", "22"},
    {"24", "Bắc Giang", "24"},
    {"25", "Phú Thọ", "25"},
    {"26", "Vĩnh Phúc", "25"},
    {"27", "Bắc Ninh", "24"},
    {"30", "Hải Dương", "31"},
    {"31", "Hải Phòng", "31"},
    {"33", "Hưng Yên", "33"},
    {"34", "Thái Bình", "33"},
    {"35", "Hà Nam", "37"},
    {"36", "Nam Định", "37"},
    {"37", "Ninh Bình", "37"},
    {"38", "Thanh Hóa", "38"},
    {"40", "Nghệ An", "40"},
    {"42", "Hà Tĩnh", "42"},
    {"44", "Quảng Bình", "44"},
    {"45", "Quảng Trị", "44"},
    {"46", "Thừa Thiên Huế", "46"},
    {"48", "Đà Nẵng", "48"},
    {"49", "Quảng Nam", "48"},
    {"51", "Quảng Ngãi", "51"},
    {"52", "Bình Định", "52"},
    {"54", "Phú Yên", "66"},
    {"56", "Khánh Hòa", "56"},
    {"58", "Ninh Thuận", "56"},
    {"60", "Bình Thuận", "68"},
    {"62", "Kon Tum", "51"},
    {"64", "Gia Lai", "52"},
    {"66", "Đắk Lắk", "66"},
    {"67", "Đắk Nông", "68"},
    {"68", "Lâm Đồng", "68"},
    {"70", "Bình Phước", "75"},
    {"72", "Tây Ninh", "80"},
    {"74", "Bình Dương", "79"},
    {"75", "Đồng Nai", "75"},
    {"77", "Bà Rịa - Vũng Tàu", "79"},
    {"79", "Hồ Chí Minh", "79"},
    {"80", "Long An", "80"},
    {"82", "Tiền Giang", "82"},
    {"83", "Bến Tre", "86"},
    {"84", "Trà Vinh", "86"},
    {"86", "Vĩnh Long", "86"},
    {"87", "Đồng Tháp", "82"},
    {"89", "An Giang", "91"},
    {"91", "Kiên Giang", "91"},
    {"92", "Cần Thơ", "92"},
    {"93", "Hậu Giang", "92"},
    {"94", "Sóc Trăng", "92"},
    {"95", "Bạc Liêu", "96"},
    {"96", "Cà Mau", "96"},
}};

template <typename T>
const T* FindByCode(std::span<const T> table, std::string_view code) {
    auto it =
        std::lower_bound(table.begin(), table.end(), code, [](const T& p, std::string_view c) { return p.code < c; });
    return it != table.end() && it->code == code ? &*it : nullptr;
}

}  // namespace

std::span<const Province> Provinces() { return kProvinces; }
std::span<const FormerProvince> FormerProvinces() { return kFormer; }

const Province* FindProvince(std::string_view code) { return FindByCode(Provinces(), code); }

Result<ProvinceInput> ResolveProvince(std::string_view code, std::string_view where) {
    if (const Province* p = FindProvince(code)) return ProvinceInput{p, {}};
    if (const FormerProvince* f = FindByCode(FormerProvinces(), code)) {
        return ProvinceInput{FindProvince(f->successor), std::string(code)};
    }
    return InvalidArgument(std::string(where), "province.unknown",
                           "Not a province code: give one of the 34 two-digit codes in force since 1 July 2025 "
                           "(or a code from before the merger, which is translated).",
                           code);
}

std::string ProvinceLineVi(const Province& province) {
    return std::string(province.city ? "Thành phố " : "Tỉnh ") + std::string(province.name_vi);
}

}  // namespace txng::registry
