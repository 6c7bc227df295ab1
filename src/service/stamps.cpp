#include "service/stamps.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <set>

#include "common/log.hpp"
#include "epcis/date_time.hpp"
#include "gs1/ai.hpp"
#include "gs1/keys.hpp"
#include "service/capture_access.hpp"
#include "service/stamp_files.hpp"

namespace txng::service {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using store::StampStatus;

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kCbvMda = "urn:epcglobal:cbv:mda:";

epcis::ExtensionField Mda(std::string_view name, std::string value) {
    epcis::ExtensionField f;
    f.ns = kCbvMda;
    f.prefix = "cbvmda";
    f.name = name;
    f.value.kind = epcis::ExtensionValue::Kind::kString;
    f.value.text = std::move(value);
    return f;
}

// What the status change `to` may start from, and the event that records it.
struct Step {
    std::vector<StampStatus> from;
    epcis::Action action;
    std::string_view biz_step;
    std::string_view disposition;
};

Step StepTo(StampStatus to) {
    switch (to) {
        case StampStatus::kActivated:
            return {{StampStatus::kIssued}, epcis::Action::kAdd, "commissioning", "active"};
        case StampStatus::kSold:
            return {{StampStatus::kActivated}, epcis::Action::kObserve, "retail_selling", "retail_sold"};
        case StampStatus::kConsumed:
            return {{StampStatus::kActivated, StampStatus::kSold}, epcis::Action::kObserve, "dispensing", "dispensed"};
        case StampStatus::kVoided:
        case StampStatus::kIssued:
            break;
    }
    return {{StampStatus::kIssued, StampStatus::kActivated, StampStatus::kSold},
            epcis::Action::kDelete,
            "decommissioning",
            "inactive"};
}

std::string Sgtin(std::string_view gtin, std::string_view serial) {
    return fmt::format("https://id.gs1.org/01/{}/21/{}", gtin, serial);
}

bool IsDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (s[i] < '0' || s[i] > '9') return false;
    }
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::string NewStampSerial() {
    std::array<unsigned char, 9> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    // 13 groups of 5 bits = 65 bits.
    std::string out;
    out.reserve(13);
    unsigned bits = 0;
    int have = 0;
    std::size_t next = 0;
    while (out.size() < 13) {
        if (have < 5) {
            bits = (bits << 8) | bytes[next++];
            have += 8;
        }
        have -= 5;
        out += kCrockford[(bits >> have) & 31u];
    }
    return out;
}

std::string StampFilesDir(std::string_view db_url) {
    std::string_view path = db_url;
    if (path.starts_with("sqlite:")) path.remove_prefix(7);
    const fs::path db_path(path);
    return (db_path.parent_path() / (db_path.filename().string() + "-stamps")).string();
}

StampService::StampService(store::StampStore& stamps, RegistryService& registry, store::RegistryStore& registry_store,
                           store::EventStore& events, StampServiceOptions options)
    : stamps_(stamps),
      registry_(registry),
      registry_store_(registry_store),
      events_(events),
      options_(std::move(options)) {
    while (!options_.public_url.empty() && options_.public_url.back() == '/') options_.public_url.pop_back();
}

StampService::~StampService() { Stop(); }

void StampService::SetPublicUrl(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    options_.public_url = std::move(url);
}

Result<void> StampService::Start() {
    if (sodium_init() < 0) {
        return MakeError(ErrorCode::kInternal, "", "stamp.random", "libsodium could not be initialised.");
    }
    std::error_code ec;
    fs::create_directories(options_.files_dir, ec);
    if (ec) {
        return MakeError(ErrorCode::kUnavailable, "files_dir", "stamp.files_dir",
                         "Không tạo được thư mục tệp tem. / Cannot create the stamp files folder: " + ec.message(),
                         options_.files_dir);
    }
    std::vector<std::int64_t> resume;
    for (std::int64_t after = 0; options_.resume;) {
        auto page = stamps_.ListBatches("", after, 1000);
        if (!page) return page.error();
        if (page->empty()) break;
        for (const auto& b : *page) {
            if (b.state == "generating") resume.push_back(b.id);
            after = b.id;
        }
    }
    std::lock_guard lock(mu_);
    stopping_ = false;
    queue_.insert(queue_.end(), resume.begin(), resume.end());
    if (!worker_.joinable()) worker_ = std::thread([this] { Run(); });
    wake_.notify_all();
    return {};
}

