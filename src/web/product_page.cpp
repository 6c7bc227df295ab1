#include "web/product_page.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <ctime>

#include "epcis/date_time.hpp"
#include "registry/province.hpp"
#include "web/template.hpp"

namespace txng::web {
namespace {

// Everything the page shows is escaped by the template engine; link targets also pass SafeUrl.
constexpr std::string_view kPage = R"(<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{title}}</title>
<style>
*{box-sizing:border-box}body{margin:0;overflow-wrap:anywhere;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f4f6f8}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{display:flex;justify-content:space-between;align-items:center;padding-top:.75rem;padding-bottom:.75rem;font-size:.9rem}
header a{color:#0b5cad}
section{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;overflow-wrap:anywhere}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .5rem}h2{font-size:1.1rem;margin:0 0 .5rem}
.warn{border-left:.4rem solid #c62828;background:#fdecea}.info{border-left:.4rem solid #8a6d00;background:#fff8e1}
.ok{border-left:.4rem solid #2e7d32;background:#edf7ee}
dl{display:grid;grid-template-columns:minmax(7rem,35%) 1fr;gap:.25rem .75rem;margin:0}dt{color:#57606a}dd{margin:0}
img.product{display:block;max-width:100%;height:auto;max-height:16rem;margin:0 auto .75rem;border-radius:.25rem}
ol.journey{list-style:none;margin:0;padding:0 0 0 1rem;border-left:.2rem solid #0b5cad}
ol.journey li{position:relative;margin:0 0 1rem;padding-left:.5rem}
ol.journey li:before{content:"";position:absolute;left:-1.45rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:#0b5cad}
.what{font-weight:600}.muted{color:#57606a;font-size:.9rem}
ul.items{margin:0;padding-left:1.2rem}
label{display:block;margin:.5rem 0 .25rem}select,textarea,input{width:100%;font:inherit;padding:.4rem;border:1px solid #8c959f;border-radius:.25rem}
button{margin-top:.75rem;font:inherit;padding:.5rem 1rem;border:0;border-radius:.25rem;background:#0b5cad;color:#fff}
.code{font-family:ui-monospace,monospace;font-size:.9rem}
</style>
</head>
<body>
<header><span>{{t.portal}}</span><a href="{{switch_href}}" hreflang="{{switch_lang}}" lang="{{switch_lang}}">{{switch_label}}</a></header>
<main>
{{#reported}}<section class="ok" role="status"><strong>{{t.thanks}}</strong></section>{{/reported}}
{{#warnings}}<section class="{{class}}" role="alert" data-warning="{{name}}"><h2>{{heading}}</h2><p>{{text}}</p></section>{{/warnings}}
<section>
{{#image}}<img class="product" src="{{image}}" alt="{{name}}" width="320" height="256" loading="lazy">{{/image}}
<h1>{{name}}</h1>
<dl>
{{#brand}}<dt>{{t.brand}}</dt><dd>{{brand}}</dd>{{/brand}}
{{#net}}<dt>{{t.net}}</dt><dd>{{net}}</dd>{{/net}}
<dt>GTIN</dt><dd class="code">{{gtin}}</dd>
{{#lot}}<dt>{{t.lot}}</dt><dd class="code">{{lot}}</dd>{{/lot}}
{{#serial}}<dt>{{t.serial}}</dt><dd class="code">{{serial}}</dd>{{/serial}}
{{#production}}<dt>{{t.production}}</dt><dd>{{production}}</dd>{{/production}}
{{#best_before}}<dt>{{t.best_before}}</dt><dd>{{best_before}}</dd>{{/best_before}}
{{#expiry}}<dt>{{t.expiry}}</dt><dd>{{expiry}}</dd>{{/expiry}}
{{#stamp_status}}<dt>{{t.stamp}}</dt><dd>{{stamp_status}}</dd>{{/stamp_status}}
</dl>
</section>
{{#producer}}<section><h2>{{t.producer}}</h2><dl>
<dt>{{t.producer_name}}</dt><dd>{{name}}</dd>
{{#address}}<dt>{{t.address}}</dt><dd>{{address}}</dd>{{/address}}
{{#province}}<dt>{{t.province}}</dt><dd>{{province}}</dd>{{/province}}
<dt>{{t.tax_code}}</dt><dd class="code">{{tax_code}}</dd>
{{#gln}}<dt>GLN</dt><dd class="code">{{gln}}</dd>{{/gln}}
</dl></section>{{/producer}}
{{#origin}}<section><h2>{{t.origin}}</h2><p>{{origin}}</p></section>{{/origin}}
<section><h2>{{t.journey}}</h2>
{{#has_journey}}<ol class="journey">{{#journey}}<li><div class="what">{{what}}</div><div>{{where}}{{#province}}, {{province}}{{/province}}</div>{{#who}}<div>{{t.by}} {{who}}</div>{{/who}}<div class="muted"><time datetime="{{arrived_iso}}">{{arrived}}</time>{{#left}} – <time datetime="{{left_iso}}">{{left}}</time>{{/left}}</div></li>{{/journey}}</ol>{{/has_journey}}
{{^has_journey}}<p class="muted">{{t.no_journey}}</p>{{/has_journey}}
</section>
<section><h2>{{t.standards}}</h2>
{{#has_standards}}<ul class="items">{{#standards}}<li>{{.}}</li>{{/standards}}</ul>{{/has_standards}}
{{#has_certificates}}<ul class="items">{{#certificates}}<li><a href="{{href}}" rel="nofollow noopener">{{title}}</a></li>{{/certificates}}</ul>{{/has_certificates}}
{{^has_standards}}{{^has_certificates}}<p class="muted">{{t.none_declared}}</p>{{/has_certificates}}{{/has_standards}}
</section>
<section><h2>{{t.passport}}</h2><dl>{{#passport}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/passport}}</dl></section>
<section><h2>{{t.circular}}</h2><dl>{{#circular}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/circular}}</dl></section>
{{#has_links}}<section><h2>{{t.links}}</h2><ul class="items">{{#links}}<li><a href="{{href}}" rel="nofollow noopener"{{#hreflang}} hreflang="{{hreflang}}"{{/hreflang}}>{{title}}</a> <span class="muted">{{type}}</span></li>{{/links}}</ul></section>{{/has_links}}
<section id="report"><h2>{{t.report}}</h2>
<form method="post" action="/report">
<input type="hidden" name="code" value="{{code}}"><input type="hidden" name="lang" value="{{lang}}">
<label for="kind">{{t.report_kind}}</label>
<select id="kind" name="kind">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select>
<label for="message">{{t.report_message}}</label>
<textarea id="message" name="message" rows="4" maxlength="2000" required></textarea>
<label for="contact">{{t.report_contact}}</label>
<input id="contact" name="contact" maxlength="200" autocomplete="off">
<label for="province">{{t.report_province}}</label>
<select id="province" name="province"><option value="">—</option>{{#provinces}}<option value="{{code}}">{{name}}</option>{{/provinces}}</select>
<button type="submit">{{t.report_send}}</button>
</form></section>
</main>
<footer><p class="muted">{{t.footer}} <span class="code">{{code}}</span></p></footer>
</body>
</html>
)";

struct Labels {
    std::string_view portal, thanks, brand, net, lot, serial, production, best_before, expiry, stamp, producer,
        producer_name, address, province, tax_code, origin, journey, by, no_journey, standards, none_declared, passport,
        circular, links, report, report_kind, report_message, report_contact, report_province, report_send, footer,
        not_known, unknown_product;
};

constexpr Labels kVi{
    "Cổng truy xuất nguồn gốc sản phẩm, hàng hóa",
    "Cảm ơn bạn. Phản ánh đã được ghi nhận và sẽ được chuyển tới doanh nghiệp và cơ quan quản lý.",
    "Nhãn hiệu",
    "Khối lượng / thể tích",
    "Số lô",
    "Số sê-ri",
    "Ngày sản xuất",
    "Sử dụng tốt nhất trước",
    "Hạn sử dụng",
    "Trạng thái tem",
    "Nhà sản xuất",
    "Tên",
    "Địa chỉ",
    "Tỉnh, thành phố",
    "Mã số thuế",
    "Xuất xứ",
    "Hành trình sản phẩm",
    "bởi",
    "Chưa có dữ liệu hành trình công khai cho mã này.",
    "Tiêu chuẩn và chứng nhận",
    "Doanh nghiệp chưa công bố tiêu chuẩn hay chứng nhận.",
    "Hộ chiếu số của sản phẩm (Nghị định 37/2026)",
    "Dữ liệu tối thiểu (Thông tư 02/2024)",
    "Thông tin khác",
    "Phản ánh về sản phẩm",
    "Vấn đề",
    "Nội dung",
    "Liên hệ của bạn (không bắt buộc)",
    "Bạn đang ở tỉnh, thành phố nào (không bắt buộc)",
    "Gửi phản ánh",
    "Mã truy xuất:",
    "Chưa có thông tin",
    "Sản phẩm chưa đăng ký",
};

constexpr Labels kEn{
    "National product traceability portal",
    "Thank you. Your report has been recorded and will be passed to the enterprise and the authorities.",
    "Brand",
    "Net content",
    "Lot",
    "Serial number",
    "Production date",
    "Best before",
    "Expiry date",
    "Stamp status",
    "Producer",
    "Name",
    "Address",
    "Province or city",
    "Tax code",
    "Origin",
    "Journey of the product",
    "by",
    "No public journey has been recorded for this code yet.",
    "Standards and certifications",
    "The enterprise has not declared standards or certifications.",
    "Digital product passport (Decree 37/2026)",
    "Minimum data (Circular 02/2024)",
    "More information",
    "Report a problem",
    "Problem",
    "Details",
    "How to reach you (optional)",
    "Your province or city (optional)",
    "Send the report",
    "Trace code:",
    "Not known",
    "Unregistered product",
};

struct BizStep {
    std::string_view word, vi, en;
};
constexpr std::array<BizStep, 28> kBizSteps{{
    {"accepting", "Tiếp nhận", "Accepted"},
    {"arriving", "Đến nơi", "Arrived"},
    {"assembling", "Lắp ráp", "Assembled"},
    {"collecting", "Thu gom", "Collected"},
    {"commissioning", "Tạo mã, đưa vào lưu thông", "Commissioned"},
    {"consigning", "Ký gửi", "Consigned"},
    {"creating_class_instance", "Sản xuất", "Produced"},
    {"cycle_counting", "Kiểm kê", "Counted"},
    {"decommissioning", "Hủy mã", "Decommissioned"},
    {"departing", "Rời đi", "Departed"},
    {"destroying", "Tiêu hủy", "Destroyed"},
    {"dispensing", "Đã sử dụng", "Dispensed"},
    {"harvesting", "Thu hoạch", "Harvested"},
    {"holding", "Tạm giữ", "Held"},
    {"inspecting", "Kiểm tra", "Inspected"},
    {"loading", "Bốc xếp lên xe", "Loaded"},
    {"packing", "Đóng gói", "Packed"},
    {"picking", "Soạn hàng", "Picked"},
    {"receiving", "Nhận hàng", "Received"},
    {"retail_selling", "Bán lẻ", "Sold at retail"},
    {"shipping", "Xuất hàng", "Shipped"},
    {"slaughtering", "Giết mổ", "Slaughtered"},
    {"stocking", "Lên kệ", "Stocked"},
    {"storing", "Lưu kho", "Stored"},
    {"transforming", "Chế biến", "Processed"},
    {"unloading", "Dỡ hàng", "Unloaded"},
    {"unpacking", "Mở gói", "Unpacked"},
    {"sensor_reporting", "Ghi nhận cảm biến", "Sensor reading"},
}};

struct Warning {
    service::PageWarning kind;
    std::string_view css;
    std::string_view heading_vi, text_vi, heading_en, text_en;
};
constexpr std::array<Warning, 6> kWarnings{{
    {service::PageWarning::kRecalled, "warn", "Sản phẩm bị thu hồi",
     "Lô hàng này đang bị thu hồi. Không sử dụng sản phẩm; hãy liên hệ nơi bán hoặc nhà sản xuất.",
     "This product is recalled",
     "This lot is being recalled. Do not use the product; contact the seller or the producer."},
    {service::PageWarning::kLooksCopied, "warn", "Mã có dấu hiệu bị sao chép",
     "Mã này được quét ở những nơi hoặc vào những thời điểm bất thường. Hàng có thể là hàng giả: hãy kiểm tra kỹ và "
     "phản ánh nếu nghi ngờ.",
     "This code looks copied",
     "This code has been scanned in unusual places or at unusual times. The goods may be fake: check them carefully "
     "and report it if in doubt."},
    {service::PageWarning::kVoided, "warn", "Tem đã bị hủy",
     "Tem này đã bị doanh nghiệp hủy và không còn giá trị. Sản phẩm mang tem này có thể không chính hãng.",
     "This stamp was voided",
     "The enterprise voided this stamp; it is no longer valid. Goods carrying it may not be genuine."},
    {service::PageWarning::kUnknownCode, "warn", "Mã không có trong hệ thống",
     "Không tìm thấy mã này trong cổng truy xuất. Mã có thể bị in sai hoặc là mã giả.", "Unknown code",
     "This code is not known to the traceability portal. It may be misprinted, or fake."},
    {service::PageWarning::kNotActivated, "warn", "Tem chưa được kích hoạt",
     "Tem này đã được phát hành nhưng chưa được gắn với lô hàng nào. Hàng bán ra phải mang tem đã kích hoạt.",
     "This stamp is not activated",
     "This stamp was issued but never put on a lot. Goods on sale should carry an activated stamp."},
    {service::PageWarning::kSold, "info", "Tem đã được ghi nhận bán",
     "Sản phẩm mang tem này đã được bán hoặc sử dụng. Nếu bạn đang mua hàng, tem có thể đã bị dùng lại.",
     "This stamp was already sold",
     "The goods carrying this stamp were recorded as sold or used. If you are buying now, the stamp may be reused."},
}};

const Template& PageTemplate() {
    static const Template compiled = [] {
        auto t = Template::Compile(kPage);
        if (!t) std::abort();  // a bug in kPage: the page tests compile it
        return std::move(*t);
    }();
    return compiled;
}

// RFC 3339 UTC -> Vietnam time (+07:00), "dd/mm/yyyy hh:mm" or "yyyy-mm-dd hh:mm".
std::string LocalTime(std::string_view utc, bool english) {
    auto t = epcis::DateTime::Parse(utc);
    if (!t) return std::string(utc);
    const std::time_t seconds = static_cast<std::time_t>(t->unix_seconds + 7 * 3600);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    return english ? fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                 tm.tm_hour, tm.tm_min)
                   : fmt::format("{:02}/{:02}/{:04} {:02}:{:02}", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900,
                                 tm.tm_hour, tm.tm_min);
}

// YYYY-MM-DD (or YYYY-MM) -> dd/mm/yyyy in Vietnamese.
std::string LocalDate(std::string_view date, bool english) {
    if (english || date.size() < 7) return std::string(date);
    if (date.size() >= 10) {
        return fmt::format("{}/{}/{}", date.substr(8, 2), date.substr(5, 2), date.substr(0, 4));
    }
    return fmt::format("{}/{}", date.substr(5, 2), date.substr(0, 4));
}

std::string ProvinceName(std::string_view code, bool english) {
    const auto* p = registry::FindProvince(code);
    if (p == nullptr) return {};
    return std::string(english ? p->name_en : p->name_vi);
}

std::string Pick(const std::string& vi, const std::string& en, bool english) {
    return english && !en.empty() ? en : vi;
}

std::string NetContent(const registry::NetContent& n) {
    std::string unit = n.unit_code;
    if (unit == "GRM") unit = "g";
    if (unit == "KGM") unit = "kg";
    if (unit == "MLT") unit = "ml";
    if (unit == "LTR") unit = "l";
    if (unit == "H87") unit = "";
    std::string value = fmt::format("{}", n.value);
    return unit.empty() ? value : value + " " + unit;
}

std::string StampStatusLabel(store::StampStatus s, bool english) {
    switch (s) {
        case store::StampStatus::kIssued:
            return english ? "issued, not activated" : "đã phát hành, chưa kích hoạt";
        case store::StampStatus::kActivated:
            return english ? "activated" : "đã kích hoạt";
        case store::StampStatus::kSold:
            return english ? "sold" : "đã bán";
        case store::StampStatus::kConsumed:
            return english ? "used" : "đã sử dụng";
        case store::StampStatus::kVoided:
            return english ? "voided" : "đã hủy";
    }
    return {};
}

}  // namespace

std::string_view BizStepLabel(std::string_view word, bool english) {
    for (const auto& b : kBizSteps) {
        if (b.word == word) return english ? b.en : b.vi;
    }
    return word;
}

std::string PageLanguage(std::string_view lang_param, std::string_view accept_language) {
    if (lang_param == "en" || lang_param == "vi") return std::string(lang_param);
    // The first tag naming English or Vietnamese decides (q-values are rarely out of order).
    std::size_t start = 0;
    while (start < accept_language.size()) {
        std::size_t end = accept_language.find(',', start);
        if (end == std::string_view::npos) end = accept_language.size();
        std::string_view tag = accept_language.substr(start, end - start);
        tag = tag.substr(0, tag.find(';'));
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        const std::string_view primary = tag.substr(0, tag.find('-'));
        if (primary == "vi" || primary == "VI") return "vi";
        if (primary == "en" || primary == "EN") return "en";
        start = end + 1;
    }
    return "vi";
}

std::string RenderProductPage(const service::ProductView& view, const ProductPageOptions& options) {
    const bool en = options.lang == "en";
    const Labels& l = en ? kEn : kVi;
    Value t = Value::Object();
    for (const auto& [name, text] :
         std::initializer_list<std::pair<const char*, std::string_view>>{{"portal", l.portal},
                                                                         {"thanks", l.thanks},
                                                                         {"brand", l.brand},
                                                                         {"net", l.net},
                                                                         {"lot", l.lot},
                                                                         {"serial", l.serial},
                                                                         {"production", l.production},
                                                                         {"best_before", l.best_before},
                                                                         {"expiry", l.expiry},
                                                                         {"stamp", l.stamp},
                                                                         {"producer", l.producer},
                                                                         {"producer_name", l.producer_name},
                                                                         {"address", l.address},
                                                                         {"province", l.province},
                                                                         {"tax_code", l.tax_code},
                                                                         {"origin", l.origin},
                                                                         {"journey", l.journey},
                                                                         {"by", l.by},
                                                                         {"no_journey", l.no_journey},
                                                                         {"standards", l.standards},
                                                                         {"none_declared", l.none_declared},
                                                                         {"passport", l.passport},
                                                                         {"circular", l.circular},
                                                                         {"links", l.links},
                                                                         {"report", l.report},
                                                                         {"report_kind", l.report_kind},
                                                                         {"report_message", l.report_message},
                                                                         {"report_contact", l.report_contact},
                                                                         {"report_province", l.report_province},
                                                                         {"report_send", l.report_send},
                                                                         {"footer", l.footer}}) {
        t.Set(name, Value(text));
    }

    Value page = Value::Object();
    page.Set("lang", Value(en ? "en" : "vi"));
    page.Set("t", std::move(t));
    page.Set("switch_lang", Value(en ? "vi" : "en"));
    page.Set("switch_label", Value(en ? "Tiếng Việt" : "English"));
    page.Set("switch_href", Value(SafeUrl(options.path + (en ? "?lang=vi" : "?lang=en"))));
    page.Set("reported", Value(options.reported));
    page.Set("code", Value(view.code));

    const std::string not_known(l.not_known);
    const std::string name =
        view.product ? Pick(view.product->name.vi, view.product->name.en, en) : std::string(l.unknown_product);
    page.Set("name", Value(name));
    page.Set("title", Value(name + " – " + std::string(en ? "Traceability" : "Truy xuất nguồn gốc")));
    page.Set("gtin", Value(view.gtin));
    page.Set("lot", Value(view.lot));
    page.Set("serial", Value(view.serial));
    page.Set("production", Value(LocalDate(view.production_date, en)));
    page.Set("best_before", Value(LocalDate(view.best_before, en)));
    page.Set("expiry", Value(LocalDate(view.expiry, en)));
    if (view.stamp) page.Set("stamp_status", Value(StampStatusLabel(view.stamp->status, en)));

    Value warnings = Value::List({});
    for (const auto& w : kWarnings) {
        if (std::find(view.warnings.begin(), view.warnings.end(), w.kind) == view.warnings.end()) continue;
        warnings.Push(Value::Object()
                          .Set("class", Value(w.css))
                          .Set("name", Value(service::PageWarningName(w.kind)))
                          .Set("heading", Value(en ? w.heading_en : w.heading_vi))
                          .Set("text", Value(en ? w.text_en : w.text_vi)));
    }
    page.Set("warnings", std::move(warnings));

    std::string origin;
    std::vector<std::string> standards;
    if (view.product) {
        const auto& p = *view.product;
        page.Set("brand", Value(p.brand));
        if (p.net_content) page.Set("net", Value(NetContent(*p.net_content)));
        if (!p.images.empty()) page.Set("image", Value("/api/v1/images/" + p.images.front()));
        const std::string country = p.origin_country.empty() ? "VN" : p.origin_country;
        origin = country == "VN" ? std::string(en ? "Viet Nam" : "Việt Nam") : country;
        if (!p.origin_province.empty()) origin = ProvinceName(p.origin_province, en) + ", " + origin;
        standards = p.standards;
    }
    page.Set("origin", Value(origin));

    std::string producer_line = not_known;
    if (view.producer) {
        const auto& e = *view.producer;
        const std::string province = ProvinceName(e.address.province_code, en);
        producer_line = Pick(e.name.vi, e.name.en, en) + (province.empty() ? "" : ", " + province);
        page.Set("producer", Value::Object()
                                 .Set("name", Value(Pick(e.name.vi, e.name.en, en)))
                                 .Set("address", Value(e.address.street))
                                 .Set("province", Value(province))
                                 .Set("tax_code", Value(e.tax_code))
                                 .Set("gln", Value(e.gln)));
    }

    Value journey = Value::List({});
    for (const auto& s : view.journey) {
        std::string where = Pick(s.place_name_vi, s.place_name_en, en);
        if (where.empty()) where = s.place;
        journey.Push(Value::Object()
                         .Set("what", Value(BizStepLabel(s.biz_step, en)))
                         .Set("where", Value(where))
                         .Set("province", Value(ProvinceName(s.province_code, en)))
                         .Set("who", Value(Pick(s.holder_name_vi, s.holder_name_en, en)))
                         .Set("arrived", Value(LocalTime(s.arrived, en)))
                         .Set("arrived_iso", Value(s.arrived))
                         .Set("left", Value(s.left != s.arrived ? LocalTime(s.left, en) : std::string()))
                         .Set("left_iso", Value(s.left)));
    }
    page.Set("has_journey", Value(!view.journey.empty()));
    page.Set("journey", std::move(journey));

    Value standard_list = Value::List({});
    for (const auto& s : standards) standard_list.Push(Value(s));
    page.Set("has_standards", Value(!standards.empty()));
    page.Set("standards", std::move(standard_list));
    Value certificates = Value::List({});
    Value links = Value::List({});
    std::vector<std::string> certificate_titles;
    for (const auto& link : view.links) {
        Value item = Value::Object()
                         .Set("href", Value(SafeUrl(link.href)))
                         .Set("title", Value(link.title))
                         .Set("type", Value(registry::LinkTypeCurie(link.link_type)));
        if (!link.hreflang.empty()) item.Set("hreflang", Value(link.hreflang.front()));
        if (link.link_type.ends_with("/certificationInfo")) {
            certificate_titles.push_back(link.title);
            certificates.Push(std::move(item));
        } else {
            links.Push(std::move(item));
        }
    }
    page.Set("has_certificates", Value(!certificate_titles.empty()));
    page.Set("has_links", Value(links.Truthy()));
    page.Set("certificates", std::move(certificates));
    page.Set("links", std::move(links));

    auto join = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
        return out;
    };
    auto or_unknown = [&](std::string v) { return v.empty() ? not_known : v; };
    std::string address;
    if (view.producer) {
        address = view.producer->address.street;
        const std::string province = ProvinceName(view.producer->address.province_code, en);
        if (!province.empty()) address += (address.empty() ? "" : ", ") + province;
    }
    const std::string journey_summary =
        view.journey.empty()
            ? not_known
            : fmt::format(fmt::runtime(en ? "{} stage(s), see the journey above" : "{} chặng, xem hành trình ở trên"),
                          view.journey.size());
    const std::string stages_times = view.journey.empty() ? not_known
                                                          : LocalTime(view.journey.front().arrived, en) + " – " +
                                                                LocalTime(view.journey.back().left, en);
    std::string code_line = view.gtin;
    if (!view.lot.empty()) code_line += " / " + std::string(l.lot) + " " + view.lot;
    if (!view.serial.empty()) code_line += " / " + std::string(l.serial) + " " + view.serial;
    std::string dates;
    if (!view.production_date.empty()) dates = std::string(l.production) + ": " + LocalDate(view.production_date, en);
    if (!view.expiry.empty()) {
        dates += (dates.empty() ? "" : "; ") + std::string(l.expiry) + ": " + LocalDate(view.expiry, en);
    }
    std::vector<std::string> brand_serial;
    if (view.product && !view.product->brand.empty()) brand_serial.push_back(view.product->brand);
    if (!view.serial.empty()) brand_serial.push_back(view.serial);
    std::vector<std::string> conformity = standards;
    conformity.insert(conformity.end(), certificate_titles.begin(), certificate_titles.end());

    auto rows = [](std::initializer_list<std::pair<std::string_view, std::string>> items) {
        Value list = Value::List({});
        for (const auto& [label, value] : items) {
            list.Push(Value::Object().Set("label", Value(label)).Set("value", Value(value)));
        }
        return list;
    };
    std::string safety = en ? "None published by the producer" : "Nhà sản xuất chưa công bố";
    if (view.product && !view.product->safety_warnings.vi.empty()) {
        const auto& w = view.product->safety_warnings;
        safety = en && !w.en.empty() ? w.en : w.vi;
    }
    page.Set("passport",
             rows({{en ? "Name and GTIN" : "Tên và GTIN", name + " (" + view.gtin + ")"},
                   {en ? "Producer or importer" : "Nhà sản xuất, nhập khẩu", producer_line},
                   {en ? "Address" : "Địa chỉ", or_unknown(address)},
                   {en ? "Identifier" : "Mã định danh",
                    view.producer
                        ? view.producer->tax_code + (view.producer->gln.empty() ? "" : " / GLN " + view.producer->gln)
                        : not_known},
                   {en ? "Origin" : "Xuất xứ", or_unknown(origin)},
                   {en ? "Traceability" : "Thông tin truy xuất", journey_summary},
                   {en ? "Conformity and quality" : "Chứng nhận hợp chuẩn, chất lượng", or_unknown(join(conformity))},
                   {en ? "Production and expiry" : "Ngày sản xuất, hạn dùng", or_unknown(dates)},
                   {en ? "Safety warnings" : "Cảnh báo an toàn", safety}}));
    page.Set(
        "circular",
        rows({{en ? "1. Product name" : "1. Tên sản phẩm", name},
              {en ? "2. Product images" : "2. Hình ảnh sản phẩm",
               view.product && !view.product->images.empty()
                   ? fmt::format(fmt::runtime(en ? "{} image(s)" : "{} ảnh"), view.product->images.size())
                   : not_known},
              {en ? "3. Producer or trader" : "3. Tên cơ sở sản xuất, kinh doanh", producer_line},
              {en ? "4. Its address" : "4. Địa chỉ", or_unknown(address)},
              {en ? "5. Production and business stages" : "5. Các công đoạn sản xuất, kinh doanh", journey_summary},
              {en ? "6. Production and business times" : "6. Thời gian sản xuất, kinh doanh", stages_times},
              {en ? "7. Product trace code" : "7. Mã truy vết sản phẩm", code_line},
              {en ? "8. Brand, model, serial" : "8. Nhãn hiệu, kiểu, số sê-ri", or_unknown(join(brand_serial))},
              {en ? "9. Shelf life or expiry" : "9. Hạn sử dụng",
               !view.expiry.empty() ? LocalDate(view.expiry, en)
               : view.product && view.product->shelf_life_days
                   ? fmt::format(fmt::runtime(en ? "{} days" : "{} ngày"), *view.product->shelf_life_days)
                   : not_known},
              {en ? "10. Standards applied" : "10. Tiêu chuẩn áp dụng", or_unknown(join(standards))}}));

    Value kinds = Value::List({});
    for (const auto& [value, vi, english] : std::initializer_list<std::tuple<const char*, const char*, const char*>>{
             {"counterfeit", "Nghi hàng giả, tem giả", "Suspected fake goods or stamp"},
             {"quality", "Chất lượng sản phẩm", "Product quality"},
             {"safety", "An toàn, sức khỏe", "Safety or health"},
             {"wrong_info", "Thông tin sai", "Wrong information"},
             {"other", "Khác", "Other"}}) {
        kinds.Push(Value::Object().Set("value", Value(value)).Set("label", Value(en ? english : vi)));
    }
    page.Set("kinds", std::move(kinds));
    Value provinces = Value::List({});
    for (const auto& p : registry::Provinces()) {
        provinces.Push(Value::Object().Set("code", Value(p.code)).Set("name", Value(en ? p.name_en : p.name_vi)));
    }
    page.Set("provinces", std::move(provinces));
    return PageTemplate().Render(page);
}

}  // namespace txng::web
