#include "epcis/cbv.hpp"

#include <algorithm>
#include <array>

namespace txng::epcis::cbv {
namespace {

using namespace std::string_view_literals;

// Word lists as the EPCIS 2.0 JSON schema enumerates them.
constexpr std::array kBizSteps = {
    "accepting"sv,
    "arriving"sv,
    "assembling"sv,
    "collecting"sv,
    "commissioning"sv,
    "consigning"sv,
    "creating_class_instance"sv,
    "cycle_counting"sv,
    "decommissioning"sv,
    "departing"sv,
    "destroying"sv,
    "disassembling"sv,
    "dispensing"sv,
    "encoding"sv,
    "entering_exiting"sv,
    "holding"sv,
    "inspecting"sv,
    "installing"sv,
    "killing"sv,
    "loading"sv,
    "other"sv,
    "packing"sv,
    "picking"sv,
    "receiving"sv,
    "removing"sv,
    "repackaging"sv,
    "repairing"sv,
    "replacing"sv,
    "reserving"sv,
    "retail_selling"sv,
    "shipping"sv,
    "staging_outbound"sv,
    "stock_taking"sv,
    "stocking"sv,
    "storing"sv,
    "transporting"sv,
    "unloading"sv,
    "unpacking"sv,
    "void_shipping"sv,
    "sensor_reporting"sv,
    "sampling"sv,
};

constexpr std::array kDispositions = {
    "active"sv,
    "container_closed"sv,
    "damaged"sv,
    "destroyed"sv,
    "dispensed"sv,
    "disposed"sv,
    "encoded"sv,
    "expired"sv,
    "in_progress"sv,
    "in_transit"sv,
    "inactive"sv,
    "no_pedigree_match"sv,
    "non_sellable_other"sv,
    "partially_dispensed"sv,
    "recalled"sv,
    "reserved"sv,
    "retail_sold"sv,
    "returned"sv,
    "sellable_accessible"sv,
    "sellable_not_accessible"sv,
    "stolen"sv,
    "unknown"sv,
    "available"sv,
    "completeness_verified"sv,
    "completeness_inferred"sv,
    "conformant"sv,
    "container_open"sv,
    "mismatch_instance"sv,
    "mismatch_class"sv,
    "mismatch_quantity"sv,
    "needs_replacement"sv,
    "non_conformant"sv,
    "unavailable"sv,
};

constexpr std::array kBizTransactionTypes = {"bol"sv,     "cert"sv,    "desadv"sv,    "inv"sv,    "pedigree"sv,
                                             "po"sv,      "poc"sv,     "prodorder"sv, "recadv"sv, "rma"sv,
                                             "testprd"sv, "testres"sv, "upevt"sv};

constexpr std::array kSourceDestTypes = {"owning_party"sv, "possessing_party"sv, "location"sv};

constexpr std::array kErrorReasons = {"did_not_occur"sv, "incorrect_data"sv};

// The schema snapshot's list, plus EffectiveDoseRate, which the ratified CBV 2.0 has and the
// 2023 drafting snapshot lacks (see conformance/README.md).
constexpr std::array kMeasurementTypes = {
    "AbsoluteHumidity"sv,
    "AbsorbedDose"sv,
    "AbsorbedDoseRate"sv,
    "Acceleration"sv,
    "Radioactivity"sv,
    "Altitude"sv,
    "AmountOfSubstance"sv,
    "AmountOfSubstancePerUnitVolume"sv,
    "Angle"sv,
    "AngularAcceleration"sv,
    "AngularMomentum"sv,
    "AngularVelocity"sv,
    "Area"sv,
    "Capacitance"sv,
    "Conductance"sv,
    "Conductivity"sv,
    "Count"sv,
    "Density"sv,
    "Dimensionless"sv,
    "DoseEquivalent"sv,
    "DoseEquivalentRate"sv,
    "DynamicViscosity"sv,
    "EffectiveDoseRate"sv,
    "ElectricCharge"sv,
    "ElectricCurrent"sv,
    "ElectricCurrentDensity"sv,
    "ElectricFieldStrength"sv,
    "Energy"sv,
    "Exposure"sv,
    "Force"sv,
    "Frequency"sv,
    "Illuminance"sv,
    "Inductance"sv,
    "Irradiance"sv,
    "KinematicViscosity"sv,
    "Length"sv,
    "LinearMomentum"sv,
    "Luminance"sv,
    "LuminousFlux"sv,
    "LuminousIntensity"sv,
    "MagneticFlux"sv,
    "MagneticFluxDensity"sv,
    "MagneticVectorPotential"sv,
    "Mass"sv,
    "MassConcentration"sv,
    "MassFlowRate"sv,
    "MassPerAreaTime"sv,
    "MemoryCapacity"sv,
    "MolalityOfSolute"sv,
    "MolarEnergy"sv,
    "MolarMass"sv,
    "MolarVolume"sv,
    "Power"sv,
    "Pressure"sv,
    "RadiantFlux"sv,
    "RadiantIntensity"sv,
    "RelativeHumidity"sv,
    "Resistance"sv,
    "Resistivity"sv,
    "SolidAngle"sv,
    "SpecificVolume"sv,
    "Speed"sv,
    "SurfaceDensity"sv,
    "SurfaceTension"sv,
    "Temperature"sv,
    "Time"sv,
    "Torque"sv,
    "Voltage"sv,
    "Volume"sv,
    "VolumeFlowRate"sv,
    "VolumeFraction"sv,
    "VolumetricFlux"sv,
    "Wavenumber"sv,
};

constexpr std::array kSensorAlertTypes = {"ALARM_CONDITION"sv, "ERROR_CONDITION"sv};

constexpr std::array kComponents = {"x"sv,
                                    "y"sv,
                                    "z"sv,
                                    "axial_distance"sv,
                                    "azimuth"sv,
                                    "height"sv,
                                    "spherical_radius"sv,
                                    "polar_angle"sv,
                                    "elevation_angle"sv,
                                    "easting"sv,
                                    "northing"sv,
                                    "latitude"sv,
                                    "longitude"sv,
                                    "altitude"sv};

struct VocabInfo {
    std::span<const std::string_view> words;
    std::string_view web_prefix;       // canonical Web URI prefix
    std::string_view curie_local;      // local part prefix after `cbv:` / `gs1:` (BizStep-, MT-...)
    std::string_view alt_curie_local;  // a second accepted local prefix ("" for none)
    std::string_view urn_prefix;       // "" when the vocabulary has no URN form
    bool gs1_voc;                      // lives under https://gs1.org/voc/ rather than ref.gs1.org/cbv/
};

const VocabInfo& Info(Vocab vocab) {
    static const std::array<VocabInfo, 8> kInfos = {{
        {kBizSteps, "https://ref.gs1.org/cbv/BizStep-", "BizStep-", "", "urn:epcglobal:cbv:bizstep:", false},
        {kDispositions, "https://ref.gs1.org/cbv/Disp-", "Disp-", "", "urn:epcglobal:cbv:disp:", false},
        {kBizTransactionTypes, "https://ref.gs1.org/cbv/BTT-", "BTT-", "", "urn:epcglobal:cbv:btt:", false},
        {kSourceDestTypes, "https://ref.gs1.org/cbv/SDT-", "SDT-", "", "urn:epcglobal:cbv:sdt:", false},
        {kErrorReasons, "https://ref.gs1.org/cbv/ER-", "ER-", "", "urn:epcglobal:cbv:er:", false},
        // The JSON-LD context maps `Temperature` to gs1:Temperature; the XML examples write
        // gs1:MT-Temperature. Both denote the same term.
        {kMeasurementTypes, "https://gs1.org/voc/", "", "MT-", "", true},
        {kSensorAlertTypes, "https://gs1.org/voc/", "", "SensorAlertType-", "", true},
        {kComponents, "https://ref.gs1.org/cbv/Comp-", "Comp-", "", "", false},
    }};
    return kInfos[static_cast<std::size_t>(vocab)];
}

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

// If `s` starts with `prefix`, strips it and returns true.
bool Consume(std::string_view& s, std::string_view prefix) {
    if (!StartsWith(s, prefix)) return false;
    s.remove_prefix(prefix.size());
    return true;
}

std::optional<std::string> WordIf(const VocabInfo& info, std::string_view word) {
    if (std::find(info.words.begin(), info.words.end(), word) != info.words.end()) return std::string(word);
    return std::nullopt;
}

// After the namespace part: the local part may carry the vocabulary's local prefix.
std::optional<std::string> FromLocal(const VocabInfo& info, std::string_view local) {
    std::string_view rest = local;
    if (!info.curie_local.empty()) {
        if (!Consume(rest, info.curie_local)) return std::nullopt;
        return WordIf(info, rest);
    }
    if (!info.alt_curie_local.empty()) Consume(rest, info.alt_curie_local);
    return WordIf(info, rest);
}

std::string_view WellKnownNamespace(std::string_view prefix) {
    if (prefix == "cbv") return "https://ref.gs1.org/cbv/";
    if (prefix == "gs1") return "https://gs1.org/voc/";
    if (prefix == "rdfs") return "http://www.w3.org/2000/01/rdf-schema#";
    if (prefix == "owl") return "http://www.w3.org/2002/07/owl#";
    if (prefix == "xsd") return "http://www.w3.org/2001/XMLSchema#";
    if (prefix == "epcis") return "https://ref.gs1.org/epcis/";
    if (prefix == "cbvmda") return "urn:epcglobal:cbv:mda:";
    return {};
}

}  // namespace

std::span<const std::string_view> Words(Vocab vocab) { return Info(vocab).words; }

bool IsStandardWord(Vocab vocab, std::string_view word) {
    const auto& words = Info(vocab).words;
    return std::find(words.begin(), words.end(), word) != words.end();
}

std::string_view WebUriPrefix(Vocab vocab) { return Info(vocab).web_prefix; }

std::string_view UrnPrefix(Vocab vocab) { return Info(vocab).urn_prefix; }

std::optional<std::string> StandardWord(Vocab vocab, std::string_view value,
                                        const std::map<std::string, std::string>* namespaces) {
    const VocabInfo& info = Info(vocab);
    if (value.empty()) return std::nullopt;
    if (auto w = WordIf(info, value)) return w;
    std::string_view rest = value;
    if (!info.urn_prefix.empty() && Consume(rest, info.urn_prefix)) return WordIf(info, rest);
    const std::string_view host = info.gs1_voc ? "gs1.org/voc/" : "ref.gs1.org/cbv/";
    if (Consume(rest, "https://") || Consume(rest, "http://")) {
        if (info.gs1_voc) Consume(rest, "www.");
        if (!Consume(rest, host)) return std::nullopt;
        return FromLocal(info, rest);
    }
    // A CURIE: the prefix must map to the vocabulary's namespace (declared, or the well-known one).
    const auto colon = value.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string prefix(value.substr(0, colon));
    std::string_view ns;
    if (namespaces != nullptr) {
        if (auto it = namespaces->find(prefix); it != namespaces->end()) ns = it->second;
    }
    if (ns.empty()) ns = WellKnownNamespace(prefix);
    std::string_view ns_rest = ns;
    if (!(Consume(ns_rest, "https://") || Consume(ns_rest, "http://"))) return std::nullopt;
    if (info.gs1_voc) Consume(ns_rest, "www.");
    if (ns_rest != host) return std::nullopt;
    return FromLocal(info, value.substr(colon + 1));
}

std::string ToWebUri(Vocab vocab, std::string_view word) {
    return std::string(Info(vocab).web_prefix) + std::string(word);
}

std::string ToUrn(Vocab vocab, std::string_view word) {
    const VocabInfo& info = Info(vocab);
    if (info.urn_prefix.empty()) return ToWebUri(vocab, word);
    return std::string(info.urn_prefix) + std::string(word);
}

std::string ExpandCurie(std::string_view value, const std::map<std::string, std::string>& namespaces) {
    const auto colon = value.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::string(value);
    const std::string_view local = value.substr(colon + 1);
    if (StartsWith(local, "//")) return std::string(value);  // already a hierarchical URI
    const std::string prefix(value.substr(0, colon));
    if (auto it = namespaces.find(prefix); it != namespaces.end()) return it->second + std::string(local);
    if (auto ns = WellKnownNamespace(prefix); !ns.empty()) return std::string(ns) + std::string(local);
    return std::string(value);
}

}  // namespace txng::epcis::cbv
