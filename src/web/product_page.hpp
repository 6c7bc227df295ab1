#pragma once
// The public product page a consumer sees after scanning a code: server-rendered from an
// auto-escaping template (web/template.hpp), Vietnamese by default with English on ?lang=en (or
// an Accept-Language that prefers English), readable without JavaScript on a 360-px phone, a few
// kilobytes of HTML and CSS.
//
// It shows the warnings first (unknown code, stamp not activated, voided, recalled, looks copied,
// already sold), then the product (name, image, brand, net content, GTIN, lot, serial, dates),
// the producer (name, address, province, tax code), the origin, the journey as a timeline (each
// stage: what, where, when, who), the standards and certifications, the digital product passport
// items of Decree 37/2026, the ten data items of Circular 02/2024 with what is known of each, the
// code's other links, and a "report a problem" form (POST /report, no script needed).

#include <string>
#include <string_view>

#include "service/product_view.hpp"

namespace txng::web {

struct ProductPageOptions {
    std::string lang = "vi";  // "vi" or "en"
    std::string path;         // the page's own path (the Digital Link path), for the language switch
    bool reported = false;    // the reader has just sent a report: thank them
};

// "en" when `lang_param` is "en", "vi" when it is "vi"; else from Accept-Language: "en" when an
// English tag comes before any Vietnamese one, otherwise "vi".
std::string PageLanguage(std::string_view lang_param, std::string_view accept_language);

std::string RenderProductPage(const service::ProductView& view, const ProductPageOptions& options);

// The Vietnamese and English labels of a CBV business step word ("receiving" -> "Nhận hàng",
// "Received"); the word itself when there is none.
std::string_view BizStepLabel(std::string_view word, bool english);

}  // namespace txng::web
