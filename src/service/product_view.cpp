#include "service/product_view.hpp"

#include <algorithm>

#include "epcis/query.hpp"
#include "gs1/percent_encoding.hpp"
#include "registry/access.hpp"
#include "service/event_access.hpp"
#include "service/trace_report.hpp"
#include "trace/trace_index.hpp"

namespace txng::service {
namespace {

// The canonical Digital Link of a GTIN with some of its qualifiers.
std::string Canonical(std::string_view gtin, std::string_view ai, std::string_view value) {
    gs1::DigitalLink dl;
    dl.path.push_back({"01", std::string(gtin)});
    if (!ai.empty()) dl.path.push_back({std::string(ai), std::string(value)});
    return epcis::CanonicalIdentifier(gs1::FormatDigitalLink(dl));
}

// YYMMDD (GS1 dates: a year 51-99 is 19xx) as YYYY-MM-DD; DD 00 means the month's end, kept as
// YYYY-MM.
std::string GsDate(std::string_view yymmdd) {
    if (yymmdd.size() != 6) return {};
    const int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
    std::string out =
        (yy >= 51 ? "19" : "20") + std::string(yymmdd.substr(0, 2)) + "-" + std::string(yymmdd.substr(2, 2));
    if (yymmdd.substr(4, 2) != "00") out += "-" + std::string(yymmdd.substr(4, 2));
    return out;
}

// The lot of a canonical lot-class Digital Link (/10/), percent-decoded.
std::string LotOfClass(std::string_view canonical) {
    const std::size_t at = canonical.find("/10/");
    if (at == std::string_view::npos) return {};
    std::string_view lot = canonical.substr(at + 4);
    lot = lot.substr(0, lot.find('/'));
    auto decoded = gs1::PercentDecode(lot);
    return decoded ? *decoded : std::string(lot);
}

// The 13 digits of a canonical GLN Digital Link (/414/<gln>[/254/...]); empty for others.
std::string GlnOf(std::string_view canonical) {
    const std::size_t at = canonical.find("/414/");
    if (at == std::string_view::npos || canonical.size() < at + 5 + 13) return {};
    return std::string(canonical.substr(at + 5, 13));
}

std::string IlmdDate(const epcis::Event& e, std::string_view name) {
    if (!e.ilmd) return {};
    for (const auto& f : *e.ilmd) {
        if (f.name == name && f.value.kind == epcis::ExtensionValue::Kind::kString) return f.value.text.substr(0, 10);
    }
    return {};
}

}  // namespace

std::string_view PageWarningName(PageWarning warning) {
    switch (warning) {
        case PageWarning::kUnknownCode:
            return "unknown_code";
        case PageWarning::kNotActivated:
            return "not_activated";
        case PageWarning::kVoided:
            return "voided";
        case PageWarning::kRecalled:
            return "recalled";
        case PageWarning::kLooksCopied:
            return "looks_copied";
        case PageWarning::kSold:
            return "sold";
    }
    return "unknown_code";
}

Result<ProductView> BuildProductView(const ProductViewSources& sources, const gs1::DigitalLink& dl) {
    if (dl.path.empty() || dl.path.front().ai != "01") {
        return InvalidArgument("path", "page.not_a_product",
                               "Trang sản phẩm chỉ dành cho mã GTIN (AI 01). / The product page is for GTINs (AI 01).");
    }
    ProductView view;
    view.gtin = dl.path.front().value;
    for (const auto& e : dl.path) {
        if (e.ai == "10") view.lot = e.value;
        if (e.ai == "21") view.serial = e.value;
    }
    if (const auto* expiry = dl.Find("17")) view.expiry = GsDate(expiry->value);
    {
        gs1::DigitalLink bare;
        bare.path = dl.path;
        view.code = epcis::CanonicalIdentifier(gs1::FormatDigitalLink(bare));
    }

    auto product = sources.registry.GetProduct(view.gtin);
    if (product) {
        view.product = std::move(*product);
        auto owner = sources.registry.GetEnterprise(view.product->owner);
        if (owner) {
            view.producer = registry::PublicEnterprise(std::move(*owner));
        } else if (owner.error().code != ErrorCode::kNotFound) {
            return owner.error();
        }
    } else if (product.error().code != ErrorCode::kNotFound) {
        return product.error();
    }

    if (sources.stamps != nullptr && !view.serial.empty()) {
        auto stamp = sources.stamps->GetStamp(view.gtin, view.serial);
        if (stamp) {
            view.stamp = std::move(*stamp);
            if (view.lot.empty()) view.lot = view.stamp->lot;
        } else if (stamp.error().code != ErrorCode::kNotFound) {
            return stamp.error();
        }
        store::SignalFilter filter;
        filter.gtin = view.gtin;
        filter.serial = view.serial;
        filter.limit = 100;  // one per kind: a handful at most
        auto signals = sources.stamps->ListSignals(filter);
        if (!signals) return signals.error();
        view.signals = std::move(*signals);
    }

    if (sources.links) {
        auto links = sources.links(registry::FallbackAnchors(dl));
        if (!links) return links.error();
        view.links = std::move(*links);
    }

    // From the trace index: whether events name the code, its lot, a recall, the commissioning event.
    const std::string instance = view.serial.empty() ? std::string() : Canonical(view.gtin, "21", view.serial);
    bool recalled = false;
    std::optional<std::int64_t> commissioning;
    std::string journey_root;
    auto read = sources.trace.Read([&](const trace::TraceIndex& ix) {
        auto judge = [&](trace::NodeId node) {
            for (const trace::EventRef e : ix.EventsOf(node)) {
                const trace::EventInfo& info = ix.Event(e);
                if (info.has_error) continue;
                if (info.disposition != 0 && ix.Text(info.disposition).ends_with("recalled")) recalled = true;
                if (info.action == trace::kActionAdd && !commissioning) commissioning = info.seq;
            }
        };
        std::optional<trace::NodeId> item;
        if (!instance.empty()) item = ix.FindCanonical(instance);
        if (item) {
            judge(*item);
            journey_root = instance;
            // The lot the item was commissioned into (ILMD lotNumber).
            for (const trace::EventRef e : ix.EventsOf(*item)) {
                for (auto l = ix.LinksBegin(e); l != ix.LinksBegin(e) + ix.Event(e).links_count; ++l) {
                    if ((l->roles & trace::kLinkLot) != 0 && view.lot.empty()) {
                        view.lot = LotOfClass(ix.NodeText(l->node));
                    }
                }
            }
        }
        if (!view.lot.empty()) {
            if (auto lot = ix.FindCanonical(Canonical(view.gtin, "10", view.lot))) {
                judge(*lot);
                if (journey_root.empty() && view.serial.empty()) journey_root = Canonical(view.gtin, "10", view.lot);
            }
        }
        view.events_known = !journey_root.empty();
    });
    if (!read && read.error().rule != "trace.loading") return read.error();

    if (commissioning) {
        auto ids = sources.trace.EventIds({*commissioning});
        if (ids && !ids->empty() && !ids->front().empty()) {
            auto event = sources.events.GetEvent(ids->front());
            if (event) {
                if (view.expiry.empty()) view.expiry = IlmdDate(event->event, "itemExpirationDate");
                view.best_before = IlmdDate(event->event, "bestBeforeDate");
                view.production_date = IlmdDate(event->event, "productionDate");
                if (view.production_date.empty()) view.production_date = IlmdDate(event->event, "harvestEndDate");
                if (view.production_date.empty()) {
                    // The day of the commissioning event, in Vietnam (UTC+7).
                    epcis::DateTime local = event->event.event_time;
                    local.unix_seconds += 7 * 3600;
                    view.production_date = local.ToUtcString(0).substr(0, 10);
                }
            }
        }
    }

    if (!journey_root.empty()) {
        EventAccess access(sources.registry, registry::Anonymous());
        auto steps = BuildStepsReport(sources.trace, journey_root, std::nullopt, IdFormat{}, &access);
        if (!steps && steps.error().code != ErrorCode::kNotFound && steps.error().rule != "trace.loading") {
            return steps.error();
        }
        if (steps) {
            for (const auto& stop : steps->stops) {
                JourneyStage stage;
                stage.biz_step = stop.arrival_biz_step;
                stage.last_biz_step = stop.last_biz_step;
                stage.place = stop.location;
                stage.arrived = stop.arrived;
                stage.left = stop.left;
                if (const std::string gln = GlnOf(stop.location); !gln.empty()) {
                    if (auto place = sources.registry.GetLocation(gln)) {
                        stage.place_name_vi = place->name.vi;
                        stage.place_name_en = place->name.en;
                        stage.province_code = place->address.province_code;
                        if (auto holder = sources.registry.GetEnterprise(place->owner)) {
                            stage.holder_name_vi = holder->name.vi;
                            stage.holder_name_en = holder->name.en;
                            if (stage.province_code.empty()) stage.province_code = holder->address.province_code;
                        }
                    }
                }
                view.journey.push_back(std::move(stage));
            }
        }
    }

    if (!view.product && !view.events_known) {
        view.warnings.push_back(PageWarning::kUnknownCode);
    } else if (!view.serial.empty() && !view.stamp && !view.events_known) {
        view.warnings.push_back(PageWarning::kUnknownCode);
    }
    if (recalled) view.warnings.push_back(PageWarning::kRecalled);
    if (view.stamp) {
        switch (view.stamp->status) {
            case store::StampStatus::kIssued:
                view.warnings.push_back(PageWarning::kNotActivated);
                break;
            case store::StampStatus::kVoided:
                view.warnings.push_back(PageWarning::kVoided);
                break;
            case store::StampStatus::kSold:
            case store::StampStatus::kConsumed:
                view.warnings.push_back(PageWarning::kSold);
                break;
            case store::StampStatus::kActivated:
                break;
        }
    }
    if (!view.signals.empty()) view.warnings.push_back(PageWarning::kLooksCopied);
    return view;
}

}  // namespace txng::service
