#include "demo/chain_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "demo/identifiers.hpp"
#include "epcis/cbv.hpp"
#include "epcis/document_io.hpp"
#include "gs1/epc_uri.hpp"

namespace txng::demo {
namespace {

using epcis::Event;
using epcis::EventType;

std::vector<epcis::Document> Generate(const ChainOptions& options, std::size_t per_document) {
    ChainGenerator generator(options);
    std::vector<epcis::Document> docs;
    epcis::Document doc;
    while (generator.Next(doc, per_document)) docs.push_back(doc);
    return docs;
}

std::vector<Event> Flatten(const std::vector<epcis::Document>& docs) {
    std::vector<Event> events;
    for (const auto& d : docs) events.insert(events.end(), d.events.begin(), d.events.end());
    return events;
}

std::int64_t Millis(const epcis::DateTime& t) { return t.UnixMillis(); }

// One generated data set shared by the tests that only read it (generation is deterministic).
class ChainGeneratorTest : public ::testing::Test {
  protected:
    static constexpr std::uint64_t kEvents = 40'000;

    static void SetUpTestSuite() {
        generator_ = new ChainGenerator({.target_events = kEvents, .seed = 11, .collect_ground_truth = true});
        docs_ = new std::vector<epcis::Document>();
        epcis::Document doc;
        while (generator_->Next(doc, 1000)) docs_->push_back(doc);
        events_ = new std::vector<Event>(Flatten(*docs_));
        prefixes_ = new gs1::TableCompanyPrefixProvider(CompanyPrefixes(DemoMasterData()));
    }
    static void TearDownTestSuite() {
        delete generator_;
        delete docs_;
        delete events_;
        delete prefixes_;
    }

    // Any identifier as an EPC URN (Digital Links converted with the demo's company prefixes).
    static std::string Urn(const std::string& uri) {
        if (uri.starts_with("urn:")) return uri;
        auto urn = gs1::DigitalLinkToEpcUri(uri, *prefixes_);
        EXPECT_TRUE(urn) << uri;
        return urn ? *urn : uri;
    }
    // The location index of an SGLN (any form, extension ignored).
    static std::optional<std::size_t> LocationOf(const std::string& uri) {
        const std::string urn = Urn(uri);
        auto parsed = gs1::ParseEpcUri(urn);
        if (!parsed || parsed->scheme != "sgln") return std::nullopt;
        return DemoMasterData().FindLocationByGln(WithCheckDigit(parsed->components[0] + parsed->components[1]));
    }

