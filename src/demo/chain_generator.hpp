#pragma once
// A deterministic generator of Vietnamese supply-chain EPCIS 2.0 events over DemoMasterData(): the
// data behind `txng demo`, `txng generate`, integration tests and benchmarks.
//
// The chains, each lot going through them with its own timing:
//   harvest (ObjectEvent ADD of an LGTIN quantity with ILMD: harvest date, growing area,
//   best-before, txng: fields) at a farm or growing area -> transfer to the packing site
//   (shipping / receiving of the bulk lot) -> [coffee: roasting, a TransformationEvent with a
//   transformationID taking three green-coffee lots into one roasted lot] -> packing into
//   serialised consumer units (TransformationEvent: lot quantity in, SGTINs out, with ILMD) ->
//   pallets (AggregationEvent ADD, SSCC parent) -> shipping to a distribution centre or cold
//   store (ObjectEvent OBSERVE of the SSCCs, or AggregationEvent OBSERVE per pallet for the rice
//   miller; po and desadv, owning/possessing party and location sources and destinations) ->
//   [shrimp: temperature readings in transit, sensorElementList, some above -18 °C with
//   ALARM_CONDITION] -> receiving -> unpacking (AggregationEvent DELETE) -> re-packing of units
//   from several lots onto store pallets at the daily dispatch -> shipping -> receiving at a
//   store -> unpacking -> retail sales (retail_selling / retail_sold), one to three units each.
// UHT milk is the national product: raw milk collected at dairy farms in Sơn La, packed into lots
// of about ten thousand cartons, each lot's pallets shipped to the three regional centres of a
// convenience-store chain and from there to its ~270 stores in all 34 provinces.
// One shrimp lot (the second) has a temperature excursion and is recalled 36 hours after it
// reaches the cold store: an ObjectEvent at the processor (its class and items, disposition
// recalled, persistentDisposition set recalled) and, at each place holding its unsold units
// loose, an ObjectEvent withdrawing them; units still on pallets are withdrawn where they are
// next unpacked.
//
// Identifiers are written the way each capturing enterprise writes them (Enterprise::id_style):
// EPC URNs, GS1 Digital Link on id.gs1.org, or the coffee brand's own resolver. Event times are
// in +07:00 with milliseconds; events come out in non-decreasing eventTime order. Every event has
// what (identifiers), where (readPoint, and bizLocation except in transit and on the recall
// notice), when (eventTime,
// eventTimeZoneOffset) and why (bizStep, disposition), the stage data of Circular 02/2024.
//
// Determinism: the same options give the same events, byte for byte once encoded, whatever the
// document sizes asked of Next(); a run of N events is a prefix of a longer run with the same
// options otherwise. No clock, no OS randomness.
//
// Cost: memory grows with the items in flight (lots, pallets and unsold units of the last weeks of
// simulated time), not with the events generated; the ground truth, when asked for, grows with
// everything. Not thread-safe: one generator per thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "demo/master_data.hpp"
#include "epcis/event.hpp"

namespace txng::demo {

struct ChainOptions {
    // Exactly this many events are generated (the simulation is cut off there, items in flight
    // stay in flight).
    std::uint64_t target_events = 10'000;
    std::uint64_t seed = 1;
    // First day of the simulation: 2025-07-01T00:00:00+07:00.
    std::int64_t start_unix_seconds = 1'751'302'800;
    // Harvests per day over all products (each becomes one lot; 1 if not positive). About 7,000
    // events a day at 20 once the chains are full.
    double lots_per_day = 20.0;
    // Give each event an eventID (urn:uuid, derived from the seed).
    bool event_ids = true;
    // Record the GroundTruth (memory proportional to every item generated: for tests and demos).
    bool collect_ground_truth = false;
};

// What really happened, for checking traces and recalls against. Identifiers are in EPC URN form
// whatever form the events used; locations and products are indexes into the MasterData.
struct GroundTruth {
    struct Item {
        std::string epc;                 // urn:epc:id:sgtin:...
        std::vector<std::string> ssccs;  // pallets it was packed on, in packing order (urn:epc:id:sscc:...)
        std::optional<std::size_t> distribution_centre;  // where its producer's pallet took it
        std::optional<std::size_t> sold_at;              // store where it was sold
        std::int64_t sold_unix_ms = 0;
        std::optional<std::size_t> recalled_at;  // location where the recall withdrew it
    };
    struct Lot {
        std::size_t product = 0;  // the product of the lot class (bulk: harvested or roasted)
        std::string lot_number;
        std::string lot_class;   // urn:epc:class:lgtin:... of `product`
        std::size_t origin = 0;  // farm / growing area of the harvest, or the roasting plant
        std::int64_t created_unix_ms = 0;
        std::vector<std::string> input_lots;      // lot classes transformed into this one (roasted coffee)
        std::string transformed_into;             // the lot class this one went into, if any (green coffee)
        std::optional<std::size_t> unit_product;  // product of the serialised units packed from it
        std::vector<Item> items;
        std::vector<std::string> ssccs;                 // distinct pallets its units were on, first use first
        std::vector<std::size_t> stores;                // distinct stores where its units were sold, first sale first
        std::vector<std::size_t> distribution_centres;  // where its pallets were shipped, first shipment first
    };
    std::vector<Lot> lots;  // in order of creation
    // The recalled lot (an index into `lots`) once the recall has happened. Every item of it is
    // affected; those sold before the recall were sold, the others carry recalled_at once withdrawn.
    std::optional<std::size_t> recalled_lot;
    std::int64_t recall_unix_ms = 0;
    // Events by type (epcis::EventType order: Object, Aggregation, Transaction, Transformation,
    // Association).
    std::array<std::uint64_t, 5> events_by_type{};
};

class ChainGenerator {
  public:
    explicit ChainGenerator(ChainOptions options);
    ~ChainGenerator();
    ChainGenerator(const ChainGenerator&) = delete;
    ChainGenerator& operator=(const ChainGenerator&) = delete;

    // Replaces `out` with an EPCISDocument holding the next min(max_events, remaining) events in
    // time order (creationDate: its last event's time; the txng namespace declared). Returns false,
    // leaving `out` with no events, once target_events have been generated or when max_events is 0.
    // The Event objects already in `out.events` are overwritten rather than freed, so passing the
    // same document back each time is the fast way to stream.
    bool Next(epcis::Document& out, std::size_t max_events);

    std::uint64_t events_generated() const;
    const ChainOptions& options() const;
    const MasterData& master_data() const;
    // Empty unless options.collect_ground_truth.
    const GroundTruth& ground_truth() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace txng::demo
