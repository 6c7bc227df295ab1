#include "service/lots.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "epcis/query.hpp"

namespace txng::service {
namespace {

constexpr std::string_view kMdaNamespace = "urn:epcglobal:cbv:mda";

std::string Ilmd(const epcis::Event& e, std::string_view name) {
    if (!e.ilmd) return {};
    for (const auto& f : *e.ilmd) {
        const bool mda = f.ns.starts_with(kMdaNamespace) || f.prefix == "cbvmda";
        if (mda && f.name == name && f.value.kind == epcis::ExtensionValue::Kind::kString) return f.value.text;
    }
    return {};
}

// The lot in an identifier: the /10/ of a Digital Link (canonical forms of lgtin classes are
// Digital Links with /10/), else empty.
std::string LotInIdentifier(std::string_view id) {
    const std::string canonical = epcis::CanonicalIdentifier(id);
    const auto at = canonical.find("/10/");
    if (at == std::string::npos) return {};
    std::string lot = canonical.substr(at + 4);
    return lot.substr(0, lot.find('/'));
}

}  // namespace

Result<Lots> LotsOf(store::EventStore& events, EventAccess& access, std::string_view gtin, std::size_t max_events) {
    const std::string product = "https://id.gs1.org/01/" + std::string(gtin);
    std::map<std::string, LotSummary> lots;
    std::map<std::string, std::set<std::string>> places;
    std::set<std::string> seen;  // eventIDs: an event may match both queries
    std::size_t read = 0;
    Lots out;
    for (const char* match : {"MATCH_anyEPC", "MATCH_anyEPCClass"}) {
        auto query =
            epcis::ParseEventQuery({{"eventType", {"ObjectEvent"}}, {"EQ_action", {"ADD"}}, {match, {product}}}, {});
        if (!query) return query.error();
        store::PageRequest page{1000, ""};
        for (;;) {
            auto found = events.QueryEvents(*query, page);
            if (!found) return found.error();
            for (auto& stored : found->events) {
                if (!seen.insert(stored.event_id).second) continue;
                if (++read > max_events) {
                    out.truncated = true;
                    break;
                }
                auto shown = access.Apply(stored.event);
                if (!shown) return shown.error();
                if (!*shown) continue;
                const epcis::Event& e = stored.event;
                std::string lot = Ilmd(e, "lotNumber");
                for (const auto& q : e.quantity_list) {
                    if (lot.empty()) lot = LotInIdentifier(q.epc_class);
                }
                for (const auto& epc : e.epc_list) {
                    if (lot.empty()) lot = LotInIdentifier(epc);
                }
                if (lot.empty()) continue;
                LotSummary& s = lots[lot];
                s.lot = lot;
                const std::string when = e.event_time.ToString();
                if (s.events == 0 || e.event_time < epcis::DateTime::Parse(s.first_commissioned).value()) {
                    s.first_commissioned = when;
                }
                if (s.events == 0 || e.event_time > epcis::DateTime::Parse(s.last_commissioned).value()) {
                    s.last_commissioned = when;
                }
                ++s.events;
                if (auto v = Ilmd(e, "bestBeforeDate"); !v.empty()) s.best_before = v;
                if (auto v = Ilmd(e, "itemExpirationDate"); !v.empty()) s.expiry = v;
                if (auto v = Ilmd(e, "productionDate"); !v.empty()) s.production_date = v;
                if (e.biz_location) places[lot].insert(epcis::CanonicalIdentifier(e.biz_location->id));
            }
            if (out.truncated || found->next_cursor.empty()) break;
            page.cursor = found->next_cursor;
        }
        if (out.truncated) break;
    }
    for (auto& [lot, s] : lots) {
        s.locations.assign(places[lot].begin(), places[lot].end());
        out.lots.push_back(std::move(s));
    }
    return out;
}

}  // namespace txng::service
