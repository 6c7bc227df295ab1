#pragma once
// Internal to the XML codec (xml_codec.cpp decodes, xml_encoder.cpp encodes): the namespaces and
// the element sequences of the EPCIS 2.0 XSD, kept in one place so that the decoder checks the
// same order the encoder writes.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "epcis/event.hpp"

namespace txng::epcis::xml {

inline constexpr std::string_view kNsEpcis2 = "urn:epcglobal:epcis:xsd:2";
inline constexpr std::string_view kNsEpcis1 = "urn:epcglobal:epcis:xsd:1";
inline constexpr std::string_view kNsQuery2 = "urn:epcglobal:epcis-query:xsd:2";
inline constexpr std::string_view kNsQuery1 = "urn:epcglobal:epcis-query:xsd:1";
inline constexpr std::string_view kNsMasterData2 = "urn:epcglobal:epcis-masterdata:xsd:2";
inline constexpr std::string_view kNsMasterData1 = "urn:epcglobal:epcis-masterdata:xsd:1";
inline constexpr std::string_view kNsSbdh = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader";
inline constexpr std::string_view kNsXsi = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr std::string_view kNsXml = "http://www.w3.org/XML/1998/namespace";

// The namespaces of the EPCIS documents themselves (1.x and 2.0): an element in one of them, or in
// no namespace, is a standard element; any other namespace makes it a user extension.
inline bool IsEpcisNamespace(std::string_view ns) {
    return ns == kNsEpcis2 || ns == kNsEpcis1 || ns == kNsQuery2 || ns == kNsQuery1 || ns == kNsMasterData2 ||
           ns == kNsMasterData1;
}
inline bool IsStandardNamespace(std::string_view ns) { return ns.empty() || IsEpcisNamespace(ns); }

// Namespaces the binding declares for itself; their declarations are not user namespaces and are
// not listed in Document::namespaces / Event::namespaces.
inline bool IsBindingNamespace(std::string_view ns) { return IsEpcisNamespace(ns) || ns == kNsXsi || ns == kNsSbdh; }

// The standard child elements of events. The numeric order is irrelevant; sequences below give
// each event type's order.
enum class Field : std::uint8_t {
    kEventTime,
    kRecordTime,
    kEventTimeZoneOffset,
    kEventId,
    kErrorDeclaration,
    kCertificationInfo,
    kParentId,
    kEpcList,
    kChildEpcs,
    kInputEpcList,
    kInputQuantityList,
    kOutputEpcList,
    kOutputQuantityList,
    kTransformationId,
    kAction,
    kBizStep,
    kDisposition,
    kReadPoint,
    kBizLocation,
    kBizTransactionList,
    kQuantityList,
    kChildQuantityList,
    kSourceList,
    kDestinationList,
    kSensorElementList,
    kPersistentDisposition,
    kIlmd,
    kCount,
};

inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::kCount);

std::string_view FieldName(Field field);
std::optional<Field> FieldByName(std::string_view name);

// The XSD sequence of `type` (EPCISEventType's elements first); empty for kExtensionEvent.
std::span<const Field> Sequence(EventType type);
// Position of `field` in `sequence`, or -1 when the event type has no such element.
int RankOf(std::span<const Field> sequence, Field field);

std::optional<EventType> EventTypeByName(std::string_view name);

}  // namespace txng::epcis::xml
