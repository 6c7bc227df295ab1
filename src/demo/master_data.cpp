#include "demo/master_data.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "demo/identifiers.hpp"

namespace txng::demo {
namespace {

// "Tỉnh Bắc Ninh" / "Thành phố Hà Nội": how an address names its province.
std::string ProvinceLine(std::string_view code) {
    const Province* p = FindProvince(code);
    return p == nullptr ? std::string(code) : registry::ProvinceLineVi(*p);
}

std::string FormatCoordinate(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", value);
    return buf;
}

// Builds the data set with running GLN / GTIN references per enterprise.
class Builder {
  public:
    std::size_t AddEnterprise(Enterprise e) {
        e.gln = MakeGln(e.company_prefix, 0);
        data_.enterprises.push_back(std::move(e));
        next_location_ref_.push_back(1);
        next_item_ref_.push_back(1);
        return data_.enterprises.size() - 1;
    }

    std::size_t AddLocation(std::size_t enterprise, std::string key, LocationKind kind, std::string name_vi,
                            std::string name_en, std::string street, std::string commune, std::string province,
                            double lat, double lon, std::optional<std::size_t> parent = std::nullopt,
                            std::string area_code = {}, std::vector<std::string> read_points = {}) {
        Location l;
        l.key = std::move(key);
        l.enterprise = enterprise;
        l.kind = kind;
        l.name_vi = std::move(name_vi);
        l.name_en = std::move(name_en);
        l.gln = MakeGln(data_.enterprises[enterprise].company_prefix, next_location_ref_[enterprise]++);
        l.street_vi = std::move(street);
        l.commune_vi = std::move(commune);
        l.province_code = std::move(province);
        l.latitude = lat;
        l.longitude = lon;
        l.parent = parent;
        l.area_code = std::move(area_code);
        l.read_points = std::move(read_points);
        data_.locations.push_back(std::move(l));
        return data_.locations.size() - 1;
    }

    std::size_t AddProduct(std::size_t enterprise, Product p) {
        const Enterprise& e = data_.enterprises[enterprise];
        p.enterprise = enterprise;
        p.gtin = MakeGtin14('0', e.company_prefix, next_item_ref_[enterprise]++);
        if (p.image_url.empty()) p.image_url = e.website + "/images/" + p.gtin.substr(1) + ".jpg";
        data_.products.push_back(std::move(p));
        return data_.products.size() - 1;
    }

    MasterData Take() { return std::move(data_); }