    static ChainGenerator* generator_;
    static std::vector<epcis::Document>* docs_;
    static std::vector<Event>* events_;
    static gs1::TableCompanyPrefixProvider* prefixes_;
};

ChainGenerator* ChainGeneratorTest::generator_ = nullptr;
std::vector<epcis::Document>* ChainGeneratorTest::docs_ = nullptr;
std::vector<Event>* ChainGeneratorTest::events_ = nullptr;
gs1::TableCompanyPrefixProvider* ChainGeneratorTest::prefixes_ = nullptr;

TEST_F(ChainGeneratorTest, EveryDocumentPassesValidationInJsonAndXml) {
    for (std::size_t i = 0; i < docs_->size(); ++i) {
        const auto& doc = (*docs_)[i];
        SCOPED_TRACE("document " + std::to_string(i + 1));
        for (const auto format : {epcis::Format::kJson, epcis::Format::kXml}) {
            const std::string text = epcis::EncodeDocument(doc, format);
            auto loaded = epcis::LoadDocument(text);
            ASSERT_TRUE(loaded) << epcis::FormatName(format) << ": " << loaded.error().ToString();
            for (const auto& w : loaded->warnings) ADD_FAILURE() << epcis::FormatName(format) << ": " << w.ToString();
            ASSERT_EQ(loaded->document.events.size(), doc.events.size());
            if (format == epcis::Format::kJson) {
                EXPECT_EQ(loaded->document.events, doc.events) << "the JSON encoding is lossless";
            }
        }
    }
}

TEST_F(ChainGeneratorTest, MeetsTheRequestedCountExactly) {
    EXPECT_EQ(generator_->events_generated(), kEvents);
    EXPECT_EQ(events_->size(), kEvents);
    EXPECT_EQ(docs_->size(), kEvents / 1000);
    for (const auto& d : *docs_) EXPECT_EQ(d.events.size(), 1000u);
    epcis::Document doc;
    EXPECT_FALSE(generator_->Next(doc, 1000));
    EXPECT_TRUE(doc.events.empty());

    for (const std::uint64_t target : {1u, 7u, 999u, 1000u, 1001u, 4321u}) {
        for (const std::size_t per : {1u, 10u, 1000u}) {
            if (target / per > 1000) continue;
            ChainGenerator g({.target_events = target, .seed = target});
            std::uint64_t total = 0;
            std::size_t documents = 0;
            while (g.Next(doc, per)) {
                ASSERT_LE(doc.events.size(), per);
                total += doc.events.size();
                ++documents;
                if (total < target) {
                    ASSERT_EQ(doc.events.size(), per);
                }
            }
            EXPECT_EQ(total, target) << "target " << target << " per " << per;
            EXPECT_EQ(documents, (target + per - 1) / per);
        }
    }
    ChainGenerator g({.target_events = 10});
    EXPECT_FALSE(g.Next(doc, 0));
    EXPECT_EQ(g.events_generated(), 0u);
}

TEST_F(ChainGeneratorTest, SameOptionsGiveTheSameBytes) {
    const ChainOptions options{.target_events = 6000, .seed = 5};
    const auto a = Generate(options, 500);
    const auto b = Generate(options, 500);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(epcis::EncodeDocument(a[i], epcis::Format::kJson), epcis::EncodeDocument(b[i], epcis::Format::kJson));
        EXPECT_EQ(epcis::EncodeDocument(a[i], epcis::Format::kXml), epcis::EncodeDocument(b[i], epcis::Format::kXml));
    }
    const auto other = Generate({.target_events = 6000, .seed = 6}, 500);
    EXPECT_NE(epcis::EncodeDocument(a[0], epcis::Format::kJson), epcis::EncodeDocument(other[0], epcis::Format::kJson));
    const auto ea = Flatten(a);
    const auto eo = Flatten(other);
    std::size_t same = 0;
    for (std::size_t i = 0; i < ea.size(); ++i) same += ea[i] == eo[i] ? 1 : 0;
    EXPECT_EQ(same, 0u);
}

// Document size and run length only cut the one stream: batches are reused internally, and a
// short run is a prefix of a long one.
TEST_F(ChainGeneratorTest, BatchingAndLengthDoNotChangeTheStream) {
    const auto small = Flatten(Generate({.target_events = 5000, .seed = 11, .collect_ground_truth = true}, 37));
    const auto large = Flatten(Generate({.target_events = 5000, .seed = 11}, 5000));
    ASSERT_EQ(small.size(), 5000u);
    ASSERT_EQ(large.size(), 5000u);
    for (std::size_t i = 0; i < small.size(); ++i) {
        ASSERT_EQ(small[i], large[i]) << "event " << i;
        ASSERT_EQ(small[i], (*events_)[i]) << "event " << i;
    }
    // Without event IDs everything else stays the same.
    const auto no_ids = Flatten(Generate({.target_events = 2000, .seed = 11, .event_ids = false}, 1000));
    for (std::size_t i = 0; i < no_ids.size(); ++i) {
        ASSERT_FALSE(no_ids[i].event_id);
        Event copy = (*events_)[i];
        copy.event_id.reset();
        ASSERT_EQ(no_ids[i], copy) << "event " << i;
    }
}

TEST_F(ChainGeneratorTest, EventsAreInTimeOrderAtPlusSeven) {
    const epcis::Event* previous = nullptr;
    for (const auto& e : *events_) {
        ASSERT_EQ(e.event_time_zone_offset, "+07:00");
        ASSERT_EQ(e.event_time.offset_minutes, 420);
        ASSERT_FALSE(e.event_time.has_z);
        if (previous != nullptr) {
            ASSERT_LE(previous->event_time, e.event_time);
        }
        previous = &e;
    }
    EXPECT_GE(Millis(events_->front().event_time), std::int64_t{1'751'302'800} * 1000);
    std::size_t alarms = 0, readings = 0;
    for (const auto& e : *events_) {
        const std::int64_t local_hour = (Millis(e.event_time) / 3'600'000 + 7) % 24;
        if (*e.biz_step == "retail_selling") {
            EXPECT_GE(local_hour, 7) << "stores open at 07:00";
            EXPECT_LT(local_hour, 22) << "and close at 22:00";
        }
        if (e.type == EventType::kObjectEvent && e.action == epcis::Action::kAdd) {
            EXPECT_GE(local_hour, 5) << "harvests start at dawn";
            EXPECT_LT(local_hour, 11);
        }
        for (const auto& s : e.sensor_element_list) {
            ++readings;
            const auto& t = s.sensor_reports.front();
            EXPECT_EQ(t.exception.has_value(), *t.max_value > -18.0);
            alarms += t.exception ? 1 : 0;
        }
    }
    EXPECT_GT(alarms, 0u);
    EXPECT_LT(alarms * 10, readings) << "excursions are the exception";
    for (const auto& d : *docs_) EXPECT_EQ(d.creation_date, d.events.back().event_time);

    // More lots a day pack the same number of events into fewer days.
    const auto dense = Flatten(Generate({.target_events = 20'000, .lots_per_day = 80}, 1000));
    const auto sparse = Flatten(Generate({.target_events = 20'000, .lots_per_day = 20}, 1000));
    EXPECT_LT(Millis(dense.back().event_time), Millis(sparse.back().event_time));
}

// Circular 02/2024: every stage carries a product trace code, a location trace code and a time;
// EPCIS adds why (bizStep, disposition).
TEST_F(ChainGeneratorTest, EveryEventCarriesWhatWhereWhenWhy) {
    std::set<std::string> ids;
    for (const auto& e : *events_) {
        ASSERT_TRUE(e.event_id);
        ASSERT_TRUE(e.event_id->starts_with("urn:uuid:"));
        ASSERT_TRUE(ids.insert(*e.event_id).second) << "duplicate eventID " << *e.event_id;
        ASSERT_TRUE(e.biz_step);
        ASSERT_TRUE(e.disposition);
        EXPECT_TRUE(epcis::cbv::IsStandardWord(epcis::cbv::Vocab::kBizStep, *e.biz_step)) << *e.biz_step;
        EXPECT_TRUE(epcis::cbv::IsStandardWord(epcis::cbv::Vocab::kDisposition, *e.disposition)) << *e.disposition;
        ASSERT_TRUE(e.read_point);
        const bool moving = *e.biz_step == "shipping" || *e.biz_step == "sensor_reporting";
        const bool notice = *e.biz_step == "holding" && !e.quantity_list.empty();  // the recall notice
        EXPECT_EQ(e.biz_location.has_value(), !moving && !notice) << *e.biz_step;
        const bool what = !e.epc_list.empty() || !e.quantity_list.empty() || !e.child_epcs.empty() ||
                          !e.input_quantity_list.empty() || !e.output_epc_list.empty();
        EXPECT_TRUE(what) << *e.biz_step;
        if (e.type == EventType::kAggregationEvent) {
            EXPECT_TRUE(e.parent_id);
        }
        if (*e.biz_step == "shipping") {
            ASSERT_EQ(e.biz_transaction_list.size(), 2u);
            EXPECT_EQ(e.biz_transaction_list[0].type, "po");
            EXPECT_EQ(e.biz_transaction_list[1].type, "desadv");
            std::set<std::string> types;
            for (const auto& s : e.source_list) types.insert(s.type);
            for (const auto& d : e.destination_list) types.insert(d.type);
            EXPECT_EQ(types, (std::set<std::string>{"owning_party", "possessing_party", "location"}));
        }
    }
}

TEST_F(ChainGeneratorTest, IdentifiersParseAndHaveValidCheckDigits) {
    std::map<std::string, std::size_t> forms;
    auto check = [&](const std::string& uri) {
        if (uri.starts_with("urn:epc:")) {
            ASSERT_TRUE(gs1::ValidateEpcUri(uri)) << uri;
            ++forms["urn"];
        } else if (uri.starts_with("urn:epcglobal:cbv:bt:")) {
            ++forms["bt"];
        } else {
            ASSERT_TRUE(uri.starts_with("https://")) << uri;
            auto dl = gs1::ParseDigitalLink(uri);
            ASSERT_TRUE(dl) << uri << ": " << dl.error().ToString();
            auto urn = gs1::DigitalLinkToEpcUri(*dl, *prefixes_);
            ASSERT_TRUE(urn) << uri << ": " << urn.error().ToString();
            ++forms[dl->base];
        }
    };
    for (const auto& e : *events_) {
        for (const auto* list : {&e.epc_list, &e.child_epcs, &e.output_epc_list, &e.input_epc_list}) {
            for (const auto& id : *list) check(id);
        }
        for (const auto* list : {&e.quantity_list, &e.input_quantity_list, &e.output_quantity_list}) {
            for (const auto& q : *list) check(q.epc_class);
        }
        if (e.parent_id) check(*e.parent_id);
        if (e.read_point && !e.read_point->id.starts_with("geo:")) check(e.read_point->id);
        if (e.biz_location) check(e.biz_location->id);
        for (const auto& s : e.source_list) check(s.value);
        for (const auto& d : e.destination_list) check(d.value);
        for (const auto& b : e.biz_transaction_list) check(b.value);
        for (const auto& s : e.sensor_element_list) check(*s.sensor_metadata->device_id);
        if (HasFatalFailure()) return;
    }
    EXPECT_GT(forms["urn"], 1000u);
    EXPECT_GT(forms["https://id.gs1.org"], 1000u);
    EXPECT_GT(forms["https://qr.banmexanh.vn"], 100u);
    EXPECT_GT(forms["bt"], 100u);
}

TEST_F(ChainGeneratorTest, CoversEveryScenario) {
    std::map<std::string, std::size_t> seen;
    for (const auto& e : *events_) {
        const std::string step = *e.biz_step;
        if (e.type == EventType::kObjectEvent && e.action == epcis::Action::kAdd && e.ilmd &&
            !e.quantity_list.empty()) {
            ++seen["harvest"];
            bool extension = false;
            for (const auto& f : *e.ilmd) extension |= f.ns == kTxngNamespace;
            EXPECT_TRUE(extension);
        }
        if (e.type == EventType::kTransformationEvent && e.input_quantity_list.size() >= 3 && e.transformation_id) {
            ++seen["roasting"];
        }
        if (e.type == EventType::kTransformationEvent && !e.output_epc_list.empty() && e.ilmd) ++seen["packing"];
        if (e.type == EventType::kAggregationEvent) ++seen[std::string(epcis::ActionName(*e.action)) + " " + step];
        if (e.type == EventType::kObjectEvent && step == "shipping") ++seen["ship object"];
        if (step == "receiving") ++seen["receiving"];
        if (step == "retail_selling" && *e.disposition == "retail_sold") ++seen["sale"];
        for (const auto& s : e.sensor_element_list) {
            for (const auto& r : s.sensor_reports) {
                if (r.type == "Temperature") ++seen[r.exception ? "alarm" : "reading"];
            }
        }
        if (*e.disposition == "recalled" && e.persistent_disposition &&
            e.persistent_disposition->set == std::vector<std::string>{"recalled"}) {
            ++seen["recall"];
        }
    }
    for (const char* key : {"harvest", "roasting", "packing", "ADD packing", "DELETE unpacking", "OBSERVE shipping",
                            "ship object", "receiving", "sale", "reading", "alarm", "recall"}) {
        EXPECT_GT(seen[key], 0u) << key;
    }
    EXPECT_GE(seen["recall"], 2u) << "the processor's notice and at least one withdrawal";
    EXPECT_GT(seen["sale"], kEvents / 2) << "sales dominate, as in real data";
}

// The ground truth is what the events say, read back independently.
TEST_F(ChainGeneratorTest, GroundTruthMatchesTheEvents) {
    const GroundTruth& gt = generator_->ground_truth();
    const MasterData& md = DemoMasterData();
    ASSERT_FALSE(gt.lots.empty());

    struct Container {
        std::int64_t added = -1;
        std::int64_t deleted = -1;
        std::set<std::string> children;
        std::vector<std::pair<std::int64_t, std::size_t>> shipped;  // time, destination
    };
    std::map<std::string, std::int64_t> commissioned;
    std::map<std::string, Container> pallets;
    std::map<std::string, std::pair<std::int64_t, std::size_t>> sold;
    std::set<std::string> harvested;
    std::set<std::string> notice;
    std::map<std::string, std::size_t> withdrawn;
    std::map<std::string, std::vector<std::string>> roast_inputs;
    std::uint64_t by_type[5] = {};
    for (const auto& e : *events_) {
        ++by_type[static_cast<std::size_t>(e.type)];
        const std::int64_t t = Millis(e.event_time);
        const std::string& step = *e.biz_step;
        if (e.type == EventType::kObjectEvent && e.action == epcis::Action::kAdd) {
            for (const auto& q : e.quantity_list) harvested.insert(Urn(q.epc_class));
        }
        if (e.type == EventType::kTransformationEvent) {
            for (const auto& id : e.output_epc_list) commissioned.emplace(Urn(id), t);
            for (const auto& q : e.output_quantity_list) {
                for (const auto& in : e.input_quantity_list) {
                    roast_inputs[Urn(q.epc_class)].push_back(Urn(in.epc_class));
                }
            }
        }
        if (e.type == EventType::kAggregationEvent && e.action == epcis::Action::kAdd) {
            Container& c = pallets[Urn(*e.parent_id)];
            EXPECT_EQ(c.added, -1) << "an SSCC is packed once";
            c.added = t;
            for (const auto& id : e.child_epcs) c.children.insert(Urn(id));
        }
        if (e.type == EventType::kAggregationEvent && e.action == epcis::Action::kDelete) {
            pallets[Urn(*e.parent_id)].deleted = t;
        }
        if (step == "shipping") {
            std::optional<std::size_t> to;
            for (const auto& d : e.destination_list) {
                if (d.type == "location") to = LocationOf(d.value);
            }
            ASSERT_TRUE(to);
            if (e.parent_id) pallets[Urn(*e.parent_id)].shipped.emplace_back(t, *to);
            for (const auto& id : e.epc_list) pallets[Urn(id)].shipped.emplace_back(t, *to);
        }
        if (step == "retail_selling") {
            const auto store = LocationOf(e.biz_location->id);
            ASSERT_TRUE(store);
            for (const auto& id : e.epc_list) EXPECT_TRUE(sold.emplace(Urn(id), std::make_pair(t, *store)).second);
        }
        if (*e.disposition == "recalled") {
            const auto where = LocationOf(e.biz_location ? e.biz_location->id : e.read_point->id);
            ASSERT_TRUE(where);
            const bool processor = md.locations[*where].kind == LocationKind::kFactory;
            for (const auto& id : e.epc_list) {
                if (processor) {
                    notice.insert(Urn(id));
                } else {
                    withdrawn[Urn(id)] = *where;
                }
            }
        }
    }
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(by_type[i], gt.events_by_type[i]);

    std::size_t gt_sold = 0;
    std::size_t repacked = 0;
    for (const auto& lot : gt.lots) {
        SCOPED_TRACE(lot.lot_class);
        ASSERT_TRUE(gs1::ValidateEpcUri(lot.lot_class));
        if (lot.input_lots.empty()) {
            EXPECT_TRUE(harvested.contains(lot.lot_class)) << "harvested lots are commissioned";
        } else {
            EXPECT_EQ(lot.input_lots.size(), 3u);
            EXPECT_EQ(roast_inputs[lot.lot_class], lot.input_lots);
            for (const auto& in : lot.input_lots) {
                const auto it = std::find_if(gt.lots.begin(), gt.lots.end(),
                                             [&](const GroundTruth::Lot& l) { return l.lot_class == in; });
                ASSERT_NE(it, gt.lots.end());
                EXPECT_EQ(it->transformed_into, lot.lot_class);
            }
        }
        std::vector<std::size_t> stores;
        for (const auto& item : lot.items) {
            SCOPED_TRACE(item.epc);
            ASSERT_TRUE(commissioned.contains(item.epc));
            std::int64_t last = commissioned[item.epc];
            for (std::size_t k = 0; k < item.ssccs.size(); ++k) {
                const Container& c = pallets[item.ssccs[k]];
                ASSERT_TRUE(c.children.contains(item.epc));
                ASSERT_GE(c.added, last) << "packed after it was made or unpacked";
                if (c.deleted >= 0) {
                    ASSERT_GT(c.deleted, c.added);
                    last = c.deleted;
                } else {
                    ASSERT_EQ(k + 1, item.ssccs.size()) << "only the last pallet may still be closed";
                }
            }
            if (item.ssccs.size() > 1) ++repacked;
            const auto s = sold.find(item.epc);
            ASSERT_EQ(s != sold.end(), item.sold_at.has_value());
            if (!item.sold_at) continue;
            ++gt_sold;
            EXPECT_EQ(s->second.first, item.sold_unix_ms);
            EXPECT_EQ(s->second.second, *item.sold_at);
            EXPECT_EQ(md.locations[*item.sold_at].kind, LocationKind::kRetailStore);
            ASSERT_FALSE(item.ssccs.empty());
            const Container& store_pallet = pallets[item.ssccs.back()];
            bool shipped_there = false;
            for (const auto& [when, to] : store_pallet.shipped) {
                shipped_there |= to == *item.sold_at && when < item.sold_unix_ms;
            }
            EXPECT_TRUE(shipped_there) << "shipped to the store where it was sold";
            EXPECT_LT(store_pallet.deleted, item.sold_unix_ms);
            EXPECT_FALSE(item.recalled_at) << "a sold item is not withdrawn";
            if (std::find(stores.begin(), stores.end(), *item.sold_at) == stores.end()) stores.push_back(*item.sold_at);
        }
        std::vector<std::size_t> sorted_truth = lot.stores;
        std::sort(sorted_truth.begin(), sorted_truth.end());
        std::sort(stores.begin(), stores.end());
        EXPECT_EQ(sorted_truth, stores);
    }
    EXPECT_EQ(gt_sold, sold.size()) << "every sale is an item of a known lot";
    EXPECT_GT(repacked, 1000u) << "items go through producer pallets and store pallets";

    ASSERT_TRUE(gt.recalled_lot);
    const auto& recalled = gt.lots[*gt.recalled_lot];
    EXPECT_EQ(md.products[recalled.product].key, "shrimp_raw");
    ASSERT_FALSE(recalled.items.empty());
    std::size_t withdrawn_items = 0, sold_before = 0;
    for (const auto& item : recalled.items) {
        EXPECT_TRUE(notice.contains(item.epc)) << "the notice names every item of the lot";
        if (item.sold_at) {
            EXPECT_LT(item.sold_unix_ms, gt.recall_unix_ms);
            ++sold_before;
        }
        if (item.recalled_at) {
            ++withdrawn_items;
            ASSERT_TRUE(withdrawn.contains(item.epc));
            EXPECT_EQ(withdrawn[item.epc], *item.recalled_at);
        }
    }
    EXPECT_EQ(notice.size(), recalled.items.size());
    EXPECT_GT(withdrawn_items, 0u);
    std::size_t withdrawn_of_lot = 0;
    for (const auto& [epc, where] : withdrawn) withdrawn_of_lot += notice.contains(epc) ? 1 : 0;
    EXPECT_EQ(withdrawn_of_lot, withdrawn.size()) << "only the recalled lot is withdrawn";
}

// The national product: a UHT milk lot of about ten thousand cartons, its pallets split over the
// chain's three regional centres, sold in hundreds of stores across the country.
TEST(ChainGeneratorNationalTest, AMilkLotReachesHundredsOfStoresInEveryRegion) {
    ChainGenerator generator({.target_events = 150'000, .seed = 3, .collect_ground_truth = true});
    epcis::Document doc;
    while (generator.Next(doc, 5000)) {
    }
    const MasterData& md = generator.master_data();
    const auto milk = md.FindProduct("milk_uht_1l");
    ASSERT_TRUE(milk);
    const GroundTruth::Lot* widest = nullptr;
    for (const auto& lot : generator.ground_truth().lots) {
        if (lot.unit_product != milk) continue;
        EXPECT_GE(lot.items.size(), 8000u) << lot.lot_number;
        EXPECT_LE(lot.items.size(), 13000u) << lot.lot_number;
        if (widest == nullptr || lot.stores.size() > widest->stores.size()) widest = &lot;
    }
    ASSERT_NE(widest, nullptr) << "no milk lot in 150,000 events";
    EXPECT_EQ(widest->distribution_centres.size(), 3u);
    std::set<std::string> provinces;
    for (std::size_t store : widest->stores) {
        EXPECT_EQ(md.locations[store].kind, LocationKind::kRetailStore);
        EXPECT_TRUE(md.locations[store].key.starts_with("chain_store_"));
        provinces.insert(md.locations[store].province_code);
    }
    EXPECT_GE(widest->stores.size(), 200u);
    EXPECT_EQ(provinces.size(), 34u) << "sold in every province";
    // Each carton went through the centre its factory pallet was shipped to.
    std::set<std::size_t> centres;
    for (const auto& item : widest->items) {
        ASSERT_TRUE(item.distribution_centre);
        centres.insert(*item.distribution_centre);
    }
    EXPECT_EQ(centres, std::set<std::size_t>(widest->distribution_centres.begin(), widest->distribution_centres.end()));
}

TEST_F(ChainGeneratorTest, GroundTruthIsOffByDefault) {
    ChainGenerator g({.target_events = 3000});
    epcis::Document doc;
    while (g.Next(doc, 1000)) {
    }
    EXPECT_TRUE(g.ground_truth().lots.empty());
    std::uint64_t total = 0;
    for (auto n : g.ground_truth().events_by_type) total += n;
    EXPECT_EQ(total, 3000u) << "event counts are always kept";
}

}  // namespace
}  // namespace txng::demo
