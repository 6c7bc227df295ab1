#include "gs1/keys.hpp"

#include "gs1/ai.hpp"
#include "gs1/charset.hpp"

namespace txng::gs1 {

Result<std::string> NormalizeGtin(std::string_view gtin, std::string_view where) {
    if (auto bad = FirstOutside(gtin, Charset::kNumeric); bad || gtin.empty()) {
        return InvalidArgument(std::string(where), "gtin.charset", "A GTIN must consist of digits only.", gtin);
    }
    if (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14) {
        return InvalidArgument(std::string(where), "gtin.length",
                               "A GTIN must have 8, 12, 13 or 14 digits but has " + std::to_string(gtin.size()) + ".",
                               gtin);
    }
    std::string gtin14 = std::string(14 - gtin.size(), '0') + std::string(gtin);
    if (auto ok = ValidateAiValue("01", gtin14, where); !ok) return ok.error();
    return gtin14;
}

Result<void> ValidateGtin14(std::string_view gtin14, std::string_view where) {
    return ValidateAiValue("01", gtin14, where);
}

Result<void> ValidateGln(std::string_view gln, std::string_view where) { return ValidateAiValue("414", gln, where); }

Result<void> ValidateGlnExtension(std::string_view extension, std::string_view where) {
    return ValidateAiValue("254", extension, where);
}

Result<void> ValidateSscc(std::string_view sscc, std::string_view where) { return ValidateAiValue("00", sscc, where); }

Result<void> ValidateGrai(std::string_view ai8003_value, std::string_view where) {
    return ValidateAiValue("8003", ai8003_value, where);
}

Result<void> ValidateGiai(std::string_view giai, std::string_view where) {
    return ValidateAiValue("8004", giai, where);
}

Result<void> ValidateGsrn(std::string_view gsrn, std::string_view where) {
    return ValidateAiValue("8018", gsrn, where);
}

Result<void> ValidateGsrnp(std::string_view gsrnp, std::string_view where) {
    return ValidateAiValue("8017", gsrnp, where);
}

Result<void> ValidateGdti(std::string_view gdti, std::string_view where) { return ValidateAiValue("253", gdti, where); }

Result<void> ValidateGcn(std::string_view gcn, std::string_view where) { return ValidateAiValue("255", gcn, where); }

Result<void> ValidateGinc(std::string_view ginc, std::string_view where) { return ValidateAiValue("401", ginc, where); }

Result<void> ValidateGsin(std::string_view gsin, std::string_view where) { return ValidateAiValue("402", gsin, where); }

Result<void> ValidateCpid(std::string_view cpid, std::string_view where) {
    return ValidateAiValue("8010", cpid, where);
}

Result<void> ValidateItip(std::string_view itip, std::string_view where) {
    return ValidateAiValue("8006", itip, where);
}

Result<void> ValidateGmn(std::string_view gmn, std::string_view where) { return ValidateAiValue("8013", gmn, where); }

}  // namespace txng::gs1
