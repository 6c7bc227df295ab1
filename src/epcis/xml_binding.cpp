#include "epcis/xml_binding.hpp"

#include <array>

namespace txng::epcis::xml {
namespace {

using namespace std::string_view_literals;

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "eventTime"sv,
    "recordTime"sv,
    "eventTimeZoneOffset"sv,
    "eventID"sv,
    "errorDeclaration"sv,
    "certificationInfo"sv,
    "parentID"sv,
    "epcList"sv,
    "childEPCs"sv,
    "inputEPCList"sv,
    "inputQuantityList"sv,
    "outputEPCList"sv,
    "outputQuantityList"sv,
    "transformationID"sv,
    "action"sv,
    "bizStep"sv,
    "disposition"sv,
    "readPoint"sv,
    "bizLocation"sv,
    "bizTransactionList"sv,
    "quantityList"sv,
    "childQuantityList"sv,
    "sourceList"sv,
    "destinationList"sv,
    "sensorElementList"sv,
    "persistentDisposition"sv,
    "ilmd"sv,
};

// The sequences of the EPCIS 2.0 XSD (EPCglobal-epcis-2_0.xsd): EPCISEventType's elements, then
// the event type's own. (1.x put some of them inside <extension>; the decoder flattens that.)
constexpr Field kObjectEvent[] = {
    Field::kEventTime,
    Field::kRecordTime,
    Field::kEventTimeZoneOffset,
    Field::kEventId,
    Field::kErrorDeclaration,
    Field::kCertificationInfo,
    Field::kEpcList,
    Field::kAction,
    Field::kBizStep,
    Field::kDisposition,
    Field::kReadPoint,
    Field::kBizLocation,
    Field::kBizTransactionList,
    Field::kQuantityList,
    Field::kSourceList,
    Field::kDestinationList,
    Field::kSensorElementList,
    Field::kPersistentDisposition,
    Field::kIlmd,
};

constexpr Field kAggregationEvent[] = {
    Field::kEventTime,
    Field::kRecordTime,
    Field::kEventTimeZoneOffset,
    Field::kEventId,
    Field::kErrorDeclaration,
    Field::kCertificationInfo,
    Field::kParentId,
    Field::kChildEpcs,
    Field::kAction,
    Field::kBizStep,
    Field::kDisposition,
    Field::kReadPoint,
    Field::kBizLocation,
    Field::kBizTransactionList,
    Field::kChildQuantityList,
    Field::kSourceList,
    Field::kDestinationList,
    Field::kSensorElementList,
    Field::kPersistentDisposition,
};

constexpr Field kTransactionEvent[] = {
    Field::kEventTime,
    Field::kRecordTime,
    Field::kEventTimeZoneOffset,
    Field::kEventId,
    Field::kErrorDeclaration,
    Field::kCertificationInfo,
    Field::kBizTransactionList,
    Field::kParentId,
    Field::kEpcList,
    Field::kAction,
    Field::kBizStep,
    Field::kDisposition,
    Field::kReadPoint,
    Field::kBizLocation,
    Field::kQuantityList,
    Field::kSourceList,
    Field::kDestinationList,
    Field::kSensorElementList,
    Field::kPersistentDisposition,
};

constexpr Field kTransformationEvent[] = {
    Field::kEventTime,
    Field::kRecordTime,
    Field::kEventTimeZoneOffset,
    Field::kEventId,
    Field::kErrorDeclaration,
    Field::kCertificationInfo,
    Field::kInputEpcList,
    Field::kInputQuantityList,
    Field::kOutputEpcList,
    Field::kOutputQuantityList,
    Field::kTransformationId,
    Field::kBizStep,
    Field::kDisposition,
    Field::kReadPoint,
    Field::kBizLocation,
    Field::kBizTransactionList,
    Field::kSourceList,
    Field::kDestinationList,
    Field::kSensorElementList,
    Field::kPersistentDisposition,
    Field::kIlmd,
};

constexpr Field kAssociationEvent[] = {
    Field::kEventTime,
    Field::kRecordTime,
    Field::kEventTimeZoneOffset,
    Field::kEventId,
    Field::kErrorDeclaration,
    Field::kCertificationInfo,
    Field::kParentId,
    Field::kChildEpcs,
    Field::kChildQuantityList,
    Field::kAction,
    Field::kBizStep,
    Field::kDisposition,
    Field::kReadPoint,
    Field::kBizLocation,
    Field::kBizTransactionList,
    Field::kSourceList,
    Field::kDestinationList,
    Field::kSensorElementList,
    Field::kPersistentDisposition,
};

}  // namespace

std::string_view FieldName(Field field) { return kFieldNames[static_cast<std::size_t>(field)]; }

std::optional<Field> FieldByName(std::string_view name) {
    for (std::size_t i = 0; i < kFieldCount; ++i) {
        if (kFieldNames[i] == name) return static_cast<Field>(i);
    }
    return std::nullopt;
}

std::span<const Field> Sequence(EventType type) {
    switch (type) {
        case EventType::kObjectEvent:
            return kObjectEvent;
        case EventType::kAggregationEvent:
            return kAggregationEvent;
        case EventType::kTransactionEvent:
            return kTransactionEvent;
        case EventType::kTransformationEvent:
            return kTransformationEvent;
        case EventType::kAssociationEvent:
            return kAssociationEvent;
        case EventType::kExtensionEvent:
            break;
    }
    return {};
}

int RankOf(std::span<const Field> sequence, Field field) {
    for (std::size_t i = 0; i < sequence.size(); ++i) {
        if (sequence[i] == field) return static_cast<int>(i);
    }
    return -1;
}

std::optional<EventType> EventTypeByName(std::string_view name) {
    for (EventType type : {EventType::kObjectEvent, EventType::kAggregationEvent, EventType::kTransactionEvent,
                           EventType::kTransformationEvent, EventType::kAssociationEvent}) {
        if (EventTypeName(type) == name) return type;
    }
    return std::nullopt;
}

}  // namespace txng::epcis::xml