  private:
    MasterData data_;
    std::vector<std::uint64_t> next_location_ref_;
    std::vector<std::uint64_t> next_item_ref_;
};

Product MakeProduct(std::string key, std::string name_vi, std::string name_en, bool serialised, double net_kg,
                    int shelf_life_days, std::string standards, std::string sector, std::string lot_prefix,
                    std::string origin, std::string brand, std::optional<std::size_t> made_from = std::nullopt) {
    Product p;
    p.key = std::move(key);
    p.name_vi = std::move(name_vi);
    p.name_en = std::move(name_en);
    p.serialised = serialised;
    p.net_kg = net_kg;
    p.shelf_life_days = shelf_life_days;
    p.standards = std::move(standards);
    p.sector = std::move(sector);
    p.lot_code_prefix = std::move(lot_prefix);
    p.origin_province_code = std::move(origin);
    p.brand = std::move(brand);
    p.made_from = made_from;
    return p;
}

// The convenience chain's stores: a few in every province, more in the cities, near the
// provincial centre (coordinates spread over a few kilometres around it).
struct ProvinceCentre {
    const char* code;
    const char* town;  // the provincial centre, as store names and wards call it
    double lat, lon;
    int stores;
};
constexpr std::array<ProvinceCentre, 34> kChainProvinces = {{
    {"01", "Hà Nội", 21.0285, 105.8542, 30},       {"04", "Cao Bằng", 22.6657, 106.2579, 6},
    {"08", "Tuyên Quang", 21.8233, 105.2140, 6},   {"11", "Điện Biên Phủ", 21.3860, 103.0230, 6},
    {"12", "Lai Châu", 22.3964, 103.4582, 6},      {"14", "Sơn La", 21.3270, 103.9141, 6},
    {"15", "Yên Bái", 21.7229, 104.9113, 6},       {"19", "Thái Nguyên", 21.5942, 105.8482, 6},
    {"20", "Lạng Sơn", 21.8537, 106.7615, 6},      {"22", "Hạ Long", 20.9510, 107.0800, 6},
    {"24", "Bắc Giang", 21.2731, 106.1946, 6},     {"25", "Việt Trì", 21.3227, 105.4020, 6},
    {"31", "Hải Phòng", 20.8449, 106.6881, 12},    {"33", "Thái Bình", 20.4463, 106.3366, 6},
    {"37", "Ninh Bình", 20.2539, 105.9750, 6},     {"38", "Thanh Hóa", 19.8067, 105.7852, 6},
    {"40", "Vinh", 18.6796, 105.6813, 6},          {"42", "Hà Tĩnh", 18.3428, 105.9057, 6},
    {"44", "Đồng Hới", 17.4689, 106.6223, 6},      {"46", "Huế", 16.4637, 107.5909, 6},
    {"48", "Đà Nẵng", 16.0544, 108.2022, 10},      {"51", "Quảng Ngãi", 15.1205, 108.7923, 6},
    {"52", "Quy Nhơn", 13.7765, 109.2237, 6},      {"56", "Nha Trang", 12.2388, 109.1967, 6},
    {"66", "Buôn Ma Thuột", 12.6667, 108.0383, 6}, {"68", "Đà Lạt", 11.9404, 108.4583, 6},
    {"75", "Biên Hòa", 10.9574, 106.8427, 6},      {"79", "Hồ Chí Minh", 10.7769, 106.7009, 40},
    {"80", "Tân An", 10.5359, 106.4137, 6},        {"82", "Mỹ Tho", 10.3600, 106.3650, 6},
    {"86", "Vĩnh Long", 10.2537, 105.9722, 6},     {"91", "Rạch Giá", 10.0125, 105.0809, 6},
    {"92", "Cần Thơ", 10.0452, 105.7469, 8},       {"96", "Cà Mau", 9.1769, 105.1524, 6},
}};

constexpr std::array<const char*, 8> kStreets = {"Trần Hưng Đạo", "Lê Lợi",      "Nguyễn Huệ",     "Hai Bà Trưng",
                                                 "Quang Trung",   "Nguyễn Trãi", "Lý Thường Kiệt", "Điện Biên Phủ"};

// ASCII spelling of a Vietnamese name, for English names and keys.
std::string Ascii(std::string_view text) {
    static constexpr std::array<std::pair<const char*, char>, 14> kGroups = {{
        {"àáảãạăằắẳẵặâầấẩẫậ", 'a'},
        {"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'},
        {"èéẻẽẹêềếểễệ", 'e'},
        {"ÈÉẺẼẸÊỀẾỂỄỆ", 'E'},
        {"ìíỉĩị", 'i'},
        {"ÌÍỈĨỊ", 'I'},
        {"òóỏõọôồốổỗộơờớởỡợ", 'o'},
        {"ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'},
        {"ùúủũụưừứửữự", 'u'},
        {"ÙÚỦŨỤƯỪỨỬỮỰ", 'U'},
        {"ỳýỷỹỵ", 'y'},
        {"ỲÝỶỸỴ", 'Y'},
        {"đ", 'd'},
        {"Đ", 'D'},
    }};
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t len = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : 2);
        const std::string_view ch = text.substr(i, len);
        char plain = '?';
        for (const auto& [letters, ascii] : kGroups) {
            if (std::string_view(letters).find(ch) != std::string_view::npos) plain = ascii;
        }
        out += plain;
        i += len;
    }
    return out;
}

void AddChainStores(Builder& b, std::size_t chain, std::size_t office) {
    const std::vector<std::string> tills = {"RCV", "POS1", "POS2"};
    for (const auto& p : kChainProvinces) {
        const std::string town_en = Ascii(p.town);
        const std::string_view code = p.code;
        const std::string ward = code == "01"   ? "Phường Hoàn Kiếm"
                                 : code == "79" ? "Phường Sài Gòn"
                                                : "Phường " + std::string(p.town);
        for (int n = 1; n <= p.stores; ++n) {
            // A deterministic spiral around the centre, about 0.8 km per ring step.
            const double angle = 2.39996 * n;
            const double radius = 0.007 * std::sqrt(static_cast<double>(n));
            const std::string number = std::to_string(n);
            const char* street = kStreets[static_cast<std::size_t>(n) % kStreets.size()];
            b.AddLocation(chain, "chain_store_" + std::string(p.code) + "_" + number, LocationKind::kRetailStore,
                          "Cửa hàng Phố Xanh " + std::string(p.town) + " số " + number,
                          "Pho Xanh " + town_en + " store no. " + number,
                          "Số " + std::to_string(10 + 17 * n) + " đường " + street, ward, p.code,
                          p.lat + radius * std::cos(angle), p.lon + radius * std::sin(angle), office, {}, tills);
        }
    }
}

MasterData Build() {
    Builder b;
    using K = LocationKind;

    // Lục Ngạn lychee: a cooperative of household growers (Lục Ngạn was in Bắc Giang, now Bắc Ninh).
    const auto coop = b.AddEnterprise({.key = "lychee_coop",
                                       .role = EnterpriseRole::kCooperative,
                                       .name_vi = "Hợp tác xã Nông nghiệp Vải thiều Lục Ngạn",
                                       .name_en = "Luc Ngan Lychee Agricultural Cooperative",
                                       .company_prefix = "8935210473",
                                       .tax_code = "2400859311",
                                       .province_code = "24",
                                       .street_vi = "Thôn Kim Sơn",
                                       .commune_vi = "Xã Lục Ngạn",
                                       .id_style = IdStyle::kEpcUrn,
                                       .website = "https://htxvaithieulucngan.vn"});
    const auto coop_office =
        b.AddLocation(coop, "lychee_coop_office", K::kCooperative, "Trụ sở HTX Nông nghiệp Vải thiều Lục Ngạn",
                      "Luc Ngan Lychee Cooperative office", "Thôn Kim Sơn", "Xã Lục Ngạn", "24", 21.3772, 106.6198);
    b.AddLocation(coop, "lychee_packing_house", K::kPackingHouse, "Nhà sơ chế, đóng gói vải thiều HTX Lục Ngạn",
                  "Luc Ngan Cooperative lychee packing house", "Thôn Kim Sơn", "Xã Lục Ngạn", "24", 21.3751, 106.6224,
                  coop_office);
    b.AddLocation(coop, "lychee_farm_1", K::kGrowingArea, "Vùng trồng vải thiều thôn Hồng Giang",
                  "Hong Giang lychee growing area", "Thôn Hồng Giang", "Xã Lục Ngạn", "24", 21.3612, 106.5983,
                  coop_office, "VN-24-VT-0101");
    b.AddLocation(coop, "lychee_farm_2", K::kGrowingArea, "Vùng trồng vải thiều thôn Quý Sơn",
                  "Quy Son lychee growing area", "Thôn Quý Sơn", "Xã Lục Ngạn", "24", 21.3920, 106.5541, coop_office,
                  "VN-24-VT-0102");
    b.AddLocation(coop, "lychee_farm_3", K::kGrowingArea, "Vùng trồng vải thiều thôn Phượng Sơn",
                  "Phuong Son lychee growing area", "Thôn Phượng Sơn", "Xã Phượng Sơn", "24", 21.3208, 106.5637,
                  coop_office, "VN-24-VT-0103");
    b.AddLocation(coop, "lychee_farm_4", K::kGrowingArea, "Vùng trồng vải thiều thôn Tân Mộc",
                  "Tan Moc lychee growing area", "Thôn Tân Mộc", "Xã Nam Dương", "24", 21.3489, 106.6680, coop_office,
                  "VN-24-VT-0104");

    // Buôn Ma Thuột coffee: a roaster with contract farms in Đắk Lắk and one in former Đắk Nông.
    const auto roaster = b.AddEnterprise({.key = "coffee_roaster",
                                          .role = EnterpriseRole::kProducer,
                                          .name_vi = "Công ty Cổ phần Cà phê Ban Mê Xanh",
                                          .name_en = "Ban Me Xanh Coffee Joint Stock Company",
                                          .company_prefix = "89360582",
                                          .tax_code = "6001723549",
                                          .province_code = "66",
                                          .street_vi = "Số 168 đường Nguyễn Tất Thành",
                                          .commune_vi = "Phường Buôn Ma Thuột",
                                          .id_style = IdStyle::kBrandDigitalLink,
                                          .brand_base = "https://qr.banmexanh.vn",
                                          .website = "https://banmexanh.vn"});
    const auto factory = b.AddLocation(roaster, "coffee_factory", K::kFactory, "Nhà máy rang xay cà phê Ban Mê Xanh",
                                       "Ban Me Xanh coffee roasting plant", "Số 168 đường Nguyễn Tất Thành",
                                       "Phường Buôn Ma Thuột", "66", 12.6797, 108.0505);
    b.AddLocation(roaster, "coffee_farm_1", K::kFarm, "Vườn cà phê hộ Y Blang Êban", "Y Blang Eban coffee farm",
                  "Buôn Ako Dhông", "Phường Tân An", "66", 12.7154, 108.0621, factory, "VN-66-CF-2101");
    b.AddLocation(roaster, "coffee_farm_2", K::kFarm, "Vườn cà phê hộ Nguyễn Văn Hùng", "Nguyen Van Hung coffee farm",
                  "Thôn 3", "Xã Cư M'gar", "66", 12.8457, 108.0772, factory, "VN-66-CF-2102");
    b.AddLocation(roaster, "coffee_farm_3", K::kFarm, "Vườn cà phê hộ H'Nga Niê", "H'Nga Nie coffee farm", "Buôn Kdun",
                  "Xã Krông Pắc", "66", 12.7053, 108.3071, factory, "VN-66-CF-2103");
    b.AddLocation(roaster, "coffee_farm_4", K::kFarm, "Vườn cà phê hộ Trần Thị Mai", "Tran Thi Mai coffee farm",
                  "Thôn 6", "Xã Ea Tân", "66", 12.9721, 108.3565, factory, "VN-66-CF-2104");
    b.AddLocation(roaster, "coffee_farm_5", K::kFarm, "Vườn cà phê hộ Lê Văn Thắng (Đắk Mil)",
                  "Le Van Thang coffee farm (Dak Mil)", "Thôn Thuận Hạnh", "Xã Đắk Mil", "68", 12.4468, 107.6279,
                  factory, "VN-68-CF-0301");

    // Cà Mau black tiger shrimp: ponds (one in former Bạc Liêu), a processing plant with a cold store.
    const auto seafood = b.AddEnterprise({.key = "shrimp_processor",
                                          .role = EnterpriseRole::kProducer,
                                          .name_vi = "Công ty TNHH Thủy sản Đất Mũi",
                                          .name_en = "Dat Mui Seafood Company Limited",
                                          .company_prefix = "893604217",
                                          .tax_code = "2001456783",
                                          .province_code = "96",
                                          .street_vi = "Khu công nghiệp Khánh An",
                                          .commune_vi = "Xã Khánh An",
                                          .id_style = IdStyle::kDigitalLink,
                                          .website = "https://thuysandatmui.vn"});
    const auto plant = b.AddLocation(seafood, "shrimp_plant", K::kFactory, "Nhà máy chế biến thủy sản Đất Mũi",
                                     "Dat Mui seafood processing plant", "Khu công nghiệp Khánh An", "Xã Khánh An",
                                     "96", 9.2326, 105.1248);
    b.AddLocation(seafood, "shrimp_farm_1", K::kFarm, "Ao nuôi tôm sú quảng canh Năm Căn",
                  "Nam Can extensive black tiger shrimp ponds", "Ấp Xóm Lớn", "Xã Năm Căn", "96", 8.7625, 104.9874,
                  plant, "VN-96-TS-0011");
    b.AddLocation(seafood, "shrimp_farm_2", K::kFarm, "Ao nuôi tôm sú Đầm Dơi", "Dam Doi black tiger shrimp ponds",
                  "Ấp Tân Điền", "Xã Đầm Dơi", "96", 8.9952, 105.1968, plant, "VN-96-TS-0012");
    b.AddLocation(seafood, "shrimp_farm_3", K::kFarm, "Ao nuôi tôm sú Hòa Bình (Bạc Liêu cũ)",
                  "Hoa Binh black tiger shrimp ponds (former Bac Lieu)", "Ấp Vĩnh Mới", "Xã Hòa Bình", "96", 9.2854,
                  105.6331, plant, "VN-96-TS-0013");

    // ST25 rice from former Sóc Trăng (now Cần Thơ): linked fields and a mill.
    const auto rice = b.AddEnterprise({.key = "rice_miller",
                                       .role = EnterpriseRole::kProducer,
                                       .name_vi = "Công ty Cổ phần Lúa gạo ST Sóc Trăng",
                                       .name_en = "Soc Trang ST Rice Joint Stock Company",
                                       .company_prefix = "8938611",
                                       .tax_code = "2200817353",
                                       .province_code = "92",
                                       .street_vi = "Quốc lộ 1A, ấp Phú Hữu",
                                       .commune_vi = "Phường Phú Lợi",
                                       .id_style = IdStyle::kEpcUrn,
                                       .website = "https://gaostsoctrang.vn"});
    const auto mill = b.AddLocation(rice, "rice_mill", K::kPackingHouse, "Nhà máy xay xát, đóng gói gạo ST Sóc Trăng",
                                    "Soc Trang ST rice mill and packing house", "Quốc lộ 1A, ấp Phú Hữu",
                                    "Phường Phú Lợi", "92", 9.6025, 105.9739);
    b.AddLocation(rice, "rice_field_1", K::kGrowingArea, "Cánh đồng lớn lúa ST25 Mỹ Xuyên", "My Xuyen ST25 rice field",
                  "Ấp Hòa Phuông", "Xã Mỹ Xuyên", "92", 9.5431, 105.9836, mill, "VN-92-LUA-0201");
    b.AddLocation(rice, "rice_field_2", K::kGrowingArea, "Cánh đồng lúa - tôm ST25 Ngã Năm",
                  "Nga Nam ST25 rice-shrimp field", "Ấp Vĩnh Đồng", "Phường Ngã Năm", "92", 9.5630, 105.6017, mill,
                  "VN-92-LUA-0202");
    b.AddLocation(rice, "rice_field_3", K::kGrowingArea, "Cánh đồng lúa ST25 Trần Đề", "Tran De ST25 rice field",
                  "Ấp Giồng Chùa", "Xã Trần Đề", "92", 9.5218, 106.1993, mill, "VN-92-LUA-0203");

    // Pork from Đồng Nai (with a farm in former Bình Phước): pig farms and a slaughter plant.
    const auto pork = b.AddEnterprise({.key = "pork_processor",
                                       .role = EnterpriseRole::kProducer,
                                       .name_vi = "Công ty Cổ phần Chăn nuôi Đồng Xanh",
                                       .name_en = "Dong Xanh Livestock Joint Stock Company",
                                       .company_prefix = "893512306",
                                       .tax_code = "3603917264",
                                       .province_code = "75",
                                       .street_vi = "Khu công nghiệp Bàu Xéo",
                                       .commune_vi = "Xã Trảng Bom",
                                       .id_style = IdStyle::kEpcUrn,
                                       .website = "https://channuoidongxanh.vn"});
    const auto slaughter =
        b.AddLocation(pork, "pork_plant", K::kSlaughterhouse, "Nhà máy giết mổ và chế biến thịt Đồng Xanh",
                      "Dong Xanh slaughter and meat processing plant", "Khu công nghiệp Bàu Xéo", "Xã Trảng Bom", "75",
                      10.9631, 107.0142);
    b.AddLocation(pork, "pork_farm_1", K::kFarm, "Trại chăn nuôi lợn Đồng Xanh Xuân Lộc", "Dong Xanh Xuan Loc pig farm",
                  "Ấp Bảo Định", "Xã Xuân Lộc", "75", 10.9277, 107.4076, slaughter, "VN-75-CN-0501");
    b.AddLocation(pork, "pork_farm_2", K::kFarm, "Trại chăn nuôi lợn Đồng Xanh Đồng Phú (Bình Phước cũ)",
                  "Dong Xanh Dong Phu pig farm (former Binh Phuoc)", "Ấp Thuận Hòa", "Xã Đồng Phú", "75", 11.4806,
                  106.9557, slaughter, "VN-75-CN-0502");

    // The distributor: dry distribution centres and cold stores in the three regions.
    const auto dist = b.AddEnterprise({.key = "distributor",
                                       .role = EnterpriseRole::kDistributor,
                                       .name_vi = "Công ty Cổ phần Logistics Nông sản Việt",
                                       .name_en = "Viet Agri Logistics Joint Stock Company",
                                       .company_prefix = "89352047",
                                       .tax_code = "0109384724",
                                       .province_code = "01",
                                       .street_vi = "Số 45 đường Nguyễn Văn Linh",
                                       .commune_vi = "Phường Long Biên",
                                       .id_style = IdStyle::kEpcUrn,
                                       .website = "https://nongsanvietlogistics.vn"});
    const auto dist_office = b.AddLocation(
        dist, "distributor_office", K::kOffice, "Trụ sở Công ty CP Logistics Nông sản Việt",
        "Viet Agri Logistics head office", "Số 45 đường Nguyễn Văn Linh", "Phường Long Biên", "01", 21.0453, 105.8921);
    const std::vector<std::string> docks = {"IN1", "OUT1"};
    b.AddLocation(dist, "dc_hanoi", K::kDistributionCentre, "Trung tâm phân phối Hà Nội", "Ha Noi distribution centre",
                  "Khu công nghiệp Hà Nội - Đài Tư", "Phường Phúc Lợi", "01", 21.0560, 105.9312, dist_office, {},
                  docks);
    b.AddLocation(dist, "cold_hanoi", K::kColdStore, "Kho lạnh Hà Nội", "Ha Noi cold store",
                  "Khu công nghiệp Thạch Thất - Quốc Oai", "Xã Quốc Oai", "01", 20.9950, 105.6402, dist_office, {},
                  docks);
    b.AddLocation(dist, "dc_danang", K::kDistributionCentre, "Trung tâm phân phối Đà Nẵng",
                  "Da Nang distribution centre", "Khu công nghiệp Hòa Khánh", "Phường Hòa Khánh", "48", 16.0717,
                  108.1522, dist_office, {}, docks);
    b.AddLocation(dist, "dc_hcm", K::kDistributionCentre, "Trung tâm phân phối TP. Hồ Chí Minh",
                  "Ho Chi Minh City distribution centre", "Khu công nghệ cao, đường D1", "Phường Tăng Nhơn Phú", "79",
                  10.8495, 106.7942, dist_office, {}, docks);
    b.AddLocation(dist, "cold_hcm", K::kColdStore, "Kho lạnh TP. Hồ Chí Minh", "Ho Chi Minh City cold store",
                  "Khu công nghiệp Lê Minh Xuân", "Xã Bình Lợi", "79", 10.7561, 106.5417, dist_office, {}, docks);

    // The retailer: a supermarket chain in five cities.
    const auto mart = b.AddEnterprise({.key = "retailer",
                                       .role = EnterpriseRole::kRetailer,
                                       .name_vi = "Công ty Cổ phần Chuỗi Siêu thị Sen Vàng",
                                       .name_en = "Golden Lotus Mart Joint Stock Company",
                                       .company_prefix = "8936150",
                                       .tax_code = "0316728451",
                                       .province_code = "79",
                                       .street_vi = "Số 72 đường Lê Thánh Tôn",
                                       .commune_vi = "Phường Sài Gòn",
                                       .id_style = IdStyle::kDigitalLink,
                                       .website = "https://senvangmart.vn"});
    const auto mart_office = b.AddLocation(mart, "retailer_office", K::kOffice, "Văn phòng Chuỗi Siêu thị Sen Vàng",
                                           "Golden Lotus Mart head office", "Số 72 đường Lê Thánh Tôn",
                                           "Phường Sài Gòn", "79", 10.7769, 106.7009);
    const std::vector<std::string> tills = {"RCV", "POS1", "POS2", "POS3", "POS4"};
    b.AddLocation(mart, "store_hn_caugiay", K::kRetailStore, "Siêu thị Sen Vàng Cầu Giấy", "Golden Lotus Mart Cau Giay",
                  "Số 241 đường Xuân Thủy", "Phường Cầu Giấy", "01", 21.0368, 105.7825, mart_office, {}, tills);
    b.AddLocation(mart, "store_hn_hoangmai", K::kRetailStore, "Siêu thị Sen Vàng Hoàng Mai",
                  "Golden Lotus Mart Hoang Mai", "Số 88 đường Giải Phóng", "Phường Hoàng Mai", "01", 20.9815, 105.8412,
                  mart_office, {}, tills);
    b.AddLocation(mart, "store_haiphong", K::kRetailStore, "Siêu thị Sen Vàng Hải Phòng", "Golden Lotus Mart Hai Phong",
                  "Số 10 đường Lạch Tray", "Phường Ngô Quyền", "31", 20.8534, 106.6905, mart_office, {}, tills);
    b.AddLocation(mart, "store_danang", K::kRetailStore, "Siêu thị Sen Vàng Đà Nẵng", "Golden Lotus Mart Da Nang",
                  "Số 255 đường Hùng Vương", "Phường Hải Châu", "48", 16.0667, 108.2130, mart_office, {}, tills);
    b.AddLocation(mart, "store_hcm_benthanh", K::kRetailStore, "Siêu thị Sen Vàng Bến Thành",
                  "Golden Lotus Mart Ben Thanh", "Số 30 đường Lê Lai", "Phường Bến Thành", "79", 10.7712, 106.6953,
                  mart_office, {}, tills);
    b.AddLocation(mart, "store_hcm_binhthanh", K::kRetailStore, "Siêu thị Sen Vàng Bình Thạnh",
                  "Golden Lotus Mart Binh Thanh", "Số 190 đường Xô Viết Nghệ Tĩnh", "Phường Bình Thạnh", "79", 10.8037,
                  106.7110, mart_office, {}, tills);
    b.AddLocation(mart, "store_hcm_thuduc", K::kRetailStore, "Siêu thị Sen Vàng Thủ Đức", "Golden Lotus Mart Thu Duc",
                  "Số 216 đường Võ Văn Ngân", "Phường Thủ Đức", "79", 10.8500, 106.7596, mart_office, {}, tills);
    b.AddLocation(mart, "store_cantho", K::kRetailStore, "Siêu thị Sen Vàng Cần Thơ", "Golden Lotus Mart Can Tho",
                  "Số 2 đường Hòa Bình", "Phường Ninh Kiều", "92", 10.0340, 105.7860, mart_office, {}, tills);

    // Thảo Nguyên Xanh dairy on the Mộc Châu plateau (Sơn La): dairy farms and a UHT milk plant
    // whose lots of about ten thousand cartons go to every province.
    const auto dairy = b.AddEnterprise({.key = "dairy",
                                        .role = EnterpriseRole::kProducer,
                                        .name_vi = "Công ty Cổ phần Sữa Thảo Nguyên Xanh",
                                        .name_en = "Green Pasture Dairy Joint Stock Company",
                                        .company_prefix = "893745120",
                                        .tax_code = "5500384177",
                                        .province_code = "14",
                                        .street_vi = "Tiểu khu 19/5",
                                        .commune_vi = "Xã Mộc Châu",
                                        .id_style = IdStyle::kDigitalLink,
                                        .website = "https://suathaonguyenxanh.vn"});
    const auto dairy_plant =
        b.AddLocation(dairy, "dairy_factory", K::kFactory, "Nhà máy sữa tiệt trùng Thảo Nguyên Xanh",
                      "Green Pasture UHT milk plant", "Tiểu khu 19/5", "Xã Mộc Châu", "14", 20.8462, 104.6373);
    b.AddLocation(dairy, "dairy_farm_1", K::kFarm, "Trang trại bò sữa Tiểu khu Pa Khen", "Pa Khen dairy farm",
                  "Tiểu khu Pa Khen", "Xã Mộc Châu", "14", 20.8698, 104.6021, dairy_plant, "VN-14-BS-0101");
    b.AddLocation(dairy, "dairy_farm_2", K::kFarm, "Trang trại bò sữa Vân Hồ", "Van Ho dairy farm", "Bản Lóng Luông",
                  "Xã Vân Hồ", "14", 20.7802, 104.7589, dairy_plant, "VN-14-BS-0102");
    b.AddLocation(dairy, "dairy_farm_3", K::kFarm, "Trang trại bò sữa Cờ Đỏ", "Co Do dairy farm", "Tiểu khu Cờ Đỏ",
                  "Xã Mộc Sơn", "14", 20.8237, 104.6810, dairy_plant, "VN-14-BS-0103");

    // A convenience-store chain in all 34 provinces, with its own regional distribution centres.
    const auto chain = b.AddEnterprise({.key = "convenience_chain",
                                        .role = EnterpriseRole::kRetailer,
                                        .name_vi = "Công ty Cổ phần Chuỗi Cửa hàng Tiện lợi Phố Xanh",
                                        .name_en = "Pho Xanh Convenience Stores Joint Stock Company",
                                        .company_prefix = "89387201",
                                        .tax_code = "0317845292",
                                        .province_code = "79",
                                        .street_vi = "Số 15 đường Pasteur",
                                        .commune_vi = "Phường Sài Gòn",
                                        .id_style = IdStyle::kEpcUrn,
                                        .website = "https://phoxanh.vn"});
    const auto chain_office =
        b.AddLocation(chain, "chain_office", K::kOffice, "Văn phòng Chuỗi Cửa hàng Phố Xanh", "Pho Xanh head office",
                      "Số 15 đường Pasteur", "Phường Sài Gòn", "79", 10.7745, 106.6990);
    b.AddLocation(chain, "chain_dc_north", K::kDistributionCentre, "Trung tâm phân phối Phố Xanh miền Bắc",
                  "Pho Xanh northern distribution centre", "Khu công nghiệp Phố Nối A", "Xã Như Quỳnh", "33", 20.9647,
                  106.0496, chain_office, {}, docks);
    b.AddLocation(chain, "chain_dc_central", K::kDistributionCentre, "Trung tâm phân phối Phố Xanh miền Trung",
                  "Pho Xanh central distribution centre", "Khu công nghiệp Liên Chiểu", "Phường Liên Chiểu", "48",
                  16.1034, 108.1259, chain_office, {}, docks);
    b.AddLocation(chain, "chain_dc_south", K::kDistributionCentre, "Trung tâm phân phối Phố Xanh miền Nam",
                  "Pho Xanh southern distribution centre", "Khu công nghiệp Sóng Thần", "Phường Dĩ An", "79", 10.9012,
                  106.7593, chain_office, {}, docks);
    AddChainStores(b, chain, chain_office);

    // Products. Bulk materials are handled by lot and weight; consumer units are serialised.
    const auto lychee = b.AddProduct(
        coop, MakeProduct("lychee_bulk", "Vải thiều Lục Ngạn tươi (hàng rời)", "Luc Ngan fresh lychee, bulk", false, 1,
                          10, "VietGAP; TCVN 12827", "fruit", "VT", "24", "Vải thiều Lục Ngạn"));
    b.AddProduct(coop, MakeProduct("lychee_box_2kg", "Vải thiều Lục Ngạn hộp 2 kg", "Luc Ngan lychee, 2 kg box", true,
                                   2, 10, "VietGAP; TCVN 12827", "fruit", "VT", "24", "Vải thiều Lục Ngạn", lychee));
    const auto green = b.AddProduct(
        roaster, MakeProduct("coffee_green", "Cà phê nhân Robusta Buôn Ma Thuột", "Buon Ma Thuot green Robusta coffee",
                             false, 1, 365, "TCVN 4193; 4C", "coffee", "CN", "66", "Ban Mê Xanh"));
    const auto roasted = b.AddProduct(
        roaster, MakeProduct("coffee_roasted", "Cà phê rang Ban Mê Xanh (hàng rời)", "Ban Me Xanh roasted coffee, bulk",
                             false, 1, 270, "TCVN 4193; TCVN 5250", "coffee", "CR", "66", "Ban Mê Xanh", green));
    b.AddProduct(roaster, MakeProduct("coffee_ground_500g", "Cà phê rang xay Buôn Ma Thuột 500 g",
                                      "Buon Ma Thuot roasted ground coffee, 500 g", true, 0.5, 270, "TCVN 5250; HACCP",
                                      "coffee", "CR", "66", "Ban Mê Xanh", roasted));
    const auto shrimp =
        b.AddProduct(seafood, MakeProduct("shrimp_raw", "Tôm sú nguyên liệu Cà Mau", "Ca Mau black tiger shrimp, raw",
                                          false, 1, 2, "VietGAP; TCVN 12455", "seafood", "TS", "96", "Đất Mũi"));
    b.AddProduct(seafood, MakeProduct("shrimp_frozen_1kg", "Tôm sú Cà Mau đông lạnh túi 1 kg",
                                      "Ca Mau frozen black tiger shrimp, 1 kg bag", true, 1, 540,
                                      "TCVN 12455; HACCP; QCVN 02-02", "seafood", "TS", "96", "Đất Mũi", shrimp));
    const auto paddy = b.AddProduct(rice, MakeProduct("rice_paddy", "Lúa ST25 (lúa tươi)", "ST25 paddy rice", false, 1,
                                                      30, "VietGAP", "rice", "ST", "92", "Gạo ST25 Sóc Trăng"));
    b.AddProduct(rice, MakeProduct("rice_st25_5kg", "Gạo ST25 túi 5 kg", "ST25 fragrant rice, 5 kg bag", true, 5, 365,
                                   "TCVN 11888; VietGAP", "rice", "ST", "92", "Gạo ST25 Sóc Trăng", paddy));
    const auto pigs = b.AddProduct(pork, MakeProduct("pork_live", "Lợn thịt (lợn hơi)", "Live pigs for slaughter",
                                                     false, 1, 1, "VietGAHP", "meat", "LH", "75", "Đồng Xanh"));
    b.AddProduct(pork, MakeProduct("pork_loin_500g", "Thịt thăn lợn khay 500 g", "Pork loin, 500 g tray", true, 0.5, 5,
                                   "TCVN 13166; VietGAHP; QCVN 12-4", "meat", "LH", "75", "Đồng Xanh", pigs));
    const auto raw_milk =
        b.AddProduct(dairy, MakeProduct("milk_raw", "Sữa bò tươi nguyên liệu", "Raw cow's milk", false, 1, 2,
                                        "QCVN 01-186:2017/BNNPTNT; VietGAHP", "dairy", "SU", "14", "Thảo Nguyên Xanh"));
    b.AddProduct(dairy, MakeProduct("milk_uht_1l", "Sữa tươi tiệt trùng Thảo Nguyên Xanh hộp 1 lít",
                                    "Green Pasture UHT fresh milk, 1 litre carton", true, 1, 180,
                                    "QCVN 5-1:2010/BYT; TCVN 7028; ISO 22000", "dairy", "SU", "14", "Thảo Nguyên Xanh",
                                    raw_milk));
    return b.Take();
}

void AddText(epcis::VocabularyElement& element, std::string id, std::string text) {
    if (text.empty()) return;
    epcis::VocabularyAttribute a;
    a.id = std::move(id);
    a.value.kind = epcis::ExtensionValue::Kind::kString;
    a.value.text = std::move(text);
    element.attributes.push_back(std::move(a));
}

std::string Mda(std::string_view local) { return "urn:epcglobal:cbv:mda#" + std::string(local); }
std::string MdaSite(std::string_view local) { return "urn:epcglobal:cbv:mda:" + std::string(local); }
std::string Txng(std::string_view local) { return std::string(kTxngNamespace) + std::string(local); }

void AddAddress(epcis::VocabularyElement& element, const std::string& street, const std::string& commune,
                const std::string& province_code) {
    const Province* p = FindProvince(province_code);
    AddText(element, Mda("streetAddressOne"), street);
    AddText(element, Mda("streetAddressTwo"), commune);
    AddText(element, Mda("city"), p != nullptr && p->city ? std::string(p->name_vi) : commune);
    AddText(element, Mda("state"), ProvinceLine(province_code));
    AddText(element, Mda("countryCode"), "VN");
    AddText(element, Txng("provinceCode"), province_code);
    AddText(element, Txng("address"), street + ", " + commune + ", " + ProvinceLine(province_code));
}

}  // namespace

std::string_view IdStyleName(IdStyle style) {
    switch (style) {
        case IdStyle::kEpcUrn:
            return "epc_urn";
        case IdStyle::kDigitalLink:
            return "digital_link";
        case IdStyle::kBrandDigitalLink:
            return "brand_digital_link";
    }
    return "";
}

std::string_view EnterpriseRoleName(EnterpriseRole role) {
    switch (role) {
        case EnterpriseRole::kCooperative:
            return "cooperative";
        case EnterpriseRole::kProducer:
            return "producer";
        case EnterpriseRole::kDistributor:
            return "distributor";
        case EnterpriseRole::kRetailer:
            return "retailer";
    }
    return "";
}

std::string_view LocationKindName(LocationKind kind) {
    switch (kind) {
        case LocationKind::kOffice:
            return "office";
        case LocationKind::kCooperative:
            return "cooperative";
        case LocationKind::kGrowingArea:
            return "growing_area";
        case LocationKind::kFarm:
            return "farm";
        case LocationKind::kPackingHouse:
            return "packing_house";
        case LocationKind::kFactory:
            return "factory";
        case LocationKind::kSlaughterhouse:
            return "slaughterhouse";
        case LocationKind::kDistributionCentre:
            return "distribution_centre";
        case LocationKind::kColdStore:
            return "cold_store";
        case LocationKind::kRetailStore:
            return "retail_store";
    }
    return "";
}

std::optional<std::size_t> MasterData::FindEnterprise(std::string_view key) const {
    for (std::size_t i = 0; i < enterprises.size(); ++i) {
        if (enterprises[i].key == key) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> MasterData::FindLocation(std::string_view key) const {
    for (std::size_t i = 0; i < locations.size(); ++i) {
        if (locations[i].key == key) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> MasterData::FindProduct(std::string_view key) const {
    for (std::size_t i = 0; i < products.size(); ++i) {
        if (products[i].key == key) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> MasterData::FindLocationByGln(std::string_view gln) const {
    for (std::size_t i = 0; i < locations.size(); ++i) {
        if (locations[i].gln == gln) return i;
    }
    return std::nullopt;
}

std::string MasterData::LocationUri(std::size_t location, IdStyle style, std::string_view extension) const {
    const Location& l = locations[location];
    const std::string_view base = style == IdStyle::kEpcUrn ? std::string_view() : kCanonicalResolver;
    return SglnUri(l.gln, PrefixLength(l.enterprise), extension, base);
}

std::string MasterData::PartyUri(std::size_t enterprise, IdStyle style) const {
    const std::string_view base = style == IdStyle::kEpcUrn ? std::string_view() : kCanonicalResolver;
    return PglnUri(enterprises[enterprise].gln, PrefixLength(enterprise), base);
}

std::string_view MasterData::ProductBase(std::size_t product, std::size_t writer) const {
    const Enterprise& w = enterprises[writer];
    switch (w.id_style) {
        case IdStyle::kEpcUrn:
            return {};
        case IdStyle::kDigitalLink:
            return kCanonicalResolver;
        case IdStyle::kBrandDigitalLink:
            return products[product].enterprise == writer ? std::string_view(w.brand_base) : kCanonicalResolver;
    }
    return {};
}

std::string MasterData::ProductClassUri(std::size_t product, IdStyle style) const {
    const Product& p = products[product];
    std::string_view base;
    if (style == IdStyle::kDigitalLink) base = kCanonicalResolver;
    if (style == IdStyle::kBrandDigitalLink) base = enterprises[p.enterprise].brand_base;
    return GtinClassUri(p.gtin, PrefixLength(p.enterprise), base);
}

const MasterData& DemoMasterData() {
    static const MasterData data = Build();
    return data;
}

epcis::Document MasterDataDocument(const MasterData& data, const epcis::DateTime& creation) {
    epcis::Document doc;
    doc.kind = epcis::DocumentKind::kEpcisMasterDataDocument;
    doc.schema_version = "2.0";
    doc.creation_date = creation;

    epcis::Vocabulary parties;
    parties.type = "urn:epcglobal:epcis:vtype:Party";
    for (std::size_t i = 0; i < data.enterprises.size(); ++i) {
        const Enterprise& e = data.enterprises[i];
        epcis::VocabularyElement element;
        element.id = data.PartyUri(i, e.id_style);
        AddText(element, Mda("name"), e.name_vi);
        AddText(element, Txng("nameEn"), e.name_en);
        AddAddress(element, e.street_vi, e.commune_vi, e.province_code);
        AddText(element, Txng("taxCode"), e.tax_code);
        AddText(element, Txng("gln"), e.gln);
        AddText(element, Txng("gs1CompanyPrefix"), e.company_prefix);
        AddText(element, Txng("role"), std::string(EnterpriseRoleName(e.role)));
        AddText(element, Txng("website"), e.website);
        AddText(element, Txng("brandResolver"), e.brand_base);
        parties.elements.push_back(std::move(element));
    }

    epcis::Vocabulary locations;
    locations.type = "urn:epcglobal:epcis:vtype:BusinessLocation";
    epcis::Vocabulary read_points;
    read_points.type = "urn:epcglobal:epcis:vtype:ReadPoint";
    for (std::size_t i = 0; i < data.locations.size(); ++i) {
        const Location& l = data.locations[i];
        const IdStyle style = data.enterprises[l.enterprise].id_style;
        epcis::VocabularyElement element;
        element.id = data.LocationUri(i, style);
        AddText(element, Mda("name"), l.name_vi);
        AddText(element, Txng("nameEn"), l.name_en);
        AddAddress(element, l.street_vi, l.commune_vi, l.province_code);
        AddText(element, Mda("latitude"), FormatCoordinate(l.latitude));
        AddText(element, Mda("longitude"), FormatCoordinate(l.longitude));
        AddText(element, Txng("locationType"), std::string(LocationKindName(l.kind)));
        AddText(element, Txng("gln"), l.gln);
        AddText(element, Txng("owner"), data.PartyUri(l.enterprise, style));
        AddText(element, Txng("areaCode"), l.area_code);
        for (std::size_t j = 0; j < data.locations.size(); ++j) {
            if (data.locations[j].parent == i) element.children.push_back(data.LocationUri(j, style));
        }
        for (const auto& rp : l.read_points) element.children.push_back(data.LocationUri(i, style, rp));
        locations.elements.push_back(std::move(element));
        for (const auto& rp : l.read_points) {
            epcis::VocabularyElement point;
            point.id = data.LocationUri(i, style, rp);
            AddText(point, MdaSite("site"), l.gln);
            AddText(point, Mda("name"), l.name_vi + " - " + rp);
            read_points.elements.push_back(std::move(point));
        }
    }

    epcis::Vocabulary classes;
    classes.type = "urn:epcglobal:epcis:vtype:EPCClass";
    for (std::size_t i = 0; i < data.products.size(); ++i) {
        const Product& p = data.products[i];
        const Enterprise& owner = data.enterprises[p.enterprise];
        epcis::VocabularyElement element;
        element.id = data.ProductClassUri(i, owner.id_style);
        AddText(element, Mda("descriptionShort"), p.name_vi);
        AddText(element, Mda("regulatedProductName"), p.name_vi);
        AddText(element, Txng("nameEn"), p.name_en);
        AddText(element, Mda("manufacturerOfTradeItemPartyName"), owner.name_vi);
        AddText(element, Txng("gtin"), p.gtin);
        AddText(element, Txng("brand"), p.brand);
        AddText(element, Txng("image"), p.image_url);
        AddText(element, Txng("standards"), p.standards);
        AddText(element, Txng("sector"), p.sector);
        AddText(element, Txng("shelfLifeDays"), std::to_string(p.shelf_life_days));
        AddText(element, Txng("originProvinceCode"), p.origin_province_code);
        AddText(element, Txng("countryOfOrigin"), "VN");
        AddText(element, Txng("tradeUnit"), p.serialised ? "serialised" : "lot");
        if (p.serialised) {
            char net[32];
            std::snprintf(net, sizeof net, "%g KGM", p.net_kg);
            AddText(element, Mda("netContentDescription"), net);
        }
        AddText(element, Txng("producer"), data.PartyUri(p.enterprise, owner.id_style));
        if (p.made_from) AddText(element, Txng("madeFrom"), data.ProductClassUri(*p.made_from, owner.id_style));
        classes.elements.push_back(std::move(element));
    }

    doc.master_data.push_back(std::move(parties));
    doc.master_data.push_back(std::move(locations));
    doc.master_data.push_back(std::move(read_points));
    doc.master_data.push_back(std::move(classes));
    return doc;
}

gs1::TableCompanyPrefixProvider CompanyPrefixes(const MasterData& data) {
    gs1::TableCompanyPrefixProvider provider;
    for (const auto& e : data.enterprises) provider.Add(e.company_prefix);
    return provider;
}

RegistryRecords RegistryRecordsOf(const MasterData& data) {
    RegistryRecords out;
    for (const auto& e : data.enterprises) {
        registry::Enterprise r;
        r.tax_code = e.tax_code;
        r.kind = e.role == EnterpriseRole::kCooperative ? registry::EnterpriseKind::kCooperative
                                                        : registry::EnterpriseKind::kEnterprise;
        r.name = {e.name_vi, e.name_en};
        r.address = {e.street_vi + ", " + e.commune_vi, "", e.province_code, ""};
        r.gln = e.gln;
        r.prefixes = {registry::CompanyPrefix{e.company_prefix, false}};
        out.enterprises.push_back(std::move(r));
    }
    auto kind = [](LocationKind k) {
        switch (k) {
            case LocationKind::kOffice:
            case LocationKind::kCooperative:
                return registry::LocationKind::kOffice;
            case LocationKind::kGrowingArea:
                return registry::LocationKind::kGrowingArea;
            case LocationKind::kFarm:
                return registry::LocationKind::kFarm;
            case LocationKind::kPackingHouse:
                return registry::LocationKind::kPackingHouse;
            case LocationKind::kFactory:
                return registry::LocationKind::kFactory;
            case LocationKind::kSlaughterhouse:
                return registry::LocationKind::kSlaughterhouse;
            case LocationKind::kDistributionCentre:
                return registry::LocationKind::kDistributionCentre;
            case LocationKind::kColdStore:
                return registry::LocationKind::kWarehouse;
            case LocationKind::kRetailStore:
                return registry::LocationKind::kStore;
        }
        return registry::LocationKind::kOther;
    };
    // Parents first: the registry refuses a location whose parent it does not know.
    std::vector<bool> placed(data.locations.size(), false);
    for (bool progress = true; progress;) {
        progress = false;
        for (std::size_t i = 0; i < data.locations.size(); ++i) {
            const auto& l = data.locations[i];
            if (placed[i] || (l.parent && !placed[*l.parent])) continue;
            registry::Location r;
            r.gln = l.gln;
            r.owner = data.enterprises[l.enterprise].tax_code;
            r.name = {l.name_vi, l.name_en};
            r.kind = kind(l.kind);
            r.address = {l.street_vi + ", " + l.commune_vi, "", l.province_code, ""};
            r.coordinates = registry::Coordinates{l.latitude, l.longitude};
            if (l.parent) r.parent = data.locations[*l.parent].gln;
            out.locations.push_back(std::move(r));
            placed[i] = progress = true;
        }
    }
    for (const auto& p : data.products) {
        registry::Product r;
        r.gtin = p.gtin;
        r.owner = data.enterprises[p.enterprise].tax_code;
        r.name = {p.name_vi, p.name_en};
        r.brand = p.brand;
        r.category = p.sector;
        if (p.serialised) {
            r.net_content =
                p.net_kg < 1 ? registry::NetContent{p.net_kg * 1000, "GRM"} : registry::NetContent{p.net_kg, "KGM"};
        }
        if (p.shelf_life_days > 0) r.shelf_life_days = p.shelf_life_days;
        r.origin_country = "VN";
        r.origin_province = p.origin_province_code;
        for (std::size_t start = 0; start < p.standards.size();) {
            std::size_t end = p.standards.find("; ", start);
            if (end == std::string::npos) end = p.standards.size();
            if (end > start) r.standards.push_back(p.standards.substr(start, end - start));
            start = end + 2;
        }
        out.products.push_back(std::move(r));
    }
    return out;
}

}  // namespace txng::demo
