#pragma once
// GS1 keys and their URIs as the demo data writes them: digits with their check digit, and the
// EPC URN or GS1 Digital Link form of each identifier. A URI function takes `dl_base`: empty for
// the EPC URN (`urn:epc:id:sgtin:8936058.20003.1234`), else the Digital Link stem
// (`https://id.gs1.org`, or a brand's resolver such as `https://qr.banmexanh.vn`).
//
// Inputs are trusted (the generator's own master data): digits and lengths are not re-checked.
// Pure functions; thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace txng::demo {

// `digits` followed by its GS1 mod-10 check digit. `digits` must be all ASCII digits.
std::string WithCheckDigit(std::string_view digits);

// `value` in decimal, left-padded with zeros to `width` digits.
std::string ZeroPad(std::uint64_t value, std::size_t width);

// GLN (13 digits) of location (or party) reference `reference` under `company_prefix`.
std::string MakeGln(std::string_view company_prefix, std::uint64_t reference);
// GTIN-14: indicator digit, company prefix, item reference, check digit.
std::string MakeGtin14(char indicator, std::string_view company_prefix, std::uint64_t item_reference);
// SSCC (18 digits): extension digit, company prefix, serial reference, check digit.
std::string MakeSscc(char extension, std::string_view company_prefix, std::uint64_t serial_reference);

// SGTIN of `gtin14` (company prefix of `prefix_length` digits) with `serial`.
std::string SgtinUri(std::string_view gtin14, std::size_t prefix_length, std::string_view serial,
                     std::string_view dl_base);
// The part of SgtinUri before the serial, for building many serials of one GTIN cheaply.
std::string SgtinUriPrefix(std::string_view gtin14, std::size_t prefix_length, std::string_view dl_base);
// LGTIN class of `gtin14` and `lot`.
std::string LgtinUri(std::string_view gtin14, std::size_t prefix_length, std::string_view lot,
                     std::string_view dl_base);
std::string LgtinUriPrefix(std::string_view gtin14, std::size_t prefix_length, std::string_view dl_base);
// The class of all instances of `gtin14`: `urn:epc:idpat:sgtin:<GCP>.<ref>.*` or `<base>/01/<GTIN>`
// (how EPCClass master data names a product).
std::string GtinClassUri(std::string_view gtin14, std::size_t prefix_length, std::string_view dl_base);
// SSCC logistic unit.
std::string SsccUri(std::string_view sscc, std::size_t prefix_length, std::string_view dl_base);
// SGLN of a location GLN; `extension` "0" means none (DL: no AI 254).
std::string SglnUri(std::string_view gln, std::size_t prefix_length, std::string_view extension,
                    std::string_view dl_base);
// PGLN of a party GLN.
std::string PglnUri(std::string_view gln, std::size_t prefix_length, std::string_view dl_base);
// GIAI of an individual asset (a data logger, a truck): company prefix then `asset_reference`.
std::string GiaiUri(std::string_view company_prefix, std::string_view asset_reference, std::string_view dl_base);

}  // namespace txng::demo
