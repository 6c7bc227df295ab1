#include "api/trace_api.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <optional>

#include "api/api_support.hpp"
#include "epcis/date_time.hpp"
#include "epcis/query.hpp"
#include "epcis/uri.hpp"
#include "service/trace_report.hpp"
#include "trace/trace.hpp"

namespace txng::api {
namespace {

namespace json = boost::json;
namespace bhttp = boost::beast::http;
using http::RequestContext;
using http::Response;
using Awaitable = boost::asio::awaitable<Response>;

// The parameters of the three endpoints; each endpoint says which it takes.
struct TraceParams {
    std::string id;
    trace::Direction direction = trace::Direction::kBoth;
    std::optional<int> depth;
    std::optional<std::int64_t> at_ms;
    std::string format = "json";
};

enum ParamSet : unsigned { kDirection = 1, kDepth = 2, kAt = 4, kFormat = 8 };

Result<TraceParams> ParseParams(std::string_view raw, unsigned allowed) {
    TraceParams p;
    bool have_id = false;
    auto pairs = QueryPairs(raw);
    if (!pairs) return pairs.error();
    for (auto& [name, value] : *pairs) {
        if (name == "id") {
            have_id = true;
            p.id = std::move(value);
        } else if (name == "direction" && (allowed & kDirection)) {
            if (value == "backward") {
                p.direction = trace::Direction::kBackward;
            } else if (value == "forward") {
                p.direction = trace::Direction::kForward;
            } else if (value == "both") {
                p.direction = trace::Direction::kBoth;
            } else {
                return InvalidArgument("direction", "trace.direction", "Use backward, forward or both.", value);
            }
        } else if (name == "depth" && (allowed & kDepth)) {
            int n = 0;
            auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc() || ptr != value.data() + value.size() || n < 1) {
                return InvalidArgument("depth", "trace.depth", "depth must be a whole number of steps, 1 or more.",
                                       value);
            }
            p.depth = n;
        } else if (name == "at" && (allowed & kAt)) {
            auto t = epcis::DateTime::Parse(value);
            if (!t) {
                return InvalidArgument(
                    "at", "trace.at", "at must be a date-time with its offset, e.g. 2026-03-01T08:00:00+07:00.", value);
            }
            p.at_ms = t->UnixMillis();
        } else if (name == "format" && (allowed & kFormat)) {
            if (value != "json" && value != "csv" && value != "xlsx") {
                return InvalidArgument("format", "recall.format", "Use json (the default), csv or xlsx.", value);
            }
            p.format = std::move(value);
        } else {
            return InvalidArgument(name, "query.unknown_parameter",
                                   "This endpoint does not take this parameter (see /trace, /trace/steps, /recall).",
                                   name);
        }
    }
    if (!have_id || p.id.empty()) {
        return InvalidArgument("id", "trace.id_required",
                               "Give the code to trace as ?id=... (an EPC URN, GS1 Digital Link or lot class).");
    }
    if (!epcis::IsAbsoluteUri(p.id)) {
        return InvalidArgument("id", "uri.format",
                               "The id must be an absolute URI: an EPC URN (urn:epc:id:...), a GS1 Digital Link "
                               "(https://.../01/...) or a lot class (urn:epc:class:lgtin:...).",
                               p.id);
    }
    return p;
}

class TraceApi {
  public:
    TraceApi(service::TraceService& service, service::RegistryService& registry, boost::asio::thread_pool& blocking,
             const ApiOptions& options)
        : service_(service), registry_(registry), blocking_(blocking), prefixes_(options.prefixes) {}

