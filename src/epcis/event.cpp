#include "epcis/event.hpp"

namespace txng::epcis {

std::string_view EventTypeName(EventType type) {
    switch (type) {
        case EventType::kObjectEvent:
            return "ObjectEvent";
        case EventType::kAggregationEvent:
            return "AggregationEvent";
        case EventType::kTransactionEvent:
            return "TransactionEvent";
        case EventType::kTransformationEvent:
            return "TransformationEvent";
        case EventType::kAssociationEvent:
            return "AssociationEvent";
        case EventType::kExtensionEvent:
            return "";
    }
    return "";
}

std::string_view ActionName(Action action) {
    switch (action) {
        case Action::kAdd:
            return "ADD";
        case Action::kObserve:
            return "OBSERVE";
        case Action::kDelete:
            return "DELETE";
    }
    return "";
}

std::string_view DocumentKindName(DocumentKind kind) {
    switch (kind) {
        case DocumentKind::kEpcisDocument:
            return "EPCISDocument";
        case DocumentKind::kEpcisQueryDocument:
            return "EPCISQueryDocument";
        case DocumentKind::kEpcisMasterDataDocument:
            return "EPCISMasterDataDocument";
        case DocumentKind::kBareEvent:
            return "";
    }
    return "";
}

std::map<std::string, std::string> EffectiveNamespaces(const Document& doc, const Event& event) {
    std::map<std::string, std::string> out;
    for (const auto& ns : doc.namespaces) out[ns.prefix] = ns.uri;
    for (const auto& ns : event.namespaces) out[ns.prefix] = ns.uri;
    return out;
}

}  // namespace txng::epcis
