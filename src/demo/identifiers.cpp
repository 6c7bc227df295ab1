#include "demo/identifiers.hpp"

#include <charconv>

namespace txng::demo {

std::string WithCheckDigit(std::string_view digits) {
    int sum = 0;
    int weight = 3;  // from the rightmost digit: 3, 1, 3, 1, ...
    for (std::size_t i = digits.size(); i-- > 0;) {
        sum += (digits[i] - '0') * weight;
        weight = 4 - weight;
    }
    std::string out(digits);
    out.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
    return out;
}

std::string ZeroPad(std::uint64_t value, std::size_t width) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    const auto n = static_cast<std::size_t>(r.ptr - buf);
    std::string out;
    if (n < width) out.assign(width - n, '0');
    out.append(buf, n);
    return out;
}

std::string MakeGln(std::string_view company_prefix, std::uint64_t reference) {
    std::string digits(company_prefix);
    digits += ZeroPad(reference, 12 - company_prefix.size());
    return WithCheckDigit(digits);
}

std::string MakeGtin14(char indicator, std::string_view company_prefix, std::uint64_t item_reference) {
    std::string digits(1, indicator);
    digits += company_prefix;
    digits += ZeroPad(item_reference, 12 - company_prefix.size());
    return WithCheckDigit(digits);
}

std::string MakeSscc(char extension, std::string_view company_prefix, std::uint64_t serial_reference) {
    std::string digits(1, extension);
    digits += company_prefix;
    digits += ZeroPad(serial_reference, 16 - company_prefix.size());
    return WithCheckDigit(digits);
}

namespace {

// "<urn scheme><GCP>.<indicator + item reference>." or "<dl base>/01/<GTIN>/<ai>/": the stem that a
// serial (sgtin, AI 21) or a lot (lgtin, AI 10) completes. The indicator digit moves to the front
// of the item reference in the URN; the check digit goes.
std::string GtinQualifierPrefix(std::string_view urn_scheme, std::string_view ai, std::string_view gtin14,
                                std::size_t prefix_length, std::string_view dl_base) {
    std::string out;
    if (dl_base.empty()) {
        out = urn_scheme;
        out += gtin14.substr(1, prefix_length);
        out += '.';
        out += gtin14[0];
        out += gtin14.substr(1 + prefix_length, 12 - prefix_length);
        out += '.';
    } else {
        out = dl_base;
        out += "/01/";
        out += gtin14;
        out += '/';
        out += ai;
        out += '/';
    }
    return out;
}

}  // namespace

std::string SgtinUriPrefix(std::string_view gtin14, std::size_t prefix_length, std::string_view dl_base) {
    return GtinQualifierPrefix("urn:epc:id:sgtin:", "21", gtin14, prefix_length, dl_base);
}

std::string SgtinUri(std::string_view gtin14, std::size_t prefix_length, std::string_view serial,
                     std::string_view dl_base) {
    return SgtinUriPrefix(gtin14, prefix_length, dl_base) + std::string(serial);
}

std::string LgtinUriPrefix(std::string_view gtin14, std::size_t prefix_length, std::string_view dl_base) {
    return GtinQualifierPrefix("urn:epc:class:lgtin:", "10", gtin14, prefix_length, dl_base);
}

std::string LgtinUri(std::string_view gtin14, std::size_t prefix_length, std::string_view lot,
                     std::string_view dl_base) {
    return LgtinUriPrefix(gtin14, prefix_length, dl_base) + std::string(lot);
}

std::string GtinClassUri(std::string_view gtin14, std::size_t prefix_length, std::string_view dl_base) {
    if (dl_base.empty()) {
        std::string out = "urn:epc:idpat:sgtin:";
        out += gtin14.substr(1, prefix_length);
        out += '.';
        out += gtin14[0];
        out += gtin14.substr(1 + prefix_length, 12 - prefix_length);
        out += ".*";
        return out;
    }
    return std::string(dl_base) + "/01/" + std::string(gtin14);
}

std::string SsccUri(std::string_view sscc, std::size_t prefix_length, std::string_view dl_base) {
    std::string out;
    if (dl_base.empty()) {
        out = "urn:epc:id:sscc:";
        out += sscc.substr(1, prefix_length);
        out += '.';
        out += sscc[0];
        out += sscc.substr(1 + prefix_length, 16 - prefix_length);
    } else {
        out = dl_base;
        out += "/00/";
        out += sscc;
    }
    return out;
}

std::string SglnUri(std::string_view gln, std::size_t prefix_length, std::string_view extension,
                    std::string_view dl_base) {
    std::string out;
    if (dl_base.empty()) {
        out = "urn:epc:id:sgln:";
        out += gln.substr(0, prefix_length);
        out += '.';
        out += gln.substr(prefix_length, 12 - prefix_length);
        out += '.';
        out += extension;
    } else {
        out = dl_base;
        out += "/414/";
        out += gln;
        if (extension != "0") {
            out += "/254/";
            out += extension;
        }
    }
    return out;
}

std::string PglnUri(std::string_view gln, std::size_t prefix_length, std::string_view dl_base) {
    std::string out;
    if (dl_base.empty()) {
        out = "urn:epc:id:pgln:";
        out += gln.substr(0, prefix_length);
        out += '.';
        out += gln.substr(prefix_length, 12 - prefix_length);
    } else {
        out = dl_base;
        out += "/417/";
        out += gln;
    }
    return out;
}

std::string GiaiUri(std::string_view company_prefix, std::string_view asset_reference, std::string_view dl_base) {
    std::string out;
    if (dl_base.empty()) {
        out = "urn:epc:id:giai:";
        out += company_prefix;
        out += '.';
        out += asset_reference;
    } else {
        out = dl_base;
        out += "/8004/";
        out += company_prefix;
        out += asset_reference;
    }
    return out;
}

}  // namespace txng::demo