    Awaitable Trace(RequestContext& ctx) {
        auto params = ParseParams(ctx.query, kDirection | kDepth | kAt);
        if (!params) co_return Problem(ctx, params.error());
        auto format = Format(ctx);
        if (!format) co_return Problem(ctx, format.error());
        trace::TraceOptions options;
        options.direction = params->direction;
        options.depth = params->depth;
        options.at_ms = params->at_ms;
        const registry::Principal principal = PrincipalOf(ctx);
        auto report = co_await Offload(blocking_, [this, &params, &options, &format, &principal] {
            auto access = registry_.AccessFor(principal);
            return service::BuildTraceReport(service_, params->id, options, *format, &access);
        });
        if (!report) co_return Problem(ctx, report.error());
        co_return JsonResponse(ctx, bhttp::status::ok, service::TraceReportJson(*report), "application/json");
    }

    Awaitable Steps(RequestContext& ctx) {
        auto params = ParseParams(ctx.query, kAt);
        if (!params) co_return Problem(ctx, params.error());
        auto format = Format(ctx);
        if (!format) co_return Problem(ctx, format.error());
        const registry::Principal principal = PrincipalOf(ctx);
        auto report = co_await Offload(blocking_, [this, &params, &format, &principal] {
            auto access = registry_.AccessFor(principal);
            return service::BuildStepsReport(service_, params->id, params->at_ms, *format, &access);
        });
        if (!report) co_return Problem(ctx, report.error());
        co_return JsonResponse(ctx, bhttp::status::ok, service::StepsReportJson(*report), "application/json");
    }

    Awaitable Recall(RequestContext& ctx) {
        auto params = ParseParams(ctx.query, kFormat);
        if (!params) co_return Problem(ctx, params.error());
        auto format = Format(ctx);
        if (!format) co_return Problem(ctx, format.error());
        // One offloaded step builds the report and, when asked, its file (one co_await: GCC 12 warns
        // falsely about the frame of a coroutine with two here).
        struct Built {
            service::RecallReport report;
            std::string file;  // CSV or XLSX bytes
        };
        auto report = co_await Offload(blocking_, [this, &params, &format, &ctx]() -> Result<Built> {
            auto access = registry_.AccessFor(PrincipalOf(ctx));
            auto built = service::BuildRecallReport(service_, params->id, *format, &access);
            if (!built) return built.error();
            Built out{std::move(*built), {}};
            if (params->format == "xlsx") {
                auto workbook = service::RecallXlsx(out.report);
                if (!workbook) return workbook.error();
                out.file = std::move(*workbook);
            } else if (params->format == "csv") {
                out.file = service::RecallCsv(out.report);
            }
            return out;
        });
        if (!report) co_return Problem(ctx, report.error());
        if (params->format == "xlsx" || params->format == "csv") {
            const bool xlsx = params->format == "xlsx";
            Response res{bhttp::status::ok, ctx.request.version()};
            res.set(
                bhttp::field::content_type,
                xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8");
            res.set(bhttp::field::content_disposition,
                    xlsx ? "attachment; filename=\"recall.xlsx\"" : "attachment; filename=\"recall.csv\"");
            res.body() = std::move(report->file);
            AddEpcisHeaders(res);
            co_return res;
        }
        co_return JsonResponse(ctx, bhttp::status::ok, service::RecallReportJson(report->report), "application/json");
    }

  private:
    Result<service::IdFormat> Format(const RequestContext& ctx) const {
        auto f = EpcFormatOf(ctx.request);
        if (!f) return f.error();
        return service::IdFormat{*f, prefixes_};
    }

    service::TraceService& service_;
    service::RegistryService& registry_;
    boost::asio::thread_pool& blocking_;
    const gs1::CompanyPrefixProvider* prefixes_;
};

}  // namespace

TraceHandlers MakeTraceHandlers(service::TraceService& trace, service::RegistryService& registry,
                                boost::asio::thread_pool& blocking, const ApiOptions& options) {
    auto api = std::make_shared<TraceApi>(trace, registry, blocking, options);
    TraceHandlers h;
    h.trace = [api](RequestContext& ctx) -> Awaitable { return api->Trace(ctx); };
    h.steps = [api](RequestContext& ctx) -> Awaitable { return api->Steps(ctx); };
    h.recall = [api](RequestContext& ctx) -> Awaitable { return api->Recall(ctx); };
    return h;
}

}  // namespace txng::api
