#include "codes/qr.hpp"

#include <cairo.h>
#include <fmt/format.h>
#include <qrencode.h>

#include <memory>

namespace txng::codes {

Result<Ecc> ParseEcc(std::string_view text) {
    if (text == "L") return Ecc::kL;
    if (text == "M") return Ecc::kM;
    if (text == "Q") return Ecc::kQ;
    if (text == "H") return Ecc::kH;
    return InvalidArgument("ecc", "qr.ecc", "Error correction is L, M, Q or H.", text);
}

Result<Symbol> EncodeQr(std::string_view data, Ecc ecc) {
    if (data.empty()) return InvalidArgument("data", "qr.data", "Nothing to encode.");
    QRecLevel level = QR_ECLEVEL_M;
    switch (ecc) {
        case Ecc::kL:
            level = QR_ECLEVEL_L;
            break;
        case Ecc::kM:
            level = QR_ECLEVEL_M;
            break;
        case Ecc::kQ:
            level = QR_ECLEVEL_Q;
            break;
        case Ecc::kH:
            level = QR_ECLEVEL_H;
            break;
    }
    // Byte mode for the whole URI (8-bit data; version 0: the smallest that fits).
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0, level),
        &QRcode_free);
    if (!code) {
        return InvalidArgument(
            "data", "qr.data",
            fmt::format("{} bytes do not fit in a QR code at this error correction level.", data.size()));
    }
    Symbol out;
    out.size = code->width;
    out.dark.resize(static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width));
    for (std::size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = (code->data[i] & 1) != 0;
    return out;
}

std::string SymbolSvg(const Symbol& qr, int pixels, int margin) {
    const int total = qr.size + 2 * margin;
    if (pixels <= 0) pixels = total * 8;
    std::string path;
    for (int y = 0; y < qr.size; ++y) {
        for (int x = 0; x < qr.size;) {
            if (!qr.At(x, y)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < qr.size && qr.At(x + run, y)) ++run;
            path += fmt::format("M{} {}h{}v1h-{}z", x + margin, y + margin, run, run);
            x += run;
        }
    }
    return fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{0}\" viewBox=\"0 0 {1} {1}\" "
        "shape-rendering=\"crispEdges\"><rect width=\"{1}\" height=\"{1}\" fill=\"#fff\"/>"
        "<path fill=\"#000\" d=\"{2}\"/></svg>\n",
        pixels, total, path);
}

Result<std::string> SymbolPng(const Symbol& qr, int pixels, int margin) {
    const int total = qr.size + 2 * margin;
    const int scale = std::max(1, pixels / total);
    const int side = scale * total;
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side), &cairo_surface_destroy);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        return MakeError(ErrorCode::kInternal, "png", "qr.render", "cairo could not make the image.");
    }
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), &cairo_destroy);
    cairo_set_antialias(cr.get(), CAIRO_ANTIALIAS_NONE);
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    for (int y = 0; y < qr.size; ++y) {
        for (int x = 0; x < qr.size; ++x) {
            if (qr.At(x, y)) cairo_rectangle(cr.get(), (x + margin) * scale, (y + margin) * scale, scale, scale);
        }
    }
    cairo_fill(cr.get());
    cairo_surface_flush(surface.get());
    std::string png;
    auto write = [](void* closure, const unsigned char* data, unsigned int length) -> cairo_status_t {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
    };
    if (cairo_surface_write_to_png_stream(surface.get(), write, &png) != CAIRO_STATUS_SUCCESS) {
        return MakeError(ErrorCode::kInternal, "png", "qr.render", "cairo could not write the PNG.");
    }
    return png;
}

}  // namespace txng::codes