void StampService::Stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
    idle_.notify_all();
}

void StampService::WaitIdle() {
    std::unique_lock lock(mu_);
    idle_.wait(lock, [&] { return (queue_.empty() && !busy_) || stopping_; });
}

void StampService::Run() {
    while (true) {
        std::int64_t id = 0;
        {
            std::unique_lock lock(mu_);
            busy_ = false;
            idle_.notify_all();
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            id = queue_.front();
            queue_.pop_front();
            busy_ = true;
        }
        if (auto r = Generate(id); !r) {
            bool stopping = false;
            {
                std::lock_guard lock(mu_);
                stopping = stopping_;
            }
            if (!stopping) {
                log::Error("stamp batch failed", {{"batch", std::to_string(id)}, {"error", r.error().ToString()}});
                (void)stamps_.FinishBatch(id, "failed", r.error().ToString());
            }
        }
    }
}

Result<void> StampService::Generate(std::int64_t id) {
    auto batch = stamps_.GetBatch(id);
    if (!batch) return batch.error();
    if (batch->state != "generating") return {};
    // Which ordinals exist already (a resumed batch): normally 1..generated; a process stopped
    // between a chunk and the retry of its refused serials leaves gaps, filled here.
    std::vector<std::int64_t> missing;
    std::int64_t next = 1;
    if (batch->generated > 0) {
        std::int64_t expect = 1;
        for (std::int64_t after = 0;;) {
            auto page = stamps_.StampsOf(id, after, 10'000);
            if (!page) return page.error();
            if (page->empty()) break;
            for (const auto& s : *page) {
                for (; expect < s.ordinal; ++expect) missing.push_back(expect);
                expect = s.ordinal + 1;
                after = s.ordinal;
            }
        }
        next = expect;
    }
    std::vector<store::Stamp> chunk;
    auto flush = [&]() -> Result<void> {
        // Redraw refused serials until every stamp of the chunk is stored.
        for (int attempt = 0; !chunk.empty(); ++attempt) {
            if (attempt == 8) {
                return MakeError(ErrorCode::kInternal, "serial", "stamp.random",
                                 "Không sinh được số sê-ri chưa dùng. / Could not draw unused serials.");
            }
            auto refused = stamps_.AddStamps(id, chunk);
            if (!refused) return refused.error();
            std::set<std::string> again(refused->begin(), refused->end());
            std::vector<store::Stamp> retry;
            for (auto& s : chunk) {
                if (again.contains(s.serial)) {
                    s.serial = NewStampSerial();
                    retry.push_back(std::move(s));
                }
            }
            chunk = std::move(retry);
        }
        std::lock_guard lock(mu_);
        if (stopping_) return MakeError(ErrorCode::kUnavailable, "", "stamp.stopping", "stopping");
        return {};
    };
    auto add = [&](std::int64_t ordinal) -> Result<void> {
        chunk.push_back(store::Stamp{batch->gtin, NewStampSerial(), id, ordinal});
        if (chunk.size() >= options_.chunk) return flush();
        return {};
    };
    for (const auto ordinal : missing) {
        if (auto r = add(ordinal); !r) return r;
    }
    for (std::int64_t ordinal = next; ordinal <= batch->count; ++ordinal) {
        if (auto r = add(ordinal); !r) return r;
    }
    if (auto r = flush(); !r) return r;
    auto full = stamps_.GetBatch(id);
    if (!full) return full.error();
    if (auto r = WriteFiles(*full); !r) return r;
    auto done = stamps_.FinishBatch(id, "ready", "");
    if (!done) return done.error();
    return {};
}

Result<void> StampService::WriteFiles(const store::StampBatch& batch) {
    std::string title;
    if (auto product = registry_store_.GetProduct(batch.gtin)) title = product->name.vi;
    const fs::path dir(options_.files_dir);
    const std::string base = std::to_string(batch.id);
    auto files =
        StampFileWriter::Create((dir / (base + ".csv.part")).string(), (dir / (base + ".pdf.part")).string(),
                                batch.layout, fmt::format("Tem truy xuất lô {} / Stamp batch {}", batch.id, batch.id));
    if (!files) return files.error();
    for (std::int64_t after = 0;;) {
        auto page = stamps_.StampsOf(batch.id, after, options_.chunk);
        if (!page) return page.error();
        if (page->empty()) break;
        for (const auto& s : *page) {
            if (auto r = files->Add(s.ordinal, s.serial, DigitalLink(s.gtin, s.serial), title); !r) return r;
            after = s.ordinal;
        }
        std::lock_guard lock(mu_);
        if (stopping_) return MakeError(ErrorCode::kUnavailable, "", "stamp.stopping", "stopping");
    }
    if (auto r = files->Finish(); !r) return r;
    std::error_code ec;
    fs::rename(dir / (base + ".csv.part"), dir / (base + ".csv"), ec);
    if (!ec) fs::rename(dir / (base + ".pdf.part"), dir / (base + ".pdf"), ec);
    if (ec) {
        return MakeError(ErrorCode::kUnavailable, "files_dir", "stamp.files_dir",
                         "Không ghi được tệp tem. / Cannot write the stamp files: " + ec.message());
    }
    return {};
}

std::string StampService::DigitalLink(std::string_view gtin, std::string_view serial) const {
    return fmt::format("{}/01/{}/21/{}", options_.public_url, gtin, serial);
}

Result<registry::Enterprise> StampService::CanWrite(const Caller& caller, std::string_view gtin) {
    auto product = registry_store_.GetProduct(gtin);
    if (!product) return product.error();
    auto owner = registry_store_.GetEnterprise(product->owner);
    if (!owner) return owner.error();
    if (auto ok = registry::CanWriteOwned(caller.principal, *owner, gtin.substr(1), "gtin"); !ok) return ok.error();
    return owner;
}

Result<void> StampService::CanSee(const Caller& caller, const store::StampBatch& batch) {
    const registry::Principal& p = caller.principal;
    if (p.IsNational() || p.ActsFor(batch.owner)) return {};
    if (registry::IsProvincialRole(p.role) && p.province == batch.province) return {};
    // The same answer as an unknown batch: others learn nothing of it.
    return MakeError(ErrorCode::kNotFound, "batch", "stamp.batch_not_found",
                     "Không có lô tem này. / No stamp batch has this id.", std::to_string(batch.id));
}

Result<store::StampBatch> StampService::Order(const Caller& caller, StampOrder order) {
    if (caller.principal.role == registry::Role::kConsumer) return registry::SignInRequired();
    if (!caller.principal.HasScope(registry::kScopeWrite)) return registry::ReadOnly();
    auto gtin = gs1::NormalizeGtin(order.gtin, "gtin");
    if (!gtin) return gtin.error();
    if (order.count < 1 || order.count > options_.max_batch) {
        return InvalidArgument("count", "stamp.count",
                               fmt::format("Mỗi lô từ 1 đến {} tem. / A batch has 1 to {} stamps.", options_.max_batch,
                                           options_.max_batch),
                               std::to_string(order.count));
    }
    if (order.note.size() > 500) {
        return InvalidArgument("note", "stamp.note", "Ghi chú tối đa 500 byte. / The note is at most 500 bytes.");
    }
    auto layout = CheckSheetLayout(order.layout);
    if (!layout) return layout.error();
    auto owner = CanWrite(caller, *gtin);
    if (!owner) return owner.error();
    store::StampBatch batch;
    batch.owner = owner->tax_code;
    batch.province = owner->address.province_code;
    batch.gtin = *gtin;
    batch.count = order.count;
    batch.layout = *layout;
    batch.note = order.note;
    batch.created_by = caller.principal.actor;
    auto created = stamps_.CreateBatch(batch);
    if (!created) return created.error();
    (void)registry_.Record(caller, "stamps.order", std::to_string(created->id),
                           json::serialize(json::object{{"gtin", created->gtin}, {"count", created->count}}));
    {
        std::lock_guard lock(mu_);
        queue_.push_back(created->id);
    }
    wake_.notify_all();
    return created;
}

Result<store::StampBatch> StampService::Batch(const Caller& caller, std::int64_t id) {
    if (caller.principal.role == registry::Role::kConsumer) return registry::SignInRequired();
    auto batch = stamps_.GetBatch(id);
    if (!batch) return batch;
    if (auto ok = CanSee(caller, *batch); !ok) return ok.error();
    return batch;
}

Result<std::vector<store::StampBatch>> StampService::Batches(const Caller& caller, std::int64_t after_id,
                                                             std::size_t limit) {
    const registry::Principal& p = caller.principal;
    if (p.role == registry::Role::kConsumer) return registry::SignInRequired();
    std::string owner;
    if (registry::IsEnterpriseRole(p.role)) owner = p.subject;
    std::vector<store::StampBatch> out;
    // Providers and provinces see a subset of every owner's: filter page by page.
    while (out.size() < limit) {
        auto page = stamps_.ListBatches(owner, after_id, limit);
        if (!page) return page.error();
        if (page->empty()) break;
        for (auto& b : *page) {
            after_id = b.id;
            if (CanSee(caller, b) && out.size() < limit) out.push_back(std::move(b));
        }
    }
    return out;
}

namespace {

// The filter narrowed to the caller's reach (see StampService::Signals).
Result<store::SignalFilter> Reach(const registry::Principal& p, store::SignalFilter filter) {
    if (p.role == registry::Role::kConsumer) return registry::SignInRequired();
    if (p.IsNational()) return filter;
    const auto denied = [](std::string where, std::string detail, std::string_view value) {
        return MakeError(ErrorCode::kForbidden, std::move(where), "access.denied", std::move(detail), value);
    };
    if (registry::IsProvincialRole(p.role)) {
        if (!filter.province.empty() && filter.province != p.province) {
            return denied("province", "Chỉ xem được của tỉnh mình. / Provincial roles read their own province's only.",
                          filter.province);
        }
        filter.province = p.province;
        return filter;
    }
    if (p.role == registry::Role::kEnterprise || p.role == registry::Role::kHousehold ||
        p.role == registry::Role::kSolutionProvider) {
        if (!filter.owner.empty() && !p.ActsFor(filter.owner)) {
            return denied("owner",
                          "Chỉ xem được của doanh nghiệp mình hoặc doanh nghiệp đã ủy quyền. / Only your own "
                          "enterprise's, or those of enterprises that delegated to you.",
                          filter.owner);
        }
        if (p.role != registry::Role::kSolutionProvider) filter.owner = p.subject;
        return filter;
    }
    return denied("", "Vai trò này không xem tín hiệu và phản ánh. / This role does not read signals or complaints.",
                  registry::RoleName(p.role));
}

// One page of `list` within the caller's reach. A provider reading every delegating enterprise's
// is filtered page by page; everyone else's reach is the store's filter.
template <typename T, typename List>
Result<std::vector<T>> ReachablePage(const registry::Principal& p, store::SignalFilter filter, List list) {
    auto narrowed = Reach(p, std::move(filter));
    if (!narrowed) return narrowed.error();
    if (p.role != registry::Role::kSolutionProvider || !narrowed->owner.empty()) return list(*narrowed);
    std::vector<T> out;
    const std::size_t limit = narrowed->limit;
    while (out.size() < limit) {
        auto page = list(*narrowed);
        if (!page) return page.error();
        if (page->empty()) break;
        for (auto& item : *page) {
            narrowed->after_id = item.id;
            if (p.ActsFor(item.owner) && out.size() < limit) out.push_back(std::move(item));
        }
    }
    return out;
}

}  // namespace

Result<std::vector<store::Signal>> StampService::Signals(const Caller& caller, store::SignalFilter filter) {
    return ReachablePage<store::Signal>(caller.principal, std::move(filter),
                                        [this](const store::SignalFilter& f) { return stamps_.ListSignals(f); });
}

Result<std::vector<store::Complaint>> StampService::Complaints(const Caller& caller, store::SignalFilter filter) {
    return ReachablePage<store::Complaint>(caller.principal, std::move(filter),
                                           [this](const store::SignalFilter& f) { return stamps_.ListComplaints(f); });
}

Result<std::vector<store::Stamp>> StampService::Stamps(const Caller& caller, std::int64_t id,
                                                       std::int64_t after_ordinal, std::size_t limit) {
    auto batch = Batch(caller, id);
    if (!batch) return batch.error();
    return stamps_.StampsOf(id, after_ordinal, limit);
}

Result<std::string> StampService::File(const Caller& caller, std::int64_t id, std::string_view kind) {
    auto batch = Batch(caller, id);
    if (!batch) return batch.error();
    if (batch->state == "failed") {
        return MakeError(ErrorCode::kUnavailable, "batch", "stamp.batch_failed",
                         "Lô tem này không sinh được. / This batch could not be generated: " + batch->error,
                         std::to_string(id));
    }
    if (batch->state != "ready") {
        return MakeError(ErrorCode::kConflict, "batch", "stamp.batch_not_ready",
                         fmt::format("Lô tem đang được sinh ({}/{}). / The batch is being generated ({} of {}).",
                                     batch->generated, batch->count, batch->generated, batch->count),
                         std::to_string(id));
    }
    return (fs::path(options_.files_dir) / fmt::format("{}.{}", id, kind)).string();
}

std::mutex& StampService::BatchMutex(std::int64_t id) {
    std::lock_guard lock(mu_);
    auto& m = batch_mu_[id];
    if (!m) m = std::make_unique<std::mutex>();
    return *m;
}

Result<StampChangeResult> StampService::Change(const Caller& caller, std::int64_t id, StampChange change) {
    if (caller.principal.role == registry::Role::kConsumer) return registry::SignInRequired();
    if (!caller.principal.HasScope(registry::kScopeWrite)) return registry::ReadOnly();
    if (change.to == StampStatus::kIssued) {
        return InvalidArgument("status", "stamp.status",
                               "Trạng thái mới là activated, sold, consumed hoặc voided. / The new status is "
                               "activated, sold, consumed or voided.",
                               "issued");
    }
    if (auto gln = gs1::ValidateAiValue("414", change.location, "location"); !gln || change.location.empty()) {
        return InvalidArgument("location", "stamp.location",
                               "Cho biết GLN 13 chữ số của nơi diễn ra. / Give the 13-digit GLN of where it happens.",
                               change.location);
    }
    if (change.to == StampStatus::kActivated) {
        if (change.lot.empty()) {
            return InvalidArgument("lot", "stamp.lot_required",
                                   "Kích hoạt tem cần số lô. / Activating stamps needs the lot they go on.");
        }
        if (auto lot = gs1::ValidateAiValue("10", change.lot, "lot"); !lot) return lot.error();
        if (!change.expiry.empty() && !IsDate(change.expiry)) {
            return InvalidArgument("expiry", "stamp.expiry", "Hạn dùng có dạng YYYY-MM-DD. / The expiry is YYYY-MM-DD.",
                                   change.expiry);
        }
    } else if (!change.lot.empty() || !change.expiry.empty()) {
        return InvalidArgument("lot", "stamp.lot_only_on_activation",
                               "Chỉ khi kích hoạt mới gán lô. / Only activation puts stamps on a lot.");
    }
    auto batch = Batch(caller, id);
    if (!batch) return batch.error();
    if (batch->state != "ready") {
        return MakeError(ErrorCode::kConflict, "batch", "stamp.batch_not_ready",
                         "Lô tem chưa sinh xong. / The batch is still being generated.", std::to_string(id));
    }
    if (auto owner = CanWrite(caller, batch->gtin); !owner) return owner.error();
    change.selection.batch = id;
    const Step step = StepTo(change.to);

    // One change of a batch at a time on this node: the statuses checked stay true until the
    // events are captured and the stamps moved.
    std::lock_guard batch_lock(BatchMutex(id));
    std::vector<store::StampSelection> parts;
    if (change.selection.serials.empty()) {
        for (std::int64_t from = change.selection.from; from <= change.selection.to;
             from += static_cast<std::int64_t>(options_.chunk)) {
            parts.push_back(store::StampSelection{
                id, from, std::min(change.selection.to, from + static_cast<std::int64_t>(options_.chunk) - 1), {}});
        }
        if (parts.empty()) parts.push_back(change.selection);  // the store names the empty range
    } else {
        for (std::size_t i = 0; i < change.selection.serials.size(); i += options_.chunk) {
            store::StampSelection part{id, 0, 0, {}};
            const std::size_t end = std::min(change.selection.serials.size(), i + options_.chunk);
            part.serials.assign(change.selection.serials.begin() + static_cast<std::ptrdiff_t>(i),
                                change.selection.serials.begin() + static_cast<std::ptrdiff_t>(end));
            parts.push_back(std::move(part));
        }
    }
    StampChangeResult result;
    for (const auto& part : parts) {
        // Check first (nothing changes), then record the event, then move the stamps.
        std::vector<store::Stamp> stamps;
        if (part.serials.empty()) {
            auto rows = stamps_.StampsOf(id, part.from - 1, static_cast<std::size_t>(part.to - part.from + 1));
            if (!rows) return rows.error();
            stamps = std::move(*rows);
            if (part.from < 1 || static_cast<std::int64_t>(stamps.size()) != part.to - part.from + 1) {
                return MakeError(ErrorCode::kNotFound, "to", "stamp.not_found",
                                 fmt::format("Lô tem có tem số 1 đến {}. / The batch has stamps 1 to {}.",
                                             batch->generated, batch->generated),
                                 fmt::format("{}-{}", part.from, part.to));
            }
        } else {
            std::set<std::string_view> seen;
            for (const auto& serial : part.serials) {
                if (!seen.insert(serial).second) continue;
                auto s = stamps_.GetStamp(batch->gtin, serial);
                if (!s) return s.error();
                if (s->batch != id) {
                    return MakeError(ErrorCode::kNotFound, "serials", "stamp.not_found",
                                     "Tem này không thuộc lô đã chọn. / This stamp is not in the batch.", serial);
                }
                stamps.push_back(std::move(*s));
            }
        }
        for (const auto& s : stamps) {
            if (std::find(step.from.begin(), step.from.end(), s.status) == step.from.end()) {
                return MakeError(
                    ErrorCode::kConflict, "serials", "stamp.transition",
                    fmt::format("Tem {} đang ở trạng thái {}, không thể chuyển sang {}. / Stamp {} is {} "
                                "and cannot become {}.",
                                s.serial, store::StampStatusName(s.status), store::StampStatusName(change.to), s.serial,
                                store::StampStatusName(s.status), store::StampStatusName(change.to)),
                    s.serial);
            }
        }
        epcis::Event e;
        e.type = epcis::EventType::kObjectEvent;
        e.event_time = store::NowUtc();
        e.event_time_zone_offset = "+07:00";
        e.action = step.action;
        e.biz_step = std::string(step.biz_step);
        e.disposition = std::string(step.disposition);
        e.biz_location.emplace();
        e.biz_location->id = "https://id.gs1.org/414/" + change.location;
        e.read_point.emplace();
        e.read_point->id = e.biz_location->id;
        for (const auto& s : stamps) e.epc_list.push_back(Sgtin(s.gtin, s.serial));
        e.present.epc_list = true;
        if (change.to == StampStatus::kActivated) {
            epcis::Extensions ilmd;
            ilmd.push_back(Mda("lotNumber", change.lot));
            if (!change.expiry.empty()) ilmd.push_back(Mda("itemExpirationDate", change.expiry));
            e.ilmd = std::move(ilmd);
        }
        std::vector<epcis::Event> events{e};
        if (auto ok = AuthorizeCapture(registry_store_, caller.principal, events, {}, "stamps"); !ok) {
            return ok.error();
        }
        store::CaptureRequest request;
        request.events = std::move(events);
        request.captured_by = CapturedBy(caller.principal);
        auto job = events_.CaptureSync(std::move(request));
        if (!job) return job.error();
        if (!job->success) {
            if (!job->errors.empty()) return job->errors.front().error;
            return MakeError(ErrorCode::kInternal, "", "stamp.capture", "The stamps' event was not stored.");
        }
        auto moved = stamps_.Transition(part, step.from, change.to, change.lot);
        if (!moved) return moved.error();
        result.changed += static_cast<std::int64_t>(moved->size());
        ++result.events;
        (void)registry_.Record(caller, "stamps." + std::string(store::StampStatusName(change.to)), std::to_string(id),
                               json::serialize(json::object{{"gtin", batch->gtin},
                                                            {"stamps", static_cast<std::int64_t>(moved->size())},
                                                            {"lot", change.lot},
                                                            {"location", change.location}}));
    }
    return result;
}

Result<std::optional<store::Stamp>> StampService::Find(std::string_view gtin, std::string_view serial) {
    auto s = stamps_.GetStamp(gtin, serial);
    if (s) return std::optional<store::Stamp>(std::move(*s));
    if (s.error().code == ErrorCode::kNotFound) return std::optional<store::Stamp>();
    return s.error();
}

}  // namespace txng::service
